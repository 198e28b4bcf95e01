"""Symbols read as words (symbols.tsv): "&" -> "und", "§ 5" -> "Paragraf 5", "+" -> "plus",
"3 x 4" -> "3 mal 4", "3x" -> "dreimal".

Some only where they mean something: "~" and "<" before a number, "=" and "×" between two
words or numbers. Blanks are added where a word would otherwise be glued to a neighbour,
hyphens are kept ("Heckler-&-Koch" -> "Heckler-und-Koch").
"""

from __future__ import annotations

import re

from tts.langdata import rows

_ALWAYS: dict[str, str] = {}
_BEFORE_NUMBER: dict[str, str] = {}
_BETWEEN: dict[str, str] = {}
for _row in rows("symbols"):
    {"always": _ALWAYS, "number": _BEFORE_NUMBER, "between": _BETWEEN}[_row[2]][_row[0]] = _row[1]


def _alternation(symbols: dict[str, str]) -> str:
    return "|".join(re.escape(s) for s in sorted(symbols, key=len, reverse=True))


_SYMBOL = re.compile(
    rf"(?P<always>{_alternation(_ALWAYS)})"
    rf"|(?P<number>{_alternation(_BEFORE_NUMBER)})(?=\s?[-−]?\d)"
    rf"|(?<=[\w\s])(?P<between>{_alternation(_BETWEEN)})(?=[\s\w])"
)
_TIMES = re.compile(r"(?<=\d)\s?[x×]\s?(?=\d)|(?<![\w.,])(\d+)[x×](?![\w])")
_BLANKS = re.compile(r" {2,}")


def _word(match: re.Match[str]) -> str:
    symbol = match.group(0)
    kind = match.lastgroup or "always"
    spoken = {"always": _ALWAYS, "number": _BEFORE_NUMBER, "between": _BETWEEN}[kind][symbol]
    text, start, end = match.string, match.start(), match.end()
    previous = text[start - 1] if start else ""
    before = " " if previous and (previous.isalnum() or previous in ".,;:)") else ""
    after = " " if end < len(text) and (text[end].isalnum() or text[end] in "[(") else ""
    return f"{before}{spoken}{after}"


def times(text: str) -> str:
    """ "3 x 4" -> "3 mal 4", "3x" -> "3mal" (read later as "dreimal")."""
    return _TIMES.sub(lambda m: f"{m.group(1)}mal" if m.group(1) else " mal ", text)


def apply(text: str) -> str:
    if text.isalnum() or not _SYMBOL.search(text):
        return text
    return _BLANKS.sub(" ", _SYMBOL.sub(_word, text))
