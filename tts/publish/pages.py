"""Listener pages: output/index.html, one <slug>.html per episode, and the embed snippet.

Static files from Jinja2 templates (tts/publish/templates, autoescaping on, so a headline's
`&`, `<` or quotes stay text). The pages load only files of the output directory itself: no
fonts, scripts or images from any other host. The transcript is plain HTML, readable when the
audio cannot play; tts-player.js only adds seeking and the highlight of the current sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from tts.errors import OutputError
from tts.files import write_atomic
from tts.publish.catalog import Entry, open_catalog
from tts.publish.settings import PodcastSettings

ASSETS = ("tts-player.js", "tts-player.css")
INDEX_FILE = "index.html"


@dataclass(frozen=True)
class Sentence:
    text: str
    start: float
    end: float


@dataclass(frozen=True)
class ChapterView:
    title: str
    start: float
    end: float
    label: str


@dataclass(frozen=True)
class EpisodeView:
    """What a template shows of one episode (seconds as numbers for the script)."""

    slug: str
    title: str
    kicker: str
    description: str
    author: str
    url: str
    page: str
    audio: str
    vtt: str | None
    cover: str | None
    language: str
    date: str
    iso_date: str
    duration: str
    voice: str
    engine: str
    licence: str
    chapters: tuple[ChapterView, ...]
    paragraphs: tuple[tuple[Sentence, ...], ...]


def web_url(url: str) -> str:
    """`url` when it is an http(s) address, else "": an article's canonical link comes from the
    page it was read from, and a `javascript:` link must not become a link on ours."""
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else ""


def clock(ms: int) -> str:
    """0:05, 12:34 or 1:02:03."""
    seconds = round(ms / 1000)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def view(entry: Entry) -> EpisodeView:
    episode = entry.episode
    paragraphs: list[list[Sentence]] = []
    previous_section: int | None = None
    for utterance in episode.utterances:
        if not utterance.written.strip():
            continue
        if utterance.section_index != previous_section or not paragraphs:
            paragraphs.append([])
            previous_section = utterance.section_index
        paragraphs[-1].append(
            Sentence(utterance.written, utterance.start_ms / 1000, utterance.end_ms / 1000)
        )
    date = entry.date
    return EpisodeView(
        slug=episode.slug,
        title=episode.title,
        kicker=episode.kicker,
        description=episode.description,
        author=episode.author,
        url=web_url(episode.url),
        page=f"{episode.slug}.html",
        audio=episode.files.audio,
        vtt=episode.files.transcript_vtt,
        cover=episode.files.cover,
        language=episode.language or "de",
        date=f"{date.day}.{date.month}.{date.year}",
        iso_date=date.isoformat(),
        duration=f"{clock(episode.duration_ms)} min",
        voice=episode.voice,
        engine=episode.engine,
        licence=episode.voice_licence,
        chapters=tuple(
            ChapterView(c.title, c.start_ms / 1000, c.end_ms / 1000, clock(c.start_ms))
            for c in episode.chapters
        ),
        paragraphs=tuple(tuple(paragraph) for paragraph in paragraphs),
    )


def environment() -> Environment:
    """The template environment; autoescaping for every template, HTML or not."""
    return Environment(
        loader=PackageLoader("tts.publish", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _write(path: Path, text: str) -> None:
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as error:
        raise OutputError(f"{path}: cannot write ({error.strerror or error})") from error


def write_pages(output_dir: Path, podcast: PodcastSettings | None = None) -> list[Path]:
    """index.html, one page per catalogued episode and the player's script and style, all from
    the catalogue; the paths written. Without [podcast] settings the index has a plain title."""
    entries = open_catalog(output_dir).episodes()
    env = environment()
    views = [view(entry) for entry in entries]
    feed = "feed.xml" if podcast or (output_dir / "feed.xml").exists() else None
    common = {
        "show_title": podcast.title if podcast else "Folgen",
        "show_description": podcast.description if podcast else "",
        "language": podcast.language if podcast else "de",
        "feed": feed,
        "feed_url": podcast.feed_url if podcast else "feed.xml",
    }
    written = []
    for asset in ASSETS:
        source = resources.files("tts.publish") / "templates" / asset
        target = output_dir / asset
        _write(target, source.read_text("utf-8"))
        written.append(target)
    for episode_view in views:
        target = output_dir / episode_view.page
        _write(target, env.get_template("episode.html").render(e=episode_view, **common))
        written.append(target)
    index = output_dir / INDEX_FILE
    _write(index, env.get_template("index.html").render(episodes=views, **common))
    written.append(index)
    return written


def embed_snippet(output_dir: Path, id_or_slug: str, base_url: str) -> str:
    """The HTML that puts an episode's player into another page (the newsroom's article):
    absolute URLs under `base_url`, where the output directory is published."""
    entry = open_catalog(output_dir).get(id_or_slug)
    base = base_url.rstrip("/") + "/"
    return environment().get_template("embed.html").render(e=view(entry), base=base)
