"""Plain text as pasted from a news page -> Article.

The shape: rubric, kicker and headline, teaser, body paragraphs, section headings (a short
line without closing punctuation followed by prose), a source line. Clutter goes first
(tts/ingest/clean.py), then the remaining blocks are given their roles by position and form.
"""

from __future__ import annotations

import re
from functools import cache

from tts import langdata
from tts.article import Article, Section
from tts.errors import InputError
from tts.ingest.clean import clean_lines

_MAX_HEADING_WORDS = 16
_MAX_HEADING_CHARS = 140
_HARD_WRAP_MIN = 50
_MAX_HEAD_LINES = 4  # rubric (or a two-line breadcrumb), kicker, headline
_MAX_KICKER_WORDS = 5
_MAX_QUESTION_HEADINGS = 2  # more questions answered by prose make an interview
_CLOSING = "\"'“”„«»‚‘’›‹)]"
_SENTENCE_END = re.compile(r"[.!?…:;,]$")
_WRAPPED_END = re.compile(r"[.!?…:;\"“”»«)]$")


def parse_text(text: str, name: str = "<text>") -> Article:
    cleaned = clean_lines(text.split("\n"))
    blocks, attached = _blocks(cleaned.lines)
    if not blocks:
        raise InputError(f"{name}: nothing left to read after removing page clutter")
    rubric, kicker, title, rest = _header(blocks, attached)
    teaser = ""
    if len(rest) >= 2 and not _is_heading(rest[0]):
        teaser, rest = _unbullet(rest[0]), rest[1:]
    sections = _sections(rest)
    return Article(
        title=title,
        kicker=kicker,
        teaser=teaser,
        rubric=rubric,
        sections=sections,
        source=cleaned.source,
        author=cleaned.author,
        date=iso_date(cleaned.date),
        site=site_of_source(cleaned.source),
    )


def _blocks(lines: list[str]) -> tuple[list[str], set[int]]:
    """One block per paragraph: a line of its own, or hard-wrapped lines joined; and the
    indices of the blocks that follow the one before without a blank line between.

    A list item ('- Punkt') is a block of its own; it keeps its marker until the sections are
    built, so that it is never taken for a heading.
    """
    blocks: list[str] = []
    attached: set[int] = set()
    joinable = blank = False
    for line in lines:
        if not line:
            joinable, blank = False, True
            continue
        if joinable and blocks and not _list_item(line):
            blocks[-1] = f"{blocks[-1]} {line}"
        else:
            if blocks and not blank:
                attached.add(len(blocks))
            blocks.append(line)
        joinable = len(line) >= _HARD_WRAP_MIN and not _WRAPPED_END.search(line)
        blank = False
    return blocks, attached


@cache
def _bullet() -> re.Pattern[str]:
    markers = "".join(re.escape(row[0]) for row in langdata.rows("list_markers"))
    return re.compile(f"^[{markers}]\\s+(?=\\S)")


def _list_item(block: str) -> bool:
    return bool(_bullet().match(block))


def _unbullet(block: str) -> str:
    """A list item as read: without its bullet ('- Punkt eins' -> 'Punkt eins')."""
    return _bullet().sub("", block, count=1)


def _bare(block: str) -> str:
    return block.rstrip(_CLOSING + " ")


def looks_like_heading(block: str) -> bool:
    """Short, and no closing punctuation: how a heading looks in text without markup."""
    return _is_heading(block)


def _is_heading(block: str, *, allow_question: bool = False) -> bool:
    bare = _bare(block)
    if (
        not bare
        or _list_item(block)
        or len(block) > _MAX_HEADING_CHARS
        or len(block.split()) > _MAX_HEADING_WORDS
    ):
        return False
    if allow_question and bare.endswith(("?", "!")):
        return True
    return not _SENTENCE_END.search(bare)


def _header(blocks: list[str], attached: set[int]) -> tuple[str, str, str, list[str]]:
    """(rubric, kicker, title, remaining blocks) from the short lines at the top.

    The last short line before the prose is the headline, the one before it the kicker; lines
    above those are the rubric (one line, or a breadcrumb of two: "Nachrichten", "Thüringen").
    A single word above the headline is its kicker when it sticks to it, and the rubric when
    a blank line parts them ("Politik", blank, headline).
    """
    head: list[str] = []
    while (
        len(head) < _MAX_HEAD_LINES
        and len(head) < len(blocks) - 1
        and _is_heading(blocks[len(head)], allow_question=True)
    ):
        head.append(blocks[len(head)])
    rest = blocks[len(head) :]
    if not head:  # prose from the first line: its first sentence is the title, read once
        match = re.match(r"(.{10,160}?[.!?])\s+(.*)", rest[0] + " ")
        if not match:
            return "", "", rest[0], rest[1:]
        title, remainder = match.group(1), match.group(2).strip()
        return "", "", title, ([remainder] if remainder else []) + rest[1:]
    rubric = kicker = ""
    if len(head) >= 3:
        rubric, kicker, title = " / ".join(head[:-2]), head[-2], head[-1]
    elif len(head) == 2:
        if len(head[0].split()) == 1 and 1 not in attached:
            rubric, title = head
        else:
            kicker, title = head
    else:
        title = head[0]
    if not kicker:
        kicker, title = split_colon(title)
    if not kicker:
        kicker, title = split_kicker(title)
    return rubric, kicker, title, rest


def split_colon(line: str) -> tuple[str, str]:
    """Kicker and headline copied as one line with the colon a page hides between them
    ('Schlafforschung: Wer am Wochenende …'): the same kicker and title as the page's HTML.
    A long part before the colon is a statement, not a kicker; the line stays the headline."""
    before, colon, after = line.partition(": ")
    if not colon or len(before.split()) > _MAX_KICKER_WORDS or not _capitalised(after):
        return "", line
    return before.strip(), after.strip()


@cache
def _function_words() -> frozenset[str]:
    return frozenset(row[0] for row in langdata.rows("function_words"))


def split_kicker(line: str) -> tuple[str, str]:
    """Kicker and headline pasted into one line: 'Stärkung des Militärs Kim kündigt USA … an'.

    The kicker is a short noun phrase (lowercase words only function words) ending in a
    capitalised word. The headline starts either with a capitalised article or preposition
    ('Klimabilanz Der Sommer war …': mid-line, that can only start a sentence), or, after a
    kicker of two or more words, with a capitalised subject and a lowercase verb. When neither
    shape is clearly there, the whole line stays the headline.
    """
    words = line.split()
    function_words = _function_words()
    for k in range(1, min(7, len(words) - 2)):
        kicker, head = words[:k], words[k:]
        if not (_capitalised(kicker[-1]) and _capitalised(head[0])) or kicker[-1].endswith(":"):
            continue  # 'Grüne: Zu zögerlich' is one line; split_colon splits at colons
        if kicker[-1].lower() in function_words:
            continue
        lowercase = [w for w in kicker if not _capitalised(w)]
        if not all(w.lower() in function_words for w in lowercase):
            continue
        starts_sentence = head[0].lower() in function_words
        subject_verb = k >= 2 and bool(lowercase) and head[1][:1].islower()
        if starts_sentence or subject_verb:
            return " ".join(kicker), " ".join(head)
    return "", line


def _capitalised(word: str) -> bool:
    return word.lstrip(_CLOSING)[:1].isupper()


def _sections(blocks: list[str]) -> list[Section]:
    """Paragraphs, split into sections at headings (a short line followed by prose).

    A heading may end in '?' ('Was ändert sich für Mieter?'), unless there are many: then the
    text is an interview, and its questions are paragraphs. A short line that splits into
    kicker and headline is a teaser for another article, pasted from a box between paragraphs:
    sections do not have kickers.
    """
    questions = _allow_questions(blocks)
    sections = [Section(heading=None, paragraphs=[])]
    for index, block in enumerate(blocks):
        followed_by_prose = index + 1 < len(blocks) and not _is_heading(blocks[index + 1])
        if _is_heading(block, allow_question=True) and split_kicker(block)[0]:
            continue
        if _is_heading(block, allow_question=questions) and followed_by_prose:
            sections.append(Section(heading=block, paragraphs=[]))
        else:
            sections[-1].paragraphs.append(_unbullet(block))
    if not sections[0].paragraphs and len(sections) > 1 and not blocks:
        sections.pop(0)
    return sections


def _allow_questions(blocks: list[str]) -> bool:
    asked = [
        block
        for index, block in enumerate(blocks[:-1])
        if _is_heading(block, allow_question=True)
        and not _is_heading(block)
        and not _is_heading(blocks[index + 1])
    ]
    return len(asked) <= _MAX_QUESTION_HEADINGS


_DATE = re.compile(r"(?<!\d)(\d{1,2})\.\s*(\d{1,2}(?=\.)|[^\W\d]+)\.?\s*(\d{4}|\d{2})(?!\d)")
_CENTURY = 2000  # a two-digit year ('26.11.26') is of this century


@cache
def _months() -> dict[str, int]:
    months: dict[str, int] = {}
    for number, name, *variants in langdata.rows("months"):
        for form in (name, *(v for field in variants for v in field.split(","))):
            if form.strip():
                months[form.strip().casefold()] = int(number)
    return months


def iso_date(stamp: str) -> str:
    """'26.11.2026, 14:30 Uhr', '26.11.26' or 'Montag, 3. März 2025' -> '2026-11-26' /
    '2025-03-03'."""
    match = _DATE.search(stamp)
    if not match:
        return ""
    day, month_text, year = match.groups()
    month = int(month_text) if month_text.isdigit() else _months().get(month_text.casefold(), 0)
    if not 1 <= month <= 12:
        return ""
    full_year = int(year) + (_CENTURY if len(year) == 2 else 0)
    return f"{full_year:04d}-{month:02d}-{int(day):02d}"


def site_of_source(source: str) -> str:
    """The site named in a source line ('ntv.de, mpa/AP' -> 'ntv.de')."""
    match = re.match(r"\s*([\w-]+(?:\.[\w-]+)*\.[a-z]{2,})\b", source)
    return match.group(1) if match else ""
