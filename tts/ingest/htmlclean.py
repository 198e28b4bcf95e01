"""Removing page clutter from an HTML tree before the article is extracted.

Rules come from data (tts/data/html_clutter.tsv, tts/data/sites.toml, the box and stop rules
of clutter.tsv). Removing clutter first keeps trafilatura from mistaking a box for text and keeps
the recall sweep (tts/ingest/html.py) from bringing it back. The generic rules never remove the
headline, nor an element holding most of the page's paragraphs: a class like "article--with-ads"
must not take the article with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from lxml import html as lxml_html
from lxml.etree import XPath

from tts import langdata
from tts.ingest.dom import (
    Element,
    TextBlock,
    contains,
    is_hidden,
    names,
    norm,
    tag,
    text_blocks,
    words,
)

_MAX_LABEL_WORDS = 12  # a box's label is short; a longer block is text, whatever it starts with
_PROSE_CHARS = 60  # a paragraph this long with a full stop is article text, not a box
_MAX_TRAILING_LINKS = 4  # link lists right after a label heading that are removed with it
_STOP_WALK = frozenset({"html", "body", "main"})
_MAX_CARD_CHARS = 300  # a teaser card: a linked headline and a short text
_CARD_TITLE_WITHIN = 60  # its headline comes first, after at most a kicker
_GATED_TEXT_CHARS = 200  # prose a paywall mark holds when it marks gated article text
_LABELS = ("box", "stop")  # clutter.tsv actions whose lines head a box


@dataclass(frozen=True)
class HtmlRules:
    tags: frozenset[str]
    page_tags: frozenset[str]
    token: re.Pattern[str]
    gate: re.Pattern[str]
    hidden_class: re.Pattern[str]
    labels: tuple[re.Pattern[str], ...]
    kicker: re.Pattern[str]


@cache
def rules() -> HtmlRules:
    rows = langdata.rows("html_clutter")

    def pattern(kind: str) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{v})" for k, v in rows if k == kind), re.IGNORECASE)

    labels = [pattern for action, pattern in langdata.rows("clutter") if action in _LABELS]
    return HtmlRules(
        tags=frozenset(value for kind, value in rows if kind == "tag"),
        page_tags=frozenset(value for kind, value in rows if kind == "page"),
        token=pattern("token"),
        gate=pattern("gate"),
        hidden_class=pattern("class"),
        labels=tuple(re.compile(label, re.IGNORECASE) for label in labels),
        kicker=pattern("kicker"),
    )


def remove_clutter(root: Element, site_rules: tuple[XPath, ...], keep: Element | None) -> None:
    """Remove what is never read: the site's selectors, furniture by tag and class, boxes by
    their label. `keep` (the headline) and whatever contains it stay."""
    guard = _Guard(root, keep)
    for rule in site_rules:
        found = rule(root)
        for element in found if isinstance(found, list) else []:
            if isinstance(element, lxml_html.HtmlElement) and not guard.holds_headline(element):
                _drop(element)
    for element in [e for e in root.iter() if _is_furniture(e)]:
        if not guard.protects(element):
            _drop(element)
    _remove_teaser_cards(root, guard)
    _remove_boxes(root, guard)


class _Guard:
    """What the generic rules must not remove: the headline, and most of the page's text."""

    def __init__(self, root: Element, keep: Element | None) -> None:
        self.keep = keep
        self.total = _paragraph_chars(root)

    def holds_headline(self, element: Element) -> bool:
        return self.keep is not None and contains(element, self.keep)

    def protects(self, element: Element) -> bool:
        if tag(element) in ("html", "body") or self.holds_headline(element):
            return True
        return self.total > 0 and _paragraph_chars(element) * 2 > self.total


def _paragraph_chars(element: Element) -> int:
    return sum(len(norm(p.text_content())) for p in element.iter("p"))


def _is_furniture(element: Element) -> bool:
    name = tag(element)
    if not name:
        return False  # comments: nobody reads them, and text_blocks skips them
    current = rules()
    if name in current.tags or is_hidden(element):
        return True
    if name in current.page_tags and not any(tag(a) == "article" for a in element.iterancestors()):
        return True
    if name == "table" and not any(True for _ in element.iter("p")):
        return True  # a data table cannot be read aloud; a layout table holds paragraphs
    if any(current.hidden_class.fullmatch(n) for n in names(element)):
        return True
    marks = list(words(element))
    if any(current.token.fullmatch(word) for word in marks):
        return True
    return any(current.gate.fullmatch(word) for word in marks) and not _gated_text(element)


def _gated_text(element: Element) -> bool:
    """Article text behind a paywall, marked as such ('paywall' on a section of the article,
    as Google asks of sites): it holds prose, where the subscription offer holds a line."""
    return sum(len(block.text) for block in text_blocks(element) if _is_prose(block)) >= (
        _GATED_TEXT_CHARS
    )


def _drop(element: Element) -> None:
    if element.getparent() is not None:
        element.drop_tree()  # keeps the text that follows the element


def _remove_teaser_cards(root: Element, guard: _Guard) -> None:
    """A teaser card is a linked headline with a short text under it, pointing to another
    article. Article sections do not start with a link to elsewhere (links to '#' anchors of
    the same page are fine), so a card is removed however it is marked up."""
    for heading in list(root.iter("h2", "h3", "h4")):
        if heading.getparent() is None or not _linked_away(heading):
            continue
        title = norm(heading.text_content())
        card = heading
        while True:
            parent = card.getparent()
            if parent is None or tag(parent) in _STOP_WALK or guard.protects(parent):
                break
            text = norm(parent.text_content())
            if len(text) > _MAX_CARD_CHARS or text.find(title) > _CARD_TITLE_WITHIN:
                break
            card = parent
        if not guard.holds_headline(card):
            _drop(card)


def _linked_away(heading: Element) -> bool:
    """The heading is inside a link to another page, or is mostly the text of one."""
    outer = next((a for a in heading.iterancestors() if tag(a) == "a"), None)
    if outer is not None:
        return not outer.get("href", "#").startswith("#")
    inner = [a for a in heading.iter("a") if not a.get("href", "#").startswith("#")]
    linked = sum(len(norm(a.text_content())) for a in inner)
    return bool(inner) and linked * 2 >= len(norm(heading.text_content()))


def is_label(text: str) -> bool:
    """A box's heading: 'Mehr zum Thema', 'Newsletter', 'Kommentare', …"""
    if len(text.split()) > _MAX_LABEL_WORDS:
        return False
    return any(label.fullmatch(text) for label in rules().labels)


def _remove_boxes(root: Element, guard: _Guard) -> None:
    """Each label takes the box it heads: its outermost ancestor that starts with it and holds
    no article text besides. A bare label heading also takes the link lists right after it."""
    for block in text_blocks(root):
        element = block.element
        if element.getparent() is None or not is_label(block.text):
            continue
        if any(a.getparent() is None for a in element.iterancestors() if tag(a) != "html"):
            continue  # already removed with an earlier box
        box = _box(element, block.text, guard)
        if box is element:
            _drop_trailing_links(element)
        _drop(box)


def _box(label: Element, text: str, guard: _Guard) -> Element:
    box = label
    while True:
        parent = box.getparent()
        if parent is None or tag(parent) in _STOP_WALK or guard.protects(parent):
            return box
        if not norm(parent.text_content()).startswith(text) or _prose_besides(parent, box):
            return box
        box = parent


def _prose_besides(parent: Element, box: Element) -> bool:
    return any(
        _is_prose(block) and not contains(box, block.element) for block in text_blocks(parent)
    )


def _is_prose(block: TextBlock) -> bool:
    """A paragraph of article text: long, ending a sentence, not a list of links."""
    return (
        len(block.text) >= _PROSE_CHARS
        and block.text.endswith((".", "!", "?", "“", '"', "»"))
        and block.link_density < 0.5
    )


def _drop_trailing_links(label: Element) -> None:
    for _ in range(_MAX_TRAILING_LINKS):
        sibling = label.getnext()
        if sibling is None or (label.tail or "").strip():
            return
        blocks = text_blocks(sibling)
        text = sum(len(block.text) for block in blocks)
        linked = sum(block.linked for block in blocks)
        if text and linked * 2 < text:
            return
        _drop(sibling)
