"""Properties of normalize() over generated input: never raises, idempotent, no digit left
outside Piper's [[ phoneme ]] blocks, and text with nothing to normalise comes back unchanged."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tts.langdata import rows
from tts.normalize import normalize
from tts.normalize.pipeline import PHONEMES

# Pieces of news text that the rules act on, mixed with characters that stress them.
_PIECES = [
    *"0123456789.,:;/-–— %€$£°²½@#&+*()[]\"„“»«'’xXIVC§‰×=<>?!\t\u2009\u00a0",
    *"aAbBcCdDeEfFgGhHkKmMnNsStTuUzZäÖüß",
    "Mio.",
    " Uhr",
    " km",
    " kg",
    "z. B.",
    "Dr.",
    " am ",
    " der ",
    "USA",
    "NATO",
    " Oktober ",
    "[[",
    "]]",
    "www.",
    ".de",
    " Nr. ",
    "1.",
    "3.",
    " Ludwig ",
    "Mrd. ",
    " bis ",
    "GmbH",
]
news_like = st.lists(st.sampled_from(_PIECES), max_size=24).map("".join)
any_text = st.one_of(news_like, st.text(max_size=40))

_PROFILE = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


@_PROFILE
@given(any_text)
def test_never_raises_and_leaves_no_digit(text: str) -> None:
    spoken = normalize(text)
    assert isinstance(spoken, str)
    assert not any(c.isdigit() for c in PHONEMES.sub("", spoken)), spoken


@_PROFILE
@given(any_text)
def test_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@_PROFILE
@given(any_text)
def test_one_line_in_one_line_out(text: str) -> None:
    assert "\n" not in normalize(text.replace("\n", " "))


# Words that need no normalisation: lower-case letters, not an abbreviation or a table entry.
_SPECIAL = {
    row[0].lower().rstrip(".") for name in ("abbreviations", "acronyms") for row in rows(name)
}
plain_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß", min_size=1, max_size=12).filter(
    lambda w: w not in _SPECIAL and w.capitalize().lower() not in _SPECIAL  # "ß" -> "Ss"
)
plain_sentence = st.builds(
    lambda words, capital, end: (
        (" ".join(words).capitalize() if capital else " ".join(words)) + end
    ),
    st.lists(plain_word, min_size=1, max_size=12),
    st.booleans(),
    st.sampled_from(["", ".", "!", "?", ":"]),
)


@_PROFILE
@given(plain_sentence)
def test_plain_text_is_unchanged(text: str) -> None:
    assert normalize(text) == text


def test_pathological_input_is_read_quickly_and_fully() -> None:
    for text in ("1" * 6000, "1" * 5000 + ".", "[[ " * 2000, "1:" * 2000, "x²" * 500, "٣٤٥ ¾"):
        spoken = normalize(text)
        assert not any(c.isdigit() for c in PHONEMES.sub("", spoken))
