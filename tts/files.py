"""Writing files so that a crash never leaves half of one: temporary name, then rename.

Used for every file the tool writes (episodes, covers, the clip cache, the voice catalogue).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from tts.errors import TTSError


def temporary_path(final: Path) -> Path:
    """A new, empty file beside `final` under a unique hidden name, so the rename into place is
    atomic; created like any other file (umask permissions), unlike mkstemp's 0600."""
    while True:
        candidate = final.with_name(f".{final.stem}.{secrets.token_hex(4)}{final.suffix}.part")
        try:
            with candidate.open("x"):
                return candidate
        except FileExistsError:
            continue


def write_atomic(path: Path, data: bytes) -> None:
    """`path` holds `data` or is untouched; OSError when it cannot be written."""
    temporary = temporary_path(path)
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def ensure_writable_directory(directory: Path, role: str, fix: str, error: type[TTSError]) -> None:
    """Create `directory` if needed; `error` naming it, its role and the fix if it is not a
    writable directory.

    Writability is tried, not looked up: permission bits say nothing about read-only mounts,
    immutable directories or root, and a failure after synthesis would waste the work.
    """
    if directory.exists() and not directory.is_dir():
        raise error(f"{directory}: the {role} is not a directory; {fix}")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        raise error(f"{directory}: cannot create the {role} ({problem.strerror}); {fix}") from None
    try:
        temporary_path(directory / "write-test").unlink()
    except OSError:
        raise error(f"{directory}: the {role} is not writable; {fix}") from None
