"""The episode catalogue: output/catalog.sqlite, one row per episode, keyed by the episode id.

The feed and the pages are built from it alone. SQLite in WAL mode with a busy timeout, and
every write in one immediate transaction, so several `tts synth` or batch workers can record
at once. The schema carries its version in PRAGMA user_version; MIGRATIONS bring an older
file up to date. The GUID is set when an episode is first recorded and never changes after,
so a regenerated episode stays the same item in every podcast app.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from tts.article import Episode
from tts.errors import InputError, OutputError

CATALOG_FILE = "catalog.sqlite"
BUSY_TIMEOUT_S = 30.0
GUID_NAMESPACE = uuid.UUID("5b0a3c52-6f0e-5d3c-9a62-1f7c2f0e7a11")
"""Namespace of the episode GUIDs (UUIDv5 of "artikel-tts:<episode id>"); fixed forever."""

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE episodes (
        id TEXT PRIMARY KEY,
        guid TEXT NOT NULL UNIQUE,
        slug TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        author TEXT NOT NULL,
        published TEXT,
        produced_at TEXT NOT NULL,
        first_recorded_at TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        audio TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        audio_sha256 TEXT NOT NULL,
        voice TEXT NOT NULL,
        engine TEXT NOT NULL,
        voice_licence TEXT NOT NULL,
        chapters TEXT,
        transcript_vtt TEXT,
        transcript_srt TEXT,
        url TEXT NOT NULL,
        episode_json TEXT NOT NULL
    );
    CREATE INDEX episodes_by_date ON episodes (first_recorded_at);
    """,
)
"""Schema steps; MIGRATIONS[n] takes a file from user_version n to n + 1. Only ever append."""


def episode_guid(episode_id: str) -> str:
    """The feed GUID of an episode: derived from its id alone, so it survives regeneration."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"artikel-tts:{episode_id}"))


@dataclass(frozen=True)
class Entry:
    """One catalogue row: the episode as recorded, its GUID and when it was first recorded."""

    episode: Episode
    guid: str
    first_recorded_at: str
    recorded_at: str

    @property
    def date(self) -> datetime:
        """The item's date: the article's own date when it has one, else its first recording
        (a regeneration does not make an old article new again)."""
        return parse_date(self.episode.published) or _as_datetime(self.first_recorded_at)

    def listing(self) -> tuple[str, str, str, str, str]:
        """What `tts episodes list` shows: slug, GUID, title, date, duration (m:ss)."""
        seconds = round(self.episode.duration_ms / 1000)
        duration = f"{seconds // 60}:{seconds % 60:02d}"
        return (
            self.episode.slug,
            self.guid,
            self.episode.title,
            self.date.date().isoformat(),
            duration,
        )


def parse_date(value: str | None) -> datetime | None:
    """An ISO 8601 date or datetime as an aware datetime (UTC when no zone is given)."""
    if not value:
        return None
    try:
        return _as_datetime(value)
    except ValueError:
        return None


def _as_datetime(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Catalog:
    """The catalogue file at `path` (output/catalog.sqlite). Reading a missing catalogue gives
    no episodes and creates nothing; the first record creates it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @property
    def output_dir(self) -> Path:
        return self.path.parent

    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        """A connection inside one transaction (immediate for writers: no upgrade deadlock)."""
        try:
            connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as error:
            raise OutputError(f"{self.path}: cannot open the catalogue ({error})") from error
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: a crash never corrupts or half-applies a transaction; only a power
            # cut may lose the very last commits, which the next run re-records
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA foreign_keys=ON")
            self._migrate(connection)
            connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            raise OutputError(f"{self.path}: the catalogue cannot be used ({error})") from error
        finally:
            connection.close()

    def _migrate(self, connection: sqlite3.Connection) -> None:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise OutputError(
                f"{self.path}: catalogue schema {version} is newer than this version of "
                f"artikel-tts knows ({len(MIGRATIONS)}); update artikel-tts"
            )
        if version == len(MIGRATIONS):
            return
        connection.execute("BEGIN IMMEDIATE")
        try:
            # another writer may have migrated while we waited for the lock
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            for step in range(version, len(MIGRATIONS)):
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {step + 1}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def schema_version(self) -> int:
        with self._connect(write=False) as connection:
            return int(connection.execute("PRAGMA user_version").fetchone()[0])

    def record(self, episode: Episode, output_dir: Path | None = None) -> Entry:
        """Insert or update the episode's row; size and SHA-256 are taken from the MP3 when the
        episode lacks them. The GUID and first-recorded date of an existing row are kept."""
        output_dir = output_dir or self.output_dir
        audio = output_dir / episode.files.audio
        if not episode.size_bytes or not episode.audio_sha256:
            try:
                episode = replace(
                    episode, size_bytes=audio.stat().st_size, audio_sha256=file_sha256(audio)
                )
            except OSError as error:
                raise OutputError(
                    f"{audio}: cannot record the episode, its audio is missing or unreadable "
                    f"({error.strerror or error})"
                ) from error
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        files = episode.files
        row = {
            "id": episode.id,
            "guid": episode_guid(episode.id),
            "slug": episode.slug,
            "title": episode.title,
            "description": episode.description,
            "author": episode.author,
            "published": episode.published,
            "produced_at": episode.produced_at,
            "first_recorded_at": now,
            "recorded_at": now,
            "duration_ms": episode.duration_ms,
            "audio": files.audio,
            "size_bytes": episode.size_bytes,
            "audio_sha256": episode.audio_sha256,
            "voice": episode.voice,
            "engine": episode.engine,
            "voice_licence": episode.voice_licence,
            "chapters": files.chapters,
            "transcript_vtt": files.transcript_vtt,
            "transcript_srt": files.transcript_srt,
            "url": episode.url,
            "episode_json": json.dumps(episode.to_dict(), ensure_ascii=False),
        }
        kept = ("id", "guid", "first_recorded_at")
        updates = ", ".join(f"{name} = excluded.{name}" for name in row if name not in kept)
        columns = ", ".join(row)
        marks = ", ".join(f":{name}" for name in row)
        self.output_dir.mkdir(parents=True, exist_ok=True)
        with self._connect(write=True) as connection:
            # a slug freed by a removed or renamed episode may be taken over
            connection.execute(
                "DELETE FROM episodes WHERE slug = ? AND id != ?", (episode.slug, episode.id)
            )
            connection.execute(
                f"INSERT INTO episodes ({columns}) VALUES ({marks}) "
                f"ON CONFLICT(id) DO UPDATE SET {updates}",
                row,
            )
            stored = connection.execute(
                "SELECT guid, first_recorded_at, recorded_at, episode_json FROM episodes "
                "WHERE id = ?",
                (episode.id,),
            ).fetchone()
        return self._entry(stored)

    def _entry(self, stored: tuple[str, str, str, str]) -> Entry:
        guid, first, recorded, document = stored
        try:
            episode = Episode.from_dict(json.loads(document))
        except (ValueError, TypeError) as error:
            raise OutputError(f"{self.path}: a catalogue row cannot be read ({error})") from error
        return Entry(episode, guid, first, recorded)

    def episodes(self) -> list[Entry]:
        """Every recorded episode, newest first (by the item date)."""
        if not self.path.exists():
            return []
        with self._connect(write=False) as connection:
            rows = connection.execute(
                "SELECT guid, first_recorded_at, recorded_at, episode_json FROM episodes"
            ).fetchall()
        entries = [self._entry(row) for row in rows]
        return sorted(entries, key=lambda entry: (entry.date, entry.episode.id), reverse=True)

    def find(self, id_or_slug: str) -> Entry | None:
        """The episode with this id (or a unique id prefix of 6+ characters), GUID or slug."""
        if not self.path.exists():
            return None
        key = id_or_slug.strip()
        with self._connect(write=False) as connection:
            rows = connection.execute(
                "SELECT guid, first_recorded_at, recorded_at, episode_json FROM episodes "
                "WHERE id = ? OR slug = ? OR guid = ? OR (length(?) >= 6 AND id LIKE ? || '%')",
                (key, key, key, key, key),
            ).fetchall()
        return self._entry(rows[0]) if len(rows) == 1 else None

    def get(self, id_or_slug: str) -> Entry:
        """find, or InputError saying how to see what there is."""
        entry = self.find(id_or_slug)
        if entry is None:
            raise InputError(
                f"{self.path}: no episode {id_or_slug!r}; `tts episodes list` shows the ids "
                "and slugs"
            )
        return entry

    def remove(self, id_or_slug: str) -> list[Path]:
        """Delete the episode's row, then its files (and its page); the files removed.

        The row goes first: a crash in between leaves stray files, never a feed item whose
        audio is gone."""
        entry = self.get(id_or_slug)
        with self._connect(write=True) as connection:
            connection.execute("DELETE FROM episodes WHERE id = ?", (entry.episode.id,))
        names = [*entry.episode.files.names(), f"{entry.episode.slug}.html"]
        removed = []
        for name in names:
            path = self.output_dir / name
            try:
                path.unlink()
            except FileNotFoundError:
                continue
            except OSError as error:
                raise OutputError(f"{path}: cannot remove ({error.strerror})") from error
            removed.append(path)
        return removed


def open_catalog(output_dir: Path) -> Catalog:
    """The catalogue of an output directory."""
    return Catalog(output_dir / CATALOG_FILE)
