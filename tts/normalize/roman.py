"""Roman numerals after names: "Ludwig XIV." -> "Ludwig der Vierzehnte", "von Charles III." ->
"von Charles dem Dritten", "Sohn Ludwigs XIII." -> "Sohn Ludwigs des Dreizehnten";
after a counting noun, or without the ordinal dot, a plain number: "Teil II" -> "Teil zwei".

The article before the ordinal takes the case of the name's phrase (the article or
preposition before it, or a genitive -s on the name) and the ruler's gender (regnal.tsv).
Only capital letters after a known name, after a title ("König", "Papst") or, with a dot,
after any capitalised word are read; "CD" or "MIX" elsewhere are left to the acronym rule.
"""

from __future__ import annotations

import re

from tts.langdata import rows
from tts.normalize import grammar, spell
from tts.normalize.vocabulary import WORDS

_NAMES: dict[str, str] = {r[0]: r[2] for r in rows("regnal") if r[1] == "name"}
_TITLES: dict[str, str] = {r[0]: r[2] for r in rows("regnal") if r[1] == "title"}
_COUNTERS: set[str] = {r[0] for r in rows("regnal") if r[1] == "counter"}
_NOT_ROMAN: set[str] = {r[0] for r in rows("regnal") if r[1] == "letters"}
_ROMAN = re.compile(r"\b(?P<word>[A-ZÄÖÜ][^\W\d_]*) (?P<roman>[IVXLC]+)\b(?P<dot>\.)?(?!\w)")
_VALID = re.compile(r"(?=[IVXLC])(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_LETTER = re.compile(r"\b[IVXLC]")
_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_END = re.compile(r"\s*[)\]]*\s*$")


def value(roman: str) -> int | None:
    """The value of a well-formed roman numeral below 100, else None."""
    if not _VALID.fullmatch(roman):
        return None
    total = 0
    for i, char in enumerate(roman):
        v = _VALUES[char]
        total += -v if i + 1 < len(roman) and _VALUES[roman[i + 1]] > v else v
    return total


def _title(word: str) -> str | None:
    for form in (word, word.removesuffix("es"), word.removesuffix("s")):
        if form in _TITLES:
            return _TITLES[form]
    return None


def _name_gender(word: str) -> tuple[str | None, bool]:
    """(gender, is genitive) of a regnal name, or (None, False)."""
    if word in _NAMES:
        return _NAMES[word], False
    if word.endswith("s") and word[:-1] in _NAMES:
        return _NAMES[word[:-1]], True
    return None, False


def _case(text: str, pos: int, gender: str) -> str:
    """Case of the name phrase ending before pos: skip names, titles and adjectives; a verb
    after a subject makes the phrase its object ("Sie dankte Friedrich II." -> dative)."""
    for word in grammar.tokens_before(text, pos, 8):
        lower = word.lower()
        if word.islower() and lower not in grammar.DETERMINERS:
            verb_end = text.rfind(word, 0, pos) + len(word)
            case = grammar.object_case(text, verb_end)
            if case:
                return case
        if (
            word in _NAMES
            or _title(word)
            or (
                word.islower()
                and word.endswith(("en", "e"))
                and lower not in grammar.DETERMINERS
                and lower not in grammar.PREPOSITIONS
            )
        ):
            continue
        if lower in grammar.DETERMINERS or lower in grammar.PREPOSITIONS:
            if lower == "der" and gender == "f":
                return "dat"
            if lower == "an" and _accusative_an(text, text.rfind(word, 0, pos)):
                return "acc"
            return grammar.case_of(lower)
        apposition = _apposition_case(text, text.rfind(word, 0, pos), word)
        if apposition:
            return apposition
        break
    return "nom"


def _accusative_an(text: str, pos: int) -> bool:
    """ "an" takes the accusative after verbs and nouns of addressing ("schrieb an", "Brief an",
    "erinnerte an"); elsewhere it gives the dative ("Kritik an")."""
    return any(grammar.cue(w, "an_accusative") for w in grammar.tokens_before(text, pos, 4))


def _apposition_case(text: str, pos: int, noun: str) -> str | None:
    """A name in apposition to a noun takes the noun's case, shown by the article before it:
    "des Vorgängers Papst Johannes Paul II." -> genitive, "dem Gast Karl IV." -> dative."""
    if not noun[:1].isupper() or grammar.is_function_word(noun) or pos < 0:
        return None
    before = grammar.tokens_before(text, pos, 3)
    for word in before:
        lower = word.lower()
        if lower in grammar.DETERMINERS:
            return grammar.case_of(lower) if lower != "der" else None
        if not grammar._is_adjective(word):
            return None
    return None


def _after_a_noun(text: str, pos: int) -> bool:
    """Whether the name at pos follows a noun of which it is the genitive; said of names that
    show no genitive -s ("Das Grab Ramses II." -> "Ramses des Zweiten")."""
    before = grammar.tokens_before(text, pos, 2)
    if len(before) < 2:
        return False
    noun = before[0]
    return (
        noun[:1].isupper()
        and noun.isalpha()
        and not grammar.is_month(noun)  # "am 1. März Constantius I.": a date, no possessor
        and not grammar.is_function_word(noun)
        and noun not in _NAMES
        and not _title(noun)
    )


def _regnal(match: re.Match[str], number: int) -> str:
    text, word = match.string, match.group("word")
    gender, genitive = _name_gender(word)
    if gender is None:
        before = grammar.tokens_before(text, match.start("word"), 3)
        gender = next((g for g in (_title(w) for w in before) if g), "m")
    if not genitive and word.endswith(("s", "x", "z", "ß")):
        genitive = _after_a_noun(text, match.start("word"))
    case = "gen" if genitive else _case(text, match.start("word"), gender)
    article = grammar.DECLENSION[("definite", case)][gender]
    ending = grammar.DECLENSION[("weak", case)][gender]
    return f"{word} {article} {spell.ordinal(number, ending).capitalize()}"


def _roman(match: re.Match[str]) -> str:
    roman = match.group("roman")
    number = value(roman)
    if not number or roman in _NOT_ROMAN:
        return match.group(0)
    text, word, dot = match.string, match.group("word"), match.group("dot")
    end = "." if dot and _END.fullmatch(text, match.end()) else ""
    if word in _COUNTERS:
        return f"{word} {spell.cardinal(number)}{end}"
    known = _name_gender(word)[0] is not None
    titled = any(_title(w) for w in grammar.tokens_before(text, match.start("word"), 3))
    plain_word = not grammar.is_function_word(word)
    if known or titled or (dot and len(roman) > 1 and plain_word):
        return _regnal(match, number) + end
    if len(roman) > 1 and plain_word:
        return f"{word} {spell.cardinal(number)}"  # a sequel or a part: "Rocky II"
    return match.group(0)


# "die XXXI. Olympischen Spiele": a roman ordinal between an article and a noun; written as
# digits, ordinals.py declines it like "die 31. Olympischen Spiele".
_ORDINAL = re.compile(r"\b(?P<det>[^\W\d_]+) (?P<roman>[IVXLC]{2,})\.(?= [A-ZÄÖÜ])")


def _ordinal(match: re.Match[str]) -> str:
    det = match.group("det").lower()
    number = value(match.group("roman"))
    if not number or (det not in grammar.DETERMINERS and det not in grammar.PREPOSITIONS):
        return match.group(0)
    return f"{match.group('det')} {number}."


# A roman numeral after a paragraph's number is its subsection, as legal texts cite it:
# "gemäß § 180 III LVwG" -> "gemäß Paragraf hundertachtzig Absatz drei".
_SECTION = re.compile(
    r"(?P<para>(?:§|"
    + "|".join(sorted(grammar.CUES.get("paragraph", ())))
    + r")\s?\d+[a-z]?) (?P<roman>[IVX]{1,5})\b(?![.\w])"
)


def _section(match: re.Match[str]) -> str:
    number = value(match.group("roman"))
    if not number or number > 20:
        return match.group(0)
    return f"{match.group('para')} {WORDS['section']} {spell.cardinal(number)}"


def apply(text: str) -> str:
    if not _ROMAN_LETTER.search(text):
        return text
    text = _SECTION.sub(_section, text)
    text = _ORDINAL.sub(_ordinal, text)
    alone = text.strip()
    number = value(alone) if len(alone) > 1 and alone not in _NOT_ROMAN else None
    if number:
        return spell.cardinal(number)  # a line with only "XIV": a number
    return _ROMAN.sub(_roman, text)
