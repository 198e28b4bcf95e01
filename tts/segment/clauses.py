"""Long sentences split at clause boundaries.

A person reading aloud breathes inside a long sentence, and Piper's prosody drifts on long
inputs. A sentence longer than the limit is cut at the best clause boundary (semicolon, colon,
dash; then a comma before a conjunction or relative pronoun; then any comma), preferring the cut
nearest the middle, until every piece fits. A sentence without such a boundary stays whole
unless it is over twice the limit; then it is cut at a space, before a conjunction if it can.
Nothing inside quotes or brackets is cut.
"""

from __future__ import annotations

import re

from tts.segment.sentences import protected_spans, sentence_starts

MIN_CHARS = 30
"""No piece shorter than this: a short tail read on its own sounds clipped."""

_CLAUSE_OPENERS = ("conjunction", "subjunction", "relative", "infinitive")
# Cut kinds, best first; a kind with a group cuts only before a clause opener (sentence_starts.tsv).
_CUTS = (
    re.compile(r"[;:](?=\s)|\s[–—-](?=\s)"),  # semicolon, colon, dash
    re.compile(r",(?=\s+([^\W\d_]+))"),  # comma before "weil", "die", "um" ...
    re.compile(r",(?=\s)"),  # any comma
)
_LAST_RESORT = (
    re.compile(r"(?=\s([^\W\d_]+)\s)"),  # before "und", "weil" ... without a comma
    re.compile(r"(?=\s)"),  # any space
)


def split_long(sentence: str, max_chars: int) -> list[str]:
    """`sentence` cut into pieces of at most `max_chars` where it can be; in order, as written."""
    if len(sentence) <= max_chars:
        return [sentence]
    cut = _best_cut(sentence, allow_space=len(sentence) > 2 * max_chars)
    if cut is None:
        return [sentence]
    left, right = sentence[:cut].rstrip(), sentence[cut:].lstrip()
    return split_long(left, max_chars) + split_long(right, max_chars)


def _best_cut(sentence: str, allow_space: bool) -> int | None:
    """The cut of the best kind nearest the middle, or None when no cut leaves two fair pieces."""
    spans = protected_spans(sentence)
    openers = sentence_starts(*_CLAUSE_OPENERS)
    middle = len(sentence) / 2
    for kind in _CUTS + _LAST_RESORT if allow_space else _CUTS:
        cuts = [
            match.end()
            for match in kind.finditer(sentence)
            if (not kind.groups or match.group(1).lower() in openers)
            and match.end() >= MIN_CHARS
            and len(sentence) - match.end() >= MIN_CHARS
            and not any(start < match.start() < end for start, end in spans)
        ]
        if cuts:
            return min(cuts, key=lambda cut: abs(cut - middle))
    return None
