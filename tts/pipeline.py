"""The pipeline behind the library call: one article in, one finished episode out.

    import tts
    settings = tts.load_settings("tts.toml")
    result = tts.produce("artikel.html", settings, on_event=print)

`tts synth`, `tts batch`, the feed and the server are thin layers over `produce`; a CMS calls
it directly. Progress and warnings arrive as `Event`s at `on_event`; nothing is printed.

The steps, in order: read the article (a path, URL, "-" for stdin, an Article, or text) and
refuse it when it is larger than `max_chars`; build the spoken script and the cover while the
voice loads in a second thread; skip the work when an episode with the same id and
fingerprint is already there ("unchanged"); synthesise sentence by sentence through the
sentence cache in a thread, while the audio module assembles each clip as it arrives; tag,
write the side-car files, and write the record (JSON) last, every file under a temporary name
that is renamed into place. A killed run leaves only `.part` files, which the next run for the
same episode removes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tts import __version__
from tts.article import Article, Episode, EpisodeFiles, Script, TimedUtterance
from tts.config import Settings
from tts.episode import (
    chapter_marks,
    choose_slug,
    episode_id,
    episode_json,
    find_episode,
    identity_of,
    stale_temporaries,
)
from tts.errors import InputError, OutputError, TTSError
from tts.events import Event, EventSink, ignore
from tts.files import ensure_writable_directory, temporary_path
from tts.synth import Clip, Engine
from tts.synth.cache import ClipCache

ArticleSource = str | Path | Article
"""A path, an http(s) URL, "-" for stdin, an Article, or the article's text itself (a str with
a line break in it)."""


@dataclass(frozen=True)
class Prepared:
    """An article read and scripted, with its identity: everything but the audio."""

    article: Article
    script: Script
    identity: str
    id: str
    input_sha256: str
    source_name: str


@dataclass(frozen=True)
class Result:
    """What `produce` did: "produced" a new episode, or found it "unchanged"."""

    episode: Episode
    status: str
    output_dir: Path

    @property
    def audio_path(self) -> Path:
        return self.output_dir / self.episode.files.audio


def read_source(
    source: ArticleSource, settings: Settings, fmt: str | None = None
) -> tuple[Article, str, str]:
    """(article, source name, sha256 of the input) for any ArticleSource, refusing inputs
    longer than `settings.max_chars` before they are parsed."""
    from tts.ingest import parse, read_article
    from tts.ingest.source import decode

    if isinstance(source, Article):
        _check_size(len(source.text), "article", settings.max_chars)
        digest = hashlib.sha256(source.text.encode()).hexdigest()
        return source, "article", digest
    if isinstance(source, str) and "\n" in source:
        loaded = decode(source.encode(), "text")
        _check_size(len(loaded.text), "text", settings.max_chars)
        return parse(loaded.text, fmt or "text", "text"), "text", loaded.sha256
    article, loaded = read_article(
        source, fmt, timeout=settings.fetch_timeout, max_chars=settings.max_chars
    )
    return article, loaded.name, loaded.sha256


def _check_size(length: int, name: str, limit: int) -> None:
    if length > limit:
        raise InputError(
            f"{name}: {length:,} characters, more than the limit of {limit:,} "
            "(several hours of audio); raise max_chars in [episode] of tts.toml "
            "or --max-chars if this is really one article"
        )


def build_script(article: Article, settings: Settings) -> Script:
    """The article's Script inside the spoken intro and outro (tts/announce.py). The
    normaliser is imported here, not at the top: a run that finds its episode unchanged never
    needs it (its rules compile about 60 ms of patterns)."""
    from tts.announce import announced_script
    from tts.normalize import Lexicon, Normalizer

    lexicon = Lexicon.load(settings.lexicon) if settings.lexicon else None
    script = announced_script(article, settings, Normalizer(lexicon))
    if not script.utterances:
        raise InputError(f"{article.title or 'article'}: nothing to read aloud")
    return script


def prepare(source: ArticleSource, settings: Settings, fmt: str | None = None) -> Prepared:
    """Read and script an article without any audio work (batch schedules many at once)."""
    return _prepared(*read_source(source, settings, fmt), settings)


def _prepared(article: Article, name: str, digest: str, settings: Settings) -> Prepared:
    identity = identity_of(article, name, digest)
    return _scripted(_Read(article, name, digest, identity, episode_id(identity)), settings)


def produce(
    source: ArticleSource | Prepared,
    settings: Settings,
    *,
    on_event: EventSink = ignore,
    force: bool = False,
    engine: Engine | None = None,
    fmt: str | None = None,
) -> Result:
    """Article -> finished episode in `settings.output_dir`; TTSError on anything the user can
    fix. `engine` is an engine already open (a batch worker loads its voice once); otherwise
    the voice of `settings` is opened, downloaded or replaced by the fallback as configured."""
    from tts.synth.select import open_engine

    warn = _warner(on_event)
    voice_notes: list[str] = []  # held back: an article that cannot be read is the news
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="voice") as loader:
        opening: Future[Engine] | None = None

        def start_loading() -> None:
            """The voice loads in a thread while the article is read and scripted."""
            nonlocal opening
            if engine is None and opening is None:
                on_event(Event("voice", message=settings.voice))
                opening = loader.submit(
                    open_engine, settings, voice_notes.append, _downloads(on_event)
                )

        try:
            if _is_url(source):  # the fetch overlaps the voice load
                start_loading()
            read, existing = _read_checked(source, settings, fmt, force, start_loading)
            cover = _cover(read.article, settings, warn)
            if opening is None and engine is None and existing is not None:
                unchanged = _unchanged_without_voice(read, settings, cover, existing)
                if unchanged is not None:
                    on_event(Event("done", message=f"unchanged: {existing.files.audio}"))
                    return unchanged
                start_loading()
            prepared = source if isinstance(source, Prepared) else _scripted(read, settings)
            ensure_writable_directory(  # before any audio work, after the input proved good
                settings.output_dir, "output directory", "pass another with -o DIR", OutputError
            )
        except BaseException:
            if opening is not None:
                opening.cancel()
            raise
        chosen = engine if engine is not None else _opened(opening)
    for note in voice_notes:
        warn(note)
    _check_lexicon(settings, chosen)
    return _produce(prepared, settings, chosen, cover, on_event, force)


@dataclass(frozen=True)
class _Read:
    """An article read, with its identity, before it is scripted."""

    article: Article
    source_name: str
    input_sha256: str
    identity: str
    id: str


def _read_checked(
    source: ArticleSource | Prepared,
    settings: Settings,
    fmt: str | None,
    force: bool,
    start_loading: Callable[[], None],
) -> tuple[_Read, Episode | None]:
    """The article read, and the episode already recorded under its id. The voice starts
    loading as soon as the input is known to differ from that episode's (or there is none):
    only an article whose input is unchanged is checked without the voice."""
    if isinstance(source, Prepared):
        read = _Read(
            source.article, source.source_name, source.input_sha256, source.identity, source.id
        )
    else:
        article, name, digest = read_source(source, settings, fmt)
        identity = identity_of(article, name, digest)
        read = _Read(article, name, digest, identity, episode_id(identity))
    existing = find_episode(settings.output_dir, read.id)
    if force or existing is None or existing.input_sha256 != read.input_sha256:
        start_loading()
    return read, None if force else existing


def _scripted(read: _Read, settings: Settings) -> Prepared:
    script = build_script(read.article, settings)
    return Prepared(
        read.article, script, read.identity, read.id, read.input_sha256, read.source_name
    )


def _unchanged_without_voice(
    read: _Read, settings: Settings, cover: bytes | None, existing: Episode
) -> Result | None:
    """The episode already there, when its fingerprint proves it is what this run would make.
    Neither the script nor the voice is needed for that: the fingerprint is made of what the
    script comes from, and the voice's identity comes from its files
    (tts/synth/identity.py). None when that cannot be told without opening the engine."""
    from tts.synth.identity import known_identity

    identity = known_identity(settings)
    if identity is None:
        return None
    fingerprint = _fingerprint(read, settings, identity, cover)
    if _intact(existing, settings.output_dir, fingerprint):
        return Result(existing, "unchanged", settings.output_dir)
    return None


def _is_url(source: ArticleSource | Prepared) -> bool:
    return isinstance(source, str) and source.startswith(("http://", "https://"))


def _opened(opening: Future[Engine] | None) -> Engine:
    assert opening is not None
    return opening.result()


def _produce(
    prepared: Prepared,
    settings: Settings,
    engine: Engine,
    cover: bytes | None,
    on_event: EventSink,
    force: bool,
) -> Result:
    output_dir = settings.output_dir
    article, script = prepared.article, prepared.script
    fingerprint = _fingerprint(prepared, settings, engine.identity, cover)
    existing = find_episode(output_dir, prepared.id)
    if existing is not None and not force and _intact(existing, output_dir, fingerprint):
        on_event(Event("done", message=f"unchanged: {existing.files.audio}"))
        return Result(existing, "unchanged", output_dir)
    slug = existing.slug if existing else choose_slug(article.title, prepared.id, output_dir)
    for path in stale_temporaries(output_dir, slug):
        path.unlink(missing_ok=True)
    from tts.audio import write_episode_audio
    from tts.jingles import load_jingles

    jingles = load_jingles(
        settings.intro_jingle, settings.outro_jingle, settings.jingle_gap_ms, engine.sample_rate
    )
    cache = ClipCache(settings.cache_dir)
    temporaries: list[Path] = []
    try:
        audio_tmp = _temporary(output_dir / f"{slug}.mp3", temporaries)
        encoded = write_episode_audio(
            _synthesised(script, engine, cache, on_event),
            [u.pause_after_ms for u in script.utterances],
            audio_tmp,
            settings.audio,
            jingles,
            on_event,
        )
        on_event(Event("writing", message=f"{slug}.mp3"))
        episode = Episode(
            id=prepared.id,
            identity=prepared.identity,
            slug=slug,
            title=article.title,
            files=EpisodeFiles(
                audio=f"{slug}.mp3",
                metadata=f"{slug}.json",
                cover=f"{slug}.jpg" if cover else None,
            ),
            duration_ms=encoded.duration_ms,
            chapters=chapter_marks(script, encoded.spans_ms, encoded.duration_ms),
            utterances=tuple(
                TimedUtterance(u.text, u.written, u.section_index, start, end)
                for u, (start, end) in zip(script.utterances, encoded.spans_ms, strict=True)
            ),
            voice=engine.voice,
            engine=engine.name,
            voice_licence=_licence(engine),
            input_sha256=prepared.input_sha256,
            fingerprint=fingerprint,
            produced_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            published=article.date or None,
            kicker=article.kicker,
            description=article.teaser,
            author=article.author or settings.author,
            site=article.site or settings.site,
            source=article.source,
            url=article.url,
            image=article.image,
            language=article.language,
            loudness_lufs=encoded.loudness.integrated_lufs,
            true_peak_dbtp=encoded.loudness.true_peak_dbtp,
        )
        _write_tags(audio_tmp, episode, cover)
        episode = dataclasses.replace(
            episode, size_bytes=audio_tmp.stat().st_size, audio_sha256=_sha256(audio_tmp)
        )
        episode = _finish(episode, output_dir, audio_tmp, cover, temporaries)
    except OSError as error:
        raise OutputError(
            f"{error.filename or output_dir}: cannot write the episode ({error.strerror})"
        ) from error
    finally:
        for path in temporaries:
            path.unlink(missing_ok=True)
    _record(episode, output_dir, on_event)
    on_event(Event("done", message=episode.files.audio))
    return Result(episode, "produced", output_dir)


def _temporary(final: Path, temporaries: list[Path]) -> Path:
    path = temporary_path(final)
    temporaries.append(path)
    return path


def _finish(
    episode: Episode,
    output_dir: Path,
    audio_tmp: Path,
    cover: bytes | None,
    temporaries: list[Path],
) -> Episode:
    """Side-cars, then the MP3 and cover into place, then the record last: a record on disk
    always describes files that are there."""
    episode = _with_sidecars(episode, output_dir)
    meta_tmp = _temporary(output_dir / episode.files.metadata, temporaries)
    meta_tmp.write_bytes(episode_json(episode))
    os.replace(audio_tmp, output_dir / episode.files.audio)
    if cover and episode.files.cover:
        from tts.cover import save_cover

        save_cover(cover, output_dir / episode.files.cover)
    os.replace(meta_tmp, output_dir / episode.files.metadata)
    return episode


def _with_sidecars(episode: Episode, output_dir: Path) -> Episode:
    """Chapters JSON and transcripts (Podcasting 2.0), from the timeline of the ID3 chapters."""
    from tts.publish.transcript import write_sidecars

    chapters, vtt, srt = write_sidecars(episode, output_dir)
    files = dataclasses.replace(
        episode.files, chapters=chapters, transcript_vtt=vtt, transcript_srt=srt
    )
    return dataclasses.replace(episode, files=files)


def _record(episode: Episode, output_dir: Path, on_event: EventSink) -> None:
    """The catalogue row (output/catalog.sqlite): the feed is built from it."""
    from tts.publish.catalog import Catalog

    on_event(Event("writing", message="catalog.sqlite"))
    Catalog(output_dir / "catalog.sqlite").record(episode, output_dir)


def _licence(engine: Engine) -> str:
    from tts.voices.licence import licence_for

    return licence_for(engine)


def _intact(episode: Episode, output_dir: Path, fingerprint: str) -> bool:
    """The recorded episode is what this run would make, and its files are all there."""
    return episode.fingerprint == fingerprint and all(
        (output_dir / name).is_file() for name in episode.files.names()
    )


def _fingerprint(
    read: _Read | Prepared, settings: Settings, voice_identity: str, cover: bytes | None
) -> str:
    """Everything the episode's files are made from: the article as read, the settings that
    shape its script and audio, the lexicon's file, the code and language data of this
    installation, the voice and the cover. Not the script itself: it follows from these, and
    an unchanged article is then told without normalising it."""
    parts = {
        "version": __version__,
        "code": code_identity(),
        "identity": read.identity,
        "input": read.input_sha256,
        "article": dataclasses.asdict(read.article),
        "script": [
            _file_stamp(settings.lexicon),
            settings.author,
            settings.site,
            settings.intro,
            settings.outro,
            dataclasses.asdict(settings.pauses),
        ],
        "engine": voice_identity,
        "audio": dataclasses.asdict(settings.audio),
        "jingles": [
            _file_stamp(settings.intro_jingle),
            _file_stamp(settings.outro_jingle),
            settings.jingle_gap_ms,
        ],
        "cover": hashlib.sha256(cover).hexdigest() if cover else None,
    }
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode()).hexdigest()


@cache
def code_identity() -> str:
    """A checksum of this installation's code and language data (tts/**): an episode made by
    other rules is made again, even when the version number has not moved. Read once per
    process (about 2 MB)."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _file_stamp(path: Path | None) -> list[object] | None:
    if path is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return [str(path)]
    return [str(path), stat.st_size, stat.st_mtime_ns]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_DONE = object()


def _synthesised(
    script: Script, engine: Engine, cache: ClipCache, on_event: EventSink
) -> Iterator[Clip]:
    """The clips in order, synthesised in threads (onnxruntime releases the GIL) a few
    sentences ahead of the caller, so that assembly overlaps synthesis. An engine that takes
    several calls at once (`concurrency`, Piper's lanes) gets that many sentences at a time,
    with a window of a few more so that a long sentence does not idle the other lanes."""
    texts = [u.text for u in script.utterances]
    ahead: queue.Queue[object] = queue.Queue(maxsize=8)
    stop = threading.Event()
    lanes = max(1, engine.concurrency)

    def work() -> None:
        pool = ThreadPoolExecutor(lanes, thread_name_prefix="synthesis")
        pending: deque[tuple[str, Future[Clip] | Clip]] = deque()
        fresh: dict[str, Future[Clip]] = {}  # synthesised, not yet cached: a repeat waits for it
        done = 0

        def hand_over() -> None:
            nonlocal done
            key, item = pending.popleft()
            clip = item if isinstance(item, Clip) else item.result()
            if fresh.get(key) is item:
                cache.put(key, clip)
                del fresh[key]
            done += 1
            on_event(Event("synthesis", done, len(texts)))
            _put(ahead, clip, stop)

        try:
            for text in texts:
                if stop.is_set():
                    return
                key = ClipCache.key(engine.identity, text)
                item: Future[Clip] | Clip | None = fresh.get(key) or cache.get(
                    key, engine.sample_rate
                )
                if item is None:
                    item = fresh[key] = pool.submit(engine.synthesize, text)
                pending.append((key, item))
                while len(pending) > 2 * lanes or (pending and _finished(pending[0][1])):
                    hand_over()
            while pending and not stop.is_set():
                hand_over()
            _put(ahead, _DONE, stop)
        except BaseException as error:  # handed to the consumer, which raises it
            _put(ahead, error, stop)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    worker = threading.Thread(target=work, name="synthesis", daemon=True)
    worker.start()
    try:
        while True:
            item = ahead.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            assert isinstance(item, Clip)
            yield item
    finally:
        stop.set()
        worker.join(timeout=30)


def _finished(item: Future[Clip] | Clip) -> bool:
    return isinstance(item, Clip) or item.done()


def _put(ahead: queue.Queue[object], item: object, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            ahead.put(item, timeout=0.1)
            return
        except queue.Full:
            continue


def _write_tags(path: Path, episode: Episode, cover: bytes | None) -> None:
    from tts.tags import Tags, write_tags

    source = f"Quelle: {episode.source}. " if episode.source else ""
    licence = f" Stimme: {episode.voice_licence}." if episode.voice_licence != "unknown" else ""
    write_tags(
        path,
        Tags(
            title=episode.title,
            artist=episode.author or episode.site or "artikel-tts",
            album=episode.site or "artikel-tts",
            date=episode.published or episode.produced_at[:10],
            comment=(
                f"{source}Dieser Text wurde von einer künstlichen Stimme vorgelesen "
                f"({episode.engine}, {episode.voice}).{licence}"
            ),
            chapters=list(episode.chapters),
            source_url=episode.url,
            cover_jpeg=cover,
            encoder=f"artikel-tts {__version__}",
        ),
    )


def _cover(article: Article, settings: Settings, warn: Callable[[str], None]) -> bytes | None:
    from tts.cover import cover_art

    return cover_art(article, settings, warn)


def _check_lexicon(settings: Settings, engine: Engine) -> None:
    """Phonemes in the user lexicon must be ones the voice knows, or it would fail mid-way."""
    from tts.normalize import Lexicon

    allowed = engine.phonemes
    if settings.lexicon and allowed is not None:
        Lexicon.load(settings.lexicon).check_phonemes(allowed)


def _warner(on_event: EventSink) -> Callable[[str], None]:
    return lambda message: on_event(Event("warning", message=message))


def _downloads(on_event: EventSink) -> Callable[[str, int, int], None]:
    return lambda name, done, total: on_event(Event("download", done, total, name))


__all__ = ["ArticleSource", "Prepared", "Result", "TTSError", "prepare", "produce"]
