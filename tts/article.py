"""The data that flows through the pipeline: Article -> Script -> Episode."""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass
class Episode:
    """A finished episode: where its files are and what is in them."""

    slug: str
    title: str
    audio_path: str
    metadata_path: str
    duration_ms: int
    chapters: list[Chapter]
    utterances: list[TimedUtterance]
    voice: str
    engine: str
    input_sha256: str
    source_path: str = ""
    author: str = ""
    date: str = ""
    site: str = ""
    description: str = ""
    language: str = "de"
    loudness_lufs: float | None = None
    true_peak_dbtp: float | None = None
    extra: dict[str, object] = field(default_factory=dict)
