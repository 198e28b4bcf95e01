"""Structured input (HTML, Markdown) -> Article, by the same rules as plain text.

HTML and Markdown say which block is a heading; plain text has to guess. Everything after that is
shared, so that one article gives one Article whatever its format: the text rules of clutter.tsv
(date stamps, credits, source/author/date lines), the teaser (the first paragraph after the
headline, when more follows), and one section per heading.
"""

from __future__ import annotations

from dataclasses import dataclass

from tts.article import Article, Section
from tts.errors import InputError
from tts.ingest.clean import classify, pieces
from tts.ingest.text import iso_date, parse_text, site_of_source


@dataclass(frozen=True)
class Block:
    text: str
    heading: bool = False


@dataclass
class Metadata:
    """What the page or front matter says about the article; text lines may add to it."""

    title: str = ""
    kicker: str = ""
    source: str = ""
    author: str = ""
    date: str = ""
    site: str = ""
    image: str = ""
    url: str = ""


def build_article(blocks: list[Block], meta: Metadata, name: str) -> Article:
    """The Article from blocks in reading order (headline excluded) and the metadata."""
    kept = _without_clutter(blocks, meta)
    if not meta.title:
        return _untitled(kept, meta, name)
    while kept and kept[-1].heading:  # a heading with nothing under it at the end
        kept.pop()
    if not kept:
        raise InputError(f"{name}: nothing left to read after removing page clutter")
    teaser = ""
    if len(kept) >= 2 and not kept[0].heading:
        teaser, kept = kept[0].text, kept[1:]
    sections = [Section(heading=None, paragraphs=[])]
    for block in kept:
        if block.heading:
            sections.append(Section(heading=block.text, paragraphs=[]))
        else:
            sections[-1].paragraphs.append(block.text)
    return Article(
        title=meta.title,
        sections=sections,
        kicker=meta.kicker,
        teaser=teaser,
        source=meta.source,
        author=meta.author,
        date=meta.date,
        site=meta.site or site_of_source(meta.source),
        image=meta.image,
        url=meta.url,
    )


def _without_clutter(blocks: list[Block], meta: Metadata) -> list[Block]:
    """Blocks the text rules keep; source, author and date lines fill in the metadata."""
    kept: list[Block] = []
    for block in blocks:
        for text in [block.text] if block.heading else pieces(block.text):
            action, match = classify(text)
            if action == "source" and match:
                meta.source = meta.source or match.group(1).strip()
            elif action == "author" and match:
                meta.author = meta.author or match.group(1).strip()
            elif action == "date":
                meta.date = meta.date or iso_date(text)
            elif not action:
                kept.append(block)
    return kept


def _untitled(blocks: list[Block], meta: Metadata, name: str) -> Article:
    """No headline marked up: the plain-text rules find one among the blocks."""
    if not blocks:
        raise InputError(f"{name}: nothing left to read after removing page clutter")
    article = parse_text("\n\n".join(block.text for block in blocks), name)
    for field in ("kicker", "source", "author", "date", "site", "image", "url"):
        value = getattr(meta, field)
        if value and not getattr(article, field):
            setattr(article, field, value)
    return article
