"""The orchestrator: which rule runs when.

Order matters because every rule turns digits and symbols into words and later rules only
see what is left: addresses and phone numbers first (their dots and digits mean something
else), then abbreviations (so "Mio." and "Jh." are words for the number rules), then the
number classes from the most specific (dates, times, money, measures) to the plain cardinal,
then acronyms and symbols; a last pass reads any digit still left. Piper's `[[ phonemes ]]`
blocks are never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tts.normalize import (
    abbreviations,
    acronyms,
    dates,
    electronic,
    fractions,
    money,
    numbers,
    ordinals,
    punctuation,
    roman,
    symbols,
    telephone,
    times,
    units,
)
from tts.normalize.lexicon import Lexicon

PHONEMES = re.compile(r"\[\[.*?\]\]", re.DOTALL)
_BLANKS = re.compile(r"\s+")

RULES: tuple[Callable[[str], str], ...] = (
    electronic.apply,
    telephone.apply,
    abbreviations.apply,
    dates.apply,
    times.apply,
    money.apply,
    units.apply,
    fractions.apply,
    symbols.times,
    symbols.apply,
    roman.apply,
    ordinals.apply,
    numbers.apply,
    acronyms.apply,
    numbers.fallback,
)


def outside_phonemes(text: str, rule: Callable[[str], str]) -> str:
    """Apply rule to the parts of text outside `[[ ... ]]` blocks."""
    if "[[" not in text:
        return rule(text)
    out, pos = [], 0
    for block in PHONEMES.finditer(text):
        out.append(rule(text[pos : block.start()]))
        out.append(block.group(0))
        pos = block.end()
    out.append(rule(text[pos:]))
    return "".join(out)


def _blanks(text: str) -> str:
    return _BLANKS.sub(" ", text)


def run(text: str, lexicon: Lexicon | None = None) -> str:
    """The spoken form of text (one sentence, heading or line)."""
    text = outside_phonemes(text, punctuation.clean)
    if lexicon is not None:
        text = outside_phonemes(text, lexicon.apply)
    for rule in RULES:
        text = outside_phonemes(text, rule)
    return outside_phonemes(text, _blanks).strip()
