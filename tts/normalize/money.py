"""Amounts of money: "5,99 €" -> "fünf Euro neunundneunzig Cent", "€ 5" -> "fünf Euro",
"3,5 Mio. Euro" -> "drei Komma fünf Millionen Euro", "1 Mio. €" -> "eine Million Euro".

Two decimals (or more that are only zeros) are read as the subunit; other decimals as a
decimal number ("Das kostet 2,5 €." -> "zwei Komma fünf Euro", "$2,201" -> "zwei Komma zwei
null eins Dollar"), except a price on its own line, a price tag, where one decimal is tens of
cents ("£1,4" -> "ein Pfund vierzig Pence"). An exchange rate, the price of a currency named
before it ("Der Euro kostete 1,08 Dollar"), is always a decimal. A scale word makes the amount
a decimal number of millions. Currencies are in currencies.tsv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

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


# How the digits after the comma are read: "amount" (two are cents, one is a decimal), "rate"
# (the price of another currency, always a decimal), "price" (a price tag on its own line, where
# one digit is tens of cents: "£1,4" -> "ein Pfund vierzig").
Reading = Literal["amount", "rate", "price"]


def amount(
    num: str,
    currency: Currency,
    case: str = "nom",
    negative: bool = False,
    reading: Reading = "amount",
) -> str:
    """An amount without scale word, with the subunit where there are cents."""
    whole, fraction = numbers.parse(num)
    minus = WORDS["minus"] + " " if negative else ""
    cents_digits = fraction.rstrip("0")
    # In a sentence "2,5 €" is a decimal ("zwei Komma fünf Euro"), "2,50 €" and "2,500 €" are
    # cents: one decimal is how statistics and market prices are written ("85,3 Dollar").
    # Three decimals are a price per litre or kWh, a decimal ("1,730 Euro" -> "eins Komma sieben
    # drei null Euro"), unless only zeros follow the cents ("2,500 €").
    three = len(fraction) == 3 and fraction[1:] != "00"
    short = len(cents_digits) > 2 or three or (len(fraction) < 2 and reading != "price")
    if cents_digits and (short or not currency.sub or reading == "rate"):
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
    if _is_rate(text, match.start(), currency):
        return amount(num, currency, case, negative, "rate")
    alone = not text[: match.start()].strip() and not text[match.end() :].strip(" .")
    return amount(num, currency, case, negative, "price" if alone else "amount")


def _is_rate(text: str, pos: int, currency: Currency) -> bool:
    """Whether the amount at pos is the price of another currency named before it as a noun:
    "Der Euro kostete 1,08 Dollar" is an exchange rate, "eins Komma null acht Dollar"."""
    before = grammar.tokens_before(text, pos)
    for i, word in enumerate(before[:-1]):
        other = CURRENCIES.get(word) or _FOLDED.get(word.lower())
        if other and other.name != currency.name and before[i + 1].lower() in grammar.DETERMINERS:
            return True
    return False


def apply(text: str) -> str:
    if not has_digit(text):
        return text
    text = _BEFORE.sub(_say, text)
    return _AFTER.sub(_say, text)
