"""Number words. German spellout comes from unicode-rbnf (CLDR rules): it declines cardinals
("einer", "einem") and ordinals ("dritten"), and reads years as "neunzehnhundertneunzig".

Only two things are adjusted here: a news reader says "hundert" and "tausend", not
"einhundert" / "eintausend", and CLDR's ordinals above a million are broken.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unicode_rbnf import RbnfEngine
from unicode_rbnf.engine import NoRuleForNumberError

from tts.langdata import rows
from tts.normalize.vocabulary import WORDS

_ENGINE = RbnfEngine.for_language("de")

# Largest number rbnf spells reliably (it fails below 10^18); above it the number is built from
# the scale words of scales.tsv ("zwei Trilliarden ..."), beyond those read digit by digit.
MAX_SPELLED = 10**18 - 10**15
# (exponent, singular, plural) of the large scales, largest first: 21 Trilliarde ... 15 Billiarde
_LARGE_SCALES = sorted(
    ((int(row[4]), row[1], row[2]) for row in rows("scales") if len(row) > 4 and row[4]),
    reverse=True,
)
MAX_BUILT = 10 ** (_LARGE_SCALES[0][0] + 3) - 1 if _LARGE_SCALES else MAX_SPELLED

# rbnf ruleset for "1" (and numbers ending in 1) by (gender, case) before a noun.
_CARDINAL_RULESET = {
    ("m", "nom"): "spellout-cardinal-masculine",
    ("n", "nom"): "spellout-cardinal-neuter",
    ("f", "nom"): "spellout-cardinal-feminine",
    ("m", "acc"): "spellout-cardinal-n",
    ("n", "acc"): "spellout-cardinal-neuter",
    ("f", "acc"): "spellout-cardinal-feminine",
    ("m", "dat"): "spellout-cardinal-m",
    ("n", "dat"): "spellout-cardinal-m",
    ("f", "dat"): "spellout-cardinal-r",
    ("m", "gen"): "spellout-cardinal-s",
    ("n", "gen"): "spellout-cardinal-s",
    ("f", "gen"): "spellout-cardinal-r",
}
_ORDINAL_RULESET = {
    "e": "spellout-ordinal",
    "en": "spellout-ordinal-n",
    "er": "spellout-ordinal-r",
    "es": "spellout-ordinal-s",
    "em": "spellout-ordinal-m",
}
# "einhundert..." / "eintausend..." at the start of a number word -> "hundert..." / "tausend...".
_LEADING_EIN = re.compile(r"(?<!\S)ein(?=hundert|tausend)")
# "Millionen" -> "Million": the ordinal of a round million is built on the singular.
_SCALE_SINGULAR: dict[str, str] = {
    form: row[1] for row in rows("scales") if row[1][:1].isupper() for form in (row[1], row[2])
}


def _rbnf(n: int, ruleset: str) -> str | None:
    try:
        result = _ENGINE.format_number(n, ruleset_names=[ruleset])
    except NoRuleForNumberError:
        return None
    return result.text_by_ruleset.get(ruleset) or None


DIGIT_WORDS: tuple[str, ...] = tuple(_rbnf(i, "spellout-numbering") or str(i) for i in range(10))
_MINUS = WORDS["minus"] + " "


def digit(char: str) -> str:
    """One digit of any script ("7", "٧", "⁷") as a word."""
    return DIGIT_WORDS[unicodedata.digit(char)]


def digits(text: str) -> str:
    """Digits read one by one: "0411" -> "null vier eins eins"."""
    return " ".join(digit(c) for c in text if c.isdigit())


@lru_cache(maxsize=8192)
def cardinal(n: int, gender: str | None = None, case: str = "nom") -> str:
    """The cardinal n; with a gender, declined for a following noun ("eine", "einem")."""
    if n < 0:
        return _MINUS + cardinal(-n, gender, case)
    if n > MAX_SPELLED:
        return _large(n) if n <= MAX_BUILT else digits(str(n))
    ruleset = _CARDINAL_RULESET.get((gender, case), "spellout-numbering") if gender else None
    text = _rbnf(n, ruleset or "spellout-numbering")
    if text is None:
        return digits(str(n))
    return _LEADING_EIN.sub("", text)


def _large(n: int) -> str:
    """A number beyond the CLDR rules, from its scale words: 2 * 10^21 -> "zwei Trilliarden"."""
    words = []
    smallest = _LARGE_SCALES[-1][0]
    for exponent, singular, plural in _LARGE_SCALES:
        count = n // 10**exponent % 1000
        if count == 1:
            words.append(f"{cardinal(1, 'f')} {singular}")
        elif count:
            words.append(f"{cardinal(count)} {plural}")
    rest = n % 10**smallest
    if rest:
        words.append(cardinal(rest))
    return " ".join(words)


@lru_cache(maxsize=4096)
def ordinal(n: int, ending: str = "er") -> str:
    """The ordinal n with an adjective ending (e, en, er, es, em): 3, "en" -> "dritten"."""
    ruleset = _ORDINAL_RULESET.get(ending, "spellout-ordinal-r")
    if n < 0:
        return _MINUS + ordinal(-n, ending)
    if n > MAX_SPELLED:
        return digits(str(n))
    if n >= 10**6:
        # CLDR gives "eine Millionste"; build "zwei Millionen dreitausendste" / "zweimillionste".
        words = cardinal(n).split(" ")
        rest = n % 10**6
        if rest:
            return " ".join([*cardinal(n - rest).split(" "), ordinal(rest, ending)])
        if words[-1] in _SCALE_SINGULAR:
            stem = _SCALE_SINGULAR[words[-1]].lower().removesuffix("e")
            count = "".join(words[:-1]).lower()
            count = "" if count in (cardinal(1, "f"), cardinal(1, "n")) else count
            return f"{count}{stem}st{ending}"
    text = _rbnf(n, ruleset)
    if text is None:
        return digits(str(n))
    return _LEADING_EIN.sub("", text)


@lru_cache(maxsize=1024)
def year(n: int) -> str:
    """A year: 1100-1999 in hundreds ("neunzehnhundertneunzig"), others as the cardinal."""
    if 1100 <= n <= 1999:
        text = _rbnf(n, "spellout-numbering-year")
        if text:
            return text
    return cardinal(n)


@lru_cache(maxsize=1024)
def denominator(n: int, plural: bool) -> str:
    """The fraction word for 1/n: 3 -> "Drittel", 20 -> "Zwanzigstel", 2 -> "halb"/"Halbe"."""
    if n == 2:
        return WORDS["halves"] if plural else WORDS["half"]
    stem = ordinal(n, "e")
    return (stem[:-1] + "el").capitalize() if stem.endswith("e") else stem


def decimal(integer: str, fraction: str, negative: bool = False) -> str:
    """A decimal, the digits after the comma one by one: "3,72" -> "drei Komma sieben zwei"."""
    whole = cardinal(int(integer)) if integer else "null"
    text = f"{whole} {WORDS['comma']} {digits(fraction)}" if fraction else whole
    return _MINUS + text if negative else text
