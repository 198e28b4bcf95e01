"""German sentence boundaries, decided on the written text.

Piper and espeak-ng end a sentence at every dot, so "am 3. Oktober" or "z. B." would get a
sentence pause. Here a dot ends a sentence only when the token before it and the word after it
agree: an ordinary word followed by a capital ends a sentence; an ordinal, an initial or an
abbreviation that may end a sentence ends one only before a typical sentence start ("Platz 3.
Im Vorjahr"), unless a label noun shows the number is a cardinal ("Platz 3. Trainer Roth");
titles and phrase abbreviations never do. Nothing inside a matched pair of quotes or brackets
is a boundary. The language data (abbreviations, sentence starts, label nouns, list markers) is
in tts/data/*.tsv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tts import langdata

# Terminal punctuation, with any closing quotes/brackets and further terminals glued to it.
_CLUSTER = re.compile(r"[.!?…]+(?:[\"'“”«»‚‘’›‹)\]]|[.!?…])*")
_OPENERS = "\"'„“«»‚‘‹›(["
_CLOSERS = "\"'“”«»‘’›‹)]"
_PAIRS = {"„": "“”", "“": "”", "»": "«", "«": "»", "‚": "‘’", "(": ")", "[": "]", '"': '"'}
_NUMBERED = r"(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]|\(\w{1,4}\)"
_AMBIGUOUS_TOKEN = re.compile(
    r"(?:\d{1,3}\.?[-–/])?[-–]?\d{1,3}"  # ordinal-like number: "am 3. Oktober", "2./3. Juli"
    r"|\d{1,2}\.\d{1,2}"  # day and month: "am 26.11. Die"
    r"|[IVXLC]{1,7}"  # Roman numeral: "Ludwig XIV. Er"
    r"|[^\W\d_]"  # initial: "Walter F. Müller"
    r"|(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}"  # dotted abbreviation not in the list: "U.S."
)
# Abbreviation types after which a dot never ends a sentence.
_NEVER_FINAL = frozenset({"title", "phrase"})
# Sentence-start classes after which a line break is not a sentence break ("während der\nersten").
_CONTINUING = frozenset({"article", "determiner", "preposition", "conjunction", "subjunction"})


@dataclass(frozen=True)
class _Abbreviations:
    pattern: re.Pattern[str]
    types: dict[str, str]


@cache
def _abbreviations() -> _Abbreviations:
    """One regex over all written forms (longest first), and the type of each, by squashed form."""
    types: dict[str, str] = {}
    alternatives = []
    for written, _spoken, kind, *_ in langdata.rows("abbreviations"):
        types.setdefault(_squash(written), kind)
        parts = [re.escape(part.strip()) for part in written.split(".") if part.strip()]
        alternatives.append(r"\.\s?".join(parts) + r"\.")
    alternatives.sort(key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(alternatives) + ")", re.IGNORECASE)
    return _Abbreviations(pattern, types)


def _squash(written: str) -> str:
    return "".join(written.split()).lower()


@cache
def sentence_starts(*classes: str) -> frozenset[str]:
    """Lowercase words of tts/data/sentence_starts.tsv, of the given classes (all when none)."""
    return frozenset(
        word
        for word, kind, *_ in langdata.rows("sentence_starts")
        if not classes or kind in classes
    )


@cache
def _label_nouns() -> frozenset[str]:
    return frozenset(row[0] for row in langdata.rows("label_nouns"))


@cache
def _list_item() -> re.Pattern[str]:
    """A list marker at the start of a line: a bullet, a number, a letter, or both."""
    bullets = "".join(re.escape(row[0]) for row in langdata.rows("list_markers"))
    return re.compile(rf"(?:[{bullets}]\s*(?:{_NUMBERED})?|{_NUMBERED})(?=\s|$)")


def split_sentences(text: str) -> list[str]:
    """German sentences of one paragraph, in order, as written (whitespace collapsed).

    A blank line, a list item on a new line, or a heading-like line (no closing punctuation,
    ending in a capitalised word) also ends a sentence; other line breaks are spaces.
    """
    sentences: list[str] = []
    for block in _blocks(text):
        sentences.extend(_split_block(block))
    return sentences


def _blocks(text: str) -> list[str]:
    """Runs of lines that may belong to one sentence, each joined with single spaces."""
    blocks: list[list[str]] = []
    previous = ""
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if line and previous and not _breaks_between(previous, line):
            blocks[-1].append(line)
        elif line:
            blocks.append([line])
        previous = line
    return [" ".join(lines) for lines in blocks]


def _breaks_between(previous: str, line: str) -> bool:
    """Whether a single line break between two non-empty lines ends a sentence by itself."""
    if _list_item().match(line):
        return True
    last_word = previous.split()[-1].strip(_OPENERS + _CLOSERS + ",;")
    if (
        not last_word
        or previous[-1] in ".!?…:;,-–"
        or last_word.lower() in sentence_starts(*_CONTINUING)
    ):
        return False
    starts_upper = line.lstrip(_OPENERS)[:1]
    return (last_word[0].isupper() or last_word[0].isdigit()) and (
        starts_upper.isupper() or starts_upper.isdigit()
    )


def protected_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every matched pair of quotes or brackets; unmatched marks protect nothing.

    A mark that can both open and close (", “, «) closes an open pair unless a space precedes it.
    """
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else " "
        opening = char in _PAIRS and (char in "„‚([" or before.isspace() or before in _OPENERS)
        depth = next((d for d in reversed(range(len(stack))) if char in _PAIRS[stack[d][0]]), None)
        if depth is not None and not (opening and before.isspace()):
            spans.append((stack[depth][1], index + 1))
            del stack[depth:]
        elif opening:
            stack.append((char, index))
    return spans


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < position < end - 1 for start, end in spans)


def _split_block(text: str) -> list[str]:
    spans = protected_spans(text)
    abbreviations = _abbreviation_ends(text)
    sentences: list[str] = []
    start = 0
    for match in _CLUSTER.finditer(text):
        end = match.end()
        if end < len(text) and not text[end].isspace():
            continue
        if _inside(end - 1, spans) or _only_list_marker(text[start : match.start()]):
            continue
        if _is_boundary(text, match, abbreviations.get(match.start())):
            sentences.append(text[start:end].strip())
            start = end
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _abbreviation_ends(text: str) -> dict[int, str]:
    """Position of each dot that belongs to an abbreviation -> the abbreviation's type.

    Dots inside a multi-part abbreviation ("z." of "z. B.") get the type "phrase": never an end.
    """
    table = _abbreviations()
    ends: dict[int, str] = {}
    for match in table.pattern.finditer(text):
        for dot in (m.start() + match.start() for m in re.finditer(r"\.", match.group())):
            ends[dot] = "phrase"
        ends[match.end() - 1] = table.types.get(_squash(match.group()), "phrase")
    return ends


def _only_list_marker(sentence: str) -> bool:
    """The sentence so far is just "1", "a" or "• 3": the dot after it is the marker's own."""
    sentence = sentence.strip()
    return not sentence or bool(_list_item().fullmatch(sentence + "."))


def _is_boundary(text: str, cluster: re.Match[str], abbreviation: str | None) -> bool:
    marks = cluster.group()
    next_word = _next_word(text, cluster.end())
    if not next_word or not (next_word[0].isupper() or next_word[0].isdigit()):
        return False
    if "?" in marks or "!" in marks:
        return True
    if "…" in marks or ".." in marks:
        return not text[: cluster.start()].endswith(("(", "["))  # "[…]" marks an omission
    if abbreviation in _NEVER_FINAL:
        return False
    token = _token_before(text, cluster.start())
    if abbreviation or _AMBIGUOUS_TOKEN.fullmatch(token):
        if token.isdigit() and _word_before(text, cluster.start() - len(token)) in _label_nouns():
            return True  # "auf Platz 3. Trainer Roth ...": a label, not an ordinal
        return next_word.lower() in sentence_starts()
    return True


def _next_word(text: str, position: int) -> str:
    """The word after `position`, without opening quotes or brackets ("" at the end)."""
    rest = text[position:].lstrip().lstrip(_OPENERS)
    match = re.match(r"[^\W_]+", rest)
    return match.group() if match else ""


def _word_before(text: str, position: int) -> str:
    words = text[:position].split()
    return words[-1] if words else ""


def _token_before(text: str, position: int) -> str:
    """The token that the terminal punctuation at `position` follows, "" after a closing mark."""
    start = position
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    token = text[start:position]
    if token[-1:] and token[-1] in _CLOSERS:
        return ""
    return token.lstrip(_OPENERS)
