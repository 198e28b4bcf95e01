"""Page clutter in pasted text, by the rules in tts/data/clutter.tsv, and lines of interface
words (tts/ingest/furniture.py) whatever their wording.

What goes leaves a mark in the lines (DROPPED; CREDIT for a picture credit; SOURCE and the
source's number for a source line), so that the text rules (tts/ingest/text.py) can tell the
furniture around it by its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from tts import langdata
from tts.ingest.furniture import (
    credit_words,
    is_credit,
    is_stamp,
    is_ui,
    sentences,
    trailing_credit,
)

_MAX_ITEM_CHARS = 140
_ITEM_ENDS = (".", "!", ":", ";", ",", "…")
_MIN_ITEMS_AFTER_GAP = 2
_SEPARATOR = re.compile(r"\s+[·|•]\s+")
# A link's arrow after the last sentence of a teaser or paragraph: "… Saarpfalz-Kreis. >".
_TRAILING_ARROW = re.compile(r"(?<=[.!?“”\"»«])\s+[>›→]+$")
_TRAILING_TAG = re.compile(r"(?<=[.!?“”\"»«])\s+(\([^()]{2,40}\))$")


@dataclass(frozen=True)
class Rule:
    action: str
    pattern: re.Pattern[str]


@cache
def rules() -> tuple[Rule, ...]:
    return tuple(
        Rule(action, re.compile(pattern, re.IGNORECASE))
        for action, pattern in langdata.rows("clutter")
    )


# Where clutter was taken out, the lines keep a mark, so that the text rules know that furniture
# stood there (and where a source line stood: the article ends there, or a chart's source).
MARK = "\x00"
DROPPED = MARK + "dropped"
CREDIT = MARK + "credit"
SOURCE = MARK + "source"  # + the number of the source in Cleaned.sources
_MIN_ECHO_CHARS = 12
_MAX_CAPTION_CHARS = 250
_MAX_CAPTION_SENTENCES = 2


@dataclass
class Cleaned:
    """Lines worth reading (blank lines kept as paragraph breaks, marks where clutter or a
    source line was) and the metadata found."""

    lines: list[str]
    source: str = ""
    sources: list[str] = field(default_factory=list)  # every source line, in order
    author: str = ""
    date: str = ""
    dropped: list[str] = field(default_factory=list)


def clean_lines(lines: list[str]) -> Cleaned:
    """Drop clutter lines, photo captions (printed twice, or right before a credit), boxes of
    links under their label, and everything from a trailing newsletter/consent block on."""
    lines = [piece for raw in lines for piece in pieces(raw.strip())]
    result = Cleaned(lines=[])
    caption_gone = False  # the caption of the current photo was already dropped
    prose_kept = 0
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        action, match = classify(line) if line else ("", None)
        if not action and line and is_ui(line):
            action = "drop"
        if action == "source" and match and _picture_source(match.group(1)):
            action = "credit"  # 'Quelle: Archivfoto Landesamt': a photo's credit, not the text's
        if not action and line and _caption_with_credit(line):
            result.dropped.append(line)
            result.lines.append(CREDIT)
            caption_gone = True
            continue
        if action == "stop" and (not prose_kept or is_stamp(line)):
            action = "drop"  # 'Kommentare (3)' over the teaser does not end the article
        if action == "stop":
            result.dropped.append(line)
            break
        if action == "box":
            end = _box_end(lines, index) if _bare_label(line) else index
            result.dropped.extend(item.strip() for item in lines[index:end] if item.strip())
            index = end
        elif action == "credit":
            if not caption_gone:
                _drop_caption(result, echo=True)
            caption_gone = False
        elif action == "source" and match:
            result.source = result.source or match.group(1).strip()
            result.sources.append(match.group(1).strip())
        elif action == "author" and match:
            result.author = result.author or match.group(1).strip()
        elif action == "date":
            result.date = result.date or line
        elif not action:
            previous = _previous_text(result.lines)
            if line and (previous == line or _echo_with_credit(previous, line)):
                _drop_caption(result, force=True)  # a caption printed twice: above and under
                result.dropped.append(line)  # the photo, the second time with its credit
                caption_gone = True
                continue
            result.lines.append(line)
            if line:
                caption_gone = False
                prose_kept += _is_prose(line)
            continue
        result.dropped.append(line)
        result.lines.append(_mark(action, len(result.sources) - 1))
    return result


def pieces(line: str) -> list[str]:
    """A line of several stamps the rules know ('26.11.2026 · Von Jens Beispiel'), piece by
    piece, so that each is taken for what it is; a paragraph ending in an agency's tag in
    brackets ('… bei 8,6 Prozent. (dts Nachrichtenagentur)'), the paragraph and the tag; any
    other line as it is, without a link's arrow at its end."""
    parts = _SEPARATOR.split(line)
    if len(parts) > 1 and all(classify(part)[0] for part in parts):
        return parts
    tag = _TRAILING_TAG.search(line)
    if tag and classify(tag.group(1))[0] == "drop":
        return [line[: tag.start()].rstrip(), tag.group(1)]
    return [_TRAILING_ARROW.sub("", line)]


def _bare_label(line: str) -> bool:
    """'Mehr zum Thema' lists its links below; 'Lesen Sie auch: Titel' names its one link."""
    return not re.search(r":\s*\S", line)


def _box_end(lines: list[str], start: int) -> int:
    """Where the list of linked headlines under a box label (the line before `start`) ends.

    The list is the run of short lines without closing punctuation right under the label; a
    blank line may stand between them, but then a lone short line is the next heading, and
    only a list of two or more goes. Prose right under the run (no blank line between, as in
    text pasted without paragraph gaps) has its heading as the run's last line.
    """
    first = start + 1 if start < len(lines) and not lines[start].strip() else start
    end = first
    while end < len(lines) and _is_item(lines[end].strip()):
        end += 1
    if end < len(lines) and end - first >= _MIN_ITEMS_AFTER_GAP and _is_prose(lines[end]):
        end -= 1
    if end == first or (first > start and end - first < _MIN_ITEMS_AFTER_GAP):
        return start
    return end


def _is_prose(line: str) -> bool:
    return line.strip().endswith((".", "!", "?", "…", '"', "“", "”", "»", "«"))


def _is_item(line: str) -> bool:
    """A linked headline (or its kicker) in a box: short, not a sentence, not metadata."""
    if not line or len(line) > _MAX_ITEM_CHARS or line.endswith(_ITEM_ENDS):
        return False
    return classify(line)[0] in ("", "drop", "box")


def classify(line: str) -> tuple[str, re.Match[str] | None]:
    """The action of the first rule matching the whole line, and its match ('' if none)."""
    for rule in rules():
        match = rule.pattern.fullmatch(line)
        if match:
            return rule.action, match
    return "", None


def is_mark(line: str) -> bool:
    return line.startswith(MARK)


def _mark(action: str, source: int) -> str:
    if action == "source":
        return f"{SOURCE}{source}"
    return CREDIT if action == "credit" else DROPPED


def _previous_text(lines: list[str]) -> str:
    for line in reversed(lines):
        if line and not is_mark(line):
            return line
    return ""


def _echo_with_credit(previous: str, line: str) -> bool:
    """'Ein Deich im Winter.' then 'Ein Deich im Winter. © NDR Foto: …': the caption again,
    with its credit."""
    if len(previous) < _MIN_ECHO_CHARS or not line.startswith(previous):
        return False
    rest = line[len(previous) :].strip()
    return bool(rest) and (is_credit(rest) or bool(classify(rest.strip("()"))[0] == "credit"))


def _drop_caption(result: Cleaned, echo: bool = False, force: bool = False) -> None:
    """Remove the last line kept when it is the caption of the photo just seen. With `echo`, a
    line right above it that the caption begins with goes too: the caption's short form,
    printed over the photo ('Schiffe am Kai' / 'Schiffe am Kai im Hafen.').

    A caption is one sentence or a line without closing punctuation, right over its credit; a
    paragraph of several sentences over a credit (the teaser, the last paragraph over a
    copyright line) is the text before a picture that has no caption, and so is a paragraph
    that a blank line parts from the credit: it stays."""
    index = len(result.lines) - 1
    while index >= 0 and (not result.lines[index] or is_mark(result.lines[index])):
        index -= 1
    if index < 0:
        return
    caption = result.lines[index]
    apart = "" in result.lines[index + 1 :]
    if not force and (apart or not _caption_like(caption)):
        return
    del result.lines[index:]
    result.dropped.append(caption)
    if echo and result.lines and result.lines[-1] and caption.startswith(result.lines[-1]):
        result.dropped.append(result.lines.pop())
    result.lines.append(DROPPED)


def _caption_with_credit(line: str) -> bool:
    """A caption with its credit at the end of the line: "Die Grube am Kersbacher Kreuz.
    Foto: Ralf Rödel"; one or two sentences before it."""
    start = trailing_credit(line)
    if start < 0:
        return False
    caption = line[:start].strip()
    return len(caption) <= _MAX_CAPTION_CHARS and sentences(caption) <= _MAX_CAPTION_SENTENCES


def _picture_source(value: str) -> bool:
    """'Quelle: Archivfoto Bayerisches Landesamt', 'Quelle: Foto dpa': the source of a picture,
    which must never become the article's source."""
    first = value.split()[0].strip(":,.").lower() if value.split() else ""
    return any(first.endswith(word) for word in credit_words())


def _caption_like(line: str) -> bool:
    if len(line) > _MAX_CAPTION_CHARS:
        return False
    return not _is_prose(line) or sentences(line) == 1
