"""Articles in: a file (or text) becomes one Article, whatever its format."""

from __future__ import annotations

from pathlib import Path

from tts.article import Article
from tts.ingest.source import SourceText, read_file
from tts.ingest.text import parse_text


def read_article(path: Path) -> tuple[Article, SourceText]:
    """The article in `path` and the decoded source it came from (for checksums)."""
    source = read_file(path)
    return parse_text(source.text, source.name), source


__all__ = ["SourceText", "parse_text", "read_article"]
