"""A directory nobody may write to, root included, for the 'not writable' tests.

As root, permission bits don't stop writes, so the directory is made immutable (chattr +i,
which stops root too); otherwise its mode is set to read-only. Either way the code under test
runs in-process and meets a real refusal from the file system.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def read_only_directory(path: Path) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
        if made.returncode != 0:
            pytest.fail(f"cannot make {path} read-only as root (chattr +i: {made.stderr.strip()})")
        try:
            yield path
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o555)
        try:
            yield path
        finally:
            path.chmod(0o755)
