"""Installing catalogue voices so that a half-finished or corrupt download never looks installed.

Every file goes to `*.part` first and is checked against the catalogue's size and checksums.
Only when all files of a voice are verified are they renamed into place, the config last
(a voice counts as installed when its config exists). A network failure keeps the `*.part`
files so the next run resumes; a verification failure deletes them.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from tts.errors import DownloadError, NetworkError, VoiceError, VoiceNotFound
from tts.files import ensure_writable_directory
from tts.voices.catalogue import FileInfo, VoiceEntry, file_url, load_catalogue, voices_url
from tts.voices.http import fetch_to_file
from tts.voices.local import (
    PART_SUFFIX,
    VoiceFiles,
    card_path,
    config_path,
    find_voice,
    is_voice_path,
    model_path,
    voice_paths,
)

# (voice name, bytes done, bytes total): called often while a voice downloads.
ProgressCallback = Callable[[str, int, int], None]
# One line for the user, e.g. that the catalogue is a cached copy because we are offline.
Notify = Callable[[str], None]


def ensure_voice(
    name_or_path: str,
    voices_dir: Path,
    base_url: str | None = None,
    progress: ProgressCallback | None = None,
    notify: Notify | None = None,
    *,
    retry_delays: tuple[float, ...] | None = None,
) -> VoiceFiles:
    """An installed voice for `name_or_path`; a catalogue voice that is missing is downloaded.

    Raises VoiceNotFound when the voice cannot be had (offline, or not in a cached catalogue):
    the caller may fall back to espeak-ng. Raises VoiceError for a broken voice file, a path
    that does not exist, or a name the live catalogue does not know (a typo: the message lists
    close names), and DownloadError when a download fails verification or cannot be written.
    """
    try:
        return find_voice(name_or_path, voices_dir)
    except VoiceError as error:  # VoiceNotFound included
        if is_voice_path(name_or_path):
            raise
        problem = error
    name = name_or_path
    ensure_writable(voices_dir)
    try:
        catalogue = load_catalogue(voices_dir, base_url, retry_delays=retry_delays)
    except NetworkError as error:
        raise VoiceNotFound(
            f"voice {name!r} is not installed in {voices_dir} and cannot be downloaded: {error}"
        ) from None
    if catalogue.note and notify:
        notify(catalogue.note)
    entry = catalogue.get(name)
    if entry is None:
        if not isinstance(problem, VoiceNotFound):
            raise problem  # a model without its config, and not one we could download again
        if catalogue.note:  # a cached, perhaps stale catalogue: the voice may be newer
            raise VoiceNotFound(catalogue.unknown_message(name))
        raise VoiceError(catalogue.unknown_message(name))  # a typo: say so, do not fall back
    try:
        return download_voice(entry, voices_dir, base_url, progress, retry_delays=retry_delays)
    except NetworkError as error:
        raise VoiceNotFound(str(error)) from None


def download_voice(
    entry: VoiceEntry,
    voices_dir: Path,
    base_url: str | None = None,
    progress: ProgressCallback | None = None,
    *,
    retry_delays: tuple[float, ...] | None = None,
) -> VoiceFiles:
    """Fetch, verify and install one catalogue voice (model, config, model card).

    Raises NetworkError when the server cannot be reached or keeps failing (the `*.part`
    files stay for resuming), DownloadError when a file is refused (deleted) or the
    voices directory cannot be written.
    """
    plan = _plan(entry, voices_dir)
    ensure_writable(voices_dir)
    total = sum(info.size for info, _ in plan)
    finished = 0
    for info, final in plan:
        part = _part(final)
        if not part.exists() and final.exists() and _mismatch(final, info) is None:
            finished += info.size  # intact from an earlier install whose config got lost
            continue

        def report(done: int, base: int = finished) -> None:
            if progress:
                progress(entry.key, base + done, total)

        resumed = part.exists()
        mismatch = _fetch(entry, info, part, voices_dir, base_url, report, retry_delays)
        if mismatch and resumed:  # the part may hold the start of an older version of the file
            part.unlink()
            mismatch = _fetch(entry, info, part, voices_dir, base_url, report, retry_delays)
        if mismatch:
            _discard(entry.key, voices_dir)
            raise DownloadError(
                f"voice {entry.key!r}: {final.name} failed verification ({mismatch}), "
                f"so it was deleted. The download or the server at {voices_url(base_url)} "
                "is corrupt: try again, or check the mirror (TTS_VOICES_URL)"
            )
        finished += info.size
    for _, final in plan:
        part = _part(final)
        if part.exists():
            os.replace(part, final)
    return find_voice(entry.key, voices_dir)


def _fetch(
    entry: VoiceEntry,
    info: FileInfo,
    part: Path,
    voices_dir: Path,
    base_url: str | None,
    report: Callable[[int], None],
    retry_delays: tuple[float, ...] | None,
) -> str | None:
    """Download one file into `part`; how it differs from the catalogue, None when it matches."""
    report(0)
    try:
        fetch_to_file(
            file_url(base_url, info.path), part, info.size, report, retry_delays=retry_delays
        )
    except NetworkError as error:  # the parts stay: the next attempt resumes them
        raise NetworkError(
            f"voice {entry.key!r} could not be downloaded into {voices_dir}: {error}; "
            f"`tts voices download {entry.key}` resumes it when online"
        ) from None
    except DownloadError as error:
        _discard(entry.key, voices_dir)
        raise DownloadError(f"voice {entry.key!r}: {error}") from None
    return _mismatch(part, info)


def _plan(entry: VoiceEntry, voices_dir: Path) -> list[tuple[FileInfo, Path]]:
    """The files to install and where; the config comes last because it marks 'installed'."""
    model = entry.file_ending(".onnx")
    config = entry.file_ending(".onnx.json")
    if model is None or config is None:
        raise DownloadError(
            f"catalogue entry {entry.key!r} lists no .onnx model and .onnx.json config"
        )
    card = entry.file_ending("MODEL_CARD")
    plan = [(card, card_path(voices_dir, entry.key))] if card else []
    return [
        *plan,
        (model, model_path(voices_dir, entry.key)),
        (config, config_path(voices_dir, entry.key)),
    ]


def _part(final: Path) -> Path:
    return final.with_name(final.name + PART_SUFFIX)


def ensure_writable(voices_dir: Path) -> None:
    """DownloadError naming `voices_dir` unless it exists (or can be made) and is writable."""
    fix = "set TTS_VOICES_DIR (or [voice] dir in tts.toml) to a writable directory"
    ensure_writable_directory(voices_dir, "voices directory", fix, DownloadError)


def _mismatch(path: Path, info: FileInfo) -> str | None:
    """How `path` differs from the catalogue's size and checksums, or None when it matches."""
    size = path.stat().st_size
    if size != info.size:
        return f"{size} bytes, the catalogue says {info.size}"
    md5 = hashlib.md5(usedforsecurity=False)
    sha256 = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1024 * 1024):
            md5.update(block)
            if info.sha256:
                sha256.update(block)
    if info.md5 and md5.hexdigest() != info.md5.lower():
        return f"MD5 {md5.hexdigest()}, the catalogue says {info.md5}"
    if info.sha256 and sha256.hexdigest() != info.sha256.lower():
        return f"SHA-256 {sha256.hexdigest()}, the catalogue says {info.sha256}"
    return None


def _discard(name: str, voices_dir: Path) -> None:
    """Remove the unfinished files of `name`; installed files of an earlier install stay."""
    for path in voice_paths(name, voices_dir):
        if path.name.endswith(PART_SUFFIX):
            path.unlink(missing_ok=True)
