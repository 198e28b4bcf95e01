"""Synthesised clips on disk, content-addressed by engine identity and normalised text.

Re-rendering an article after fixing one sentence then costs one sentence, and a batch can
synthesise sentences in worker processes (or on other machines) and let `produce` find them.

- Key: sha256 over the cache format, the engine identity (engine, voice model and config
  checksums, voice settings: see tts/synth/identity.py) and the text. The voice file is hashed
  once per process (tts.synth.identity.model_checksum caches it by path, size and mtime).
- Entry: one file `clips/<2 hex>/<key>.clip` = header (magic, sample rate, sha256 of the
  samples) + float32 samples. Written under a temporary name and renamed, so concurrent writers
  and crashes never leave a torn entry; a corrupted one fails its checksum, is deleted and
  counts as a miss, so the sentence is synthesised again.
- Size cap with least-recently-used eviction: a hit touches the entry's mtime (atime is not
  reliable on noatime/relatime mounts); when the bytes this process knows of pass the cap,
  the oldest entries are deleted down to 90 % of it. Each process rescans the directory after
  writing 5 % of the cap, so together they overshoot it by at most 5 % per writer. Entries
  another process deleted first are skipped, so several processes may evict at once.
- Statistics of a run (hits, misses, writes, corrupt entries) are saved to `stats.json` by
  the caller at the end of a run, for `tts cache info`.
- A cache that cannot be written costs speed, never the episode: it is reported ONCE per
  cache object as a warning event.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tts.events import Event, EventSink, ignore
from tts.files import write_atomic
from tts.synth import Clip

_FORMAT = "v2"
_MAGIC = b"TTSCLIP2"
_HEADER = struct.Struct("<8sI32s")  # magic, sample rate, sha256 of the float32 samples
_SUFFIX = ".clip"
_STATS = "stats.json"
DEFAULT_MAX_BYTES = 2 * 1024**3
_LOW_WATER = 0.9  # eviction goes down to this share of the cap, so it does not run per put
_RESCAN = 0.05  # rescan the directory after writing this share of the cap: others write too
_STALE_PART_S = 3600  # temporary files older than this were left by a killed writer


@dataclass
class CacheStats:
    """Counts of one run; `hit_rate` over the lookups that ran."""

    hits: int = 0
    misses: int = 0
    writes: int = 0
    corrupt: int = 0
    evicted: int = 0
    finished_at: str = ""

    @property
    def lookups(self) -> int:
        return self.hits + self.misses

    @property
    def hit_rate(self) -> float | None:
        return self.hits / self.lookups if self.lookups else None


@dataclass(frozen=True)
class CacheInfo:
    """What `tts cache info` shows: the cache as it is now, and the last run's statistics."""

    directory: Path
    entries: int
    bytes: int
    max_bytes: int
    last_run: CacheStats | None


def encode_clip(clip: Clip) -> bytes:
    """An entry's bytes: header with the samples' checksum, then float32 samples. Also what a
    remote worker sends back to the client (tts/cluster.py)."""
    import numpy as np  # here, not at import: an unchanged episode needs no numpy

    payload = np.ascontiguousarray(clip.samples, dtype="<f4").tobytes()
    header = _HEADER.pack(_MAGIC, clip.sample_rate, hashlib.sha256(payload).digest())
    return header + payload


def decode_clip(data: bytes) -> Clip | None:
    """The clip in `data`, or None when the bytes are not a whole, intact entry."""
    if len(data) < _HEADER.size:
        return None
    magic, rate, digest = _HEADER.unpack_from(data)
    payload = data[_HEADER.size :]
    if magic != _MAGIC or len(payload) % 4 or hashlib.sha256(payload).digest() != digest:
        return None
    import numpy as np

    return Clip(samples=np.frombuffer(payload, dtype="<f4").astype(np.float32), sample_rate=rate)


@dataclass
class ClipCache:
    """The clip cache in `directory`. Not thread-safe per object; safe across processes."""

    directory: Path
    max_bytes: int = DEFAULT_MAX_BYTES
    on_event: EventSink = ignore
    stats: CacheStats = field(default_factory=CacheStats)
    _known_bytes: int | None = field(default=None, repr=False)
    _unscanned: int = field(default=0, repr=False)
    _warned: bool = field(default=False, repr=False)

    @staticmethod
    def key(identity: str, text: str) -> str:
        return hashlib.sha256(f"{_FORMAT}\0{identity}\0{text}".encode()).hexdigest()

    def path(self, key: str) -> Path:
        return self.directory / "clips" / key[:2] / f"{key}{_SUFFIX}"

    def get(self, key: str, sample_rate: int) -> Clip | None:
        """The clip, or None (a miss). A hit marks the entry as recently used."""
        clip = self._read(key)
        if clip is None or clip.sample_rate != sample_rate:
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        return clip

    def contains(self, key: str) -> bool:
        """Whether an intact entry is there (checksum verified; a corrupt one is deleted).
        Counts nothing: a batch plans with it, and the lookups are counted by the caller."""
        return self._read(key) is not None

    def put(self, key: str, clip: Clip) -> bool:
        """Store a clip; False (and one warning per cache object) when it cannot be written."""
        return self.put_bytes(key, encode_clip(clip))

    def put_bytes(self, key: str, data: bytes) -> bool:
        """Store an entry already encoded by encode_clip (a remote worker's result)."""
        path = self.path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
        except OSError as error:
            self._warn_unwritable(error)
            return False
        self.stats.writes += 1
        self._unscanned += len(data)
        if self._known_bytes is None or self._unscanned > self.max_bytes * _RESCAN:
            self._known_bytes, self._unscanned = self._scan_bytes(), 0  # others write too
        else:
            self._known_bytes += len(data)
        if self._known_bytes > self.max_bytes:
            self.evict()
        return True

    def evict(self) -> int:
        """Delete least recently used entries until the cache is under 90 % of its cap;
        the number deleted. Entries deleted meanwhile by another process are skipped."""
        entries = sorted(self._entries(), key=lambda entry: entry[1])
        total = sum(size for _, _, size in entries)
        target = int(self.max_bytes * _LOW_WATER) if total > self.max_bytes else total
        removed = 0
        for path, _, size in entries:
            if total <= target:
                break
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                pass  # another process evicted it first
            except OSError as error:
                self._warn_unwritable(error)
                break
            total -= size
        self._known_bytes = total
        self.stats.evicted += removed
        return removed

    def info(self) -> CacheInfo:
        entries = list(self._entries())
        return CacheInfo(
            directory=self.directory,
            entries=len(entries),
            bytes=sum(size for _, _, size in entries),
            max_bytes=self.max_bytes,
            last_run=self.last_run(),
        )

    def clear(self) -> int:
        """Delete every entry and the saved statistics; the number of entries deleted."""
        removed = 0
        for path, _, _ in list(self._entries()):
            try:
                path.unlink()
                removed += 1
            except FileNotFoundError:
                pass
        (self.directory / _STATS).unlink(missing_ok=True)
        self._known_bytes = 0
        return removed

    def save_stats(self, stats: CacheStats | None = None) -> None:
        """Record `stats` (default: this object's) as the last run, for `tts cache info`."""
        record = dataclasses.replace(
            stats or self.stats, finished_at=dt.datetime.now(dt.timezone.utc).isoformat()
        )
        data = json.dumps(dataclasses.asdict(record), indent=2) + "\n"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            write_atomic(self.directory / _STATS, data.encode())
        except OSError as error:
            self._warn_unwritable(error)

    def last_run(self) -> CacheStats | None:
        try:
            data = json.loads((self.directory / _STATS).read_text("utf-8"))
            known = {item.name for item in dataclasses.fields(CacheStats)}
            return CacheStats(**{name: value for name, value in data.items() if name in known})
        except (OSError, ValueError, TypeError):
            return None

    def _read(self, key: str) -> Clip | None:
        path = self.path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        clip = decode_clip(data)
        if clip is None:
            self.stats.corrupt += 1
            path.unlink(missing_ok=True)
            return None
        with contextlib.suppress(OSError):  # deleted meanwhile, or read-only: the clip is good
            os.utime(path)  # least recently used = oldest mtime
        return clip

    def _entries(self) -> Iterator[tuple[Path, float, int]]:
        """(path, mtime, size) of every entry; stale temporary files are removed on the way."""
        clips = self.directory / "clips"
        try:
            shards = list(os.scandir(clips))
        except OSError:
            return
        now = dt.datetime.now().timestamp()
        for shard in shards:
            try:
                files = list(os.scandir(shard.path))
            except OSError:
                continue
            for entry in files:
                try:
                    status = entry.stat()
                except FileNotFoundError:
                    continue
                if entry.name.endswith(_SUFFIX) and not entry.name.startswith("."):
                    yield Path(entry.path), status.st_mtime, status.st_size
                elif entry.name.endswith(".part") and now - status.st_mtime > _STALE_PART_S:
                    Path(entry.path).unlink(missing_ok=True)

    def _scan_bytes(self) -> int:
        return sum(size for _, _, size in self._entries())

    def _warn_unwritable(self, error: OSError) -> None:
        self.warn_unwritable(error.strerror or str(error))

    def warn_unwritable(self, reason: str) -> None:
        """The one warning that this cache cannot be written (also for a worker process's
        failure, reported by the batch through the client's cache object)."""
        if self._warned:
            return
        self._warned = True
        self.on_event(
            Event(
                "warning",
                message=f"{self.directory}: cannot write the sentence cache ({reason}); "
                "synthesis goes on without it, so a rerun synthesises again",
            )
        )


def format_cache_info(info: CacheInfo) -> str:
    """What `tts cache info` prints: where, how full, and how the last run used it."""
    lines = [
        f"cache:    {info.directory}",
        f"entries:  {info.entries:,} sentences",
        f"size:     {_size(info.bytes)} of {_size(info.max_bytes)} "
        f"({info.bytes / info.max_bytes:.0%})"
        if info.max_bytes
        else f"size:     {_size(info.bytes)}",
    ]
    last = info.last_run
    if last is None:
        lines.append("last run: none recorded")
    else:
        rate = f"{last.hit_rate:.0%}" if last.hit_rate is not None else "-"
        lines.append(
            f"last run: {last.hits:,} hits, {last.misses:,} misses (hit rate {rate}), "
            f"{last.writes:,} synthesised, {last.corrupt:,} corrupt, {last.evicted:,} evicted; "
            f"finished {last.finished_at[:19].replace('T', ' ')} UTC"
        )
    return "\n".join(lines)


def _size(count: int) -> str:
    value = float(count)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"  # pragma: no cover
