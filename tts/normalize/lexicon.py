"""The user lexicon: words the voice gets wrong, with a replacement text or Piper phonemes.

File format (UTF-8, tab-separated, `#` starts a comment):

    Merz<TAB>Märtz
    Nguyen<TAB>[[ ŋˈujən ]]

A replacement in `[[ ]]` is passed to Piper as phonemes and left alone by the normaliser;
other replacements are normalised like the text around them. Entries match whole words,
case-sensitively; an entry written in lower case also matches its capitalised form at the
start of a sentence.
"""

from __future__ import annotations

import re
from pathlib import Path

from tts.errors import InputError

_PHONEMES = re.compile(r"\[\[.*\]\]", re.DOTALL)


class Lexicon:
    """Word -> replacement, applied on word boundaries before any other rule."""

    def __init__(self, entries: dict[str, str] | None = None) -> None:
        self.entries: dict[str, str] = dict(entries or {})
        self._forms = dict(self.entries)
        for word, replacement in self.entries.items():
            if word[:1].islower():
                self._forms.setdefault(word[0].upper() + word[1:], _capitalised(replacement))
        self._pattern: re.Pattern[str] | None = None
        if self._forms:
            alternation = "|".join(re.escape(w) for w in sorted(self._forms, key=len, reverse=True))
            self._pattern = re.compile(rf"(?<![\w])(?:{alternation})(?![\w])")

    @classmethod
    def load(cls, path: str | Path) -> Lexicon:
        """Read a lexicon file; a bad line raises InputError naming the file and line."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"lexicon {path}: no such file") from None
        except UnicodeDecodeError as error:
            raise InputError(f"lexicon {path}: not UTF-8 text ({error.reason})") from None
        except OSError as error:
            raise InputError(f"lexicon {path}: cannot read it ({error.strerror})") from None
        entries: dict[str, str] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            word, tab, replacement = line.partition("\t")
            word, replacement = word.strip(), replacement.strip()
            where = f"lexicon {path}, line {number}"
            if not tab or not word or not replacement:
                raise InputError(f"{where}: expected 'word<TAB>replacement', got {line!r}")
            if ("[[" in replacement or "]]" in replacement) and not _PHONEMES.fullmatch(
                replacement
            ):
                raise InputError(
                    f"{where}: phonemes must be one block '[[ ... ]]', got {replacement!r}"
                )
            if word in entries and entries[word] != replacement:
                raise InputError(f"{where}: {word!r} is listed twice with different replacements")
            entries[word] = replacement
        return cls(entries)

    def apply(self, text: str) -> str:
        """Replace every listed word in text."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._forms[m.group(0)], text)


def _capitalised(replacement: str) -> str:
    if replacement.startswith("[["):
        return replacement
    return replacement[:1].upper() + replacement[1:]
