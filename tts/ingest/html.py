"""HTML pages -> Article: trafilatura finds the article, a sweep of its container keeps every
paragraph, data-driven rules keep the clutter out.

The steps:
  0. end tags that would close the `<article>` before its own `</article>` are dropped
     (tts/ingest/repair.py);
  1. trafilatura reads the metadata (title, author, date, site, description, image, URL);
  2. the headline (and kicker) is found by that title;
  3. clutter goes: per-site selectors, furniture by tag and class, boxes by their label
     (tts/ingest/htmlclean.py);
  4. trafilatura extracts the article text from what is left;
  5. recall: its paragraphs lie in one container (the `<article>`, else their common ancestor);
     paragraphs of that container that trafilatura dropped are brought back when they read as
     prose. trafilatura can lose whole text blocks on pages that split the text into several
     blocks between boxes; the sweep finds them again;
  6. the blocks, in page order, become the Article by the same rules as every other format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urljoin

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.settings import use_config

from tts.article import Article
from tts.errors import InputError
from tts.ingest.blocks import Block, Metadata, build_article
from tts.ingest.clean import classify
from tts.ingest.dom import (
    BLOCK_TAGS,
    HEADING_TAGS,
    Element,
    TextBlock,
    common_ancestor,
    contains,
    norm,
    tag,
    text_blocks,
)
from tts.ingest.headline import Headline, find_headline, key, title_from_metadata
from tts.ingest.htmlclean import remove_clutter
from tts.ingest.repair import repair
from tts.ingest.sites import domain_of, drop_rules
from tts.ingest.text import looks_like_heading

_MIN_CONTAINED = 20  # trafilatura joins or trims blocks; longer texts match by containment
_MAX_LINK_DENSITY = 0.5
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_SENTENCE_END = (".", "!", "?", "…", ":", '"', "“", "”", "»", "«", ")")
_FALLBACK_CONTAINERS = ("//article", "//*[@itemprop='articleBody']", "//main", "//body")
NO_ARTICLE = (
    "no article text found in the page (a front page, a login or consent wall, or a page "
    "that needs JavaScript?)"
)


@dataclass(frozen=True)
class PageMeta:
    title: str
    author: str
    date: str
    site: str
    description: str
    image: str
    url: str  # where the page was fetched from, else its canonical address
    canonical: str  # the address the page gives itself (its site's rules apply), else url


def parse_html(text: str, name: str, url: str = "") -> Article:
    """The article in an HTML page; `url` is where it came from (for relative links, site rules)."""
    markup = repair(_XML_DECLARATION.sub("", text, count=1))
    root = _parse(markup, name)
    page = _metadata(markup, root, url)
    headline = find_headline(root, page.title)
    remove_clutter(
        root, drop_rules(domain_of(page.canonical)), headline.elements[0] if headline else None
    )
    extracted = _extracted(root)
    selected = _select(text_blocks(root), extracted, headline, page.description)
    if not selected and headline is None:
        raise InputError(f"{name}: {NO_ARTICLE}")
    meta = Metadata(
        title=headline.title if headline else title_from_metadata(page.title, page.site),
        kicker=headline.kicker if headline else "",
        author=page.author,
        date=page.date,
        site=page.site,
        image=page.image,
        url=page.url,
    )
    blocks = [
        Block(text, heading=_is_heading(block)) for block in selected for text in _parts(block)
    ]
    if not blocks:
        raise InputError(f"{name}: {NO_ARTICLE}")
    return build_article(blocks, meta, name)


def _parse(markup: str, name: str) -> Element:
    try:
        root = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as error:
        raise InputError(f"{name}: not readable as HTML ({error})") from None
    if not isinstance(root, lxml_html.HtmlElement):
        raise InputError(f"{name}: not readable as HTML")
    return root


@cache
def _config():  # type: ignore[no-untyped-def]
    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # signals only work in the main thread
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "0")  # a short report is still an article
    return config


def _metadata(markup: str, root: Element, url: str) -> PageMeta:
    """Title, author, date, site, description, image and URL as the page declares them
    (Open Graph, JSON-LD, meta tags; trafilatura and htmldate read them all). The site's
    name is taken as the page writes it: trafilatura capitalises 't-online' to 'T-Online'."""
    found = trafilatura.extract_metadata(markup, default_url=url or None)
    canonical = found.url if found and found.url else ""
    page_url = url or canonical
    site = (found.sitename or found.hostname or "") if found else ""
    declared = [norm(name) for name in root.xpath("//meta[@property='og:site_name']/@content")]
    site = next((name for name in declared if name), site)
    image = (found.image or "") if found else ""
    if image and page_url:
        image = urljoin(page_url, image)
    return PageMeta(
        title=norm(found.title or "") if found else "",
        author=_author(found.author or "", site) if found else "",
        date=(found.date or "") if found else "",
        site=site,
        description=norm(found.description or "") if found else "",
        image=image,
        url=page_url,
        canonical=canonical or page_url,
    )


def _author(author: str, site: str) -> str:
    """The author's name, not the byline around it, and not the site posing as author."""
    author = norm(author)
    action, match = classify(author)
    if action == "author" and match:
        author = match.group(1).strip()
    if key(author).replace(" ", "") == key(site).replace(" ", ""):
        return ""
    return author


def _extracted(root: Element) -> list[str]:
    """The paragraphs and headings trafilatura takes for the article text."""
    xml = trafilatura.extract(
        lxml_html.tostring(root, encoding="unicode"),
        output_format="xml",
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
        config=_config(),
    )
    if not xml:
        return []
    document = etree.fromstring(xml.encode("utf-8"))
    texts = (
        norm("".join(str(part) for part in e.itertext()))
        for e in document.iter("p", "head", "item", "quote")
    )
    return [text for text in texts if text]


def _select(
    blocks: list[TextBlock], extracted: list[str], headline: Headline | None, description: str
) -> list[TextBlock]:
    """The article's blocks in page order: what trafilatura kept, and what it dropped from the
    same container that reads as prose."""
    found = _Extracted(extracted)
    blocks = _after_headline(blocks, headline)
    kept = [block for block in blocks if found.has(block.text)]
    container = _container(kept, blocks)
    if container is None:
        return []
    teasers = _teaser_articles(container, kept)
    inside = [
        block
        for block in blocks
        if contains(container, block.element)
        and not any(contains(teaser, block.element) for teaser in teasers)
    ]
    selected = [
        block
        for index, block in enumerate(inside)
        if block in kept or _reads_as_text(block, inside[index + 1 :]) or _names_source(block)
    ]
    return _with_lead(_without_bare_headings(selected), blocks, description)


def _names_source(block: TextBlock) -> bool:
    """A 'Quelle: …' line: too short to read as prose, but the article's source (read in the
    outro, never as text)."""
    return classify(block.text)[0] == "source"


def _without_bare_headings(selected: list[TextBlock]) -> list[TextBlock]:
    """Headings with no text under them (a video's title, a box's heading) are not chapters."""
    return [
        block
        for index, block in enumerate(selected)
        if not _is_heading(block)
        or (index + 1 < len(selected) and not _is_heading(selected[index + 1]))
    ]


def _after_headline(blocks: list[TextBlock], headline: Headline | None) -> list[TextBlock]:
    """Blocks after the headline: what stands before it is kicker, rubric, date or navigation."""
    if headline is None:
        return blocks
    element = headline.elements[0]
    for index, block in enumerate(blocks):
        if contains(element, block.element):
            rest = blocks[index:]
            return [b for b in rest if not any(contains(e, b.element) for e in headline.elements)]
    return blocks


class _Extracted:
    def __init__(self, texts: list[str]) -> None:
        self.exact = set(texts)
        self.long = [text for text in texts if len(text) >= _MIN_CONTAINED]

    def has(self, text: str) -> bool:
        if text in self.exact:
            return True
        if len(text) < _MIN_CONTAINED:
            return False
        return any(text in other or other in text for other in self.long)


def _container(kept: list[TextBlock], blocks: list[TextBlock]) -> Element | None:
    """Where the article is: the `<article>` holding most of the kept text, else the common
    ancestor of the kept blocks; without kept blocks, the likeliest element of the page."""
    if not kept:
        return _fallback_container(blocks)
    total = sum(len(block.text) for block in kept)
    by_article: dict[Element, int] = {}
    for block in kept:
        article = next((a for a in block.element.iterancestors() if tag(a) == "article"), None)
        if article is not None:
            by_article[article] = by_article.get(article, 0) + len(block.text)
    if by_article:
        article, chars = max(by_article.items(), key=lambda item: item[1])
        if chars * 2 >= total:
            return article
    return common_ancestor([block.element for block in kept])


def _fallback_container(blocks: list[TextBlock]) -> Element | None:
    if not blocks:
        return None
    root = blocks[0].element.getroottree().getroot()
    for path in _FALLBACK_CONTAINERS:
        candidates = root.xpath(path)
        scored = [(_prose_chars(c, blocks), c) for c in candidates]
        scored = [(score, c) for score, c in scored if score]
        if scored:
            return max(scored, key=lambda item: item[0])[1]
    return None


def _prose_chars(element: Element, blocks: list[TextBlock]) -> int:
    return sum(
        len(block.text) for block in blocks if _is_prose(block) and contains(element, block.element)
    )


def _teaser_articles(container: Element, kept: list[TextBlock]) -> list[Element]:
    """`<article>` elements inside the article with nothing trafilatura kept: teaser cards."""
    return [
        nested
        for nested in container.iterdescendants("article")
        if not any(contains(nested, block.element) for block in kept)
    ]


def _reads_as_text(block: TextBlock, following: list[TextBlock]) -> bool:
    """A paragraph trafilatura dropped is brought back when it reads as prose; a heading when
    prose follows it."""
    if block.link_density > _MAX_LINK_DENSITY:
        return False
    if _is_heading(block):
        return bool(following) and _is_prose(following[0])
    return _is_prose(block)


def _is_prose(block: TextBlock) -> bool:
    return (
        block.link_density <= _MAX_LINK_DENSITY
        and len(block.text.split()) >= 3
        and block.text.endswith(_SENTENCE_END)
        and not _is_heading(block)
    )


def _with_lead(
    selected: list[TextBlock], blocks: list[TextBlock], description: str
) -> list[TextBlock]:
    """The lead paragraph first, when the page shows its description as one outside the
    article container (some sites put the lead in a header above the `<article>`)."""
    if not description or not selected or any(b.text == description for b in selected):
        return selected
    first = blocks.index(selected[0]) if selected[0] in blocks else 0
    for block in blocks[:first]:
        if block.text == description:
            return [block, *selected]
    return selected


def _parts(block: TextBlock) -> list[str]:
    """A line of several inline parts that the text rules each know ('<span>Von Lisa
    Beispiel</span> <span>Über dieses Thema berichtet …</span>') is taken part by part, so
    that the rules see each: a byline beside a broadcast note, a date beside a reading time.
    Any other block is one text."""
    element = block.element
    loose = (element.text or "") + "".join(child.tail or "" for child in element)
    parts = [norm(child.text_content()) for child in element if tag(child) not in BLOCK_TAGS]
    parts = [part for part in parts if part]
    if len(parts) < 2 or re.search(r"\w", loose) or " ".join(parts) != block.text:
        return [block.text]
    if all(classify(part)[0] for part in parts):
        return parts
    return [block.text]


def _is_heading(block: TextBlock) -> bool:
    """h1–h3 (h4 and smaller are read as text), or a paragraph that is one short bold line."""
    name = tag(block.element)
    if name in HEADING_TAGS:
        return True
    if name != "p" or len(block.element) != 1 or (block.element.text or "").strip():
        return False
    child = block.element[0]
    if tag(child) not in ("strong", "b") or (child.tail or "").strip():
        return False
    return looks_like_heading(block.text)
