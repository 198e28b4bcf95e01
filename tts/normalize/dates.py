"""Dates, years, ranges: "am 26.11.2026" -> "am sechsundzwanzigsten November
zweitausendsechsundzwanzig", "seit 1999" -> "seit neunzehnhundertneunundneunzig",
"2019–2021" -> "2019 bis 2021", "2022/23" -> "zweitausendzweiundzwanzig dreiundzwanzig".

A day is an ordinal that agrees with the article or preposition before it, like any other
("vom 2./3. Juli" -> "vom zweiten und dritten Juli"); the day before a month name is left to
ordinals.py, which does exactly that. Years between 1100 and 1999 are read in hundreds, but
only where the number is a year: "1500 Menschen" stays "tausendfünfhundert".
"""

from __future__ import annotations

import re

from tts.langdata import mapping, rows
from tts.normalize import grammar, spell
from tts.normalize.numbers import INT, SIGN, has_digit
from tts.normalize.vocabulary import WORDS

_NUMERIC = re.compile(
    r"(?<![\w.,])(\d{1,2})\.\s?(\d{1,2})\.(?:(\s?)(\d{4}|\d{2})(?![\w.,]?\d))?(?!\d)"
)
# A dash between two numeric dates or a day and a date: "vom 24.12.–6.1." -> "vom
# vierundzwanzigsten Dezember bis sechsten Januar", "12.–14.3." -> "zwölften bis vierzehnten März".
_DATE_RANGE = re.compile(
    r"(?<![\w.,])(\d{1,2})\.(?:\s?(\d{1,2})\.(\d{4}|\d{2})?)?\s?[-–—]\s?"
    r"(\d{1,2})\.\s?(\d{1,2})\.(\d{4}|\d{2})?(?![\w.,]?\d)"
)
_ISO = re.compile(r"(?<![\w.,-])(1\d{3}|20\d{2})-(\d{1,2})(?:-(\d{1,2}))?(?![\w-]|[.,]\d)")
_SEASON = re.compile(r"(?<![\w.,/])((?:19|20)\d{2})/((?:19|20)?\d{2})(?![\w/]|[.,]\d)")
_DAY_PAIR = re.compile(
    r"(?<![\w.,])(\d{1,2})\.\s?(/|[-–—]|" + WORDS["to"] + r")\s?(\d{1,2})\.(?=\s?[^\W\d_])"
)
_RANGE = re.compile(
    rf"(?<![\w.,:/-])({SIGN}?(?:{INT})(?:,\d+)?)\s?[-–—]\s?((?:{INT})(?:,\d+)?)"
    r"(?!\w|[.,:]\d|-\w)"
)
WEEKDAYS: dict[str, str] = mapping("weekdays")
_DAY = "(" + "|".join(WEEKDAYS) + ")"
_WEEKDAY_RANGE = re.compile(rf"\b{_DAY}\.?\s?(?:[-–]|{WORDS['to']})\s?{_DAY}\b\.?")
_WEEKDAY_HINT = re.compile(rf"\b{_DAY}\b")
_WEEKDAY_DATE = re.compile(rf"\b{_DAY}\.(?=,?\s?\d{{1,2}}\.)")
_ORDINAL_DOT = re.compile(r"\.\s?([^\W\d_]+)")
_YEAR = re.compile(r"(?<![\w.,:/-])(1\d{3})(?!\w|[.,:]\d|-\w)")
_END = re.compile(r"\s*[)\]»«\"'“”„]*\s*$")
_NEXT_WORD = re.compile(r"\s*(?:\(|\[)?\s*([^\W\d_][\w.]*|%|‰|€|\$|£|°)")
_UNITS = {row[0] for row in rows("units")} | {row[0] for row in rows("currencies")}
_SCALES = {row[0].lower() for row in rows("scales")}


def _day_ending(text: str, pos: int) -> str:
    return grammar.ordinal_ending(grammar.governor(text, pos), "m", date=True)


def _at_end(text: str, pos: int) -> bool:
    return bool(_END.match(text, pos))


def _valid(day: str, month: str | None) -> bool:
    return 1 <= int(day) <= 31 and (month is None or 1 <= int(month) <= 12)


def _date_words(day: str, month: str | None, year: str | None, ending: str) -> str:
    """ "3", "10", "1990" -> "dritten Oktober neunzehnhundertneunzig" (with ending "en")."""
    words = spell.ordinal(int(day), ending)
    if month:
        words += f" {grammar.MONTH_NAMES[int(month)]}"
    if year:
        words += " " + (spell.year(int(year)) if len(year) == 4 else spell.cardinal(int(year)))
    return words


def _numeric(match: re.Match[str]) -> str:
    day, month, year = match.group(1), match.group(2), match.group(4)
    if not _valid(day, month):
        return match.group(0)
    words = _date_words(day, month, year, _day_ending(match.string, match.start()))
    if not year and _at_end(match.string, match.end()):
        words += "."
    return words


def _date_range(match: re.Match[str]) -> str:
    """Both ends take the ending the first one gets from the words before it."""
    day, month, year, day2, month2, year2 = match.groups()
    if not _valid(day, month) or not _valid(day2, month2):
        return match.group(0)
    text, start = match.string, match.start()
    ending = _day_ending(text, start)
    joiner = WORDS["and"] if grammar.after_between(text, start) else WORDS["to"]
    words = f"{_date_words(day, month, year, ending)} {joiner} "
    words += _date_words(day2, month2, year2, ending)
    return words + "." if not year2 and _at_end(text, match.end()) else words


def _iso(match: re.Match[str]) -> str:
    year, month, day = int(match.group(1)), int(match.group(2)), match.group(3)
    if not 1 <= month <= 12 or (day is None and len(match.group(2)) == 1):
        return match.group(0)
    if day is None and (year + 1) % 100 == month:  # "2011-12" is a season, not December
        return match.group(0)
    words = f"{grammar.MONTH_NAMES[month]} {spell.year(year)}"
    if day is not None:
        if not 1 <= int(day) <= 31:
            return match.group(0)
        words = f"{spell.ordinal(int(day), _day_ending(match.string, match.start()))} {words}"
    return words


def _season(match: re.Match[str]) -> str:
    first, second = match.group(1), match.group(2)
    if len(second) == 2 and (int(first) + 1) % 100 != int(second):
        return match.group(0)
    if len(second) == 4 and int(second) != int(first) + 1:
        return match.group(0)
    tail = spell.year(int(second)) if len(second) == 4 else spell.cardinal(int(second))
    return f"{spell.year(int(first))} {tail}"


def _range(match: re.Match[str]) -> str:
    """ "2019–2021" -> "2019 bis 2021"; after "zwischen" the dash is "und", as a reader says
    ("zwischen 20–25 Grad" -> "zwischen 20 und 25 Grad")."""
    first, second = match.group(1).lstrip("-−"), match.group(2)
    if first.startswith("0") and len(first) != len(second):
        return match.group(0)  # "Mainz 05 – 1899 Hoffenheim": two clubs, no range
    after = grammar.tokens_after(match.string, match.end(), 1)
    if after and grammar.cue(after[0], "register"):
        return match.group(0)  # "16. März 2005 - 7 Ns 300 Js": a file number follows
    joiner = WORDS["and"] if grammar.after_between(match.string, match.start()) else WORDS["to"]
    return f"{match.group(1)} {joiner} {match.group(2)}"


# Set scores written with hyphens: "7-6(5), 3-6, 7-6(4)". A pair of games (0-7) is a set
# when a tie-break in brackets follows it or another set follows after a comma; a single
# "3-6" stays a range ("3-6 Monate"), and so do lists with a pair below six ("1-3, 4-6").
_SET = r"[0-7]-[0-7](?:\s?\(\d{1,2}\))?"
_SETS = re.compile(
    rf"(?<![\w.,:/-])(?:{_SET}(?:,\s?{_SET})+|[0-7]-[0-7]\s?\(\d{{1,2}}\))(?![\w-]|[.,]\d)"
)
_ONE_SET = re.compile(r"([0-7])-([0-7])(?:\s?\((\d{1,2})\))?")


def _sets(match: re.Match[str]) -> str:
    def one(m: re.Match[str]) -> str:
        tie = f" ({m.group(3)})" if m.group(3) else ""
        return f"{m.group(1)} {WORDS['ratio']} {m.group(2)}{tie}"

    pairs = _ONE_SET.findall(match.group(0))
    if any(max(int(a), int(b)) < 6 for a, b, _tie in pairs):
        return match.group(0)  # a set is won with six or seven games: "1-3, 4-6" are ranges
    return _ONE_SET.sub(one, match.group(0))


# Two days of one month with a slash and no dot after the first: "v. 22/23.November" ->
# "vom zweiundzwanzigsten und dreiundzwanzigsten November" (not a fraction).
_MONTH_WORDS = "|".join(sorted(grammar.MONTHS, key=len, reverse=True))
_SLASH_DAYS = re.compile(rf"(?<![\w.,/])(\d{{1,2}})/(\d{{1,2}})\.(?=\s?(?i:{_MONTH_WORDS})\b)")
# "v." before a day is "vom": "Berliner Zeitung v. 22.11.2008".
_FROM_DAY = re.compile(r"(?<![\w.])v\.\s?(?=\d{1,2}(?:\.|/\d{1,2}\.))")


def _day_pair(match: re.Match[str]) -> str:
    pair = match.group(2) == "/" or grammar.after_between(match.string, match.start())
    joiner = WORDS["and"] if pair else WORDS["to"]
    return f"{match.group(1)}. {joiner} {match.group(3)}."


def is_year(text: str, start: int, end: int, value: int) -> bool:
    """Whether the four digits at text[start:end] are a year (only matters for 1100-1999)."""
    after = _NEXT_WORD.match(text, end)
    following = after.group(1) if after else ""
    if (
        following in _UNITS
        or following.lower().rstrip(".") in _SCALES
        or following.lower() in _SCALES
    ):
        return False
    before = grammar.tokens_before(text, start, 2)
    previous = before[0] if before else ""
    if grammar.is_month(previous) or grammar.cue(previous, "yearnoun"):
        return True
    if (
        following[:1].isupper()
        and not grammar.is_month(following)
        and following not in grammar.CUES["start"]
        and grammar.counts(following)
    ):
        return False  # "1500 Menschen"; but a name follows a club's year: "1899 Hoffenheim"
    if grammar.cue(previous, "year"):
        return True
    # No noun or unit after it: a year, also alone on its line (a heading "1990").
    return True


def _year(match: re.Match[str]) -> str:
    value = int(match.group(1))
    ordinal = _ORDINAL_DOT.match(match.string, match.end())
    if ordinal and ordinal.group(1) not in grammar.CUES["start"]:
        return match.group(0)  # "zum 1500. Mal": an ordinal (ordinals.py)
    if value < 1100 or not is_year(match.string, match.start(), match.end(), value):
        return match.group(0)
    return spell.year(value)


def weekdays(text: str) -> str:
    """ "Mo.–Fr." -> "Montag bis Freitag", "Di., 3. Juni" -> "Dienstag, 3. Juni"."""
    if not _WEEKDAY_HINT.search(text):
        return text
    text = _WEEKDAY_RANGE.sub(
        lambda m: f"{WEEKDAYS[m.group(1)]} {WORDS['to']} {WEEKDAYS[m.group(2)]}", text
    )
    return _WEEKDAY_DATE.sub(lambda m: WEEKDAYS[m.group(1)], text)


def apply(text: str) -> str:
    if not has_digit(text):
        return text
    if "v." in text:
        text = _FROM_DAY.sub(WORDS["from_the"] + " ", text)
    text = _ISO.sub(_iso, text)
    text = _DATE_RANGE.sub(_date_range, text)
    text = _NUMERIC.sub(_numeric, text)
    text = _SEASON.sub(_season, text)
    if "/" in text:
        text = _SLASH_DAYS.sub(lambda m: f"{m.group(1)}. {WORDS['and']} {m.group(2)}.", text)
    text = _DAY_PAIR.sub(_day_pair, text)
    if "-" in text:
        text = _SETS.sub(_sets, text)
    text = _RANGE.sub(_range, text)
    return _YEAR.sub(_year, text)
