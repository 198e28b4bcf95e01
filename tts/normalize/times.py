"""Times of day, durations and results: "14:30 Uhr" / "14.30 Uhr" -> "vierzehn Uhr dreißig",
"8 Uhr" -> "acht Uhr", "02:02:23 Uhr" -> "zwei Uhr zwei Minuten dreiundzwanzig Sekunden",
"2:1" -> "zwei zu eins".

"H:MM" without "Uhr" is a time after "um", "ab", "gegen" ... (cues.tsv), with a leading zero
("08:30") or on a line of its own; anywhere else it is a result ("21:19" in handball).
"""

from __future__ import annotations

import re

from tts.normalize import grammar, spell
from tts.normalize.numbers import has_digit
from tts.normalize.vocabulary import WORDS

_CLOCK = re.compile(r"(?<![\w.,:])(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s?(?:[Uu]hr|h)\b")
_HOUR = re.compile(r"(?<![\w.,:])(\d{1,2})\s?([Uu]hr)\b")
_COLON = re.compile(
    r"(?<![\w.,:])(\d{1,3}):(\d{1,3})(?::(\d{2}))?(?!\w|[.,:]\d)(?P<unit>\s?(?:"
    + WORDS["hours"]
    + r"|Std\.|h)\b)?(?P<minutes>\s?(?:"
    + WORDS["minutes"]
    + r"|Min\.)(?!\w))?"
)
# "10.30 bis 12 Uhr": the first time of a range is a time too ("zehn Uhr dreißig bis zwölf Uhr").
_FIRST_OF_RANGE = re.compile(
    r"(?<![\w.,:])(\d{1,2}[.:]\d{2})\s?(-|–|"
    + WORDS["to"]
    + r")\s?(?=\d{1,2}(?:[.:]\d{2})?\s?[Uu]hr\b)"
)
# "3 : 1" with blanks around the colon: only ever a ratio or a result.
_SPACED_RATIO = re.compile(r"(?<![\w.,:])(\d{1,3}) : (\d{1,3})(?!\w|[.,:]\d)")
_DOTTED = re.compile(r"(?<![\w.,:])(\d{1,2})\.(\d{2})(?![\w.]|,\d)")


_ZONES = "|".join(sorted(grammar.CUES.get("zone", ()), key=len, reverse=True))
# As written ("MEZ"), or in lower case at the end of the line ("02:15 Uhr est").
_ZONE = re.compile(
    rf"(?<=\b{WORDS['o_clock']})((?:\s[^\W\d_]+){{0,4}}?)\s"
    rf"({_ZONES}|(?i:{_ZONES})(?=\W*$))\b"
)


def _hour(n: int) -> str:
    """ "1 Uhr" -> "ein Uhr" (the neuter form), else the cardinal."""
    return spell.cardinal(n, "n")


def _count(n: int, unit: str, case: str = "nom") -> str:
    """ "1", "minute" -> "eine Minute"; hours, minutes and seconds are feminine, and "1"
    takes the case of the preposition before the duration ("nach 1:49 Stunden" -> "nach
    einer Stunde neunundvierzig")."""
    word = WORDS[unit] if n == 1 else WORDS[unit + "s"]
    return f"{spell.cardinal(n, 'f', case)} {word}"


def _case(text: str, pos: int) -> str:
    return grammar.case_of(grammar.governor(text, pos))


def clock(hours: int, minutes: int, seconds: int | None = None) -> str:
    """ "14", "30" -> "vierzehn Uhr dreißig"; with seconds, minutes and seconds are named."""
    words = f"{_hour(hours)} {WORDS['o_clock']}"
    if seconds:
        return f"{words} {_count(minutes, 'minute')} {_count(seconds, 'second')}"
    return f"{words} {spell.cardinal(minutes)}" if minutes else words


def duration(hours: int, minutes: int, seconds: int) -> str:
    """ "2:05:30" -> "zwei Stunden fünf Minuten dreißig Sekunden"."""
    parts = [_count(hours, "hour")] if hours else []
    parts.append(_count(minutes, "minute"))
    if seconds:
        parts.append(_count(seconds, "second"))
    return " ".join(parts)


def score(first: int, second: int) -> str:
    return f"{spell.cardinal(first)} {WORDS['ratio']} {spell.cardinal(second)}"


def _valid(hours: int, minutes: int, seconds: int | None = None) -> bool:
    return hours <= 24 and minutes < 60 and (seconds is None or seconds < 60)


def _clock(match: re.Match[str]) -> str:
    hours, minutes = int(match.group(1)), int(match.group(2))
    seconds = int(match.group(3)) if match.group(3) else None
    if not _valid(hours, minutes, seconds):
        return match.group(0)
    return clock(hours, minutes, seconds)


def _previous_word(text: str, pos: int) -> str:
    """The word before pos, past a colon or comma ("Beginn: 19:30")."""
    for word in grammar.tokens_before(text, pos, 3):
        if word not in {":", ","}:
            return word
    return ""


# Compound heads among the score cues: capitalised nouns ("Heimsieg", "Länderspiel").
_SCORE_HEADS = tuple(w.lower() for w in grammar.CUES.get("score", ()) if w[:1].isupper())


def _about_a_game(text: str) -> bool:
    """Whether the sentence talks about a game or a vote, where "20:15" is a result."""
    for word in grammar.TOKEN.findall(text):
        if grammar.cue(word, "score"):
            return True
        if word[:1].isupper() and word.lower().endswith(_SCORE_HEADS):
            return True
    return False


def _looks_like_clock(hours: str, minutes: str, text: str) -> bool:
    """A time of day without "Uhr" or a cue before it: minutes written with a leading zero
    ("20:05", "19:00"), which no result has, or a quarter hour ("20:15", "19:30") in a
    sentence that says nothing of a game."""
    if len(minutes) != 2 or int(hours) > 23:
        return False
    if minutes.startswith("0"):
        return True
    return int(minutes) % 15 == 0 and not _about_a_game(text)


# A race time, minutes:seconds,hundredths, perhaps with "min": "(2:56,72 min)" -> "zwei
# Minuten sechsundfünfzig Komma sieben zwei".
_RACE = re.compile(
    r"(?<![\w.,:])(\d{1,2}):([0-5]\d),(\d{1,3})(?!\d)(?:\s?(?:min\.?|"
    + WORDS["minutes"]
    + r")(?!\w))?"
)


# The same written with a dot, as Swiss, Austrian and ski pages do, with "Minuten" after it:
# "1.28,85 Minuten", "1:44.62 Minuten" -> "eine Minute achtundzwanzig Komma acht fünf".
_RACE_DOTTED = re.compile(
    r"(?<![\w.,:])(\d{1,2})(?::([0-5]\d)\.|\.([0-5]\d),)(\d{1,3})\s?(?:min\.?|"
    + WORDS["minutes"]
    + r")(?!\w)"
)


def _race(match: re.Match[str]) -> str:
    minutes, seconds, fraction = match.groups()
    case = _case(match.string, match.start())
    return f"{_count(int(minutes), 'minute', case)} {spell.decimal(str(int(seconds)), fraction)}"


def _race_dotted(match: re.Match[str]) -> str:
    minutes, colon_seconds, dot_seconds, fraction = match.groups()
    seconds = colon_seconds or dot_seconds
    case = _case(match.string, match.start())
    return f"{_count(int(minutes), 'minute', case)} {spell.decimal(str(int(seconds)), fraction)}"


def _after_a_date(text: str, pos: int) -> bool:
    """ "13.10.2024, 18:32", "Mittwoch, 18:30": a time stamp after a date or a weekday."""
    before = [w for w in grammar.tokens_before(text, pos, 4) if w not in {",", "-", "–"}][:2]
    return any(grammar.is_month(w) or grammar.cue(w, "weekday") for w in before)


def _duration_noun(text: str, end: int) -> bool:
    """ "über 5:27 Spielzeit": hours and minutes before a noun of duration (cues.tsv)."""
    after = grammar.tokens_after(text, end, 1)
    return bool(after) and grammar.cue(after[0], "duration")


def _colon(match: re.Match[str]) -> str:
    text = match.string
    first, second = int(match.group(1)), int(match.group(2))
    if match.group("minutes") and not match.group(3) and not match.group("unit"):
        if second >= 60:
            return match.group(0)
        # "3:57 Minuten" -> "drei Minuten siebenundfünfzig"
        return f"{_count(first, 'minute', _case(text, match.start()))} {spell.cardinal(second)}"
    if not match.group(3) and _duration_noun(text, match.end()) and _valid(first, second):
        return f"{_count(first, 'hour')} {spell.cardinal(second)}"
    if match.group(3) or match.group("unit"):
        seconds = int(match.group(3) or 0)
        if not _valid(first, second, seconds):
            return match.group(0)
        if not match.group(3) and match.group("unit").strip() == WORDS["hours"]:
            # "nach 1:49 Stunden" -> "nach einer Stunde neunundvierzig", as "3:57 Minuten"
            case = _case(text, match.start())
            return f"{_count(first, 'hour', case)} {spell.cardinal(second)}"
        if not match.group(3):  # "1:30 h": hours and minutes
            return duration(first, second, 0)
        return duration(first, second, seconds)
    previous = _previous_word(text, match.start())
    two_digit = len(match.group(2)) == 2 and len(match.group(1)) <= 2
    alone = not text[: match.start()].strip() and not text[match.end() :].strip(" .")
    zero_hour = len(match.group(1)) == 2 and match.group(1).startswith("0")
    is_clock = (
        grammar.cue(previous, "clock")
        or alone
        or zero_hour
        or _after_a_date(text, match.start())
        or _looks_like_clock(match.group(1), match.group(2), text)
    )
    if is_clock and two_digit and _valid(first, second):
        return clock(first, second)
    return score(first, second)


def _dotted(match: re.Match[str]) -> str:
    hours, minutes = int(match.group(1)), int(match.group(2))
    if not grammar.cue(_previous_word(match.string, match.start()), "clock"):
        return match.group(0)
    if not _valid(hours, minutes):
        return match.group(0)
    return clock(hours, minutes)


def _first_of_range(match: re.Match[str]) -> str:
    if match.group(2) in "-–":
        between = grammar.after_between(match.string, match.start())
        joiner = WORDS["and"] if between else WORDS["to"]
    else:
        joiner = match.group(2)
    return f"{match.group(1)} {WORDS['o_clock']} {joiner} "


def apply(text: str) -> str:
    if not has_digit(text):
        return text
    if "hr" in text or "h" in text:
        text = _FIRST_OF_RANGE.sub(_first_of_range, text)
        text = _CLOCK.sub(_clock, text)
        text = _HOUR.sub(lambda m: f"{_hour(int(m.group(1)))} {m.group(2)}", text)
    if ":" in text:
        text = _RACE.sub(_race, text)
        text = _COLON.sub(_colon, text)
        text = _SPACED_RATIO.sub(lambda m: score(int(m.group(1)), int(m.group(2))), text)
    if "in" in text:  # "Minuten", "min"
        text = _RACE_DOTTED.sub(_race_dotted, text)
    text = _DOTTED.sub(_dotted, text)
    if WORDS["o_clock"] in text:  # "vierzehn Uhr dreißig est" -> "... E S T"
        text = _ZONE.sub(lambda m: f"{m.group(1)} {' '.join(m.group(2).upper())}", text)
    return text
