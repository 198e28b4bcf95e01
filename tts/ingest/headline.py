"""The headline of an HTML page, and the kicker over it.

The headline is the `<h1>` (or, as on some sites, the `<h2>` in the article header) that matches
the title the page gives in its metadata; the kicker is a part of it marked as such
("seitenkopf__topline", "article-heading__kicker"), or the first of two parts, or a marked line
just before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tts.ingest.dom import Element, is_hidden, names, norm, tag, words
from tts.ingest.htmlclean import rules

_MIN_CONTAINED = 12  # a title shorter than this must match a heading exactly
_KICKER_LOOKBACK = 3  # elements before the headline that may hold its kicker
_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—-]+$")


@dataclass(frozen=True)
class Headline:
    title: str
    kicker: str
    elements: tuple[Element, ...]  # the headline and a kicker outside it: never read as text


def key(text: str) -> str:
    """Text compared without case and punctuation: 'Elbe: Pegel sinkt' ~ 'elbe pegel sinkt'."""
    return re.sub(r"\W+", " ", text.casefold()).strip()


def find_headline(root: Element, meta_title: str) -> Headline | None:
    element = _headline_element(root, meta_title)
    if element is None:
        return None
    kicker, title = _split(element)
    elements: tuple[Element, ...] = (element,)
    if not kicker:
        outside = _kicker_before(element)
        if outside is not None:
            kicker, elements = visible_text(outside), (element, outside)
    if not kicker and ": " in meta_title:
        before, after = meta_title.split(": ", 1)
        if key(after) == key(title):
            kicker = before.strip()
    return Headline(title, kicker, elements)


def title_from_metadata(meta_title: str, site: str) -> str:
    """The page title without the site's name ('… | tagesschau.de', '… - DER SPIEGEL')."""
    match = _SUFFIX.search(meta_title)
    if match and site and key(site) and key(site) in key(match.group(0)):
        return meta_title[: match.start()].strip()
    return meta_title.strip()


def _headline_element(root: Element, meta_title: str) -> Element | None:
    wanted = _variants(meta_title)
    for level in ("h1", "h2"):
        for element in root.iter(level):
            text = key(visible_text(element))
            if text and any(_matches(text, variant) for variant in wanted):
                return element
    headings = [e for e in root.iter("h1") if visible_text(e)]
    for element in headings:
        if any(tag(a) in ("article", "main") for a in element.iterancestors()):
            return element
    for article in root.iter("article"):
        first = next(article.iter("h1", "h2", "p"), None)
        if first is not None and tag(first) == "h2" and visible_text(first):
            return first  # an article that opens with an <h2>: that is its headline
    for element in headings:
        if not all(tag(e) == "a" for e in element if norm(e.text_content())):
            return element  # not a logo: its text is not all one link
    return None


def _variants(meta_title: str) -> list[str]:
    if not meta_title:
        return []
    title = _SUFFIX.sub("", meta_title)
    parts = [meta_title, title, *title.split(": ", 1)[1:]]
    return [key(part) for part in parts if key(part)]


def _matches(text: str, variant: str) -> bool:
    if text == variant:
        return True
    return min(len(text), len(variant)) >= _MIN_CONTAINED and (variant in text or text in variant)


def _split(element: Element) -> tuple[str, str]:
    """(kicker, title) from a headline that holds both ('<span>Kicker</span><span>Titel</span>').

    A part without words is the separator between them (a ':' some sites leave visible)."""
    parts = [child for child in element if _visible(child) and _has_words(visible_text(child))]
    loose_text = norm((element.text or "") + "".join(child.tail or "" for child in element))
    if len(parts) < 2 or re.search(r"\w", loose_text):
        return "", visible_text(element)
    marked = [part for part in parts if _is_kicker(part)]
    kicker = marked[0] if marked else parts[0]
    title = " ".join(visible_text(part) for part in parts if part is not kicker)
    return visible_text(kicker), title


def _has_words(text: str) -> bool:
    return bool(re.search(r"\w", text))


def _kicker_before(element: Element) -> Element | None:
    sibling = element.getprevious()
    for _ in range(_KICKER_LOOKBACK):
        if sibling is None:
            return None
        if _is_kicker(sibling) and visible_text(sibling):
            return sibling
        sibling = sibling.getprevious()
    return None


def _is_kicker(element: Element) -> bool:
    return any(rules().kicker.fullmatch(word) for word in words(element))


def _visible(element: Element) -> bool:
    hidden = rules().hidden_class
    return not is_hidden(element) and not any(hidden.fullmatch(n) for n in names(element))


def visible_text(element: Element) -> str:
    """The text a reader sees: without screen-reader-only parts (the ':' between kicker and
    title on many sites)."""
    return norm(_visible_raw(element))


def _visible_raw(element: Element) -> str:
    pieces: list[str] = [element.text or ""]
    for child in element:
        if tag(child) == "br":
            pieces.append(" ")
        elif tag(child) and _visible(child):
            pieces.append(_visible_raw(child))
        pieces.append(child.tail or "")
    return "".join(pieces)
