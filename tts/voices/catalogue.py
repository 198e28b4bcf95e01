"""The Piper voice catalogue: `voices.json` of rhasspy/piper-voices, kept in its own format.

The catalogue lives under a base URL; every file it lists is found under the same base URL by
its relative path (as under `…/resolve/main/` on Hugging Face). A copy is cached in the voices
directory so listing and looking up voices still works offline.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tts.errors import DownloadError, VoiceNotFound
from tts.files import write_atomic
from tts.voices.http import fetch_bytes

DEFAULT_VOICES_URL = "https://huggingface.co/rhasspy/piper-voices/resolve/main"
CATALOGUE_FILE = "voices.json"


def voices_url(base_url: str | None = None) -> str:
    """The base URL: the argument (Settings.voices_url: tts.toml or $TTS_VOICES_URL, read
    when the settings load), else Hugging Face."""
    return (base_url or DEFAULT_VOICES_URL).rstrip("/")


def file_url(base_url: str | None, relative_path: str) -> str:
    return f"{voices_url(base_url)}/{relative_path}"


@dataclass(frozen=True)
class FileInfo:
    """One file of a voice as the catalogue describes it: where, how big, which checksums."""

    path: str
    size: int
    md5: str | None
    sha256: str | None


@dataclass(frozen=True)
class VoiceEntry:
    """One catalogue entry, read from the raw JSON object without changing it."""

    key: str
    raw: dict[str, Any]

    @property
    def language(self) -> dict[str, str]:
        language = self.raw.get("language")
        return language if isinstance(language, dict) else {}

    @property
    def language_code(self) -> str:
        return str(self.language.get("code", ""))

    @property
    def quality(self) -> str:
        return str(self.raw.get("quality", ""))

    @property
    def num_speakers(self) -> int:
        return int(self.raw.get("num_speakers") or 1)

    @property
    def speaker_id_map(self) -> dict[str, int]:
        return dict(self.raw.get("speaker_id_map") or {})

    @property
    def files(self) -> list[FileInfo]:
        """The files, or DownloadError naming the voice when the entry is malformed."""
        files = self.raw.get("files")
        if not isinstance(files, dict):
            raise DownloadError(f"catalogue entry {self.key!r} lists no files")
        result = []
        for path, info in files.items():
            if not isinstance(info, dict) or not isinstance(info.get("size_bytes"), int):
                raise DownloadError(f"catalogue entry {self.key!r}: {path} has no size_bytes")
            result.append(
                FileInfo(
                    path=path,
                    size=info["size_bytes"],
                    md5=info.get("md5_digest"),
                    sha256=info.get("sha256_digest") or info.get("sha256"),
                )
            )
        return result

    def file_ending(self, suffix: str) -> FileInfo | None:
        return next((info for info in self.files if info.path.endswith(suffix)), None)

    @property
    def model_size(self) -> int:
        model = self.file_ending(".onnx")
        return model.size if model else 0

    def matches_language(self, language: str) -> bool:
        """`de` matches every German voice, `de_DE` (or `de-DE`) only those from Germany."""
        wanted = language.replace("-", "_").lower()
        code = self.language_code.lower()
        family = str(self.language.get("family", code.split("_")[0])).lower()
        return wanted in (code, family)


@dataclass(frozen=True)
class Catalogue:
    """The voices of one catalogue, where it came from, and a note when it is a stale copy."""

    voices: dict[str, dict[str, Any]]
    source: str
    note: str | None = None
    _aliases: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for key, raw in self.voices.items():
            for alias in raw.get("aliases") or []:
                self._aliases.setdefault(str(alias), key)

    def get(self, name: str) -> VoiceEntry | None:
        """The entry for a key or one of its aliases (old names such as `de-thorsten-low`)."""
        key = name if name in self.voices else self._aliases.get(name)
        return VoiceEntry(key, self.voices[key]) if key else None

    def entry(self, name: str) -> VoiceEntry:
        """The entry, or VoiceNotFound that names close matches so a typo is easy to fix."""
        found = self.get(name)
        if found is None:
            raise VoiceNotFound(self.unknown_message(name))
        return found

    def close_names(self, name: str, limit: int = 5) -> list[str]:
        """Keys containing `name`, then keys that look like it (difflib)."""
        keys = sorted(self.voices)
        lowered = name.lower()
        containing = [key for key in keys if lowered in key.lower()]
        similar = difflib.get_close_matches(name, keys, n=limit, cutoff=0.8)
        return list(dict.fromkeys(containing + similar))[:limit]

    def unknown_message(self, name: str) -> str:
        close = self.close_names(name)
        hint = f" did you mean {', '.join(close)}?" if close else ""
        return (
            f"voice {name!r} is not in the voice catalogue ({self.source});{hint} "
            "`tts voices list` shows all voices"
        )

    def entries(self) -> list[VoiceEntry]:
        return [VoiceEntry(key, raw) for key, raw in sorted(self.voices.items())]


def cache_path(voices_dir: Path) -> Path:
    return voices_dir / CATALOGUE_FILE


def parse_catalogue(data: bytes, source: str) -> dict[str, dict[str, Any]]:
    """The voices.json object; DownloadError when it is not one (e.g. a captive portal page)."""
    try:
        voices = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DownloadError(
            f"{source}: not a Piper voice catalogue (invalid JSON: {error})"
        ) from None
    if not isinstance(voices, dict) or not all(
        isinstance(entry, dict) and "files" in entry for entry in voices.values()
    ):
        raise DownloadError(
            f"{source}: not a Piper voice catalogue (expected voices.json of rhasspy/piper-voices)"
        )
    return voices


def cached_catalogue(voices_dir: Path, note: str | None = None) -> Catalogue | None:
    """The catalogue cached in `voices_dir`, or None when there is none (or it is unreadable)."""
    path = cache_path(voices_dir)
    try:
        voices = parse_catalogue(path.read_bytes(), str(path))
    except (OSError, DownloadError):
        return None
    return Catalogue(voices, source=str(path), note=note)


def load_catalogue(
    voices_dir: Path,
    base_url: str | None = None,
    *,
    retry_delays: tuple[float, ...] | None = None,
) -> Catalogue:
    """The current catalogue from `base_url`, cached in `voices_dir`; the cache when offline.

    When the cache is used, `Catalogue.note` says why (print it: the list may be stale).
    Raises NetworkError (offline, no cache) or DownloadError (not a catalogue, no cache).
    """
    url = file_url(base_url, CATALOGUE_FILE)
    try:
        data = fetch_bytes(url, retry_delays=retry_delays)
        voices = parse_catalogue(data, url)
    except DownloadError as error:
        path = cache_path(voices_dir)
        note = f"{error}; using the cached catalogue {path} ({_saved_at(path)})"
        cached = cached_catalogue(voices_dir, note)
        if cached is not None:
            return cached
        raise type(error)(
            f"{error}, and there is no cached catalogue in {voices_dir}; connect to the "
            "network, or set TTS_VOICES_URL to a mirror of rhasspy/piper-voices"
        ) from None
    return Catalogue(voices, source=url, note=_write_cache(voices_dir, data))


def _saved_at(path: Path) -> str:
    try:
        return "saved " + datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    except OSError:
        return "missing"


def _write_cache(voices_dir: Path, data: bytes) -> str | None:
    """Write the catalogue bytes as served, atomically; a note instead of an error on failure,
    since the catalogue in memory is still good for this run."""
    try:
        voices_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(cache_path(voices_dir), data)
    except OSError as error:
        return f"cannot cache the voice catalogue in {voices_dir} ({error.strerror or error})"
    return None
