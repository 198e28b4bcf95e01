"""Chapters JSON (Podcasting 2.0, version 1.2.0), WebVTT and SRT from an episode's timeline.

The times are the utterances' real spans in the MP3, the same timeline as the ID3 chapters;
the text is the sentence as written, never the normalised one the voice read. Lines hold at
most 42 characters, cues at most two lines (the usual subtitle limits), so a long sentence
becomes several cues whose times split the sentence's span in proportion to their characters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from tts.article import Episode
from tts.errors import OutputError
from tts.files import write_atomic

LINE_CHARS = 42
CUE_LINES = 2
CHAPTERS_VERSION = "1.2.0"


@dataclass(frozen=True)
class Cue:
    start_ms: int
    end_ms: int
    lines: tuple[str, ...]


def wrap(text: str, width: int = LINE_CHARS) -> list[str]:
    """Lines of at most `width` characters, broken between words; a word longer than a line
    (a URL) is cut, since no line may be longer."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        while len(word) > width:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:width])
            word = word[width:]
        if not word:
            continue
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def cues(episode: Episode) -> list[Cue]:
    """The episode's subtitle cues, in order; utterances without written text are skipped."""
    result: list[Cue] = []
    for utterance in episode.utterances:
        lines = wrap(utterance.written)
        if not lines or utterance.end_ms <= utterance.start_ms:
            continue
        groups = [tuple(lines[i : i + CUE_LINES]) for i in range(0, len(lines), CUE_LINES)]
        weights = [sum(len(line) for line in group) for group in groups]
        total = sum(weights)
        span = utterance.end_ms - utterance.start_ms
        start, done = utterance.start_ms, 0
        for group, weight in zip(groups, weights, strict=True):
            done += weight
            end = utterance.start_ms + round(span * done / total)
            result.append(Cue(start, end, group))
            start = end
    return result


def _clock(ms: int, separator: str) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def _vtt_text(line: str) -> str:
    """WebVTT cue text reads `<` as a tag and `&` as a reference: escape them (and `>`, which
    keeps a written `-->` from ending the timing line)."""
    return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(episode: Episode) -> str:
    blocks = ["WEBVTT"]
    for number, cue in enumerate(cues(episode), 1):
        timing = f"{_clock(cue.start_ms, '.')} --> {_clock(cue.end_ms, '.')}"
        blocks.append("\n".join([str(number), timing, *map(_vtt_text, cue.lines)]))
    return "\n\n".join(blocks) + "\n"


def srt(episode: Episode) -> str:
    blocks = []
    for number, cue in enumerate(cues(episode), 1):
        timing = f"{_clock(cue.start_ms, ',')} --> {_clock(cue.end_ms, ',')}"
        blocks.append("\n".join([str(number), timing, *cue.lines]))
    return "\n\n".join(blocks) + "\n"


def chapters_json(episode: Episode) -> str:
    """Podcasting 2.0 JSON chapters: seconds as numbers, one entry per ID3 chapter."""
    document = {
        "version": CHAPTERS_VERSION,
        "chapters": [
            {
                "startTime": chapter.start_ms / 1000,
                "endTime": chapter.end_ms / 1000,
                "title": chapter.title,
            }
            for chapter in episode.chapters
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def sidecar_names(slug: str) -> tuple[str, str, str]:
    """File names of the chapters JSON, the WebVTT and the SRT transcript of episode `slug`."""
    return f"{slug}.chapters.json", f"{slug}.vtt", f"{slug}.srt"


def write_sidecars(episode: Episode, output_dir: Path) -> tuple[str, str, str]:
    """Write the three side-cars next to the MP3 (each atomically); their names, relative to
    `output_dir`, for EpisodeFiles.chapters / transcript_vtt / transcript_srt."""
    names = sidecar_names(episode.slug)
    contents = (chapters_json(episode), webvtt(episode), srt(episode))
    for name, text in zip(names, contents, strict=True):
        target = output_dir / name
        try:
            write_atomic(target, text.encode("utf-8"))
        except OSError as error:
            raise OutputError(f"{target}: cannot write ({error.strerror or error})") from error
    return names
