"""Articles in: a file, stdin or a URL becomes one Article, whatever its format.

HTML goes through trafilatura (tts/ingest/html.py), Markdown through markdown-it-py
(tts/ingest/markdown.py), plain text through the paste heuristics (tts/ingest/text.py); all three
end in the same Article for the same article.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urljoin

from tts.article import Article
from tts.errors import InputError
from tts.ingest.detect import detect_format, format_name
from tts.ingest.fetch import DEFAULT_TIMEOUT, check_scheme, fetch, is_url
from tts.ingest.source import SourceText, decode, read_file
from tts.ingest.text import parse_text

STDIN = "-"
_READABLE_TYPES = ("text/html", "application/xhtml+xml", "text/markdown", "text/x-markdown")


def read_article(
    source: str | Path,
    fmt: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    stdin: BinaryIO | None = None,
    max_chars: int | None = None,
) -> tuple[Article, SourceText]:
    """The article in `source` (a path, '-' for stdin, or an http(s) URL) and the decoded source
    it came from (for checksums). `fmt` (html, markdown, text) overrides the detection.

    An input longer than `max_chars` is refused before it is parsed: parsing and synthesis
    of a runaway file would take hours and memory the user never meant to spend."""
    given = format_name(fmt) if fmt else None
    location = str(source)
    content_type = ""
    if isinstance(source, str) and is_url(source):
        fetched = fetch(source, timeout=timeout)
        _check_type(source, fetched.content_type, given)
        loaded = decode(fetched.data, source, declared=fetched.charset)
        location, content_type = fetched.url, fetched.content_type
    elif location == STDIN:
        data = (stdin or sys.stdin.buffer).read()
        loaded = decode(data, "stdin")
    else:
        check_scheme(location)
        loaded = read_file(Path(source))
    if max_chars is not None and len(loaded.text) > max_chars:
        raise InputError(
            f"{loaded.name}: {len(loaded.text):,} characters, more than the limit of "
            f"{max_chars:,} (several hours of audio); raise max_chars in [episode] of tts.toml "
            "or pass --max-chars if this really is one article"
        )
    kind = given or detect_format(location, loaded.text, content_type)
    article = parse(loaded.text, kind, loaded.name, url=location if is_url(location) else "")
    article.image = _resolve_image(article.image, location)
    if is_url(location) and not article.url:
        article.url = location
    return article, loaded


def parse(text: str, kind: str, name: str, url: str = "") -> Article:
    """Text in a known format -> Article. The HTML and Markdown parsers are imported when
    their format comes (trafilatura alone costs 0.16 s of every pasted-text run's start)."""
    if kind == "html":
        from tts.ingest.html import parse_html

        return parse_html(text, name, url=url)
    if kind == "markdown":
        from tts.ingest.markdown import parse_markdown

        return parse_markdown(text, name)
    return parse_text(text, name)


def _check_type(url: str, content_type: str, given: str | None) -> None:
    """A URL must give a page or text; an image or a PDF is not an article."""
    readable = content_type in _READABLE_TYPES or content_type.startswith("text/")
    if content_type and not readable and given is None:
        raise InputError(
            f"{url}: not a web page but {content_type}; give the address of the article page"
        )


def _resolve_image(image: str, location: str) -> str:
    """The article's image as a URL or an absolute path: relative to the page or the file."""
    if not image or is_url(image) or image.startswith("data:"):
        return image
    if is_url(location):
        return urljoin(location, image)
    if location == STDIN or Path(image).is_absolute():
        return image
    return str((Path(location).parent / image).resolve())


__all__ = ["STDIN", "SourceText", "parse", "parse_text", "read_article"]
