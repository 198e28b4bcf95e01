"""The code stays ruff-clean: checked with the tests, so main cannot drift."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_ruff_check_is_clean() -> None:
    command = [sys.executable, "-m", "ruff", "check", "tts", "tests", "bench"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
