"""Sentences of many articles synthesised on worker processes, straight into the clip cache.

Each worker process opens the voice once (its initializer), with onnxruntime limited so that
workers x threads = cores. The batch hands over every sentence that is not cached yet, of all
its articles at once, in one queue that every worker takes from: article by article, longest
sentence first within each (`in_turn`), so articles finish in turn and are encoded while
the next is synthesised, and one long article does not leave a core idle. A worker writes its
clip into the cache and returns only the key and the duration, so no audio crosses a pipe;
`produce` then finds every clip in the cache.

Workers are spawned, not forked: a fork would copy the batch's threads and open files (the
output directory's lock among them, which a lingering worker would then hold). The worker's
open voice is per-process state by nature (that is what loading it once means);
it lives in this module's `_worker` slot, set only by the pool's initializer in the child.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Protocol

from tts.config import VoiceSettings
from tts.errors import TTSError
from tts.synth import Engine
from tts.synth.cache import DEFAULT_MAX_BYTES, ClipCache
from tts.voices import VoiceFiles

_PARENT_POLL_S = 0.5
THREADS_PER_WORKER = 1
"""The default split: one single-threaded worker per core, the fastest measured on 2 cores
(bench/bench_batch.py, bench/RESULTS.md)."""


@dataclass(frozen=True)
class EngineSpec:
    """What another process needs to open the same voice: paths and settings, no model."""

    kind: str  # "piper" | "espeak"
    files: VoiceFiles | None = None
    settings: VoiceSettings | None = None
    threads: int = 1

    @classmethod
    def of(cls, engine: Engine, threads: int = 1) -> EngineSpec:
        """The spec of an engine open in this process (PiperEngine or EspeakEngine)."""
        if engine.name == "piper":
            files: VoiceFiles = getattr(engine, "files")  # noqa: B009  (Engine protocol lacks it)
            settings: VoiceSettings = getattr(engine, "settings")  # noqa: B009
            return cls("piper", files, settings, threads)
        return cls("espeak", threads=threads)

    def open(self) -> Engine:
        if self.kind == "piper":
            from tts.synth.piper import PiperEngine

            assert self.files is not None and self.settings is not None
            return PiperEngine(self.files, self.settings, threads=self.threads)
        from tts.synth.espeak import EspeakEngine

        return EspeakEngine()


@dataclass(frozen=True)
class Job:
    """One sentence to synthesise: its cache key (from the batch's engine identity) and text."""

    key: str
    text: str
    article: int = 0  # the first article of the batch that needs it (articles finish in turn)


@dataclass(frozen=True)
class Done:
    """A finished job. `data` is the encoded clip when the executor hands the bytes back for
    the client to store (Dask); None when the worker stored it itself (this pool)."""

    key: str
    audio_ms: int
    stored: bool
    data: bytes | None = None
    error: str = ""


def cores() -> int:
    """The cores this process may use (its CPU affinity, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover  (not Linux)
        return os.cpu_count() or 1


def split_cores(workers: int | None, available: int | None = None) -> tuple[int, int]:
    """(worker processes, onnxruntime threads each), workers x threads = cores. `workers`
    None: the measured default, THREADS_PER_WORKER threads per worker."""
    total = available or cores()
    count = max(1, workers if workers else total // THREADS_PER_WORKER)
    return count, max(1, total // count)


def in_turn(jobs: Sequence[Job]) -> list[Job]:
    """Distinct jobs, article by article, and within an article longest text first.

    Articles then finish one after another, each assembled and encoded by the batch while the
    workers synthesise the next, instead of all of them at the end (sentences of every
    article in one longest-first queue finish every article late: 10-20 s of encoding left
    for one core after the last clip). Sentences are small tasks that all workers take from
    one queue, so a long article still keeps every core busy, and its longest sentences go
    first so that the queue ends on short ones."""
    unique: dict[str, Job] = {}
    for job in jobs:
        if job.key not in unique or job.article < unique[job.key].article:
            unique[job.key] = job
    return sorted(unique.values(), key=lambda job: (job.article, -len(job.text), job.key))


@dataclass
class _Worker:
    engine: Engine
    cache: ClipCache


_worker: _Worker | None = None


def _start(spec: EngineSpec, cache_dir: Path, max_bytes: int, parent: int) -> None:
    global _worker  # the per-process open voice, see the module docstring
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's: it cancels the queue
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    _worker = _Worker(spec.open(), ClipCache(cache_dir, max_bytes=max_bytes))


def _exit_with(parent: int) -> None:
    """A batch killed with SIGKILL cannot stop its workers: they notice and end themselves."""
    while os.getppid() == parent:
        time.sleep(_PARENT_POLL_S)
    os._exit(1)


def _synthesise(job: Job) -> Done:
    assert _worker is not None, "the pool initializer did not run"
    try:
        clip = _worker.engine.synthesize(job.text)
    except TTSError as error:  # produce meets it again for the right article and reports it
        return Done(job.key, 0, stored=False, error=str(error))
    return Done(job.key, clip.duration_ms, stored=_worker.cache.put(job.key, clip))


class SentencePool:
    """Worker processes that each hold the voice: `with SentencePool(...) as pool:
    for done in pool.run(jobs): ...`."""

    def __init__(
        self,
        spec: EngineSpec,
        cache_dir: Path,
        workers: int,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.workers = workers
        self._executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start,
            initargs=(spec, cache_dir, max_bytes, os.getpid()),
        )

    def __enter__(self) -> SentencePool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close(cancel=error is not None)

    def close(self, cancel: bool = False) -> None:
        """Stop the workers; `cancel` drops queued jobs (Ctrl-C: nothing half-written stays,
        because every clip is renamed into place whole)."""
        self._executor.shutdown(wait=True, cancel_futures=cancel)

    def run(self, jobs: Sequence[Job]) -> Iterator[Done]:
        """Each job's result as soon as it is done. All jobs are queued at once, before this
        returns, article by article (in_turn), so the caller may do other work while they run.

        A worker that dies (killed, out of memory) ends the results early with a Done
        carrying the error for every job left; produce then synthesises those itself."""
        ordered = in_turn(jobs)
        futures = {self._executor.submit(_synthesise, job): job for job in ordered}
        return _results(futures)


def _results(futures: dict[Future[Done], Job]) -> Iterator[Done]:
    left = set(futures)
    try:
        for future in as_completed(futures):
            done = future.result()
            left.discard(future)
            yield done
    except BrokenProcessPool as error:
        reason = f"a synthesis worker died ({error})"
        for future in left:
            yield Done(futures[future].key, 0, stored=False, error=reason)


class Synthesiser(Protocol):
    """Where a batch's sentences are synthesised: this pool, or a Dask cluster."""

    def run(self, jobs: Sequence[Job]) -> Iterator[Done]: ...

    def close(self, cancel: bool = False) -> None: ...
