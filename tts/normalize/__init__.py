"""German written text -> what a news reader says. Pure functions of text, no I/O at call time."""

from __future__ import annotations

import re

_QUOTES = re.compile(r"[\"„“”«»‚‘’›‹]")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    """The spoken form of one line of German text."""
    text = _QUOTES.sub("", text)
    return _SPACES.sub(" ", text).strip()
