"""Abbreviations from abbreviations.tsv (shared with the sentence splitter): "z. B." ->
"zum Beispiel", "Dr." -> "Doktor", "Mio." -> "Millionen".

Only whole words are expanded (never "ca." inside "Afrika."), spaced and unspaced forms
alike ("z.B."). The type column decides where: a month only after a day ("2. Mär. 2003"),
a capitalised number-type abbreviation that could be a word ("Art.", "S.") only before a
number ("Art. 5"). The dot goes with the abbreviation, except at the end of the line, where
it is also the full stop.
Forms written without a dot ("Hannover Hbf", "PHK Müller", "inkl MwSt") come from
bare_abbreviations.tsv and match as whole, case-sensitive words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tts.langdata import rows
from tts.normalize import grammar
from tts.normalize.vocabulary import WORDS


@dataclass(frozen=True)
class Abbreviation:
    spoken: str
    kind: str


def _variants(written: str, kind: str) -> list[str]:
    """The form as listed, capitalised at a sentence start ("Z. B."), a title in lower case."""
    forms = [written]
    if written[0].islower():
        forms.append(written[0].upper() + written[1:])
    elif kind == "title" and written.lower() not in ABBREVIATIONS:
        forms.append(written.lower())
    return forms


def _key(written: str) -> str:
    return written.replace(" ", "")


ABBREVIATIONS: dict[str, Abbreviation] = {}
_MONTHS: dict[str, Abbreviation] = {}
for _row in rows("abbreviations"):
    if len(_row) < 3:
        continue
    _written, _spoken, _kind = _row[0], _row[1], _row[2]
    for _i, _form in enumerate(_variants(_written, _kind)):
        _say = _spoken[0].upper() + _spoken[1:] if _i and _form[0].isupper() else _spoken
        ABBREVIATIONS.setdefault(_key(_form), Abbreviation(_say, _kind))
    if _kind == "month":
        _MONTHS[_key(_written).lower()] = Abbreviation(_spoken, _kind)


def _pattern(written: str) -> str:
    parts = [re.escape(p) for p in written.replace(" ", "").split(".") if p]
    return r"\.\s?".join(parts) + r"\."


# In a legal citation "S." is "Satz", not "Seite": right after "§ 1", "Abs. 2", "Art. 5", "Nr. 3".
_CITATION: dict[str, str] = {_key(r[0]): r[1] for r in rows("citation_abbreviations") if len(r) > 1}
_IN_CITATION = re.compile(r"(?:§§?|\bAbs\.|\bArt\.|\bNr\.)\s?\d+[a-z]?\s?$")


_ALTERNATIVES = sorted(set(ABBREVIATIONS) | set(_CITATION), key=len, reverse=True)
_ABBREVIATION = re.compile(
    r"(?<!\w)(?:"
    + "|".join(_pattern(w) for w in _ALTERNATIVES)
    + r"|(?i:"
    + "|".join(_pattern(w) for w in sorted(_MONTHS, key=len, reverse=True))
    + r"))(?![^\W\d_])"
)
_DAY_BEFORE = re.compile(r"\d\.\s?$")
# A month abbreviation without its dot, right after a day: "3. Jan 2012", "14. okt".
_UNDOTTED_MONTH = re.compile(
    r"(?<=\d\.)(\s?)(?i:("
    + "|".join(re.escape(m.rstrip(".")) for m in sorted(_MONTHS, key=len, reverse=True))
    + r"))(?![\w.])"
)
_UNIT_SYMBOLS = {row[0] for row in rows("units")}
_NUMBER_BEFORE = re.compile(r"\d\s?$")
_NUMBER_AFTER = re.compile(r":?\s?(?:§|\(?\+?\d|[IVXLC]+\b)")  # also "Kap. IV"
_END = re.compile(r"\s*[)\]]*\s*$")
_VOWELS = set("aeiouäöüyAEIOUÄÖÜY")
# Adjective stems among the spoken forms ("ehemalig", "sogenannt(e)"), declined before a noun.
_ADJECTIVE_STEMS = ("ig", "sch", "end", "lich", "annt", "eigen")
_STREET = re.compile(r"(?<=[a-zäöüß])str\.(?=\s?\d|,|\s|$)")


def _applies(abbreviation: Abbreviation, written: str, text: str, start: int, end: int) -> bool:
    kind = abbreviation.kind
    if kind == "month":
        return bool(_DAY_BEFORE.search(text[max(0, start - 4) : start]))
    if written.rstrip(".") in _UNIT_SYMBOLS and _NUMBER_BEFORE.search(
        text[max(0, start - 3) : start]
    ):
        return False  # "5 min." is a unit (units.py), not "minimal"
    if kind == "number" and written[0].isupper():
        stem = written.rstrip(".")
        if len(stem) > 1 and not _VOWELS.intersection(stem):
            return True  # "Nr.", "Bd.": no German word looks like this
        return bool(_NUMBER_AFTER.match(text, end))
    return True


def _declined(spoken: str, text: str, start: int, end: int) -> str:
    """An adjective agrees with its noun: "des sog. Gipfels" -> "des sogenannten Gipfels"."""
    stem = spoken.removesuffix("e")
    if " " in spoken or not stem.endswith(_ADJECTIVE_STEMS) or spoken in grammar.PREPOSITIONS:
        return spoken  # "zzgl." is "zuzüglich" whatever follows
    if _NUMBER_AFTER.match(text, end):
        return spoken  # an adverb before an amount: "mtl. 50 Euro" -> "monatlich"
    noun = grammar.next_noun(text, end)
    if noun is None:
        return spoken
    gender = "pl" if noun.plural else noun.gender
    return stem + grammar.ordinal_ending(grammar.governor(text, start), gender)


def _expand(match: re.Match[str]) -> str:
    written = match.group(0)
    key = _key(written)
    before = match.string[max(0, match.start() - 20) : match.start()]
    if key in _CITATION and _IN_CITATION.search(before):
        return _CITATION[key]
    abbreviation = ABBREVIATIONS.get(key) or _MONTHS.get(key.lower())
    if abbreviation is None or not _applies(
        abbreviation, written, match.string, match.start(), match.end()
    ):
        return written
    if _END.fullmatch(match.string, match.end()):
        return abbreviation.spoken + "."
    if abbreviation.kind == "phrase":
        return _declined(abbreviation.spoken, match.string, match.start(), match.end())
    return abbreviation.spoken


BARE: dict[str, str] = {r[0]: r[1] for r in rows("bare_abbreviations") if len(r) > 1}
_BARE = re.compile(
    r"(?<![\w.@-])("
    + "|".join(re.escape(w) for w in sorted(BARE, key=len, reverse=True))
    + r")(?:(?![\w@.-])|(?=\.\s*$))"
)


COUNTRIES: dict[str, str] = {r[0]: r[1] for r in rows("country_codes") if len(r) > 1}
# "(It)" right after a place: a country code (country_codes.tsv).
_COUNTRY = re.compile(
    r"(?<=[^\W\d_] \()("
    + "|".join(re.escape(w) for w in sorted(COUNTRIES, key=len, reverse=True))
    + r")(?=\))"
)


def _country(match: re.Match[str]) -> str:
    place = grammar.tokens_before(match.string, match.start() - 1, 1)
    if not place or grammar.is_function_word(place[0]):
        return match.group(0)  # "Das (No)": no place before it
    return COUNTRIES[match.group(1)]


def apply(text: str) -> str:
    if "(" in text:
        text = _COUNTRY.sub(_country, text)
    if any(word in text for word in BARE):  # substring tests are cheap, the regex is not
        text = _BARE.sub(lambda m: BARE[m.group(1)], text)
    if "." not in text:
        return text
    text = _STREET.sub(WORDS["street"], text)  # "Goethestr. 12"
    text = _UNDOTTED_MONTH.sub(
        lambda m: m.group(1) + _MONTHS[m.group(2).lower() + "."].spoken, text
    )
    return _ABBREVIATION.sub(_expand, text)
