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
import unicodedata
from collections.abc import Collection
from pathlib import Path

from tts.errors import InputError

_BLOCK = re.compile(r"\[\[((?:(?!\[\[|\]\]).)*)\]\]", re.DOTALL)
_SHOWN_PROBLEMS = 20  # a file that is wrong throughout needs its first lines, not all of them


class Lexicon:
    """Word -> replacement, applied on word boundaries before any other rule.

    `path` and `lines` (word -> line number) say where each entry came from, so a later check
    against the voice can name the line."""

    def __init__(
        self,
        entries: dict[str, str] | None = None,
        *,
        path: Path | None = None,
        lines: dict[str, int] | None = None,
    ) -> None:
        self.entries: dict[str, str] = dict(entries or {})
        self.path = path
        self.lines: dict[str, int] = dict(lines or {})
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
        """Read a lexicon file. Every bad line is reported at once, in one InputError naming
        the file and each line with its problem: fixing them one run at a time is tedious."""
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
        lines: dict[str, int] = {}
        problems: list[tuple[int, str]] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = [field.strip() for field in line.rstrip().split("\t")]
            problem = _line_problem(fields, line)
            if problem is None and fields[0] in entries and entries[fields[0]] != fields[1]:
                problem = (
                    f"{fields[0]!r} is listed twice with different replacements "
                    f"(first on line {lines[fields[0]]})"
                )
            if problem:
                problems.append((number, f": {problem}"))
            elif fields[0] not in entries:
                entries[fields[0]], lines[fields[0]] = fields[1], number
        if problems:
            count = f"{len(problems)} bad lines: " if len(problems) > 1 else ""
            raise InputError(f"lexicon {path}: {count}{_listed(problems)}")
        return cls(entries, path=path, lines=lines)

    def check_phonemes(self, allowed: Collection[str]) -> None:
        """Every symbol in a `[[ ]]` block must be one the voice knows (for Piper, the keys of
        its phoneme_id_map): Piper drops an unknown one with a log line nobody sees, and the
        word comes out mangled. One InputError naming the file and every bad line."""
        known = set(allowed)
        problems = []
        for word, replacement in self.entries.items():
            block = _BLOCK.fullmatch(replacement)
            if block is None:
                continue
            unknown = sorted(set(block.group(1).strip()) - known)
            if unknown:
                shown = " ".join(_symbol(symbol) for symbol in unknown)
                problems.append((self.lines.get(word, 0), f" ({word}): {shown}"))
        if problems:
            where = f"lexicon {self.path}" if self.path else "lexicon"
            raise InputError(
                f"{where}: phonemes the voice does not know: {_listed(sorted(problems))}"
            )

    def apply(self, text: str) -> str:
        """Replace every listed word in text."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._forms[m.group(0)], text)


def _line_problem(fields: list[str], line: str) -> str | None:
    """What is wrong with one line split at its tabs, or None."""
    if len(fields) < 2 or not fields[0] or not fields[1]:
        return f"expected 'word<TAB>replacement', got {line!r}"
    if len(fields) > 2:
        return f"{len(fields)} tab-separated fields, expected 2 (word<TAB>replacement)"
    block = _BLOCK.fullmatch(fields[1])
    if block is None and ("[[" in fields[1] or "]]" in fields[1]):
        return f"phonemes must be one block '[[ ... ]]', got {fields[1]!r}"
    if block is not None and not block.group(1).strip():
        return "the phoneme block '[[ ]]' is empty"
    return None


def _listed(problems: list[tuple[int, str]]) -> str:
    """'line 3: …; line 7: …' on one line; past _SHOWN_PROBLEMS, how many more."""
    shown = "; ".join(f"line {number}{problem}" for number, problem in problems[:_SHOWN_PROBLEMS])
    more = len(problems) - _SHOWN_PROBLEMS
    return shown + (f"; and {more} more" if more > 0 else "")


def _symbol(symbol: str) -> str:
    """A phoneme as the user can find it: a combining mark or a space is invisible alone."""
    if unicodedata.category(symbol)[0] in "LPSN":
        return symbol
    return f"U+{ord(symbol):04X}"


def _capitalised(replacement: str) -> str:
    if replacement.startswith("[["):
        return replacement
    return replacement[:1].upper() + replacement[1:]
