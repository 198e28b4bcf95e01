"""Many articles in one run: every core busy, only what changed redone, failures collected.

    report = run_batch(["artikel/", "@heute.txt"], settings, BatchOptions(workers=2))
    print(format_summary(report)); sys.exit(report.exit_code)

The steps:
1. Expand the inputs (files, directories recursively, globs, @lists, "-") into sources.
2. Take the output directory's lock: a second batch on the same output is refused.
3. Open the voice once, `prepare` every article (read and script it: cheap), and collect the
   sentences whose clips are not in the cache yet, of all articles together.
4. Synthesise those on the worker pool (tts/synth/pool.py) or a Dask cluster
   (tts/cluster.py), article by article and longest first within each, into the cache.
5. `produce` each article as soon as all its sentences are cached: assembly and encoding of
   finished articles overlap the synthesis of the others. produce finds every clip in the
   cache, writes the episode under temporary names and records it in the catalogue; an
   article whose fingerprint matches its episode is "unchanged".

A failure of one article (unreadable, nothing to read aloud, a voice error) becomes its row in
the report; the others go on. Ctrl-C or a kill leaves whole clips in the cache and whole
episodes in the output (produce renames files into place, the catalogue row is one
transaction), so the next run skips what is finished and reuses every cached sentence.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import glob
import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from tts.article import Episode
from tts.config import Settings
from tts.errors import ConfigError, OutputError, TTSError
from tts.events import Event, EventSink, ignore
from tts.pipeline import Prepared, prepare, produce
from tts.synth import Engine
from tts.synth.cache import CacheStats, ClipCache
from tts.synth.pool import EngineSpec, Job, SentencePool, Synthesiser, split_cores

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
LOCK_NAME = ".tts-batch.lock"
STDIN = "-"


class BatchUsageError(ConfigError):
    """The batch cannot start: no inputs, an unreadable @list, stdin twice (exit code 2)."""

    exit_code = 2


class BatchLocked(OutputError):
    """Another batch is writing into the same output directory (exit code 2: nothing done)."""

    exit_code = 2


@dataclass(frozen=True)
class BatchOptions:
    workers: int | None = None  # worker processes; None: one single-threaded worker per core
    threads: int | None = None  # onnxruntime threads per worker; None: cores // workers
    force: bool = False  # redo articles even when they are unchanged
    scheduler: str | None = None  # a Dask scheduler address: synthesise on that cluster
    remote_threads: int = 1  # onnxruntime threads per Dask worker (one worker per core)


@dataclass(frozen=True)
class ArticleRow:
    """One line of the summary: what happened to one input."""

    source: str
    title: str = ""
    status: str = "failed"  # "produced" | "unchanged" | "failed"
    duration_ms: int = 0
    chapters: int = 0
    wall_s: float = 0.0  # this article's produce step; the shared synthesis is in the total
    audio: str = ""  # the MP3, relative to the output directory
    error: str = ""


@dataclass(frozen=True)
class BatchProgress:
    """Where the batch is; `finished` is the row of the article that just finished, if any."""

    articles_done: int
    articles_total: int
    audio_ms_done: int
    sentences_done: int
    sentences_total: int
    finished: ArticleRow | None = None


ProgressSink = Callable[[BatchProgress], None]


@dataclass(frozen=True)
class BatchReport:
    rows: tuple[ArticleRow, ...]
    wall_s: float
    sentences: int  # distinct sentences of all articles
    synthesised: int  # of those, synthesised in this run by the pool or cluster
    cache: CacheStats
    workers: int
    threads: int
    executor: str  # "local" | "dask tcp://…"
    output_dir: Path

    @property
    def failed(self) -> list[ArticleRow]:
        return [row for row in self.rows if row.status == "failed"]

    @property
    def exit_code(self) -> int:
        """0: every article done (produced or unchanged); 1: at least one failed."""
        return 1 if self.failed else 0

    @property
    def audio_ms(self) -> int:
        return sum(row.duration_ms for row in self.rows)

    def to_dict(self) -> dict[str, Any]:
        counts = {
            status: sum(row.status == status for row in self.rows)
            for status in ("produced", "unchanged", "failed")
        }
        return {
            "articles": [asdict(row) for row in self.rows],
            "totals": {
                **counts,
                "articles": len(self.rows),
                "audio_ms": self.audio_ms,
                "wall_s": round(self.wall_s, 3),
                "sentences": self.sentences,
                "synthesised": self.synthesised,
                "cache_hits": self.cache.hits,
                "cache_misses": self.cache.misses,
                "workers": self.workers,
                "threads": self.threads,
                "executor": self.executor,
            },
            "output_dir": str(self.output_dir),
            "exit_code": self.exit_code,
        }


def write_json(report: BatchReport, path: Path) -> None:
    """The report as JSON (`--json FILE`), written whole or not at all."""
    from tts.files import write_atomic

    data = json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    try:
        write_atomic(path, data.encode())
    except OSError as error:
        raise OutputError(f"{path}: cannot write the batch report ({error.strerror})") from None


# -- inputs -------------------------------------------------------------------------------


def expand_inputs(inputs: Sequence[str], stdin: IO[str] | None = None) -> list[str]:
    """Every article the inputs name, in order, each once: a file; a directory (its .txt,
    .md and .html files, recursively, hidden ones skipped); a glob; @list.txt (one path or
    URL per line, # starts a comment, paths relative to the list); "@-" (such a list on
    stdin); an http(s) URL; "-" (one article on stdin).

    A name that is no file stays in the list: reading it fails as that article's row, so
    one typo does not stop the batch. BatchUsageError when nothing is left to do."""
    sources: list[str] = []
    for given in inputs:
        sources.extend(_expand(given, Path.cwd(), stdin))
    if sources.count(STDIN) > 1:
        raise BatchUsageError('"-" (an article on stdin) can be given only once')
    first: dict[str, str] = {}  # each article once, where it was first named
    for source in sources:
        first.setdefault(_identity(source), source)
    unique = list(first.values())
    if not unique:
        raise BatchUsageError("no articles to convert: give files, directories, globs or @list")
    return unique


def _identity(source: str) -> str:
    """The same file named twice (relative, absolute, through a list) is one article."""
    return source if source == STDIN or _is_url(source) else str(Path(source).resolve())


def _expand(given: str, base: Path, stdin: IO[str] | None) -> list[str]:
    if given == STDIN or _is_url(given):
        return [given]
    if given.startswith("@"):
        return _from_list(given[1:], base, stdin)
    path = Path(given).expanduser()
    if not path.is_absolute() and base != Path.cwd():  # a list's entries: beside the list
        path = base / path
    if path.is_dir():
        return [str(found) for found in _articles_under(path)]
    if path.exists() or not glob.has_magic(given):
        return [str(path)]
    files: list[str] = []
    for match in sorted(glob.glob(str(path), recursive=True)):
        found = Path(match)
        if found.is_dir():
            files.extend(str(item) for item in _articles_under(found))
        elif found.is_file():
            files.append(match)
    return files or [str(path)]  # nothing matched: its row says "no such file"


def _articles_under(directory: Path) -> Iterator[Path]:
    for path in sorted(directory.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(directory).parts)
        if not hidden and path.suffix.lower() in ARTICLE_SUFFIXES and path.is_file():
            yield path


def _from_list(name: str, base: Path, stdin: IO[str] | None) -> list[str]:
    if name in ("", STDIN):
        text, list_base = (stdin or sys.stdin).read(), base
    else:
        path = Path(name).expanduser()
        path = path if path.is_absolute() else base / path
        try:
            text, list_base = path.read_text("utf-8-sig"), path.parent
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise BatchUsageError(f"{path}: cannot read the list of articles ({reason})") from None
    sources: list[str] = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip() if not _is_url(line.strip()) else line.strip()
        if entry.startswith("@"):
            raise BatchUsageError(f"@{name}: a list cannot name another list ({entry})")
        if entry:
            sources.extend(_expand(entry, list_base, stdin=None))
    return sources


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


# -- the lock ------------------------------------------------------------------------------


@contextlib.contextmanager
def output_lock(output_dir: Path) -> Iterator[Path]:
    """Hold `output_dir`'s batch lock, or raise BatchLocked naming the batch that has it.

    An flock on a hidden file: the kernel releases it when the process ends, however it
    ends (kill -9 included), so a stale lock never blocks the next run. The file stays."""
    from tts.files import ensure_writable_directory

    ensure_writable_directory(
        output_dir, "output directory", "pass another with -o DIR", OutputError
    )
    path = output_dir / LOCK_NAME
    handle = path.open("a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BatchLocked(
                f"{output_dir}: another `tts batch` is writing here ({holder}); wait for it "
                "to finish, or write to another directory with -o DIR"
            ) from None
        handle.seek(0)
        handle.truncate()
        started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        handle.write(f"pid {os.getpid()}, started {started}\n")
        handle.flush()
        yield path
    finally:
        handle.close()  # releases the lock


# -- the run -------------------------------------------------------------------------------


@dataclass
class _Article:
    source: str
    prepared: Prepared | None = None  # once read
    waiting: set[str] = field(default_factory=set)  # cache keys not synthesised yet
    row: ArticleRow | None = None


@dataclass
class _Run:
    """One batch run: what every step needs, and its mutable bookkeeping."""

    articles: list[_Article]
    settings: Settings
    engine: Engine
    cache: ClipCache
    force: bool
    on_event: EventSink
    on_progress: ProgressSink | None
    sentences_total: int = 0
    sentences_done: int = 0
    finished: int = 0
    audio_ms: int = 0

    def report(self, row: ArticleRow | None = None) -> None:
        if row is not None:
            self.finished += 1
            self.audio_ms += row.duration_ms
        if self.on_progress is not None:
            self.on_progress(
                BatchProgress(
                    self.finished,
                    len(self.articles),
                    self.audio_ms,
                    self.sentences_done,
                    self.sentences_total,
                    row,
                )
            )


def run_batch(
    inputs: Sequence[str],
    settings: Settings,
    options: BatchOptions | None = None,
    *,
    on_event: EventSink = ignore,
    on_progress: ProgressSink | None = None,
    stdin: IO[str] | None = None,
) -> BatchReport:
    """Convert every article `inputs` name into `settings.output_dir`; see the module doc.

    Raises BatchUsageError (no inputs), BatchLocked (another batch on this output) or the
    TTSError of the voice (it cannot be opened: no article could be made); every other
    problem is the failed row of its article."""
    from tts.synth.select import open_engine

    options = options or BatchOptions()
    started = time.perf_counter()
    sources = expand_inputs(inputs, stdin)
    with output_lock(settings.output_dir):
        engine = open_engine(settings, _warner(on_event, ""))
        cache = ClipCache(settings.cache_dir, max_bytes=settings.cache_size, on_event=on_event)
        articles = [_Article(source) for source in sources]
        run = _Run(articles, settings, engine, cache, options.force, on_event, on_progress)
        jobs = _plan(run)
        workers, threads = split_cores(options.workers)
        threads = options.threads or threads
        executor_name = f"dask {options.scheduler}" if options.scheduler else "local"
        stats = CacheStats(hits=run.sentences_total - len(jobs), misses=len(jobs))
        for article in run.articles:  # unreadable articles and those with all clips cached
            if not article.waiting:
                _finish(article, run)
        if jobs:
            stats.writes = _synthesise(_synthesiser(options, run, workers, threads), jobs, run)
        for article in run.articles:  # those whose sentences a dead worker left behind
            if article.row is None:
                _finish(article, run)
        stats.corrupt = cache.stats.corrupt
        cache.save_stats(stats)
        if cache.info().bytes > cache.max_bytes:
            cache.evict()
    return BatchReport(
        rows=tuple(article.row or ArticleRow(article.source) for article in run.articles),
        wall_s=time.perf_counter() - started,
        sentences=run.sentences_total,
        synthesised=stats.writes,
        cache=stats,
        workers=workers if jobs and not options.scheduler else 0,
        threads=threads if jobs and not options.scheduler else 0,
        executor=executor_name,
        output_dir=settings.output_dir,
    )


def _plan(run: _Run) -> list[Job]:
    """Prepare every article; the jobs for every distinct sentence not in the cache."""
    recorded = _recorded_episodes(run.settings.output_dir)
    known: dict[str, bool] = {}  # cache key -> cached
    jobs: dict[str, Job] = {}
    for index, article in enumerate(run.articles):
        try:
            article.prepared = prepare(article.source, run.settings)
        except TTSError as error:
            article.row = ArticleRow(article.source, error=str(error))
            continue
        texts = [utterance.text for utterance in article.prepared.script.utterances]
        keys = {ClipCache.key(run.engine.identity, text): text for text in texts}
        for key in keys:
            if key not in known:
                known[key] = run.cache.contains(key)
        missing = {key for key in keys if not known[key]}
        if (
            missing
            and not run.force
            and _probably_unchanged(article.prepared, run.engine, recorded)
        ):
            missing = set()  # produce will say "unchanged" without a clip
        article.waiting = missing
        for key, text in keys.items():  # a sentence shared with an earlier article stays its
            if key in missing and key not in jobs:
                jobs[key] = Job(key, text, index)
    run.sentences_total = len(known)
    return list(jobs.values())


def _recorded_episodes(output_dir: Path) -> dict[str, Episode]:
    from tts.episode import episodes_in

    return {episode.id: episode for episode in episodes_in(output_dir)}


def _probably_unchanged(prepared: Prepared, engine: Engine, recorded: dict[str, Episode]) -> bool:
    """The episode on disk was made from the same input, sentences and voice: its clips
    need not be synthesised even when the cache has lost them (produce checks exactly,
    by fingerprint, and synthesises in-process if this guess was wrong)."""
    episode = recorded.get(prepared.id)
    if episode is None:
        return False
    texts = [utterance.text for utterance in prepared.script.utterances]
    return (
        episode.input_sha256 == prepared.input_sha256
        and (episode.voice, episode.engine) == (engine.voice, engine.name)
        and [utterance.text for utterance in episode.utterances] == texts
    )


def _synthesiser(options: BatchOptions, run: _Run, workers: int, threads: int) -> Synthesiser:
    if options.scheduler:
        try:
            from tts.cluster import DaskSynthesiser
        except ImportError as error:
            raise ConfigError(
                f"--scheduler needs Dask distributed ({error.name} is missing): "
                "pip install 'artikel-tts[dask]'"
            ) from None
        spec = EngineSpec.of(run.engine, options.remote_threads)
        remote: Synthesiser = DaskSynthesiser(options.scheduler, spec)
        return remote
    spec = EngineSpec.of(run.engine, threads)
    return SentencePool(spec, run.settings.cache_dir, workers, max_bytes=run.settings.cache_size)


def _synthesise(synthesiser: Synthesiser, jobs: list[Job], run: _Run) -> int:
    """Run the jobs; produce each article as soon as its last sentence is cached. The number
    of clips stored."""
    stored = 0
    waiting_on: dict[str, list[_Article]] = {}
    for article in run.articles:
        for key in article.waiting:
            waiting_on.setdefault(key, []).append(article)
    try:
        for done in synthesiser.run(jobs):
            saved = run.cache.put_bytes(done.key, done.data) if done.data else done.stored
            stored += saved
            if not saved and not done.error and done.data is None:
                run.cache.warn_unwritable("the synthesis workers cannot write it")
            run.sentences_done += 1
            run.report()
            for article in waiting_on.pop(done.key, []):
                article.waiting.discard(done.key)
                if not article.waiting:
                    _finish(article, run)
    except BaseException:
        synthesiser.close(cancel=True)
        raise
    synthesiser.close()
    return stored


def _finish(article: _Article, run: _Run) -> None:
    """produce() one article (if it was read), record its row and report it."""
    prepared = article.prepared
    if article.row is None and prepared is not None:
        started = time.perf_counter()
        try:
            result = produce(
                prepared,
                run.settings,
                on_event=_warnings_only(run.on_event, article.source),
                force=run.force,
                engine=run.engine,
            )
        except TTSError as error:
            article.row = ArticleRow(
                article.source,
                title=prepared.article.title,
                error=str(error),
                wall_s=time.perf_counter() - started,
            )
        else:
            episode = result.episode
            article.row = ArticleRow(
                article.source,
                title=episode.title,
                status=result.status,
                duration_ms=episode.duration_ms,
                chapters=len(episode.chapters),
                wall_s=time.perf_counter() - started,
                audio=episode.files.audio,
            )
    run.report(article.row)


def _warnings_only(on_event: EventSink, source: str) -> EventSink:
    """produce's warnings, naming the article; its per-stage progress would only be noise in
    a batch, whose progress is articles and audio minutes."""
    warn = _warner(on_event, source)

    def sink(event: Event) -> None:
        if event.stage == "warning":
            warn(event.message)

    return sink


def _warner(on_event: EventSink, source: str) -> Callable[[str], None]:
    prefix = f"{Path(source).name}: " if source else ""
    return lambda message: on_event(Event("warning", message=f"{prefix}{message}"))


# -- the summary -----------------------------------------------------------------------------


def format_summary(report: BatchReport) -> str:
    """The table at the end of `tts batch`, then the totals and each failure on one line."""
    header = ("Article", "Duration", "Chapters", "Wall", "Status")
    lines = [
        (
            _shorten(row.title or Path(row.source).name, 48),
            _clock(row.duration_ms) if row.status != "failed" else "-",
            str(row.chapters) if row.status != "failed" else "-",
            f"{row.wall_s:.1f} s",
            row.status,
        )
        for row in report.rows
    ]
    widths = [max(len(cell) for cell in column) for column in zip(header, *lines, strict=False)]
    table = [
        "  ".join(
            cell.ljust(width) if index == 0 else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()
        for cells in (header, *lines)
    ]
    table.insert(1, "  ".join("-" * width for width in widths))
    totals = report.to_dict()["totals"]
    table.append("")
    table.append(
        f"{totals['articles']} articles: {totals['produced']} produced, "
        f"{totals['unchanged']} unchanged, {totals['failed']} failed; "
        f"{_clock(report.audio_ms)} of audio in {report.wall_s:.1f} s"
    )
    table.append(
        f"{report.sentences} sentences: {report.synthesised} synthesised "
        f"({report.executor}), {report.sentences - report.cache.misses} from the cache"
    )
    table.extend(
        f"failed: {row.error}" if row.source in row.error else f"failed: {row.source}: {row.error}"
        for row in report.failed
    )
    return "\n".join(table)


def _clock(ms: int) -> str:
    seconds = round(ms / 1000)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
