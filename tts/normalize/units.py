"""Measures: "120 km/h" -> "hundertzwanzig Kilometer pro Stunde", "-5 °C" -> "minus fünf
Grad Celsius", "1 t" -> "eine Tonne", "12 %" -> "zwölf Prozent", "0,40 €/kWh" -> "... pro
Kilowattstunde".

A symbol is a unit only right after a number or after "/" following a unit or currency, so
"m" or "h" elsewhere stay letters. Units, their plurals and genders are in units.tsv; an exact
match wins, a lower-case one ("mv" for "mV", "v" for "V") is the fallback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tts.langdata import rows
from tts.normalize import fractions, grammar, numbers
from tts.normalize.money import CURRENCIES
from tts.normalize.numbers import NUM, SCALE, SIGN, has_digit, scale_words
from tts.normalize.vocabulary import WORDS


@dataclass(frozen=True)
class Unit:
    singular: str
    plural: str
    gender: str


UNITS: dict[str, Unit] = {}
for _row in rows("units"):
    _padded = (*_row, "", "", "")
    UNITS[_padded[0]] = Unit(_padded[1], _padded[2] or _padded[1], _padded[3] or "n")
# symbol -> what it measures, for units that can give one amount twice ("68 kW/92 PS").
_QUANTITY: dict[str, str] = {r[0]: r[4] for r in rows("units") if len(r) > 4 and r[4]}
_FOLDED: dict[str, Unit] = {}
for _symbol, _unit in UNITS.items():
    # "mv" for "mV", "v" for "V"; but no single lower-case letter gets a second meaning
    if len(_symbol) > 1 or (_symbol.isupper() and _symbol.lower() not in UNITS):
        _FOLDED.setdefault(_symbol.lower(), _unit)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_UNIT = rf"(?:{_alternation(list(UNITS))}|(?i:{_alternation(list(_FOLDED))}))"
_MEASURE = re.compile(
    rf"(?<![\w.,/])(?P<sign>{SIGN})?(?P<num>{fractions.FRACTION}|{NUM})"
    rf"(?:\s?(?P<scale>{SCALE}))?"
    rf"(?:(?:\s?(?P<unit>{_UNIT}))(?:\s?/\s?(?:(?P<per_count>\d{{1,6}})\s?)?(?P<per>{_UNIT}))?"
    rf"|\s?/\s?(?P<per_only>{_UNIT}))"
    r"(?!\w)(?:\.(?=\s[a-zäöü]))?"
)
_SPOKEN = sorted(
    {u.singular for u in UNITS.values()}
    | {u.plural for u in UNITS.values()}
    | {c.name for c in CURRENCIES.values()}
    | {c.sub for c in CURRENCIES.values() if c.sub},
    key=len,
    reverse=True,
)
# A compound or degree symbol on its own: "in km/h gemessen", "Angaben in °C".
_STANDALONE = re.compile(
    r"(?<![\w/°])("
    + "|".join(re.escape(s) for s in sorted(UNITS, key=len, reverse=True) if "/" in s or "°" in s)
    + r")(?![\w/])"
)
# A unit inside a hyphenated compound: "100-m-Lauf" -> "100-Meter-Lauf" (as written, no folding).
_IN_COMPOUND = re.compile(rf"(?<![\w.,])(\d+(?:,\d+)?)-({_alternation(list(UNITS))})-(?=[^\W\d_])")
_PER_WORD = re.compile(rf"\b(?P<word>{WORDS['per']}|{WORDS['each']}) (?P<per>{_UNIT})(?!\w)")
_PER_AFTER_WORD = re.compile(rf"\b(?P<word>{_alternation(_SPOKEN)})\s?/\s?(?P<per>{_UNIT})(?!\w)")


# A unit symbol used as a noun, after an article and perhaps an adjective: "der erste km",
# "die letzten kWh". Only symbols that are no word (no lower-case vowel: "km", "kWh", not "min").
_NOUN_SYMBOLS = [u for u in UNITS if len(u) > 1 and u.isalpha() and not set(u) & set("aeiouäöü")]
_AS_NOUN = re.compile(
    r"\b(?P<det>(?i:"
    + _alternation(list(grammar.DETERMINERS))
    + r"))(?P<adj> [a-zäöü]+(?:e|en|er|es|em))? (?P<unit>"
    + _alternation(_NOUN_SYMBOLS)
    + r")(?![\w/])(?! ?\d)"
)


def _as_noun(match: re.Match[str]) -> str:
    unit = UNITS[match.group("unit")]
    det, adj = match.group("det").lower(), match.group("adj") or ""
    # "die" before a singular only for a feminine unit: "die erste kWh", "die letzten km"
    plural = det == "die" and (unit.gender != "f" or adj.endswith("en"))
    return f"{match.group('det')}{adj} {unit.plural if plural else unit.singular}"


# A unit or currency word, a slash and a noun written out: "12 Euro/Stunde" -> "pro Stunde".
_PER_NOUN = re.compile(rf"\b(?P<word>{_alternation(_SPOKEN)})\s?/\s?(?P<noun>[A-ZÄÖÜ][a-zäöüß]+)\b")
_CURRENCY_NAMES = {c.name for c in CURRENCIES.values()}


def _per_noun(match: re.Match[str]) -> str:
    noun = match.group("noun")
    plural = grammar.noun_of(noun)[1]
    if noun in _CURRENCY_NAMES or plural or not grammar.is_common_noun(noun):
        return match.group(0)  # "Euro/Dollar" is a pair of currencies
    return f"{match.group('word')} {WORDS['per']} {noun}"


def _in_compound(match: re.Match[str]) -> str:
    """ "100-m-Lauf" -> "100-Meter-Lauf", "90-kWh-Akku" -> "90-Kilowattstunden-Akku"."""
    unit = UNITS[match.group(2)]
    word = unit.singular if numbers.is_one(match.group(1)) else unit.plural
    return f"{match.group(1)}-{word}-"


def lookup(symbol: str) -> Unit:
    return UNITS.get(symbol) or _FOLDED[symbol.lower()]


def _per(symbol: str, count: str | None = None) -> str:
    """ "/h" -> "pro Stunde", "/100 km" -> "auf hundert Kilometer"."""
    unit = lookup(symbol)
    if count and count != "1":
        return f"{WORDS['per_count']} {numbers.say(count)} {unit.plural}"
    return f"{WORDS['per']} {unit.singular}"


_WORD = re.compile(r"[^\W\d_]+")


def _plural(unit: Unit, case: str, text: str, match: re.Match[str], per: str | None) -> str:
    """The dative plural of "Meter", "Liter" ... adds -n: "aus 20 m" -> "aus zwanzig Metern",
    "auf 5 km" (a place) -> "auf fünf Kilometern"; "auf" is the goal of a change ("stieg auf
    5 m") and keeps the accusative; so does a rate ("mit 120 Kilometer pro Stunde")."""
    plural = unit.plural
    if per or not plural.endswith("er"):
        return plural
    if case != "dat":
        governing = grammar.governor(text, match.start())
        if governing != WORDS["on"] or any(grammar.cue(w, "change") for w in _WORD.findall(text)):
            return plural
    return plural + "n"


_MEASURE_WORD = re.compile(r"\d+|[.,]")


def _coordinated_case(text: str, pos: int) -> str | None:
    """The case of the first of two joined measures, for the second: "von 42,28 m respektive
    15,83 m" -> dative for both."""
    before = grammar.tokens_before(text, pos, 10)
    if not before or not grammar.cue(before[0], "coordination"):
        return None
    for word in before[1:]:
        if _MEASURE_WORD.fullmatch(word) or word in UNITS or word.lower() in _FOLDED:
            continue
        lower = word.lower()
        if lower in grammar.DETERMINERS or lower in grammar.PREPOSITIONS:
            return grammar.case_of(lower)
        return None
    return None


def _measure(match: re.Match[str]) -> str:
    text = match.string
    if match.group("unit") and grammar.cue(match.group("unit"), "register"):
        return match.group(0)  # "7 Ns 300 Js": a court register, not nanoseconds
    num, scale, symbol = match.group("num"), match.group("scale"), match.group("unit")
    negative = bool(match.group("sign"))
    per = match.group("per") or match.group("per_only")
    per_count = match.group("per_count")
    unit = lookup(symbol) if symbol else None
    fraction = "/" in num or any(c in fractions.VULGAR for c in num)
    governing = grammar.governor(text, match.start())
    case = grammar.case_of(governing)
    if governing is None:
        case = _coordinated_case(text, match.start()) or case
    if fraction:
        one = bool(unit) and fractions.is_half(num) and not negative
        words = fractions.half(unit.gender, case) if one and unit else fractions.say(num, negative)
    elif scale:
        words = (WORDS["minus"] + " " if negative else "") + scale_words(num, scale, case)
        one = False
    else:
        one = numbers.is_one(num)  # "-1 °C" -> "minus ein Grad"
        gender = unit.gender if unit and one and "," not in num else None
        words = numbers.say(num, gender, case, negative)
    parts = [words]
    if unit:
        parts.append(unit.singular if one else _plural(unit, case, text, match, per))
    if per and per_count and symbol and _QUANTITY.get(symbol, "") == _QUANTITY.get(per, "-"):
        # the same amount in another unit, not a rate: "68 kW/92 PS" -> "..., zweiundneunzig PS"
        other = lookup(per)
        name = other.singular if numbers.is_one(per_count) else other.plural
        return f"{' '.join(parts)}, {numbers.say(per_count)} {name}"
    if per:
        parts.append(_per(per, per_count))
    return " ".join(parts)


def apply(text: str) -> str:
    if has_digit(text) or fractions.has_fraction_char(text):
        text = _IN_COMPOUND.sub(_in_compound, text)
        text = _MEASURE.sub(_measure, text)
    if "/" in text:
        text = _PER_AFTER_WORD.sub(lambda m: f"{m.group('word')} {_per(m.group('per'))}", text)
        text = _PER_NOUN.sub(_per_noun, text)
    if "/" in text or "°" in text:
        text = _STANDALONE.sub(lambda m: UNITS[m.group(1)].plural, text)
    text = _AS_NOUN.sub(_as_noun, text)
    if f"{WORDS['per']} " in text or f"{WORDS['each']} " in text:
        text = _PER_WORD.sub(lambda m: f"{m.group('word')} {lookup(m.group('per')).singular}", text)
    return text
