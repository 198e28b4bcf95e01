"""Page furniture by its form: what a line of pasted text looks like when it is not article text,
whatever its wording.

A heading is a few words of language. Furniture is a control made of interface words
("Artikel verschenken", "Auf X teilen", "Text anhören (2:31)"), a stamp with separators or a
clock time ("Do 26.11.26 | 10:12 Uhr"), or a picture credit ("Symbolbild: IMAGO/Beispiel",
"© NDR"). The interface and credit words are in tts/data/ui_words.tsv; what counts as a
sentence is decided by the sentence splitter.
"""

from __future__ import annotations

import re
from functools import cache

from tts import langdata
from tts.segment.sentences import split_sentences

_MAX_UI_WORDS = 8
_MAX_CREDIT_WORDS = 12
_MAX_STAMP_WORDS = 3  # 'Veröffentlicht am 26.11.26'; 'Was sich ab 1.1.2027 ändert' is a title
_CLOCK = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d:])")
_NUMERIC_DATE = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})?(?![\d.])")
_COUNT = re.compile(r"\(\d{1,3}(?:[.,:]\d+)?\s*[^\W\d_]{0,12}\.?\)$")
# Separators of a stamp or a ticker line ("Zehnjährige stürzt … +++ Mann mit Softair-Waffe …").
_SEPARATOR = re.compile(r"(?:^|\s)(?:[|·•]|\+{3})(?:\s|$)")
# A player's label ends in its duration: "Porträt von Dr. Corinna Perchtold-Stefan 16 min".
_DURATION_END = re.compile(r"\s\d{1,3}(?::\d{2}){0,2}\s*(?:min|minuten|sek|std)\.?$", re.IGNORECASE)
# A result with its half-time score is no count: "Union Berlin – Werder Bremen 1:0 (0:0)".
_SCORE = re.compile(r"(?<![\d:])\d{1,2}:\d{1,2}\s*\(\d{1,2}:\d{1,2}\)$")
_TOKEN = re.compile(r"[^\s/|·•()\[\]]+")
_STRIP = "\"'„“”«»‚‘’›‹.,:;!?–—-⏱▶►"
_NUMBER = re.compile(r"[\d.,:]+")
_LETTER = re.compile(r"[^\W\d_]")
_CREDIT_START = re.compile(r"(?<=[.!?“”\"»«)])\s+(?=(©)|([^\W\d_]+)\s*:)")
_CREDIT_LABEL = re.compile(r"([^\W\d_][\w-]*(?:/[^\W\d_][\w-]*)?)\s*:")


@cache
def _words() -> dict[str, str]:
    return {row[0]: row[1] for row in langdata.rows("ui_words")}


@cache
def _function_words() -> frozenset[str]:
    return frozenset(row[0] for row in langdata.rows("function_words"))


def letter_words(line: str) -> int:
    """How many words of the line hold a letter: a title's length without its numbers."""
    return sum(1 for token in line.split() if _LETTER.search(token))


def is_ui(line: str) -> bool:
    """A control or label of the page: interface words only, with numbers, durations and
    function words ('Artikel verschenken', 'Auf Facebook teilen', 'Hören 00:41')."""
    if line.rstrip().endswith("?"):
        return False
    tokens = [token.strip(_STRIP).lower() for token in _TOKEN.findall(line)]
    tokens = [token for token in tokens if token]
    if not tokens or len(tokens) > _MAX_UI_WORDS:
        return False
    words, function_words = _words(), _function_words()
    numbered = len(tokens) == 2 and any(_NUMBER.fullmatch(token) for token in tokens)
    if numbered and not any(words.get(token) == "unit" for token in tokens):
        return False  # 'Artikel 5', 'Video 3': the number names something; '5 Min.' is a time
    seen_ui = False
    for token in tokens:
        if words.get(token) in ("ui", "unit"):
            seen_ui = True
        elif not (token in function_words or _NUMBER.fullmatch(token)):
            return False
    return seen_ui


def is_credit(line: str) -> bool:
    """A picture credit: short, with '©' or a credit word before a colon ('Symbolbild: IMAGO/…',
    'SWR Bild: Beispiel', 'Foto/Copyright: Max Beispiel')."""
    if len(line.split()) > _MAX_CREDIT_WORDS or line.rstrip().endswith((".", "!", "?")):
        return False
    if "©" in line:
        return True
    words = _words()
    for match in _CREDIT_LABEL.finditer(line):
        if any(words.get(part.lower()) == "credit" for part in match.group(1).split("/")):
            return True
    return False


@cache
def credit_words() -> frozenset[str]:
    """The labels of a picture credit ("foto", "bildrechte", "archivfoto" …)."""
    return frozenset(word for word, role in _words().items() if role == "credit")


def trailing_credit(line: str) -> int:
    """Where a credit at the end of a caption line begins ("… in Kabul. © Lino Mirgeler",
    "… gefunden hat. Foto: Ralf Rödel", "… durch. Bildrechte: MDR | Foto: …"), or -1.

    The credit follows a sentence's end and runs to the end of the line; a "Quelle:" there is
    the picture's, as it stands in the caption."""
    for match in _CREDIT_START.finditer(line):
        rest = line[match.end() :]
        label = (match.group(2) or "").lower()
        if (match.group(1) or label in credit_words() or label == "quelle") and is_credit(
            "© " + rest if label == "quelle" else rest
        ):
            return match.end()
    return -1


def is_stamp(line: str) -> bool:
    """A stamp of the page: parts between separators, a clock time, a count or a duration in
    brackets or a duration at the end, or a date in figures with few words ('Do 26.11.26 |
    10:12 Uhr', 'Niedersachsen will Deiche erhöhen (2 Min)', 'Kommentare (3)', 'Porträt von
    Anna Beispiel 16 min')."""
    line = _SCORE.sub("", line.rstrip())
    if _SEPARATOR.search(line) or _CLOCK.search(line) or _COUNT.search(line.rstrip()):
        return True
    if _DURATION_END.search(line.rstrip()):
        return True
    return bool(_NUMERIC_DATE.search(line)) and letter_words(line) <= _MAX_STAMP_WORDS


def is_furniture(line: str) -> bool:
    """Never a headline or a heading, by its form."""
    return is_ui(line) or is_credit(line) or is_stamp(line)


def sentences(text: str) -> int:
    return len(split_sentences(text))
