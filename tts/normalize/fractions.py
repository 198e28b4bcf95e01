"""Fractions: "1/4" -> "ein Viertel", "2/3-Mehrheit" -> "zwei Drittel-Mehrheit",
"1 1/2" and "1 ½" -> "eineinhalb", "4/2" -> "vier Halbe".

The denominator is the ordinal stem plus "-tel" ("Drittel", "Zwanzigstel"), from spell.py.
"""

from __future__ import annotations

import re

from tts.langdata import rows
from tts.normalize import grammar, numbers, spell
from tts.normalize.vocabulary import WORDS

VULGAR: dict[str, tuple[int, int]] = {
    row[0]: (int(row[1]), int(row[2])) for row in rows("fractions")
}
_VULGAR = "[" + "".join(VULGAR) + "]"
_VULGAR_CHAR = re.compile(_VULGAR)
# whole part (optional), numerator/denominator or a fraction character; "1 / 4" with blanks
# only for short numbers ("2019 / 2020" is no fraction)
FRACTION = (
    rf"(?:\d{{1,9}}\s?)?{_VULGAR}|(?:\d{{1,9}}\s)?\d{{1,9}}/\d{{1,9}}(?!\d)"
    r"|\d{1,3} / \d{1,3}(?!\d)"
)
_FRACTION = re.compile(
    rf"(?<![\w.,/])(?P<sign>(?<![^\s(])[-−])?(?P<frac>{FRACTION})(?![\w/]|[.,]\d)"
)
# "1 ½" / "1½", but "1 1/2" only with a blank ("24/7" has no whole part)
_PARTS = re.compile(
    rf"(?:(\d{{1,9}})\s?)?({_VULGAR})|(?:(\d{{1,9}})\s)?(\d{{1,9}}) ?/ ?(\d{{1,9}})"
)


def say(text: str, negative: bool = False) -> str:
    """A written fraction in words."""
    match = _PARTS.fullmatch(text.strip())
    if match is None:
        return text
    whole_before_char, char, whole, numerator, denominator = match.groups()
    whole = whole_before_char or whole
    if char:
        num, den = VULGAR[char]
    else:
        num, den = int(numerator), int(denominator)
    minus = WORDS["minus"] + " " if negative else ""
    if den == 0:
        return f"{minus}{spell.cardinal(num)} {WORDS['divided_by_zero']}"
    if whole is not None:
        head = WORDS["one"] if int(whole) == 1 else spell.cardinal(int(whole))
        if num == 1 and den == 2:
            return f"{minus}{head}{WORDS['and_a_half']}"
        return f"{minus}{head} {_fraction(num, den)}"
    return minus + _fraction(num, den)


def _fraction(num: int, den: int) -> str:
    count = WORDS["one"] if num == 1 else spell.cardinal(num)
    return f"{count} {spell.denominator(den, num != 1)}"


def has_fraction_char(text: str) -> bool:
    return bool(_VULGAR_CHAR.search(text))


def is_half(text: str) -> bool:
    return text.strip() in ("1/2", "½")


def half(gender: str, case: str, governing: str | None = None) -> str:
    """ "½" before a noun is an adjective: "ein halber Liter", "eine halbe Stunde", "einem
    halben Jahr" (indefinite article, then strong endings in nominative and accusative);
    after an article only the adjective: "die halbe Strecke"."""
    if governing in grammar.DETERMINERS:
        return WORDS["half"] + grammar.ordinal_ending(governing, gender)
    article = grammar.DECLENSION[("article", case)][gender]
    paradigm = "strong" if case in ("nom", "acc") else "weak"
    return f"{article} {WORDS['half']}{grammar.DECLENSION[(paradigm, case)][gender]}"


_INDEFINITE = frozenset(w for w in grammar.DETERMINERS if w.startswith(WORDS["one"]))
_UNIT_FRACTION = re.compile(r"1\s?/\s?(\d{1,3})")


def _after_indefinite(match: re.Match[str]) -> str | None:
    """After an indefinite article "1/2" and "1/4" lose their "ein", which the article already
    says: "in einem 1/2 Glas" -> "in einem halben Glas", "nach einem 1/4 der Strecke" -> "nach
    einem Viertel der Strecke"."""
    text = match.string
    before = grammar.tokens_before(text, match.start(), 1)
    if not before or before[0].lower() not in _INDEFINITE or match.group("sign"):
        return None
    frac = match.group("frac")
    unit = _UNIT_FRACTION.fullmatch(frac)
    den = 2 if is_half(frac) else int(unit.group(1)) if unit else 0
    if den < 2:
        return None
    if den == 2:
        noun = grammar.next_noun(text, match.end())
        gender = "pl" if noun and noun.plural else noun.gender if noun else None
        return WORDS["half"] + grammar.ordinal_ending(before[0].lower(), gender)
    return spell.denominator(den, False)


# A score right before the brackets: "7:6 (9/7)" is a tie-break, "neun zu sieben".
_SCORE_BEFORE = re.compile(rf"(?:\d:\d{{1,2}}|\b{WORDS['ratio']} [^\W\d_]+)\s?\($")
_PAIR = re.compile(r"(\d{1,2})/(\d{1,2})")


def _tie_break(match: re.Match[str]) -> str | None:
    pair = _PAIR.fullmatch(match.group("frac"))
    text = match.string
    if pair is None or not _SCORE_BEFORE.search(text, max(0, match.start() - 30), match.start()):
        return None
    first, second = spell.cardinal(int(pair.group(1))), spell.cardinal(int(pair.group(2)))
    return f"{first} {WORDS['ratio']} {second}"


def _dative_plural(match: re.Match[str]) -> str | None:
    """ "mit 2/3 der Stimmen" -> "mit zwei Dritteln": more than one part after a dative
    preposition takes the dative plural."""
    unit = re.fullmatch(r"(\d{1,3})/(\d{1,3})", match.group("frac"))
    if unit is None or match.group("sign"):
        return None
    num, den = int(unit.group(1)), int(unit.group(2))
    if num < 2 or den < 3:
        return None
    governing = grammar.governor(match.string, match.start())
    if governing not in grammar.PREPOSITIONS or grammar.case_of(governing) != "dat":
        return None
    return f"{spell.cardinal(num)} {spell.denominator(den, True)}n"


def _say(match: re.Match[str]) -> str:
    negative = bool(match.group("sign"))
    tie_break = _tie_break(match)
    if tie_break:
        return tie_break
    dative = _dative_plural(match)
    if dative:
        return dative
    indefinite = _after_indefinite(match)
    if indefinite:
        return indefinite
    if is_half(match.group("frac")) and not negative:
        text = match.string
        noun = grammar.next_noun(text, match.end())
        if noun and noun.gender in ("m", "f", "n") and not noun.plural:
            governing = grammar.governor(text, match.start())
            return half(noun.gender, grammar.case_of(governing), governing)
    return say(match.group("frac"), negative)


def apply(text: str) -> str:
    if "/" not in text and not _VULGAR_CHAR.search(text):
        return text
    return _FRACTION.sub(_say, text)


def fallback(text: str) -> str:
    """A fraction character the rules above did not read ("x½y"): read on its own."""
    if not _VULGAR_CHAR.search(text):
        return text
    return numbers.spaced(text, lambda char: say(char) if char in VULGAR else None)
