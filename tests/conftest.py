"""Shared fixtures: a built test voice, and an isolated environment for every test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.voicegen import build_test_voice


@pytest.fixture(scope="session")
def test_voice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path to the tiny Piper-format test voice (.onnx with its .onnx.json)."""
    return build_test_voice(tmp_path_factory.mktemp("voice"))


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test runs in its own directory with its own cache and voices; the voice catalogue
    URL points at a closed loopback port, so nothing ever reaches the internet."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.setenv("TTS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("TTS_VOICES_DIR", str(tmp_path / "voices"))
    monkeypatch.setenv("TTS_VOICES_URL", "http://127.0.0.1:9")
    return work
