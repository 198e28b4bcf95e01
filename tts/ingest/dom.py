"""What the HTML extractor needs to know about a page's elements: their text, as a reader sees it.

A *text block* is the text an element holds itself, outside nested block elements: a `<p>`, a
heading, a list item, or a `<div>` that holds text directly. Blocks are what the article is made
of; everything here works on them so that no paragraph can hide inside another.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeAlias

from lxml import html as lxml_html

Element: TypeAlias = lxml_html.HtmlElement

BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "dd", "details", "dialog"),
        *("div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "hr", "html", "li", "main", "nav"),
        *("ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th"),
        *("thead", "tr", "ul"),
    }
)
HEADING_TAGS = frozenset({"h1", "h2", "h3"})
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_SPACE = re.compile(r"\s+")
_WORD_SPLIT = re.compile(r"[\s_.\-]+|(?<=[a-z0-9])(?=[A-Z])")
_BREAKS = re.compile(r"\n\s*\n")
_MAX_DATA_VALUE = 40  # longer data-* values are configuration or URLs, not names


def norm(text: str) -> str:
    """Text as read: soft hyphens and zero-width characters gone, whitespace collapsed."""
    return _SPACE.sub(" ", text.translate(_INVISIBLE).replace("\u00a0", " ")).strip()


def tag(element: object) -> str:
    """The lower-case tag name; '' for comments and processing instructions."""
    name = getattr(element, "tag", None)
    return name.lower() if isinstance(name, str) else ""


@dataclass(frozen=True)
class TextBlock:
    """One block's own text; `linked` counts the characters of it that are link text."""

    element: Element
    text: str
    linked: int

    @property
    def link_density(self) -> float:
        return self.linked / len(self.text) if self.text else 0.0


def text_blocks(root: Element) -> list[TextBlock]:
    """Every block of text under `root`, in document order. `<br><br>` splits a block."""
    blocks: list[TextBlock] = []
    for element in root.iter():
        if tag(element) not in BLOCK_TAGS:
            continue
        pieces: list[tuple[str, bool]] = []
        _own_text(element, pieces, in_link=_inside_link(element))
        text = "".join(piece for piece, _ in pieces)
        if not text.strip():
            continue
        linked = sum(len(norm(piece)) for piece, is_link in pieces if is_link)
        ratio = linked / max(1, len(norm(text)))
        for part in _BREAKS.split(text):
            part = norm(part)
            if part:  # parts split at <br><br> share the block's link density
                blocks.append(TextBlock(element, part, round(ratio * len(part))))
    return blocks


def _own_text(element: Element, pieces: list[tuple[str, bool]], in_link: bool) -> None:
    if element.text:
        pieces.append((element.text, in_link))
    for child in element:
        name = tag(child)
        if name == "br":
            pieces.append(("\n", False))
        elif name and name not in BLOCK_TAGS:
            _own_text(child, pieces, in_link or name == "a")
        if child.tail:
            pieces.append((child.tail, in_link))


def _inside_link(element: Element) -> bool:
    return any(tag(ancestor) == "a" for ancestor in element.iterancestors())


def names(element: Element) -> Iterator[str]:
    """The element's class names and id, lower case ('visually-hidden', 'article__kicker')."""
    yield from element.get("class", "").lower().split()
    if element.get("id"):
        yield element.get("id", "").lower()


def words(element: Element) -> Iterator[str]:
    """The words of an element's class, id, role and short data-* values, lower case,
    split at spaces, '-', '_', '.' and inner capitals ('article__kicker' -> 'article',
    'kicker'; 'ArticleBody.ImageCaption' -> 'article', 'body', 'image', 'caption')."""
    for name, value in element.attrib.items():
        name = name.lower()
        named = name in ("class", "id", "role") or name.startswith("data-")
        if not named or (name.startswith("data-") and _looks_like_data(value)):
            continue
        for word in _WORD_SPLIT.split(value):
            if word:
                yield word.lower()


def _looks_like_data(value: str) -> bool:
    return len(value) > _MAX_DATA_VALUE or any(ch in value for ch in "/{:=")


def is_hidden(element: Element) -> bool:
    """Hidden from readers by the page itself (the hidden attribute, aria-hidden, inline CSS)."""
    if "hidden" in element.attrib or element.get("aria-hidden", "").lower() == "true":
        return True
    style = element.get("style", "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def contains(ancestor: Element, element: Element) -> bool:
    return element is ancestor or any(a is ancestor for a in element.iterancestors())


def common_ancestor(elements: list[Element]) -> Element:
    """The deepest element containing all of `elements`."""
    path = [elements[0], *elements[0].iterancestors()]
    for element in elements[1:]:
        ancestors = {id(a) for a in (element, *element.iterancestors())}
        path = [a for a in path if id(a) in ancestors]
    return path[0]
