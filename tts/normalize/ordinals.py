"""Ordinals: a number with a dot before a word. "am 3. Oktober" -> "am dritten Oktober",
"der 2. Weltkrieg" -> "der zweite Weltkrieg", "zum 5. Mal" -> "zum fünften Mal",
"in 2. Lesung" -> "in zweiter Lesung".

The ending agrees with the article or preposition before the number and the gender of the
noun after it (grammar.py). The second of a pair or range takes the ending of the first
("vom 26. bis 28. Juni"). At the end of a sentence the dot is the full stop and the number a
cardinal ("auf Platz 3."), unless an article shows it is an ordinal ("am 3.") or the line
holds nothing else ("21."); before a word that opens a sentence ("3. Dann") likewise.
"""

from __future__ import annotations

import re

from tts.normalize import grammar, spell
from tts.normalize.numbers import INT, has_digit, parse

_ORDINAL = re.compile(rf"(?<![\w.,])(?P<num>{INT})\.(?!\d)")
_WORD_AFTER = re.compile(r"(\s?)([^\W\d_][\w-]*)")
_END = re.compile(r"\s*[)\]]*\s*$")
_LINKS = grammar.CUES["link"] | {",", "-", "–", "/"}


def _kind(text: str, match: re.Match[str]) -> str:
    """ "ordinal", "cardinal" (the dot ends a sentence) or "" (not a number with a dot)."""
    end = match.end()
    word = _WORD_AFTER.match(text, end)
    if word:
        return "cardinal" if word.group(2) in grammar.CUES["start"] else "ordinal"
    if _END.fullmatch(text, end):
        # "am 3." is a date, "der erlaubten 50." an amount: the article must come right before
        before = grammar.tokens_before(text, match.start(), 1)
        alone = not before or not text[: match.start()].strip(" ([")
        if text[match.start() - 1 : match.start()] == "(" and text[end : end + 1] == ")":
            return "ordinal"  # a minute or a rank in brackets: "Rafinha (76.)"
        return "ordinal" if alone or before[0].lower() in grammar.DETERMINERS else "cardinal"
    if text[end : end + 1] in ",;:)-":
        return "ordinal"
    return ""


def apply(text: str) -> str:
    if "." not in text or not has_digit(text):
        return text
    out: list[str] = []
    last_end, last_ending = -1, ""
    pos = 0
    for match in _ORDINAL.finditer(text):
        kind = _kind(text, match)
        if not kind:
            continue
        number = parse(match.group("num"))[0]
        out.append(text[pos : match.start()])
        pos = match.end()
        if kind == "cardinal":
            out.append(spell.cardinal(number) + ".")
            continue
        between = text[last_end : match.start()].strip() if last_end >= 0 else None
        if between in _LINKS:
            ending = last_ending
        else:
            noun = grammar.next_noun(text, match.end())
            gender = noun.gender if noun else None
            date = bool(noun and grammar.is_month(noun.word))
            ending = grammar.ordinal_ending(
                grammar.governor(text, match.start()), gender, date=date
            )
        words = spell.ordinal(number, ending)
        if text[match.end() : match.end() + 1].isalpha():
            words += " "
        elif _END.fullmatch(text, match.end()):
            words += "."  # the dot also ended the sentence
        out.append(words)
        last_end, last_ending = match.end(), ending
    out.append(text[pos:])
    return "".join(out)
