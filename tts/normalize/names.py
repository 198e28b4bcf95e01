"""Foreign names as a German news reader says them: "Trump" -> "Tramp", "Macron" ->
"Makrong", "Marine Le Pen" -> "Marihn Lö Penn" (pronunciations.tsv).

espeak-ng reads every word with German letter rules, so English, French and Slavic names
come out wrong ("Trump" with the u of "Trumpf"). A respelling in German letters is what
Piper then reads right; it is plain text, so the rest of the pipeline treats it as a word.
Longest entries first, so "Marine Le Pen" is one name and "Marine" alone stays a noun.
A genitive -s stays on the respelling ("Trumps Zölle" -> "Tramps Zölle"). The rule runs
after the roman numerals, which look names like "Charles" up in regnal.tsv.
"""

from __future__ import annotations

import re

from tts.langdata import rows

PRONUNCIATIONS: dict[str, str] = {r[0]: r[1] for r in rows("pronunciations") if len(r) > 1}
# Entries by their first word, longest first: a name is found from its first word, which is
# cheaper than one alternation of every entry at every position.
_BY_FIRST: dict[str, list[str]] = {}
for _name in sorted(PRONUNCIATIONS, key=len, reverse=True):
    _BY_FIRST.setdefault(_name.split(" ")[0].split("-")[0], []).append(_name)
_WORD = re.compile(r"(?<![\w-])[^\W\d_]+")
_END = re.compile(r"s?(?![\w])")


def apply(text: str) -> str:
    out, pos = [], 0
    for match in _WORD.finditer(text):
        if match.start() < pos:
            continue
        for name in _BY_FIRST.get(match.group(0), ()):
            if not text.startswith(name, match.start()):
                continue
            end = _END.match(text, match.start() + len(name))
            if end is None:
                continue
            out.append(text[pos : match.start()])
            out.append(PRONUNCIATIONS[name] + end.group(0))
            pos = end.end()
            break
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def is_listed(word: str) -> bool:
    """Whether word (or its genitive) has an entry: the review marks the others."""
    return word in PRONUNCIATIONS or (word.endswith("s") and word[:-1] in PRONUNCIATIONS)
