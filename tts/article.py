"""The data that flows through the pipeline: Article -> Script -> Episode."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass
class Section:
    """A stretch of the article under one heading; becomes one chapter.

    The first section usually has no heading of its own: its chapter is titled with the headline.
    """

    heading: str | None
    paragraphs: list[str]


@dataclass
class Article:
    """An article as written, with the page's clutter already removed."""

    title: str
    sections: list[Section]
    kicker: str = ""
    teaser: str = ""
    rubric: str = ""
    source: str = ""
    author: str = ""
    date: str = ""
    site: str = ""
    image: str = ""
    url: str = ""
    language: str = "de"

    @property
    def chapter_titles(self) -> list[str]:
        return [section.heading or self.title for section in self.sections]

    @property
    def text(self) -> str:
        """Everything that is read, as written; used for checksums and word counts."""
        parts = [self.kicker, self.title, self.teaser]
        for section in self.sections:
            parts.append(section.heading or "")
            parts.extend(section.paragraphs)
        return "\n".join(part for part in parts if part)


@dataclass(frozen=True)
class Utterance:
    """One unit sent to the voice: a sentence, a heading, or a clause of a long sentence.

    `text` is what the voice says (normalised), `written` what the article says (for transcripts).
    """

    text: str
    written: str
    section_index: int
    pause_after_ms: int
    kind: str = "sentence"


@dataclass
class Script:
    """What will be read, in order, with the pause after each utterance."""

    title: str
    chapter_titles: list[str]
    utterances: list[Utterance]


@dataclass(frozen=True)
class Chapter:
    title: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class TimedUtterance:
    text: str
    written: str
    section_index: int
    start_ms: int
    end_ms: int


EPISODE_FORMAT = 1
"""Version of the side-car JSON; bumped whenever a field changes meaning."""


@dataclass(frozen=True)
class EpisodeFiles:
    """An episode's files, relative to the output directory, so that the whole folder can be
    moved or published as it is."""

    audio: str
    metadata: str
    cover: str | None = None
    chapters: str | None = None
    transcript_vtt: str | None = None
    transcript_srt: str | None = None

    def names(self) -> list[str]:
        """Every file that belongs to the episode (for removal and publishing)."""
        return [name for name in dataclasses.astuple(self) if name]


@dataclass(frozen=True)
class Episode:
    """A finished episode, built once after its audio is written.

    `id` is stable while the audio is regenerated: it is derived from `identity` (the
    article's canonical URL, else its source path, else its content hash), never from the
    headline, so the catalogue row, the feed GUID and the file names survive re-synthesis.
    `published` is the article's own date and stays None when the article has none;
    `produced_at` is when the audio was made.
    """

    id: str
    identity: str
    slug: str
    title: str
    files: EpisodeFiles
    duration_ms: int
    chapters: tuple[Chapter, ...]
    utterances: tuple[TimedUtterance, ...]
    voice: str
    engine: str
    voice_licence: str
    input_sha256: str
    fingerprint: str
    produced_at: str
    published: str | None = None
    kicker: str = ""
    description: str = ""
    author: str = ""
    site: str = ""
    source: str = ""
    url: str = ""
    image: str = ""
    language: str = "de"
    size_bytes: int = 0
    audio_sha256: str = ""
    loudness_lufs: float | None = None
    true_peak_dbtp: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The side-car JSON's content, with its format version first."""
        return {"format": EPISODE_FORMAT, **dataclasses.asdict(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Episode:
        """The inverse of to_dict; ValueError when the data is not an episode of this format."""
        if not isinstance(data, dict) or data.get("format") != EPISODE_FORMAT:
            found = data.get("format") if isinstance(data, dict) else type(data).__name__
            raise ValueError(f"not an episode of format {EPISODE_FORMAT} (format: {found!r})")
        values = {key: value for key, value in data.items() if key != "format"}
        known = {item.name for item in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown episode field {unknown[0]!r}")
        try:
            values["files"] = EpisodeFiles(**values["files"])
            values["chapters"] = tuple(Chapter(**item) for item in values["chapters"])
            values["utterances"] = tuple(TimedUtterance(**item) for item in values["utterances"])
            return cls(**values)
        except (KeyError, TypeError) as error:
            raise ValueError(f"malformed episode: {error}") from error
