"""Cardinals and decimals: what is left of the digits once dates, times, money and measures
have been read. Also the shared number syntax every other rule uses.

German writes "80.000" or "80 000" (thin space) for thousands and "3,5" for decimals. "1"
agrees with the noun it counts ("mit 1 Stimme" -> "mit einer Stimme"); a number glued to a
word ending reads as one word ("3fach" -> "dreifach", "121tem" -> "hunderteinundzwanzigstem").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from tts.langdata import rows
from tts.normalize import grammar, spell
from tts.normalize.vocabulary import WORDS

# Thousands separators: dot, thin space, narrow no-break space, no-break space, plain blank.
_SEP = "[.\u2009\u202f\u00a0 ]"
# At most 24 digits, as far as the scale words go (Trilliarden): longer runs are not numbers
# anyone reads as such (fallback: digit by digit).
INT = rf"\d{{1,3}}(?:{_SEP}\d{{3}}){{1,7}}(?!\d)|\d{{1,24}}(?!\d)"
NUM = rf"(?:{INT})(?:,\d+)?"
# A minus sign, only where it cannot be a hyphen (line start, after a blank or bracket).
SIGN = r"(?<![^\s(/\[])[-−]"
_SEPARATORS = re.compile(_SEP)
# scale word (lower case) -> (singular, plural, gender): "Mio." -> ("Million", "Millionen", "f")
SCALES: dict[str, tuple[str, str, str]] = {
    row[0].lower(): (row[1], row[2], row[3]) for row in rows("scales")
}
SCALE = (
    "(?i:"
    + "|".join(re.escape(w) for w in sorted(SCALES, key=len, reverse=True))
    + r")(?:(?<=\.)|(?!\w))"
)
_SCALED = re.compile(rf"(?<![\w.,])(?P<sign>{SIGN})?(?P<num>{NUM})\s?(?P<scale>{SCALE})")

_NUMBER = re.compile(rf"(?<![\w.,])(?P<sign>{SIGN})?(?P<num>{NUM})(?!\w|[.,]\d)")
_LIST = re.compile(r"(?<![\w.,])\d{1,18}(?:,\d{1,18}){2,}(?![\w.,])")
_ORDINAL_SUFFIX = re.compile(r"(?<![\w.,])(\d{1,18})(s?t)(e|er|en|em|es)\b")
_LETTER_SUFFIX = re.compile(r"(?<![\w.,])(\d{1,18})([a-z])(?!\w)")
_WORD_SUFFIX = re.compile(r"(?<![\w.,])(\d{1,18})(-?)([^\W\d_]{2,})")
_ONE_PLURAL = re.compile(
    r"(?<![\w.,])1(\s+)("
    + "|".join(
        sorted(
            (w for w in grammar.plural_nouns() if w.isalpha()),
            key=len,
            reverse=True,
        )
    )
    + r")\b"
)
_ONE_OF = re.compile(r"\s(?:" + "|".join(sorted(grammar.CUES["partitive"])) + r")\s\d")
_DIGIT_RUN = re.compile(r"\d+")
# Early exit for rules that only read ASCII/decimal digits (\d); see any_digit for all digits.
has_digit = re.compile(r"\d").search
_DIGIT_POINT = re.compile(r"(?<=\d)([.,:])(?=\d)")
_POINT_WORDS = {".": WORDS["point"], ",": WORDS["comma"], ":": WORDS["ratio"]}
_MINUS = WORDS["minus"] + " "
_BLANK_RUNS = re.compile(r" {2,}")


def any_digit(text: str) -> bool:
    """Whether text holds any digit at all, superscripts and other scripts included."""
    return bool(has_digit(text)) or (not text.isascii() and any(c.isdigit() for c in set(text)))


def parse(text: str) -> tuple[int, str]:
    """(integer part, digits after the comma) of a written number: "1.234,50" -> (1234, "50")."""
    whole, _, fraction = text.partition(",")
    return int(_SEPARATORS.sub("", whole) or "0"), fraction


def is_one(text: str) -> bool:
    """Exactly one ("1", "1,0"): the noun after it is singular."""
    whole, fraction = parse(text)
    return whole == 1 and not fraction.strip("0")


def say(text: str, gender: str | None = None, case: str = "nom", negative: bool = False) -> str:
    """A written number in words; a gender declines "1" (and 21, 101 ...) for its noun."""
    whole, fraction = parse(text)
    if fraction:
        return spell.decimal(str(whole), fraction, negative)
    if gender in ("m", "f", "n"):
        words = spell.cardinal(whole, gender, case)
    else:
        words = spell.cardinal(whole)
    return _MINUS + words if negative else words


def compound_part(digits: str) -> str:
    """A number as the first part of a compound: "1-Zimmer" -> "ein", "5-Tage" -> "fünf"."""
    n = int(digits)
    if len(digits) > 1 and digits.startswith("0"):
        return spell.digits(digits)
    return spell.cardinal(n, "n") if n % 100 == 1 and n != 11 else spell.cardinal(n)


def agreeing(text: str, pos: int, end: int, num: str) -> str:
    """The number `num` found at text[pos:end], agreeing with the noun it counts."""
    one_of = _ONE_OF.match(text, end) if num == "1" else None
    if one_of:
        # "1 von 10 Befragten": a pronoun for the noun named after the second number
        noun = grammar.next_noun(text, one_of.end())
        case = grammar.case_of(grammar.governor(text, pos))
        gender = noun.gender if noun and noun.gender in ("m", "f", "n") else "m"
        return grammar.DECLENSION[("pronoun", case)][gender]
    noun = grammar.next_noun(text, end)
    after = grammar.tokens_after(text, end, 1)
    if after and grammar.cue(after[0], "register"):
        return say(num)  # "1 StR 116/18": a file number, not "ein"
    if noun is None or not is_one(num) or "," in num or _is_label(text, pos):
        return say(num)  # only "1" agrees: "101 Abgeordnete" -> "hunderteins"
    if noun.gender == "adj":
        # a noun made from an adjective, after "1" a man or anyone: "1 Toten" -> "einen Toten"
        noun = grammar.Noun(noun.word, "m")
    # A noun of unknown gender: "ein"/"einem" are right for neuter and mostly for masculine.
    gender = noun.gender if noun.gender in ("m", "f", "n") else "n"
    if noun.gender == "pl" or noun.plural:
        after = grammar.tokens_after(text, end, 1)
        if after and (after[0] in grammar.CUES["link"] or after[0] in ("-", "–")):
            return WORDS["one"]  # "1 bis 2 Litern" -> "ein bis zwei Litern"
        return say(num)
    governing = grammar.governor(text, pos)
    case = grammar.case_of(governing) if governing else grammar.object_case(text, pos) or "nom"
    return say(num, gender, case)


def scale_words(num: str, scale: str, case: str = "nom") -> str:
    """ "3,5", "Mio." -> "drei Komma fünf Millionen"; "1", "Mio." -> "eine Million"."""
    singular, plural, gender = SCALES[scale.lower()]
    one = is_one(num) and "," not in num
    count = say(num, gender, case) if one else say(num)
    return f"{count} {singular if one else plural}"


def _scaled(match: re.Match[str]) -> str:
    case = grammar.case_of(grammar.governor(match.string, match.start()))
    words = scale_words(match.group("num"), match.group("scale"), case)
    return (_MINUS if match.group("sign") else "") + words


_LABEL_NOUNS = frozenset(row[0] for row in rows("label_nouns"))


def _is_label(text: str, pos: int) -> bool:
    """A number after a noun names rather than counts: "Gleis 1 Richtung Köln" -> "eins".
    At the start of a sentence the capitalised word may be an adverb instead ("Rund 1
    Million", "Exakt 1 Jahr"), and then the number counts; there only a noun of nouns.tsv
    makes it a label."""
    before = grammar.tokens_before(text, pos, 2)
    if not before or not before[0].isalpha() or not before[0][0].isupper():
        return False  # no noun before
    word = before[0]
    if grammar.is_function_word(word):
        return False
    if word in _LABEL_NOUNS:
        return True
    if len(before) > 1 and before[1].lower() in grammar.DETERMINERS:
        return False  # "in einer Stunde 1 Wattstunde": the noun's phrase is complete
    opens_sentence = len(before) == 1 or before[1] in {".", "!", "?", ":"}
    # At a sentence start only a known noun is sure to be one ("Exakt 1 Jahr" counts).
    return not opens_sentence or grammar.noun_info(word) is not None


def _list(match: re.Match[str]) -> str:
    return ", ".join(spell.cardinal(int(n)) for n in match.group(0).split(","))


def _ordinal_suffix(match: re.Match[str]) -> str:
    return spell.ordinal(int(match.group(1)), match.group(3))


def _word_suffix(match: re.Match[str]) -> str:
    """ "3fach" -> "dreifach", "5-jährige" -> "fünfjährige", "90er" -> "neunziger"."""
    digits, hyphen, word = match.groups()
    n = int(digits)
    if word[0].isupper():
        return f"{compound_part(digits)}{hyphen}{word}"
    if word.startswith("er"):
        if 1100 <= n <= 1999 and n % 10 == 0:
            return spell.year(n) + word
        return (WORDS["one_er"] if n == 1 else spell.cardinal(n) + "er") + word[2:]
    return compound_part(digits) + word


def _one_plural(match: re.Match[str]) -> str:
    info = grammar.noun_info(match.group(2))
    singular = info[2] if info else match.group(2)
    return f"1{match.group(1)}{singular}"


def _number(match: re.Match[str]) -> str:
    text, num = match.string, match.group("num")
    negative = bool(match.group("sign"))
    whole = _SEPARATORS.sub("", num.partition(",")[0])
    if len(whole) > 1 and whole.startswith("0") and "," not in num:
        return (_MINUS if negative else "") + spell.digits(whole)
    if (
        text[match.end() : match.end() + 1] == "-"
        and text[match.end() + 1 : match.end() + 2].isalpha()
    ):
        if "," in num:  # "1,2-a" -> "eins Komma zwei-a"
            return say(num, negative=negative)
        return (_MINUS if negative else "") + compound_part(whole)
    if negative:
        return say(num, negative=True)
    return agreeing(text, match.start(), match.end(), num)


def singular_after_one(text: str) -> str:
    """ "1 Millionen" -> "1 Million": after exactly one, a plural noun is singular."""
    return _ONE_PLURAL.sub(_one_plural, text) if "1" in text else text


# Thousands in groups before a compound: "11 400-Punkte-Marke" -> one number; before "-er" also
# with dots: "die 20 000er-Marke", "20.000er" -> "zwanzigtausender".
_SPACED_COMPOUND = re.compile(r"(?<![\d,.])(\d{1,3})((?:[ \u202f\u2009]\d{3})+)-(?=[^\W\d_])")
_GROUPED_ER = re.compile(r"(?<![\d,.])(\d{1,3})((?:[. \u202f\u2009]\d{3})+)(?=er(?![^\W\d_]))")
# A number glued to a noun of nouns.tsv: "0,8Cent", "5Tore" -> "0,8 Cent".
_GLUED_NOUN = re.compile(rf"(?<![\w.,])({NUM})([A-ZÄÖÜ][a-zäöüß]{{2,}})(?![\w])")


def glued_nouns(text: str) -> str:
    """A blank between a number and a noun written against it ("14,25Cent"), so that the
    amount and unit rules read them; brands and other words keep theirs ("3Sat")."""
    if not has_digit(text):
        return text
    return _GLUED_NOUN.sub(
        lambda m: f"{m.group(1)} {m.group(2)}" if grammar.noun_info(m.group(2)) else m.group(0),
        text,
    )


def apply(text: str) -> str:
    """Read every remaining number in `text`."""
    if not has_digit(text):
        return text
    text = _SPACED_COMPOUND.sub(lambda m: m.group(1) + re.sub(r"\D", "", m.group(2)) + "-", text)
    text = _GROUPED_ER.sub(lambda m: m.group(1) + re.sub(r"\D", "", m.group(2)), text)
    text = _LIST.sub(_list, text)
    text = _ORDINAL_SUFFIX.sub(_ordinal_suffix, text)
    text = _WORD_SUFFIX.sub(_word_suffix, text)
    text = _LETTER_SUFFIX.sub(lambda m: f"{spell.cardinal(int(m.group(1)))} {m.group(2)}", text)
    text = _SCALED.sub(_scaled, text)
    text = singular_after_one(text)
    return _NUMBER.sub(_number, text)


def unicode_digits(text: str) -> str:
    """Digits from other scripts and stray superscripts ("x²", "٣") as ASCII digits, so that the
    number rules read them; superscripts in units ("m²") were read before."""
    if text.isascii() or not any(c.isdigit() and not c.isascii() for c in set(text)):
        return text
    return spaced(text, _ascii_digit)


def _ascii_digit(char: str) -> str | None:
    return str(unicodedata.digit(char)) if char.isdigit() and not char.isascii() else None


def fallback(text: str) -> str:
    """Any digit still left is read, so that none reaches espeak-ng: "3.5" -> "drei Punkt fünf"."""
    if not any_digit(text):
        return text
    text = _DIGIT_POINT.sub(lambda m: f" {_POINT_WORDS[m.group(1)]} ", text)
    text = _DIGIT_RUN.sub(lambda m: _spaced_word(m, _digit_run(m.group(0))), text)
    if any_digit(text):
        text = spaced(text, lambda c: _other_digit(c) if c.isdigit() else None)
    return _BLANK_RUNS.sub(" ", text).strip()


def _spaced_word(match: re.Match[str], word: str) -> str:
    """word in place of match, with a blank towards a neighbouring letter or digit only."""
    text, start, end = match.string, match.start(), match.end()
    before = " " if start and text[start - 1].isalnum() else ""
    after = " " if end < len(text) and text[end].isalnum() else ""
    return f"{before}{word}{after}"


def spaced(text: str, replace: Callable[[str], str | None]) -> str:
    """Characters `replace` has a word for, read as that word, set off by spaces where they
    were glued to a letter or digit ("5½" -> "5 einhalb")."""
    out = []
    for i, char in enumerate(text):
        word = replace(char)
        if word is None:
            out.append(char)
            continue
        before = " " if i and text[i - 1].isalnum() else ""
        after = " " if i + 1 < len(text) and text[i + 1].isalnum() else ""
        out.append(f"{before}{word}{after}")
    return "".join(out)


def _digit_run(run: str) -> str:
    if run.isascii() and (len(run) == 1 or not run.startswith("0")) and len(run) <= 15:
        return spell.cardinal(int(run))
    return " ".join(_other_digit(c) for c in run)


def _other_digit(char: str) -> str:
    value = unicodedata.digit(char, None)
    return spell.DIGIT_WORDS[value] if value is not None else ""
