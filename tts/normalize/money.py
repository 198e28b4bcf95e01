"""Amounts of money: "5,99 €" -> "fünf Euro neunundneunzig Cent", "€ 5" -> "fünf Euro",
"3,5 Mio. Euro" -> "drei Komma fünf Millionen Euro", "1 Mio. €" -> "eine Million Euro".

Two decimals (or more that are only zeros) are read as the subunit; other decimals as a
decimal number ("2,5 €" -> "zwei Komma fünf Euro", "$2,201" -> "zwei Komma zwei null eins
Dollar"). A scale word makes the amount a decimal number of millions. Currencies are in
currencies.tsv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tts.langdata import rows
from tts.normalize import grammar, numbers, spell
from tts.normalize.numbers import NUM, SCALE, SIGN, has_digit, scale_words
from tts.normalize.vocabulary import WORDS


@dataclass(frozen=True)
class Currency:
    name: str
    sub: str
    sub_plural: str
    gender: str
    sub_gender: str


def _currency(row: tuple[str, ...]) -> Currency:
    padded = (*row, "", "", "", "", "")
    return Currency(
        padded[1], padded[2], padded[3] or padded[2], padded[4] or "m", padded[5] or "m"
    )


CURRENCIES: dict[str, Currency] = {row[0]: _currency(row) for row in rows("currencies")}
_FOLDED: dict[str, Currency] = {w.lower(): c for w, c in CURRENCIES.items()}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Symbols and codes as written; currency names also in lower case ("5 euro").
_CUR = (
    _alternation(list(CURRENCIES))
    + "|(?i:"
    + _alternation([w for w in CURRENCIES if w.isalpha() and not w.isupper()])
    + ")"
)
_SYMBOL_CUR = _alternation([w for w in CURRENCIES if not w.isalpha() or w.isupper()])
_AFTER = re.compile(
    rf"(?<![\w.,])(?P<sign>{SIGN})?(?P<num>{NUM})(?:,[-–]+)?\s?(?:(?P<scale>{SCALE})\s?)?"
    rf"(?P<cur>{_CUR})(?!\w)"
)
_BEFORE = re.compile(
    rf"(?<![\w.,])(?P<cur>{_SYMBOL_CUR})\s?(?P<sign>{SIGN})?(?P<num>{NUM})(?:,[-–]+)?"
    rf"(?:\s?(?P<scale>{SCALE}))?(?!\w|[.,]\d)"
)


def amount(num: str, currency: Currency, case: str = "nom", negative: bool = False) -> str:
    """An amount without scale word, with the subunit where there are cents."""
    whole, fraction = numbers.parse(num)
    minus = WORDS["minus"] + " " if negative else ""
    cents_digits = fraction.rstrip("0")
    # "2,5 €" is a decimal ("zwei Komma fünf Euro"), "2,50 €" and "2,500 €" are cents.
    if cents_digits and (len(cents_digits) > 2 or len(fraction) < 2 or not currency.sub):
        return f"{spell.decimal(str(whole), fraction, negative)} {currency.name}"
    cents = int((cents_digits + "00")[:2]) if cents_digits else 0
    parts = []
    if whole or not cents:
        parts.append(f"{numbers.say(str(whole), currency.gender, case)} {currency.name}")
    if cents:
        sub = currency.sub if cents == 1 else currency.sub_plural
        parts.append(f"{numbers.say(str(cents), currency.sub_gender, case)} {sub}")
    return minus + " ".join(parts)


def _say(match: re.Match[str]) -> str:
    text = match.string
    written = match.group("cur")
    currency = CURRENCIES.get(written) or _FOLDED[written.lower()]
    num, scale = match.group("num"), match.group("scale")
    negative = bool(match.group("sign"))
    case = grammar.case_of(grammar.governor(text, match.start()))
    if scale:
        words = scale_words(num, scale, case)
        minus = WORDS["minus"] + " " if negative else ""
        return f"{minus}{words} {currency.name}"
    return amount(num, currency, case, negative)


def apply(text: str) -> str:
    if not has_digit(text):
        return text
    text = _BEFORE.sub(_say, text)
    return _AFTER.sub(_say, text)
