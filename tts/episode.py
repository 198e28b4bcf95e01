"""An episode's identity, names and record: what stays the same while its audio is redone.

The id comes from the article's identity (canonical URL, else source path, else content hash),
never from the headline, so two articles with one headline do not overwrite each other and a
re-run keeps its files. The side-car JSON is the episode's record: written last, atomically,
and read back by `read_episode` into the same Episode.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from tts import langdata
from tts.article import Article, Chapter, Episode, Script
from tts.errors import InputError

CHAPTER_LEAD_MS = 250  # a chapter starts just before its first word, not in the pause
_ID_LENGTH = 16
_SUFFIX_LENGTH = 6


def identity_of(article: Article, source_name: str, content_sha256: str) -> str:
    """What makes an article the same article: its canonical URL, else the file it came
    from, else (stdin, text handed over by a CMS) the hash of its content."""
    if article.url:
        return f"url:{article.url}"
    if source_name and source_name not in ("stdin", "text", "-"):
        return f"path:{Path(source_name).resolve()}"
    return f"sha256:{content_sha256}"


def episode_id(identity: str) -> str:
    return hashlib.sha256(identity.encode()).hexdigest()[:_ID_LENGTH]


def slugify(title: str, limit: int = 80) -> str:
    """A file name from the title: 'Kim kündigt an' -> 'kim-kuendigt-an'."""
    spelled = "".join(langdata.mapping("slug").get(ch, ch) for ch in title)
    ascii_only = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "episode"


def choose_slug(title: str, id_: str, output_dir: Path) -> str:
    """The episode's file stem: the one it already has, else the title's slug, else (when
    another episode holds that slug) the slug with a short suffix of the id."""
    existing = find_episode(output_dir, id_)
    if existing is not None:
        return existing.slug
    slug = slugify(title)
    holder = _record_at(output_dir / f"{slug}.json")
    if holder is None and not (output_dir / f"{slug}.mp3").exists():
        return slug
    if holder is not None and holder.id == id_:
        return slug
    return f"{slug}-{id_[:_SUFFIX_LENGTH]}"


def episodes_in(output_dir: Path) -> Iterator[Episode]:
    """Every readable episode record in `output_dir`."""
    for path in sorted(output_dir.glob("*.json")):
        episode = _record_at(path)
        if episode is not None:
            yield episode


def find_episode(output_dir: Path, id_: str) -> Episode | None:
    for episode in episodes_in(output_dir):
        if episode.id == id_:
            return episode
    return None


def _record_at(path: Path) -> Episode | None:
    """The episode recorded at `path`, or None when there is none (or it is not one of ours:
    chapters JSON and foreign files live beside the records)."""
    if path.name.endswith(".chapters.json"):
        return None
    try:
        return read_episode(path)
    except InputError:
        return None


def read_episode(path: Path) -> Episode:
    """The Episode recorded in a side-car JSON file; InputError naming the file otherwise."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such episode file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{path}: not an episode record ({error})") from error
    try:
        return Episode.from_dict(data)
    except ValueError as error:
        raise InputError(f"{path}: {error}") from error


def episode_json(episode: Episode) -> bytes:
    return (json.dumps(episode.to_dict(), ensure_ascii=False, indent=2) + "\n").encode()


def chapter_marks(
    script: Script, spans_ms: list[tuple[int, int]], duration_ms: int
) -> tuple[Chapter, ...]:
    """One chapter per section that has anything to say, back to back from 0 to the end, in
    time order."""
    starts: dict[int, int] = {}
    previous_end = 0
    for utterance, (start, end) in zip(script.utterances, spans_ms, strict=True):
        if utterance.section_index not in starts:
            starts[utterance.section_index] = (
                0 if not starts else max(previous_end, start - CHAPTER_LEAD_MS)
            )
        previous_end = end
    ordered = sorted(starts, key=lambda index: starts[index])
    marks = [starts[index] for index in ordered] + [duration_ms]
    return tuple(
        Chapter(script.chapter_titles[index], marks[position], marks[position + 1])
        for position, index in enumerate(ordered)
    )


def stale_temporaries(output_dir: Path, slug: str) -> list[Path]:
    """`.part` files a killed run left for this episode (tts/files.temporary_path names)."""
    if not output_dir.is_dir():
        return []
    name = re.compile(  # also the audio spool beside the MP3's temporary: ..slug.*.mp3.*.f32.part
        rf"\.\.?{re.escape(slug)}(\.chapters)?\.[0-9a-f]{{8}}\.\w+(\.[0-9a-f]{{8}}\.f32)?\.part"
    )
    return [
        path
        for pattern in (f".{glob_escape(slug)}*.part", f"..{glob_escape(slug)}*.part")
        for path in output_dir.glob(pattern)
        if name.fullmatch(path.name)
    ]


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)
