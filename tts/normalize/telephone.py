"""Phone numbers, read digit by digit in their written groups: "030 18400 1947" -> "null drei
null, eins acht vier null null, eins neun vier sieben"; a short country code as a number:
"+49 40 4156-0" -> "plus neunundvierzig, vier null, ...".

A phone number starts with "+", "0" or "(0" and has at least six digits, or follows a cue
such as "Tel.", "Hotline:" or "Notruf" (cues.tsv; after a cue three digits are enough: "Notruf
112" is "eins eins zwei"). Digit groups become comma-separated, the pauses a
reader makes. A postal code, five digits before a place ("91522 Ansbach"), is read digit by
digit too; before a noun the five digits are a count ("12000 Zuschauer").
"""

from __future__ import annotations

import re

from tts.normalize import grammar, spell
from tts.normalize.numbers import has_digit
from tts.normalize.vocabulary import WORDS

# Brackets only around digits ("(0981) 9094", "+49 (0) 30"), so that a tariff after the number
# stays outside it: "0180 5 123456 (14 Cent/Min.)".
_PREFIXED = re.compile(
    r"(?<![\w.,+-])(?<!\d )(?:\+\d|\(0|0)(?:[\d /-]|\(\d+\)|\))*\d(?![\w]|[.,:]\d)"
)
_CUED = re.compile(r"(?<![\w.,+-])\(?\d[\d ()/-]*\d(?![\w]|[.,:]\d)")
_GROUPS = re.compile(r"\d+")
# Groups without a prefix: "123-456-7890", three or more groups; not "12 345 678" (thousands).
_GROUPED = re.compile(r"(?<![\w.,+-])\d+(?:(?: ?[-/] ?| )\d+){2,}(?![\w]|[.,:]\d)")
_THOUSANDS = re.compile(r"\d{1,3}(?: \d{3})+")
_PARTS = re.compile(r" ?[-/] ?")
_ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_MIN_DIGITS = 6


_UNDER = WORDS["under"]


def _read(number: str) -> str:
    """Digit by digit in the written groups; a country code of one or two digits as a number,
    as it is said ("+49" -> "plus neunundvierzig")."""
    groups = _GROUPS.findall(number)
    words = [spell.digits(g) for g in groups]
    if not number.startswith("+"):
        return ", ".join(words)
    if len(groups[0]) <= 2 and not groups[0].startswith("0"):
        words[0] = spell.cardinal(int(groups[0]))
    return f"{WORDS['plus']} {', '.join(words)}"


def _digit_count(text: str) -> int:
    return sum(c.isdigit() for c in text)


def _cued(text: str, pos: int, number: str) -> bool:
    """Whether a cue before pos makes `number` a phone number. After a cue that also names
    ranks ("Nummer", from "Nr."), a short number is one only after "unter": "ATP Nr. 161" is
    a rank, "unter der Nummer 1710" a line to call."""
    before = [w for w in grammar.tokens_before(text, pos, 6) if w not in (":", ".")]
    if not before or before[0] not in grammar.CUES["phone"]:
        return False
    if not grammar.cue(before[0], "numbering"):
        return True
    long_or_grouped = number.startswith(("0", "(")) or _digit_count(number) >= 5
    return long_or_grouped or any(not c.isdigit() for c in number) or _UNDER in before[1:4]


def _prefixed(match: re.Match[str]) -> str:
    number = match.group(0)
    if _digit_count(number) < _MIN_DIGITS or "  " in number:
        return number
    return _read(number)


def _cued_number(match: re.Match[str]) -> str:
    number = match.group(0)
    if _digit_count(number) < 3 or not _cued(match.string, match.start(), number):
        return number
    return _read(number)


def _grouped(match: re.Match[str]) -> str:
    number = match.group(0)
    if _digit_count(number) < 7 or _ISO_DATE.fullmatch(number):
        return number
    if any(_THOUSANDS.fullmatch(p) for p in _PARTS.split(number)):
        return number  # "5 000 - 10 000" is a range of thousands
    return _read(number)


# Five digits before a capitalised word: a postal code when the word names no count.
_POSTAL = re.compile(r"(?<![\w.,+-])(\d{5})(?= ([A-ZÄÖÜ][^\W\d_]+))")


def _postal(match: re.Match[str]) -> str:
    """ "91522 Ansbach" -> "neun eins fünf zwei zwei Ansbach"; "12000 Zuschauer" counts."""
    place = match.group(2)
    if grammar.counts(place) or grammar.is_month(place) or grammar.is_function_word(place):
        return match.group(1)
    return spell.digits(match.group(1))


# A three-digit service number ("110", "112", "115") to call: "die 110 wählen".
_SERVICE = re.compile(r"(?<![\w.,+-])(11\d)(?![\w.,]\d|\w)")


def _service(match: re.Match[str]) -> str:
    after = grammar.tokens_after(match.string, match.end(), 2)
    if any(grammar.cue(w, "dial") for w in after):
        return spell.digits(match.group(1))
    return match.group(1)


# A court file number after its register: "3 StR 45/15" -> "fünfundvierzig Strich fünfzehn"
# (not "Fünfzehntel"); the year after the stroke is two digits, "04" -> "null vier".
_FILE_NUMBER = re.compile(
    r"(?<=\s)(?P<register>[A-Z][A-Za-z]{0,3}) (?P<number>\d{1,5})/(?P<year>\d{2})(?!\d)"
)


def _file_number(match: re.Match[str]) -> str:
    if not grammar.cue(match.group("register"), "register"):
        return match.group(0)
    year = match.group("year")
    said = spell.digits(year) if year.startswith("0") else spell.cardinal(int(year))
    number = spell.cardinal(int(match.group("number")))
    return f"{match.group('register')} {number} {WORDS['stroke']} {said}"


def apply(text: str) -> str:
    if not has_digit(text):
        return text
    if "/" in text:
        text = _FILE_NUMBER.sub(_file_number, text)
    if "11" in text:
        text = _SERVICE.sub(_service, text)
    text = _POSTAL.sub(_postal, text)
    text = _PREFIXED.sub(_prefixed, text)
    text = _CUED.sub(_cued_number, text)
    return _GROUPED.sub(_grouped, text)
