"""German language data lives in tts/data/*.tsv, not in code; this loads it once.

Files are UTF-8, tab-separated, `#` starts a comment line, blank lines are ignored.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of tts/data/<name>.tsv, each a tuple of its fields (stripped)."""
    text = (resources.files("tts") / "data" / f"{name}.tsv").read_text("utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append(tuple(field.strip() for field in line.split("\t")))
    return tuple(out)


@cache
def mapping(name: str) -> dict[str, str]:
    """A two-column table as a dict (first column -> second)."""
    return {row[0]: row[1] if len(row) > 1 else "" for row in rows(name)}
