"""The sentence cache on a real file system: keys, checksums, LRU eviction under a size cap,
several processes writing and evicting at once, statistics, and an unwritable cache."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import numpy as np

from tests.readonly import read_only_directory
from tts.events import Event
from tts.synth import Clip
from tts.synth.cache import CacheStats, ClipCache, decode_clip, encode_clip, format_cache_info
from tts.synth.identity import _checksum, model_checksum

RATE = 22050


def clip(seed: int, samples: int = 2205) -> Clip:
    noise = np.random.default_rng(seed).uniform(-1, 1, samples).astype(np.float32)
    return Clip(samples=noise, sample_rate=RATE)


def test_round_trip_is_exact(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    key = ClipCache.key("piper|abc", "Ein Satz.")
    original = clip(1)
    assert cache.get(key, RATE) is None
    assert cache.put(key, original)
    found = cache.get(key, RATE)
    assert found is not None
    assert found.samples.dtype == np.float32
    assert np.array_equal(found.samples, original.samples)
    assert (cache.stats.hits, cache.stats.misses, cache.stats.writes) == (1, 1, 1)


def test_key_covers_engine_identity_and_text() -> None:
    keys = {
        ClipCache.key("piper|model-a|0.667", "Ein Satz."),
        ClipCache.key("piper|model-b|0.667", "Ein Satz."),
        ClipCache.key("piper|model-a|0.5", "Ein Satz."),
        ClipCache.key("piper|model-a|0.667", "Ein Satz!"),
    }
    assert len(keys) == 4
    assert ClipCache.key("x", "y") == ClipCache.key("x", "y")


def test_corrupted_entry_is_detected_deleted_and_a_miss(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    key = ClipCache.key("id", "Satz")
    cache.put(key, clip(2))
    path = cache.path(key)
    data = bytearray(path.read_bytes())
    data[-7] ^= 0x55  # one flipped byte in the samples
    path.write_bytes(bytes(data))
    assert cache.get(key, RATE) is None
    assert cache.stats.corrupt == 1
    assert not path.exists()  # so the re-synthesised clip replaces it
    cache.put(key, clip(2))
    assert cache.get(key, RATE) is not None


def test_truncated_or_foreign_bytes_are_not_clips() -> None:
    data = encode_clip(clip(3))
    assert decode_clip(data) is not None
    assert decode_clip(data[:-1]) is None
    assert decode_clip(data[:10]) is None
    assert decode_clip(b"\x93NUMPY" + data[6:]) is None


def test_least_recently_used_entries_are_evicted_first(tmp_path: Path) -> None:
    entry = len(encode_clip(clip(0)))
    cache = ClipCache(tmp_path, max_bytes=entry * 4)
    keys = [ClipCache.key("id", f"Satz {n}") for n in range(4)]
    for age, key in enumerate(keys):
        cache.put(key, clip(age))
        os.utime(cache.path(key), (1_000_000 + age, 1_000_000 + age))  # 0 oldest ... 3 newest
    assert cache.get(keys[0], RATE) is not None  # used now: the newest
    cache.put(ClipCache.key("id", "Satz 4"), clip(4))  # over the cap: evict down to 90 %
    assert cache.stats.evicted == 2
    survivors = {key for key in keys if cache.path(key).exists()}
    assert survivors == {keys[0], keys[3]}
    info = cache.info()
    assert info.entries == 3
    assert info.bytes == 3 * entry <= cache.max_bytes


def _writer(directory: str, worker: int, max_bytes: int) -> None:
    cache = ClipCache(Path(directory), max_bytes=max_bytes)
    for n in range(60):
        # half the keys are shared by all writers, so they race on the same entries
        name = f"gemeinsam {n % 20}" if n % 2 else f"eigen {worker} {n}"
        assert cache.put(ClipCache.key("id", name), clip(n))
        cache.get(ClipCache.key("id", f"gemeinsam {(n + worker) % 20}"), RATE)


def test_several_processes_write_and_evict_at_once(tmp_path: Path) -> None:
    entry = len(encode_clip(clip(0)))
    cap = entry * 25
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_writer, args=(str(tmp_path), worker, cap)) for worker in range(4)
    ]
    for process in workers:
        process.start()
    for process in workers:
        process.join(120)
    assert [process.exitcode for process in workers] == [0, 0, 0, 0]
    files = list((tmp_path / "clips").rglob("*"))
    assert not [path for path in files if path.name.endswith(".part")]
    clips = [path for path in files if path.is_file()]
    assert clips
    assert all(decode_clip(path.read_bytes()) is not None for path in clips)
    assert sum(path.stat().st_size for path in clips) <= cap * 1.25  # 5 % of cap per writer
    ClipCache(tmp_path, max_bytes=cap).evict()
    assert ClipCache(tmp_path).info().bytes <= cap


def test_unwritable_cache_warns_once_and_goes_on(tmp_path: Path) -> None:
    events: list[Event] = []
    with read_only_directory(tmp_path / "cache") as directory:
        cache = ClipCache(directory, on_event=events.append)
        stored = [cache.put(ClipCache.key("id", f"Satz {n}"), clip(n)) for n in range(3)]
        cache.save_stats()
    assert stored == [False, False, False]
    assert [event.stage for event in events] == ["warning"]
    assert str(directory) in events[0].message
    assert "cannot write the sentence cache" in events[0].message


def test_statistics_of_the_last_run_are_saved(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    assert cache.info().last_run is None
    key = ClipCache.key("id", "Satz")
    cache.get(key, RATE)
    cache.put(key, clip(5))
    cache.get(key, RATE)
    cache.get(key, RATE)
    cache.save_stats()
    last = ClipCache(tmp_path).info().last_run
    assert last is not None
    assert (last.hits, last.misses, last.writes) == (2, 1, 1)
    assert last.hit_rate == 2 / 3
    assert last.finished_at
    cache.save_stats(CacheStats(hits=7, misses=1, writes=1))  # a batch's own counts
    again = ClipCache(tmp_path).last_run()
    assert again is not None
    assert (again.hits, again.misses, again.writes, again.corrupt) == (7, 1, 1, 0)


def test_clear_removes_entries_and_statistics(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path)
    for n in range(3):
        cache.put(ClipCache.key("id", f"Satz {n}"), clip(n))
    cache.save_stats()
    assert cache.clear() == 3
    info = cache.info()
    assert (info.entries, info.bytes, info.last_run) == (0, 0, None)


def test_voice_is_hashed_once_per_process_until_it_changes(tmp_path: Path) -> None:
    model = tmp_path / "voice.onnx"
    model.write_bytes(b"a" * 1000)
    first = model_checksum(model)
    before = _checksum.cache_info()
    assert model_checksum(model) == first
    after = _checksum.cache_info()
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)
    model.write_bytes(b"b" * 1001)  # another voice file under the same name
    assert model_checksum(model) != first


def test_info_for_the_cli_says_entries_size_and_the_last_hit_rate(tmp_path: Path) -> None:
    cache = ClipCache(tmp_path, max_bytes=1024**3)
    cache.put(ClipCache.key("id", "Satz"), clip(1))
    cache.save_stats(CacheStats(hits=3, misses=1, writes=1))
    shown = format_cache_info(cache.info()).splitlines()
    assert shown[0] == f"cache:    {tmp_path}"
    assert shown[1] == "entries:  1 sentences"
    assert shown[2].startswith("size:     8.7 kB of 1.0 GB")
    assert shown[3].startswith("last run: 3 hits, 1 misses (hit rate 75%), 1 synthesised")
