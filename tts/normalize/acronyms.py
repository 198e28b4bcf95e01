"""Acronyms: spelled with letter names when they cannot be read ("USA" -> "U S A", "KCNA"),
read as words when they can ("NATO" -> "Nato"), with the exceptions in acronyms.tsv.
Mixed forms: "UN-Sicherheitsrat" -> "U N-Sicherheitsrat", "G7" -> "G sieben", "CO2" -> "C O zwei",
"3D" -> "drei D", "NGOs" -> "N G Ohs", "AfD" -> "A f D".

espeak-ng reads a capitalised word as a word when it looks pronounceable to it ("USA" ->
"usa"), so spelling is decided here. A spelled letter is the letter itself, separated by
blanks: espeak-ng names single letters, and the output stays stable when normalised again.
"""

from __future__ import annotations

import re

from tts.langdata import mapping, rows
from tts.normalize import grammar, spell

TABLE: dict[str, str] = mapping("acronyms")
LETTERS: dict[str, str] = mapping("letters")

_VOWELS = frozenset("AEIOUÄÖÜY")
_DIPHTHONGS = frozenset(r[0] for r in rows("phonotactics") if r[1] == "vowels")
_ONSETS = frozenset(r[0] for r in rows("phonotactics") if r[1] == "onset")
_CODAS = frozenset(r[0] for r in rows("phonotactics") if r[1] == "coda")
_CLUSTER = re.compile(r"SCH|CH|CK|[^AEIOUÄÖÜY]")
# Candidates: words with two capitals or with a digit; table words like "Lkw" by name.
_TOKEN = re.compile(
    r"(?<![\w])(?=[^\W_]*(?:[A-ZÄÖÜ][^\W_]*[A-ZÄÖÜ]|\d))[^\W_]+(?![\w])"
    r"|(?<![\w])(?:"
    + "|".join(re.escape(w) for w in sorted(TABLE, key=len, reverse=True))
    + r")(?![\w])"
)
_RUNS = re.compile(r"[^\W\d_]+|\d+")
_HAS_UPPER_PAIR = re.compile(r"[A-ZÄÖÜ].*[A-ZÄÖÜ]")


def pronounceable(word: str) -> bool:
    """Whether an upper-case word of four or more letters can be read as a German word."""
    if len(word) < 4 or not _VOWELS.intersection(word) or not set(word) - _VOWELS:
        return False
    for run in re.findall(r"[AEIOUÄÖÜY]+", word):
        if len(run) > 2 or (len(run) == 2 and run not in _DIPHTHONGS):
            return False
    consonants = re.split(r"[AEIOUÄÖÜY]+", word)
    onset, coda, middle = consonants[0], consonants[-1], consonants[1:-1]
    if len(_CLUSTER.findall(onset)) > 1 and onset not in _ONSETS:
        return False
    if len(_CLUSTER.findall(coda)) > 1 and coda not in _CODAS:
        return False
    return all(len(_CLUSTER.findall(m)) <= 3 for m in middle)


def spelled(letters: str) -> str:
    return " ".join(letters)


def read_caps(word: str) -> str:
    """An all-caps word (two letters or more): table, function word, spelled or read."""
    if word in TABLE:
        return TABLE[word]
    if len(word) <= 3:
        if grammar.is_function_word(word.lower()):
            return word.capitalize()
        return spelled(word)
    return word.capitalize() if pronounceable(word) else spelled(word)


def _plural(word: str) -> str:
    """ "NGOs" -> "N G Ohs": the last letter's name takes the ending."""
    stem = word[:-1]
    reading = read_caps(stem) if len(stem) > 1 else stem
    if " " not in reading and len(stem) > 1:
        return reading + "s"
    head, _, last = reading.rpartition(" ")
    name = LETTERS.get(last, last)
    return f"{head} {name}s".strip()


def _alphanumeric(token: str) -> str:
    """ "CO2" -> "C O zwei", "A380" -> "A dreihundertachtzig", "3D" -> "drei D"."""
    parts = []
    for run in _RUNS.findall(token):
        if run.isdigit() and len(run) > 18:
            parts.append(spell.digits(run))
        elif run.isdigit():
            parts.append(
                spell.digits(run)
                if len(run) > 1 and run.startswith("0")
                else spell.cardinal(int(run))
            )
        else:
            parts.append(read(run))
    return " ".join(parts)


def read(token: str) -> str:
    """The reading of one token, or the token itself if it is no acronym."""
    if token in TABLE:
        return TABLE[token]
    if token.islower() or (token[1:].islower() and not token[0].isdigit()):
        return token  # a word: only the table knows mixed-case acronyms like "Lkw"
    if any(c.isdigit() for c in token):
        return _alphanumeric(token) if any(c.isupper() for c in token) else token
    if len(token) < 2:
        return token
    if token.isupper():
        return read_caps(token)
    if len(token) >= 3 and token.endswith("s") and token[:-1].isupper():
        return _plural(token)
    if token[0].isupper() and _HAS_UPPER_PAIR.search(token):
        lower_runs = re.findall(r"[^\W\dA-ZÄÖÜ_]+", token)
        if all(len(run) == 1 for run in lower_runs):
            return spelled(token)
    return token


# A slash joining two parties or bodies ("CDU/CSU", "SPD/Grüne"): a reader says "CDU-CSU",
# so it becomes a blank that nothing reads as "Schrägstrich".
_JOINING_SLASH = re.compile(r"(?<=[A-ZÄÖÜ])/(?=[A-ZÄÖÜ])")


# Two or more capitalised words in a row: a heading or a name set in capitals ("1. MENDL
# FESTSPIELE ZEITZ", "WARNUNG vor STURMBÖEN"), not acronyms when one of them is a noun.
_SHOUTED = re.compile(r"\b[A-ZÄÖÜ]{2,}(?:[ -][A-ZÄÖÜ]{2,})*\b")
_MIN_SHOUTED = 5


def _word(caps: str) -> str:
    return caps[0] + caps[1:].lower()


def _shouted(match: re.Match[str]) -> str:
    """A capitals word of the noun lexicon is that noun ("STURMBÖEN" -> "Sturmböen"); in a
    run of them the other capital words are words too ("MENDL FESTSPIELE" -> "Mendl ...")."""
    words = re.split(r"([ -])", match.group(0))
    nouns = [
        w
        for w in words[::2]
        if len(w) >= _MIN_SHOUTED and w not in TABLE and grammar.is_common_noun(_word(w))
    ]
    if not nouns:
        return match.group(0)
    return "".join(_word(w) if w in nouns or (len(w) >= 4 and w not in TABLE) else w for w in words)


def shouted(text: str) -> str:
    """Capitals words that are nouns, read as words; early, so that agreement sees the noun."""
    return _SHOUTED.sub(_shouted, text)


def apply(text: str) -> str:
    if "/" in text:
        text = _JOINING_SLASH.sub(" ", text)
    return _TOKEN.sub(lambda m: read(m.group(0)), text)
