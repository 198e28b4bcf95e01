"""Quote marks, dashes, invisible characters and blanks: made harmless before anything else.

Quote marks are dropped (espeak-ng would name some of them, and they carry no prosody in
Piper); a dash between words becomes a comma, the pause a reader makes; a dash between two
numbers is left for the range rule ("2019 – 2021" -> "bis").
"""

from __future__ import annotations

import re
import unicodedata

# Control and format characters (soft hyphen, zero-width space, bidi marks, BOM) and lone
# surrogates: invisible in print, noise for a synthesiser.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
_BLANKS = re.compile(r"\s+")
_QUOTE = re.compile(r"[\"„“”«»‚‘’‹›`´']")
_APOSTROPHES = frozenset("’'‘`´")
_DASH_BETWEEN_WORDS = re.compile(r"(?<=[^\s\d])\s+[-–—―]+\s+(?=\S)|(?<=\S)\s+[-–—―]+\s+(?=[^\s\d])")
_DASH_AT_EDGE = re.compile(r"^\s?[-–—―]+(?:\s+|$)|\s+[-–—―]+\s?$")
_TICKER = re.compile(r"(?:^|\s+)\+{2,}(?=\s|$)\s*")
_COMMAS = re.compile(r"\s*,(?:\s*,)*")


def _quote(match: re.Match[str]) -> str:
    text, i = match.string, match.start()
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalpha() and after.isalpha():
        return "'" if match.group(0) in _APOSTROPHES else " "
    if (before.isalnum() or before in ".,;:!?") and after.isalnum():
        return " "
    return ""


def clean(text: str) -> str:
    """NFC, no invisible characters, no quote marks, dashes as commas, single blanks (the
    caller strips the ends: text may be a piece between phoneme blocks)."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _QUOTE.sub(_quote, text)
    text = _BLANKS.sub(" ", text)
    text = _TICKER.sub(" – ", text)  # "+++ Eilmeldung +++": separators, like dashes
    text = _DASH_AT_EDGE.sub("", text)
    text = _DASH_BETWEEN_WORDS.sub(", ", text)
    text = _COMMAS.sub(",", text)
    return _BLANKS.sub(" ", text)
