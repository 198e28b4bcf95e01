"""Run the CLI as an ordinary user: root may write into read-only directories, so tests of
'not writable' run `python -m tts` as `nobody` (via setpriv) when the suite runs as root."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def shared_directory() -> Iterator[Path]:
    """A scratch directory the unprivileged user can enter (pytest's tmp_path is root-only)."""
    base = Path(tempfile.mkdtemp(prefix="tts-unprivileged-"))
    try:
        base.chmod(0o755)
        yield base
        for path in base.rglob("*"):
            if path.is_dir():
                path.chmod(0o755)
    finally:
        shutil.rmtree(base)


def writable_directory(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o777)
    return path


def run_tts(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tts", *args]
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    return subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, **env}, cwd=cwd, check=False
    )
