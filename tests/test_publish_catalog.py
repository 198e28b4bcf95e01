"""The SQLite catalogue: schema version, stable GUIDs, lookups, removal, concurrent writers."""

from __future__ import annotations

import dataclasses
import multiprocessing
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from tests.publishing import make_episode
from tts.article import Episode
from tts.errors import InputError, OutputError
from tts.publish.catalog import MIGRATIONS, Catalog, episode_guid, file_sha256, open_catalog


def test_record_fills_size_and_checksum_and_round_trips(tmp_path: Path) -> None:
    episode = make_episode(tmp_path)
    assert episode.size_bytes == 0
    catalog = open_catalog(tmp_path)
    assert catalog.episodes() == [] and not catalog.path.exists()
    entry = catalog.record(episode, tmp_path)
    audio = tmp_path / episode.files.audio
    assert entry.episode.size_bytes == audio.stat().st_size > 0
    assert entry.episode.audio_sha256 == file_sha256(audio)
    assert entry.guid == episode_guid(episode.id)
    assert catalog.schema_version() == len(MIGRATIONS)
    [listed] = catalog.episodes()
    assert listed.episode == entry.episode
    with sqlite3.connect(catalog.path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        row = connection.execute(
            "SELECT guid, title, description, author, published, duration_ms, audio, "
            "size_bytes, audio_sha256, voice, engine, voice_licence, chapters, "
            "transcript_vtt, transcript_srt, url FROM episodes"
        ).fetchone()
    assert row == (
        entry.guid,
        episode.title,
        episode.description,
        episode.author,
        episode.published,
        episode.duration_ms,
        "artikel-1.mp3",
        audio.stat().st_size,
        file_sha256(audio),
        "de_DE-test-medium",
        "piper",
        episode.voice_licence,
        "artikel-1.chapters.json",
        "artikel-1.vtt",
        "artikel-1.srt",
        "https://example.org/1",
    )


def test_regenerated_episode_keeps_guid_and_first_date(tmp_path: Path) -> None:
    episode = make_episode(tmp_path)
    catalog = open_catalog(tmp_path)
    first = catalog.record(episode)
    again = dataclasses.replace(episode, title="Neuer Titel", produced_at="2027-01-01T00:00:00Z")
    second = catalog.record(again)
    assert second.guid == first.guid and second.first_recorded_at == first.first_recorded_at
    assert [e.episode.title for e in catalog.episodes()] == ["Neuer Titel"]


def test_find_by_id_prefix_slug_guid_and_remove(tmp_path: Path) -> None:
    catalog = open_catalog(tmp_path)
    one = catalog.record(make_episode(tmp_path, 1))
    two = catalog.record(make_episode(tmp_path, 2))
    assert catalog.find("artikel-2") == two
    assert catalog.find(one.episode.id) == one
    assert catalog.find(one.episode.id[:8]) == one
    assert catalog.find(two.guid) == two
    assert catalog.find("nichts") is None
    (tmp_path / "artikel-1.html").write_text("page", "utf-8")
    removed = catalog.remove("artikel-1")
    assert sorted(path.name for path in removed) == [
        "artikel-1.chapters.json",
        "artikel-1.html",
        "artikel-1.mp3",
        "artikel-1.srt",
        "artikel-1.vtt",
    ]
    assert [e.episode.slug for e in catalog.episodes()] == ["artikel-2"]
    assert (tmp_path / "artikel-2.mp3").exists()
    with pytest.raises(InputError, match="no episode 'artikel-1'"):
        catalog.remove("artikel-1")


def test_missing_audio_is_refused_and_records_nothing(tmp_path: Path) -> None:
    episode = make_episode(tmp_path, sidecars=False)
    (tmp_path / episode.files.audio).unlink()
    catalog = open_catalog(tmp_path)
    with pytest.raises(OutputError, match=r"artikel-1\.mp3: cannot record the episode"):
        catalog.record(episode)
    assert catalog.episodes() == []


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    catalog = open_catalog(tmp_path)
    catalog.record(make_episode(tmp_path))
    with sqlite3.connect(catalog.path) as connection:
        connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(OutputError, match="newer than this version"):
        catalog.episodes()


def test_not_a_database_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "catalog.sqlite").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(OutputError, match=r"catalog\.sqlite: the catalogue cannot be used"):
        open_catalog(tmp_path).episodes()


def _record_many(path: str, episodes: list[dict[str, object]]) -> int:
    catalog = Catalog(Path(path))
    for data in episodes:
        catalog.record(Episode.from_dict(data))
    return len(episodes)


def test_concurrent_writers_in_separate_processes_lose_nothing(tmp_path: Path) -> None:
    base = make_episode(tmp_path, sidecars=False)
    size = (tmp_path / base.files.audio).stat().st_size
    batches = [
        [
            dataclasses.replace(
                base, id=f"{worker:02d}{n:014d}", slug=f"w{worker}-{n}", size_bytes=size,
                audio_sha256="a" * 64,
            ).to_dict()
            for n in range(15)
        ]
        for worker in range(4)
    ]  # fmt: skip
    path = str(tmp_path / "catalog.sqlite")
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(4, mp_context=context) as pool:
        done = list(pool.map(_record_many, [path] * 4, batches))
    assert done == [15] * 4
    entries = Catalog(Path(path)).episodes()
    assert len(entries) == 60
    assert len({entry.guid for entry in entries}) == 60


def test_listing_shows_slug_guid_title_date_duration(tmp_path: Path) -> None:
    entry = open_catalog(tmp_path).record(make_episode(tmp_path, 1, seconds=65))
    assert entry.listing() == ("artikel-1", entry.guid, "Artikel Nummer 1", "2026-11-21", "1:05")
