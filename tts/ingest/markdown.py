"""Markdown (static sites, newsroom exports) -> Article, with markdown-it-py.

Front matter (YAML between '---' lines) gives the metadata; '#' is the headline, '##' and '###'
start sections; list items are read one by one, links as their text; code blocks, images, tables
and raw HTML are not read.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tts.article import Article
from tts.errors import InputError
from tts.ingest.blocks import Block, Metadata, build_article
from tts.ingest.dom import norm
from tts.ingest.text import iso_date

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADINGS = ("h1", "h2", "h3")  # a '#' after the headline starts a section too


def parse_markdown(text: str, name: str) -> Article:
    matter, body = _front_matter(text, name)
    meta = Metadata(
        title=_field(matter, "title"),
        kicker=_field(matter, "kicker"),
        source=_field(matter, "source"),
        author=_field(matter, "author", "authors"),
        date=_date(matter.get("date")),
        site=_field(matter, "site"),
        image=_field(matter, "image", "cover"),
        url=_field(matter, "url"),
    )
    headline, blocks = _blocks(MarkdownIt("commonmark").enable("table").parse(body))
    meta.title = headline or meta.title
    return build_article(blocks, meta, name)


def _front_matter(text: str, name: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        raise InputError(f"{name}: the front matter is not valid YAML: {error}") from None
    if not isinstance(data, dict):
        return {}, text
    return data, text[match.end() :]


def _field(matter: dict[str, Any], *names: str) -> str:
    for field in names:
        value = matter.get(field)
        if isinstance(value, list):
            value = " und ".join(str(item) for item in value if item)
        if value not in (None, ""):
            return norm(str(value))
    return ""


def _date(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value or "").strip()
    if re.match(r"\d{4}-\d{2}-\d{2}", text):
        return text[:10]
    return iso_date(text)


def _blocks(tokens: list[Token]) -> tuple[str, list[Block]]:
    """(the '#' headline, the blocks after it in reading order).

    Only inline tokens hold text that is read: code blocks and raw HTML have none, and tables
    are skipped whole. Each list item's paragraph is a block of its own.
    """
    headline = ""
    blocks: list[Block] = []
    skip_until = ""
    heading = ""
    for token in tokens:
        if skip_until:
            if token.type == skip_until:
                skip_until = ""
            continue
        if token.type == "table_open":
            skip_until = "table_close"
        elif token.type == "heading_open":
            heading = token.tag
        elif token.type == "heading_close":
            heading = ""
        elif token.type == "inline":
            text = _inline_text(token)
            if not text:
                continue
            if heading == "h1" and not headline and not blocks:
                headline = text
            else:
                blocks.append(Block(text, heading=heading in _HEADINGS))
    return headline, blocks


def _inline_text(token: Token) -> str:
    """A paragraph or heading as read: links as their text, images and HTML left out."""
    pieces: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            pieces.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            pieces.append(" ")
    return norm("".join(pieces))
