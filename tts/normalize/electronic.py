"""Web addresses, e-mail addresses and handles: "ntv.de" -> "n t v Punkt d e",
"service@bk.bund.de" -> "service ät b k Punkt bund Punkt d e", "@tagesschau" -> "ät tagesschau".

A dotted word is an address only when it ends in a known top-level domain (tlds.tsv), so
"z.B." is left alone. Each part is read as a word when it looks like one, else spelled;
parts with digits are spelled character by character.
"""

from __future__ import annotations

import re

from tts.langdata import mapping, rows
from tts.normalize import grammar, spell
from tts.normalize.vocabulary import WORDS

TLDS: dict[str, str] = mapping("tlds")
_TLD = "|".join(sorted((re.escape(t) for t in TLDS), key=len, reverse=True))
_EMAIL = re.compile(r"(?<![\w.@+-])([\w.+-]*\w)@((?:[\w-]+\.)+[A-Za-z]{2,})(?![\w@-])")
_URL = re.compile(
    rf"(?<![\w@./-])(?P<scheme>https?://)?(?P<host>(?:[\w-]+\.)+(?P<tld>{_TLD}))(?![\w-])"
    r"(?P<path>/[^\s]*[\w/])?"
)
_SCHEME_URL = re.compile(
    r"(?<![\w@./-])https?://(?P<host>(?:[\w-]+\.)+[\w-]+)(?P<path>/[^\s]*[\w/])?"
)
_DOTTED_WORD = re.compile(r"\w\.[^\W\d_]")  # "ntv.de": a dot inside a word
_HANDLE = re.compile(r"(?<![\w@])@([^\W_]\w*)")
_HASHTAG = re.compile(r"(?<![\w#])#([^\W\d_]\w*)")
_PIECES = re.compile(r"[^\W_]+|[-_.]")
_SEPARATOR_WORDS = {"-": WORDS["hyphen"], "_": WORDS["underscore"], ".": WORDS["point"]}
_VOWELS = frozenset("aeiouäöüy")
# Consonant clusters a German word may start with ("pr" in "presse"), from phonotactics.tsv:
# such a label is read as a word, not spelled.
_ONSETS = frozenset(r[0].lower() for r in rows("phonotactics") if r[1] == "onset")


_CAMEL = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+|[a-zäöüß]+|[A-ZÄÖÜ]+(?![a-zäöüß])|\d+")


def label(text: str) -> str:
    """One part of an address: a word if it reads like one, else spelled; written in camel
    case, each part on its own ("AirTeamImages" -> "air team images")."""
    if re.search(r"[a-zäöü][A-ZÄÖÜ]", text):
        parts = _CAMEL.findall(text)
        return " ".join(
            p.lower() if _VOWELS.intersection(p.lower()) and not p.isupper() else label(p)
            for p in parts
        )
    if any(c.isdigit() for c in text):
        return " ".join(spell.digit(c) if c.isdigit() else c for c in text if c.isalnum())
    lower = text.lower()
    vowels = sum(c in _VOWELS for c in lower)
    starts_like_a_word = lower[:1] in _VOWELS or lower[1:2] in _VOWELS
    if starts_like_a_word and len(lower) >= 4 and vowels and vowels / len(lower) >= 0.2:
        return lower
    # Letters before a word are spelled, the word read: "dzbank" -> "d z bank".
    for i in range(1, 4):
        head, rest = lower[:i], lower[i:]
        if (
            len(rest) >= 4
            and not _VOWELS.intersection(head)
            and head not in _ONSETS
            and grammar.is_common_noun(rest.capitalize())
        ):
            return f"{' '.join(head)} {rest}"
    if len(lower) >= 4 and vowels and vowels / len(lower) >= 0.2:
        return lower
    return " ".join(lower)


def _handle(name: str) -> str:
    """ "@DFB_Team" -> "D F B Team": the parts of a handle, as a reader names them."""
    parts = [p for p in re.split(r"[_.]+", name) if p]
    return " ".join(label(p) for p in parts)


def _pieces(text: str) -> str:
    words = []
    for piece in _PIECES.findall(text):
        words.append(_SEPARATOR_WORDS[piece] if piece in _SEPARATOR_WORDS else label(piece))
    return " ".join(words)


def host(text: str) -> str:
    """ "www.telefonseelsorge.de" -> "w w w Punkt telefonseelsorge Punkt d e"."""
    parts = text.split(".")
    # A hyphen in a host name is said, as it must be typed: "stadtwerke-landshut" ->
    # "stadtwerke Bindestrich landshut".
    words = [_pieces(p) for p in parts[:-1]]
    words.append(TLDS.get(parts[-1].lower(), label(parts[-1])))
    return f" {WORDS['point']} ".join(words)


def _path(path: str | None) -> str:
    if not path:
        return ""
    segments = [s for s in path.split("/") if s]
    slash = WORDS["slash"]
    return "".join(f" {slash} {_pieces(s)}" for s in segments) or f" {slash}"


def _email(match: re.Match[str]) -> str:
    return f"{_pieces(match.group(1))} {WORDS['at']} {host(match.group(2))}"


def _url(match: re.Match[str]) -> str:
    return host(match.group("host")) + _path(match.group("path"))


def apply(text: str) -> str:
    if "@" in text:
        text = _EMAIL.sub(_email, text)
        text = _HANDLE.sub(lambda m: f"{WORDS['at']} {_handle(m.group(1))}", text)
    if "#" in text:
        text = _HASHTAG.sub(lambda m: f"{WORDS['hashtag']} {m.group(1)}", text)
    if not _DOTTED_WORD.search(text):
        return text
    text = _SCHEME_URL.sub(_url, text)
    return _URL.sub(_url, text)
