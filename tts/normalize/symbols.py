"""Symbols read as words (symbols.tsv): "&" -> "und", "§ 5" -> "Paragraf 5", "+" -> "plus",
"3 x 4" -> "3 mal 4", "3x" -> "dreimal".

Some only where they mean something: "~" and "<" before a number, "=" and "×" between two
words or numbers. Blanks are added where a word would otherwise be glued to a neighbour,
hyphens are kept ("Heckler-&-Koch" -> "Heckler-und-Koch").
"""

from __future__ import annotations

import re
import unicodedata
from functools import partial

from tts.langdata import rows
from tts.normalize.vocabulary import WORDS


def _symbol(written: str) -> str:
    return chr(int(written[2:], 16)) if written.startswith("U+") else written


_TABLES: dict[str, dict[str, str]] = {"always": {}, "number": {}, "between": {}}
for _row in rows("symbols"):
    _TABLES[_row[2]][_symbol(_row[0])] = _row[1]


def _alternation(symbols: dict[str, str]) -> str:
    return "|".join(re.escape(s) for s in sorted(symbols, key=len, reverse=True))


_ANY_SYMBOL = re.compile(
    "[" + re.escape("".join({c for t in _TABLES.values() for s in t for c in s})) + "]"
)
# Applied one after another, so that "w=£" -> "w=Pfund" -> "w gleich Pfund" in one go.
_BEFORE_NUMBER = re.compile(rf"(?:{_alternation(_TABLES['number'])})(?=\s?[-−]?\d)")
_PATTERNS = (
    ("always", re.compile(_alternation(_TABLES["always"]))),
    ("number", _BEFORE_NUMBER),
    ("between", re.compile(rf"(?<=\S)\s?(?:{_alternation(_TABLES['between'])})\s?(?=\S)")),
)
_NUMBER_SYMBOL = re.compile("[" + re.escape("".join(_TABLES["number"])) + "]")
# "Ø" before a length is a diameter ("Ø 12 mm" -> "Durchmesser"), elsewhere an average.
_LENGTHS = sorted(
    (r[0] for r in rows("units") if r[1].lower().endswith("meter") and " " not in r[1]), key=len
)[::-1]
_DIAMETER = re.compile(
    r"Ø(?=\s?\d+(?:,\d+)?\s?(?:" + "|".join(re.escape(u) for u in _LENGTHS) + r")(?!\w))"
)
_TIMES = re.compile(r"(?<=\d)\s?[x×]\s?(?=\d)|(?<![\w.,])(\d+)[x×](?![\w])")
_DECIMAL_TIMES = re.compile(r"(?<![\w.,])(\d+,\d+)[x×](?!\w)")
_BLANKS = re.compile(r" {2,}")
_CANDIDATE = re.compile(r"[^\w\s.,;:!?()\[\]'\"/&-]")
_SPACE_BEFORE_MARK = re.compile(r" ([.,;:!?])")
_SILENT = {"So", "Sm", "Sk"}  # other, mathematical and modifier symbols


def _word(match: re.Match[str], table: dict[str, str]) -> str:
    spoken = table[match.group(0).strip()]
    text, start, end = match.string, match.start(), match.end()
    previous = text[start - 1] if start else " "
    following = text[end] if end < len(text) else " "
    # a blank towards any neighbour but a hyphen or bracket: "A&B", "C++", "Heckler-&-Koch"
    before = "" if previous in " -([" else " "
    after = "" if following in " -)].,;:!?" else " "
    return f"{before}{spoken}{after}"


def times(text: str) -> str:
    """ "3 x 4" -> "3 mal 4", "3x" -> "3mal" (read later as "dreimal")."""
    if "x" not in text and "×" not in text:
        return text
    times = WORDS["times"]
    text = _DECIMAL_TIMES.sub(rf"\1 {times}", text)  # "2,5x" -> "2,5 mal"
    return _TIMES.sub(lambda m: f"{m.group(1)}{times}" if m.group(1) else f" {times} ", text)


def before_numbers(text: str) -> str:
    """The symbols that are only read before a number ("~ 200", "< 10", "(* 1950)"), while
    the number is still digits: the number rules that run before apply() turn it into words."""
    if not _NUMBER_SYMBOL.search(text):
        return text
    table = _TABLES["number"]
    if "Ø" in text:
        text = _DIAMETER.sub(WORDS["diameter"], text)
    return _BLANKS.sub(" ", _BEFORE_NUMBER.sub(lambda m: _word(m, table), text))


def silence(text: str) -> str:
    """Drop symbols no rule has read ("→", "■", "™", emoji): espeak-ng would name them
    ("Rechtspfeil", "schwarzes Quadrat"), a news reader skips them."""
    if not _CANDIDATE.search(text):
        return text
    silenced = _CANDIDATE.sub(_silent, text)
    if silenced == text:
        return text
    return _SPACE_BEFORE_MARK.sub(r"\1", _BLANKS.sub(" ", silenced))


def _silent(match: re.Match[str]) -> str:
    char = match.group(0)
    return " " if char == "\\" or unicodedata.category(char) in _SILENT else char


def apply(text: str) -> str:
    if not _ANY_SYMBOL.search(text):
        return text
    for kind, pattern in _PATTERNS:
        text = pattern.sub(partial(_word, table=_TABLES[kind]), text)
    return _BLANKS.sub(" ", text)
