"""Foreign names as a German news reader says them: "Trump" -> "Tramp", "Macron" ->
"Makrong", "Marine Le Pen" -> "Marihn Lö Penn" (pronunciations.tsv).

espeak-ng reads every word with German letter rules, so English, French and Slavic names
come out wrong ("Trump" with the u of "Trumpf"). A respelling in German letters is what
Piper then reads right; it is plain text, so the rest of the pipeline treats it as a word.
Longest entries first, so "Marine Le Pen" is one name and "Marine" alone stays a noun.
A genitive -s stays on the respelling ("Trumps Zölle" -> "Tramps Zölle"). The rule runs
after the roman numerals, which look names like "Charles" up in regnal.tsv.
"""

from __future__ import annotations

import re

from tts.langdata import rows

PRONUNCIATIONS: dict[str, str] = {r[0]: r[1] for r in rows("pronunciations") if len(r) > 1}
_PATTERN = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(w) for w in sorted(PRONUNCIATIONS, key=len, reverse=True))
    + r")(s?)(?![\w])"
)
_FIRST_LETTERS = frozenset(w[0] for w in PRONUNCIATIONS)


def _say(match: re.Match[str]) -> str:
    return PRONUNCIATIONS[match.group(1)] + match.group(2)


def apply(text: str) -> str:
    if not any(c in _FIRST_LETTERS for c in text):
        return text
    return _PATTERN.sub(_say, text)


def is_listed(word: str) -> bool:
    """Whether word (or its genitive) has an entry: the review marks the others."""
    return word in PRONUNCIATIONS or (word.endswith("s") and word[:-1] in PRONUNCIATIONS)
