"""Markup repaired before parsing: a stray end tag must not close the article early.

A template that writes one `</div>` too many inside an `<article>` makes the HTML parser (lxml's
as much as a browser's) close the article right there: the paragraphs after it land outside the
article, where the extractor does not look for text. The article's own `</article>` further down
says where its author meant it to end; an end tag that would close the article before that is
dropped, so that the article holds all its paragraphs again. Pages whose tags balance are left
exactly as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Comments and the contents of script-like elements hold no tags; tags are read everywhere else.
_TOKENS = re.compile(
    r"<!--.*?-->|<(script|style|template|textarea)\b.*?</\1\s*>|<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
# Elements whose end tags can close an article early; inline and void tags cannot.
_CONTAINERS = frozenset(
    {"article", "div", "section", "main", "aside", "header", "footer", "nav", "figure", "form"}
)


@dataclass(frozen=True)
class _Tag:
    name: str
    closing: bool
    start: int
    end: int


def repair(markup: str) -> str:
    """`markup` without the end tags that would close an `<article>` before its `</article>`."""
    if "</article" not in markup.lower():
        return markup
    tags = _container_tags(markup)
    stray = _stray_end_tags(tags, _article_ends(tags))
    if not stray:
        return markup
    pieces: list[str] = []
    position = 0
    for tag in stray:
        pieces.append(markup[position : tag.start])
        position = tag.end
    pieces.append(markup[position:])
    return "".join(pieces)


def _container_tags(markup: str) -> list[_Tag]:
    tags: list[_Tag] = []
    for match in _TOKENS.finditer(markup):
        name = (match.group(3) or "").lower()
        if name in _CONTAINERS:
            tags.append(_Tag(name, match.group(2) == "/", match.start(), match.end()))
    return tags


def _article_ends(tags: list[_Tag]) -> dict[int, int]:
    """For each `<article>` (by its index in `tags`) that has its own end tag, that end tag's
    index: articles nest, so they pair like brackets."""
    ends: dict[int, int] = {}
    opened: list[int] = []
    for index, tag in enumerate(tags):
        if tag.name != "article":
            continue
        if not tag.closing:
            opened.append(index)
        elif opened:
            ends[opened.pop()] = index
    return ends


def _stray_end_tags(tags: list[_Tag], article_ends: dict[int, int]) -> list[_Tag]:
    """End tags that, as the parser reads them, would close an article whose own end tag comes
    later. The parser's stack of open elements is followed: an end tag closes everything opened
    after the nearest open element of its name; one with no such element is ignored anyway."""
    stack: list[tuple[str, int]] = []
    stray: list[_Tag] = []
    for index, tag in enumerate(tags):
        if not tag.closing:
            stack.append((tag.name, index))
            continue
        depth = next((d for d in range(len(stack) - 1, -1, -1) if stack[d][0] == tag.name), None)
        if depth is None:
            continue
        closed = stack[depth + 1 :]
        if any(
            name == "article" and article_ends.get(opened, -1) > index for name, opened in closed
        ):
            stray.append(tag)
            continue
        del stack[depth:]
    return stray
