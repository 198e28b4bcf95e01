"""Page clutter in pasted text, by the rules in tts/data/clutter.tsv."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from tts import langdata


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


@dataclass
class Cleaned:
    """Lines worth reading (blank lines kept as paragraph breaks) and the metadata found."""

    lines: list[str]
    source: str = ""
    author: str = ""
    date: str = ""
    dropped: list[str] = field(default_factory=list)


def clean_lines(lines: list[str]) -> Cleaned:
    """Drop clutter lines, photo captions (printed twice, or right before a credit) and
    everything from a trailing newsletter/consent block on."""
    result = Cleaned(lines=[])
    caption_gone = False  # the caption of the current photo was already dropped
    for raw in lines:
        line = raw.strip()
        action, match = classify(line) if line else ("", None)
        if action == "stop":
            result.dropped.append(line)
            break
        if action == "credit":
            if not caption_gone:
                _drop_caption(result)
            caption_gone = False
        elif action == "source" and match:
            result.source = result.source or match.group(1).strip()
        elif action == "author" and match:
            result.author = result.author or match.group(1).strip()
        elif action == "date":
            result.date = result.date or line
        elif not action:
            if line and _previous_text(result.lines) == line:
                _drop_caption(result)  # a caption printed twice: above and under the photo
                result.dropped.append(line)
                caption_gone = True
                continue
            result.lines.append(line)
            if line:
                caption_gone = False
            continue
        result.dropped.append(line)
    return result


def classify(line: str) -> tuple[str, re.Match[str] | None]:
    """The action of the first rule matching the whole line, and its match ('' if none)."""
    for rule in rules():
        match = rule.pattern.fullmatch(line)
        if match:
            return rule.action, match
    return "", None


def _previous_text(lines: list[str]) -> str:
    for line in reversed(lines):
        if line:
            return line
    return ""


def _drop_caption(result: Cleaned) -> None:
    """Remove the last non-blank line kept: it is the caption of the photo just seen."""
    while result.lines and not result.lines[-1]:
        result.lines.pop()
    if result.lines:
        result.dropped.append(result.lines.pop())
    result.lines.append("")
