"""Which format an input is in: by the name's extension, else by its content.

`--format` overrides both. The content check looks only at the start: a page begins with a
doctype or a tag, Markdown with front matter or a '#' headline.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from tts.errors import InputError

FORMATS = ("html", "markdown", "text")
_ALIASES = {
    "html": "html",
    "htm": "html",
    "markdown": "markdown",
    "md": "markdown",
    "text": "text",
    "txt": "text",
}
_EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}
_CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
}
_HTML_START = re.compile(
    r"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|article)\b", re.I | re.S
)
_HTML_TAGS = re.compile(r"<(p|div|h[1-6]|article|section|span|br)\b[^>]*>", re.I)
_MARKDOWN_START = re.compile(r"\s*(---[ \t]*\n.*?\n---[ \t]*\n|#{1,2} \S)", re.S)
_MIN_HTML_TAGS = 3


def format_name(given: str) -> str:
    """'md' -> 'markdown'; an unknown name is an error naming the choices."""
    name = _ALIASES.get(given.strip().lower())
    if name is None:
        raise InputError(f"--format {given!r}: choose html, markdown or text")
    return name


def detect_format(name: str, text: str, content_type: str = "") -> str:
    """The format of `text`, read from `name` (a path or URL)."""
    if content_type:
        mime = content_type.split(";")[0].strip().lower()
        if mime in _CONTENT_TYPES:
            return _CONTENT_TYPES[mime]
    path = urlsplit(name).path if "://" in name else name
    by_extension = _EXTENSIONS.get(PurePosixPath(path).suffix.lower())
    if by_extension:
        return by_extension
    return sniff(text)


def sniff(text: str) -> str:
    head = text[:4096]
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= _MIN_HTML_TAGS:
        return "html"
    if _MARKDOWN_START.match(head):
        return "markdown"
    return "text"
