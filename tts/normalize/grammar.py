"""Case and gender from the words around a number, for agreement: "am 3. Oktober" -> "dritten",
"der 2. Bundesliga" -> "zweiten", "mit 1 Stimme" -> "einer".

German marks case on the article or preposition before a noun phrase and gender on the noun
after it; the number in between agrees with both. Looking a few words left and right is
enough for news text: adjectives between them ("am kommenden Dienstag") are skipped.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from tts.langdata import rows

# word -> (ending before m, f, n noun; case for m; ending before an unknown noun)
DETERMINERS: dict[str, tuple[str, str, str, str, str]] = {
    r[0]: (r[1], r[2], r[3], r[4], r[5]) for r in rows("determiners")
}
PREPOSITIONS: dict[str, str] = {r[0]: r[1] for r in rows("prepositions")}
# (paradigm, case) -> {gender: ending or word}
DECLENSION: dict[tuple[str, str], dict[str, str]] = {
    (r[0], r[1]): {"m": r[2], "f": r[3], "n": r[4]} for r in rows("declension")
}
_NOUNS: dict[str, tuple[str, bool, str]] = {}  # word -> (gender, is_plural, singular)
for _row in rows("nouns"):
    _singular, _gender = _row[0], _row[1]
    _plural = _row[2] if len(_row) > 2 and _row[2] else ""
    _NOUNS[_singular] = (_gender, False, _singular)
    if _plural and _plural != _singular:
        _NOUNS.setdefault(_plural, (_gender, True, _singular))
# Compound heads: lowercase known nouns of 3+ letters, longest first, with gender and number
# ("Länderspiel" -> "spiel" -> n, "Silbermedaillen" -> "medaillen" -> f, plural).
_HEADS = sorted(
    ((w.lower(), info[0], info[1]) for w, info in _NOUNS.items() if len(w) >= 3 and w[0].isupper()),
    key=lambda item: -len(item[0]),
)
_SUFFIXES = sorted(((r[0], r[1]) for r in rows("noun_suffixes")), key=lambda r: -len(r[0]))
MONTHS: dict[str, int] = {}
MONTH_NAMES: dict[int, str] = {}
for _row in rows("months"):
    MONTH_NAMES[int(_row[0])] = _row[1]
    for _name in (_row[1], *(_row[2].split(",") if len(_row) > 2 else ())):
        if _name.strip():
            MONTHS[_name.strip().lower()] = int(_row[0])
CUES: dict[str, set[str]] = {}
for _row in rows("cues"):
    CUES.setdefault(_row[1], set()).add(_row[0])

TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+|\S")
# Adjective endings (an ordinal or adjective between article and noun): from the paradigms.
_ADJECTIVE_END = tuple(
    {
        e
        for (paradigm, _c), endings in DECLENSION.items()
        if paradigm in ("strong", "weak")
        for e in endings.values()
    }
)


@dataclass(frozen=True)
class Noun:
    """What follows a number: a noun's gender and number, if known."""

    word: str
    gender: str | None  # m, f, n, pl, or None if unknown
    plural: bool = False


def noun_info(word: str) -> tuple[str, bool, str] | None:
    """(gender, plural, singular) of a known noun, or None."""
    return _NOUNS.get(word)


def plural_nouns() -> list[str]:
    """Known plural forms that differ from their singular ("Millionen", "Stunden"); not those
    of nouns made from adjectives, where "Toten" is also a singular ("1 Toten")."""
    return [
        w
        for w, (gender, plural, singular) in _NOUNS.items()
        if plural and w != singular and gender != "adj"
    ]


@cache
def _wiktionary() -> dict[str, tuple[str, bool]]:
    """Noun forms of de.wiktionary (nouns_wiktionary.tsv.gz, from german-nouns): form ->
    (gender or "" where the ending rules agree, is plural). Loaded on first use, once."""
    data = (resources.files("tts") / "data" / "nouns_wiktionary.tsv.gz").read_bytes()
    out: dict[str, tuple[str, bool]] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if line.startswith("#"):
            continue
        form, gender, plural = line.split("\t")
        out[form] = (gender, plural == "1")
    return out


def is_common_noun(word: str) -> bool:
    """Whether word is a noun of the lexicons (not a place or a person): "91522 Ansbach" is a
    postal code, "12000 Zuschauer" a count."""
    head = word.rsplit("-", 1)[-1]
    return head in _NOUNS or head in _wiktionary()


def counts(word: str) -> bool:
    """Whether a number before word counts it: word is a noun of the lexicons or a compound
    ending in a plural one ("1500 Bundeswehrsoldaten"). A place or a club is not ("1899
    Hoffenheim", "91522 Ansbach": the singular "Heim" or "Bach" at their end counts nothing)."""
    head = word.rsplit("-", 1)[-1]
    if not head[:1].isupper():
        return False
    if is_common_noun(head):
        return True
    tail = _compound_tail(head)
    return tail is not None and tail[1]


@lru_cache(maxsize=4096)
def noun_of(word: str) -> tuple[str | None, bool]:
    """(gender, is plural) of a noun: the hand list (nouns.tsv), then Wiktionary's forms, then
    the compound's last part ("Wattstunde" like "Stunde"), then its ending; the gender is m,
    f, n, pl or None when nothing tells."""
    head = word.rsplit("-", 1)[-1]
    if not head:
        return None, False
    known = _NOUNS.get(head) or _NOUNS.get(head.capitalize())
    if known:
        return known[0], known[1]
    if not head[0].isupper():
        return None, False
    listed = _wiktionary().get(head)
    if listed and listed[0]:
        return listed
    if listed is None:
        tail = _compound_tail(head)
        if tail is not None:
            return tail
    return _by_ending(head)


def _compound_tail(word: str) -> tuple[str | None, bool] | None:
    """A compound takes gender and number of its last part, the longest known one."""
    lexicon = _wiktionary()
    for i in range(1, len(word) - 2):
        tail = word[i].upper() + word[i + 1 :]
        known = _NOUNS.get(tail)
        if known:
            return known[0], known[1]
        listed = lexicon.get(tail)
        if listed is not None:
            return listed if listed[0] else _by_ending(tail)
    return None


def _by_ending(word: str) -> tuple[str | None, bool]:
    lower = word.lower()
    for ending, gender, plural in _HEADS:
        if lower.endswith(ending) and len(lower) > len(ending):
            return gender, plural
    for ending, gender in _SUFFIXES:
        if lower.endswith(ending):
            return gender, False
    return None, False


def gender_of(word: str) -> str | None:
    """Gender of a noun (m, f, n, pl) from the table, its compound head, or its ending."""
    return noun_of(word)[0]


def cue(word: str, kind: str) -> bool:
    """Whether word (or its lower-case form, at a sentence start) is a cue of kind (cues.tsv)."""
    cues = CUES.get(kind, set())
    return word in cues or word.lower() in cues


def is_month(word: str) -> bool:
    return word.lower() in MONTHS


def is_function_word(word: str) -> bool:
    """Articles, prepositions and sentence openers: never the noun a number counts."""
    lower = word.lower()
    return lower in DETERMINERS or lower in PREPOSITIONS or word in CUES["start"]


def tokens_before(text: str, pos: int, limit: int = 8) -> list[str]:
    """The last `limit` tokens before pos, nearest first."""
    return TOKEN.findall(text[max(0, pos - 100) : pos])[-limit:][::-1]


def tokens_after(text: str, pos: int, limit: int = 8) -> list[str]:
    return TOKEN.findall(text[pos : pos + 100])[:limit]


def _is_adjective(word: str) -> bool:
    return word.islower() and word.endswith(_ADJECTIVE_END) and not is_function_word(word)


def governor(text: str, pos: int) -> str | None:
    """The article or preposition that governs the noun phrase a number at pos belongs to.

    Skips adjectives ("am kommenden 3. ..."), adverbs of degree ("von rund 1,30 Euro", cues.tsv)
    and a weekday apposition ("am Dienstag, 29. ...").
    Returns the lower-cased word, or None when the phrase has no article (sentence start,
    after a verb or noun).
    """
    before = tokens_before(text, pos)
    i = 0
    while i < len(before):
        word = before[i]
        lower = word.lower()
        if lower in DETERMINERS or lower in PREPOSITIONS:
            return lower
        if word in {",", "("} and i + 1 < len(before) and before[i + 1] in CUES["weekday"]:
            i += 2  # "am Dienstag, 29. Oktober", "am Montag (3. Juni)"
            continue
        if _is_adjective(word) or cue(word, "degree"):  # "von monatlich rund 1,30 Euro"
            i += 1
            continue
        return None
    return None


def next_noun(text: str, pos: int) -> Noun | None:
    """The noun a number at pos counts: the next capitalised word, past adjectives and
    the rest of a range or list ("26. bis 28. Juni", "2./3. Juli")."""
    after = tokens_after(text, pos)
    for i, word in enumerate(after):
        if word in {".", "/", "-", "–", ","} or word in CUES["link"] or word.isdigit():
            continue
        if word[0].isupper():
            if is_function_word(word):
                return None
            following = after[i + 1] if i + 1 < len(after) else ""
            if (
                word.lower().endswith(_ADJECTIVE_END)
                and word not in _NOUNS
                and following[:1].isupper()
                and is_common_noun(following)
                and not is_month(word)
            ):
                continue  # a capitalised adjective of a name: "der 267. Heilige Vater"
            if is_month(word):
                return Noun(word, "m")
            known = _NOUNS.get(word)
            if known:
                return Noun(word, known[0], known[1])
            return Noun(word, *noun_of(word))
        if word.islower() and (is_month(word) or word.capitalize() in _NOUNS):
            # a known noun written in lower case ("1 stunde", "14. januar")
            return next_noun(word.capitalize(), 0)
        if _is_adjective(word):
            continue
        return None
    return None


def after_between(text: str, pos: int) -> bool:
    """Whether a range at pos follows "zwischen", perhaps with an article and a noun in
    between ("zwischen den Jahren 2019–2021"): then its dash is read "und", not "bis"."""
    for word in tokens_before(text, pos, 3):
        if cue(word, "between"):
            return True
        if word.lower() not in DETERMINERS and not word[:1].isupper():
            return False
    return False


_CLAUSE_START = re.compile(r"[.!?;:]\s")


def object_case(text: str, pos: int) -> str | None:
    """The case of a phrase at pos that follows "subject verb" at the start of a sentence: the
    verb's object, so accusative ("Die Partei verlor 1 Sitz" -> "einen Sitz"), dative after a
    dative verb ("Sie dankte Friedrich II." -> "dem Zweiten"); None when the words before are
    not a subject and a verb, or the verb leaves the phrase nominative ("wurde", "fehlt").

    Only this plain word order is trusted: after "Damals dankte" the phrase is the subject.
    """
    head = text[max(0, pos - 100) : pos]
    starts = list(_CLAUSE_START.finditer(head))
    clause = head[starts[-1].end() :] if starts else head
    if pos > 100 and not starts:
        return None
    words = TOKEN.findall(clause)
    while words and cue(words[-1], "degree"):
        words.pop()  # "Die Partei verlor rund 1 Sitz"
    if len(words) < 2 or not words[-1].isalpha() or not words[-1].islower():
        return None
    verb, subject = words[-1], words[:-1]
    if is_function_word(verb) or cue(verb, "nominative_verb"):
        return None
    if not cue(subject[0], "subject"):
        return None
    if len(subject) > 1:  # an article, adjectives, a noun: "Das neue Porträt"
        noun, middle = subject[-1], subject[1:-1]
        if not noun[:1].isupper() or not all(_is_adjective(w) for w in middle):
            return None
    return "dat" if cue(verb, "dative_verb") else "acc"


def case_of(word: str | None) -> str:
    """The case a governing word gives a following number phrase (nom without one)."""
    if word is None:
        return "nom"
    if word in PREPOSITIONS:
        return PREPOSITIONS[word]
    if word in DETERMINERS:
        return DETERMINERS[word][3]
    return "nom"


def ordinal_ending(governing: str | None, gender: str | None, *, date: bool = False) -> str:
    """Adjective ending of an ordinal after `governing` before a noun of `gender`.

    After an article the table decides; after a bare preposition the strong ending of its
    case, except in dates, where speakers use "-en" ("ab ersten Januar"); without either,
    the nominative ("3. Oktober" -> "dritter").
    """
    g = gender if gender in ("m", "f", "n") else None
    if governing in DETERMINERS:
        m, f, n, _case, unknown = DETERMINERS[governing]
        if gender == "pl":
            return "en"
        return {"m": m, "f": f, "n": n}.get(g or "", unknown)
    if governing in PREPOSITIONS:
        if date or g is None:
            return "en"
        return DECLENSION[("strong", PREPOSITIONS[governing])][g]
    if gender == "pl":
        return "e"
    return DECLENSION[("strong", "nom")][g or "m"]
