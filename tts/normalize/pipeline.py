"""The orchestrator: which rule runs when.

Order matters because every rule turns digits and symbols into words and later rules only
see what is left: addresses first (their dots and digits mean something else), then
abbreviations (so "Mio.", "Jh." and "Tel." are words for the number rules), phone numbers,
then the number classes from the most specific (dates, times, money, measures) to the plain
cardinal, then acronyms and leftover symbols; a last pass reads any digit still left.
Piper's `[[ phonemes ]]` blocks are never touched.
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
    names,
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

# A block ends at the first "]]" and holds no "[[" (which keeps the search linear).
PHONEMES = re.compile(r"\[\[(?:(?!\]\]|\[\[).)*\]\]", re.DOTALL)
_BLANKS = re.compile(r"\s+")

RULES: tuple[Callable[[str], str], ...] = (
    electronic.apply,
    acronyms.shouted,
    dates.weekdays,
    numbers.glued_nouns,
    abbreviations.apply,
    telephone.apply,
    symbols.times,
    symbols.before_numbers,
    dates.apply,
    times.apply,
    money.apply,
    units.apply,
    numbers.unicode_digits,
    fractions.apply,
    symbols.apply,
    roman.apply,
    ordinals.apply,
    numbers.apply,
    names.apply,
    acronyms.apply,
    symbols.silence,
    fractions.fallback,
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


# Rules make words out of digits and symbols; on odd input ("USA2Mio.") such a word can give
# an earlier rule something to read. Running the rules again until nothing changes makes the
# result a fixed point (normalising it again changes nothing). News text settles at once.
_MAX_ROUNDS = 4


def _round(text: str) -> str:
    text = outside_phonemes(text, punctuation.clean)
    for rule in RULES:
        text = outside_phonemes(text, rule)
    return outside_phonemes(text, _blanks).strip()


def run(text: str, lexicon: Lexicon | None = None) -> str:
    """The spoken form of text (one sentence, heading or line)."""
    if lexicon is not None:
        text = outside_phonemes(outside_phonemes(text, punctuation.clean), lexicon.apply).strip()
    for _ in range(_MAX_ROUNDS):
        spoken = _round(text)
        if spoken == text:
            break
        text = spoken
    return text
