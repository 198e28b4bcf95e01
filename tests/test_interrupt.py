"""Ctrl-C while an episode is being made: exit 130, one line on stderr, nothing partial left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ARTICLE = "Ein langer Bericht\n\n" + "Der Rat tagte lange und beschloss am Ende viele Dinge. " * 60


def test_sigint_during_synthesis_exits_130_and_leaves_nothing(tmp_path: Path) -> None:
    article = tmp_path / "lang.txt"
    article.write_text(ARTICLE, "utf-8")
    out, cache = tmp_path / "out", tmp_path / "cache"
    environment = {**os.environ, "TTS_CACHE_DIR": str(cache)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tts", "synth", str(article), "-o", str(out), "--engine", "espeak"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not any(path.is_file() for path in (cache / "clips").rglob("*")):
        # synthesis has begun once the first clip is in the cache
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "synthesis never started"
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines() == ["Interrupted; no episode was written"], stderr
    assert stdout == ""
    assert not out.exists() or sorted(p.name for p in out.iterdir()) == []
