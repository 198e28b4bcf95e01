"""German written text -> what a news reader says. Pure functions of text, no I/O at call time.

    >>> normalize("Am 3. Oktober 1990 kostete es 5,99 €.")
    'Am dritten Oktober neunzehnhundertneunzig kostete es fünf Euro neunundneunzig Cent.'

Language data is loaded once, at import, from tts/data/*.tsv. The rule for each class of
written form lives in its own module; pipeline.py decides the order.
"""

from __future__ import annotations

from tts.normalize.lexicon import Lexicon
from tts.normalize.pipeline import run

__all__ = ["Lexicon", "Normalizer", "normalize"]


def normalize(text: str, lexicon: Lexicon | None = None) -> str:
    """The spoken form of one line of German text (a sentence, heading or single word)."""
    return run(text, lexicon)


class Normalizer:
    """normalize() bound to a user lexicon: a Callable[[str], str] for the synth pipeline."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon

    def __call__(self, text: str) -> str:
        return run(text, self.lexicon)
