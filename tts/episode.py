"""One article in, one episode out: script, synthesis, assembly, tags, metadata.

Every file is written under a temporary name and renamed into place, the metadata last, so a
crash never leaves a half episode where a feed would pick it up.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from tts import __version__, langdata
from tts.announce import announced_script
from tts.article import Article, Chapter, Episode, Script, TimedUtterance
from tts.audio import Assembled, assemble, encode_mp3
from tts.config import Settings
from tts.cover import save_cover
from tts.errors import InputError, OutputError
from tts.files import ensure_writable_directory, temporary_path
from tts.ingest import SourceText
from tts.jingles import add_jingles, load_jingles
from tts.normalize import Lexicon, Normalizer
from tts.synth import Engine
from tts.synth.cache import ClipCache, default_cache_dir
from tts.synth.render import render
from tts.tags import Tags, write_tags

_CHAPTER_LEAD_MS = 250  # a chapter starts just before its first word, not in the pause


def build_script(article: Article, settings: Settings) -> Script:
    """The article's Script inside the spoken intro and outro (tts/announce.py)."""
    lexicon = Lexicon.load(settings.lexicon) if settings.lexicon else None
    script = announced_script(article, settings, Normalizer(lexicon))
    if not script.utterances:
        raise InputError(f"{article.title or 'article'}: nothing to read aloud")
    return script


def slugify(title: str, limit: int = 80) -> str:
    """A file name from the title: 'Kim kündigt an' -> 'kim-kuendigt-an'."""
    spelled = "".join(langdata.mapping("slug").get(ch, ch) for ch in title)
    ascii_only = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0]
    return slug or "episode"


def chapter_marks(script: Script, assembled: Assembled) -> list[Chapter]:
    """One chapter per section that has anything to say, back to back from 0 to the end."""
    starts: dict[int, int] = {}
    previous_end = 0
    for utterance, (start, end) in zip(script.utterances, assembled.spans_ms, strict=True):
        if utterance.section_index not in starts:
            starts[utterance.section_index] = (
                0 if not starts else max(previous_end, start - _CHAPTER_LEAD_MS)
            )
        previous_end = end
    indices = sorted(starts)
    marks = [starts[index] for index in indices] + [assembled.duration_ms]
    return [
        Chapter(script.chapter_titles[index], marks[position], marks[position + 1])
        for position, index in enumerate(indices)
    ]


def output_paths(output_dir: Path, slug: str) -> tuple[Path, Path]:
    return output_dir / f"{slug}.mp3", output_dir / f"{slug}.json"


def _prepare_output_dir(output_dir: Path) -> None:
    fix = "pass another with -o DIR"
    ensure_writable_directory(output_dir, "output directory", fix, OutputError)


def make_episode(
    article: Article,
    source: SourceText,
    script: Script,
    engine: Engine,
    settings: Settings,
    advance: Callable[[int], None] | None = None,
    cover_jpeg: bytes | None = None,
) -> Episode:
    _prepare_output_dir(settings.output_dir)
    slug = slugify(article.title)
    mp3_path, json_path = output_paths(settings.output_dir, slug)
    jingles = load_jingles(  # a bad jingle fails before synthesis
        settings.intro_jingle, settings.outro_jingle, settings.jingle_gap_ms, engine.sample_rate
    )
    cache = ClipCache(settings.cache_dir or default_cache_dir())
    clips = render([u.text for u in script.utterances], engine, cache, advance)
    assembled = assemble(clips, [u.pause_after_ms for u in script.utterances], settings.audio)
    assembled = add_jingles(assembled, jingles, settings.audio)
    chapters = chapter_marks(script, assembled)
    episode = Episode(
        slug=slug,
        title=article.title,
        audio_path=str(mp3_path),
        metadata_path=str(json_path),
        duration_ms=assembled.duration_ms,
        chapters=chapters,
        utterances=[
            TimedUtterance(u.text, u.written, u.section_index, start, end)
            for u, (start, end) in zip(script.utterances, assembled.spans_ms, strict=True)
        ],
        voice=engine.voice,
        engine=engine.name,
        input_sha256=source.sha256,
        source_path=source.name,
        author=article.author or settings.author,
        date=article.date or dt.date.today().isoformat(),
        site=article.site or settings.site,
        description=article.teaser,
        language=article.language,
        extra={
            "kicker": article.kicker,
            "source": article.source,
            "url": article.url,
            "image": article.image,
        },
    )
    cover_path = settings.output_dir / f"{slug}.jpg" if cover_jpeg else None
    if cover_path:
        episode.extra["cover"] = str(cover_path)
    tags = _tags(episode, article, cover_jpeg)
    _write_files(episode, assembled, settings, (mp3_path, json_path), tags, cover_path)
    return episode


def _tags(episode: Episode, article: Article, cover_jpeg: bytes | None) -> Tags:
    source = f"Quelle: {article.source}. " if article.source else ""
    return Tags(
        title=episode.title,
        artist=episode.author or episode.site or "artikel-tts",
        album=episode.site or "artikel-tts",
        date=episode.date,
        comment=(
            f"{source}Dieser Text wurde von einer künstlichen Stimme vorgelesen "
            f"({episode.engine}, {episode.voice})."
        ),
        chapters=episode.chapters,
        source_url=article.url,
        cover_jpeg=cover_jpeg,
        encoder=f"artikel-tts {__version__}",
    )


def _write_files(
    episode: Episode,
    assembled: Assembled,
    settings: Settings,
    paths: tuple[Path, Path],
    tags: Tags,
    cover_path: Path | None,
) -> None:
    """MP3, then the cover, then the metadata: the JSON appears only when the rest is there."""
    mp3_path, json_path = paths
    temporaries: list[Path] = []
    try:
        audio_tmp = temporary_path(mp3_path)
        temporaries.append(audio_tmp)
        measured = encode_mp3(assembled, audio_tmp, settings.audio)
        episode.loudness_lufs = measured.integrated_lufs
        episode.true_peak_dbtp = measured.true_peak_dbtp
        write_tags(audio_tmp, tags)
        meta_tmp = temporary_path(json_path)
        temporaries.append(meta_tmp)
        meta_tmp.write_text(
            json.dumps(dataclasses.asdict(episode), ensure_ascii=False, indent=2) + "\n", "utf-8"
        )
        os.replace(audio_tmp, mp3_path)
        if cover_path and tags.cover_jpeg:
            save_cover(tags.cover_jpeg, cover_path)
        os.replace(meta_tmp, json_path)
    except OSError as error:
        raise OutputError(
            f"{error.filename or settings.output_dir}: cannot write the episode ({error.strerror})"
        ) from None
    finally:
        for path in temporaries:
            path.unlink(missing_ok=True)
