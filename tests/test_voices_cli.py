"""`tts voices …` end to end, and `tts synth` with a voice it has to download first.

A real HTTP server on 127.0.0.1 plays the catalogue (TTS_VOICES_URL); the voices go to the
isolated TTS_VOICES_DIR from conftest.
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.voice_server import (
    BROKEN_VOICE,
    EMOTIONAL_VOICE,
    MODEL,
    TEST_VOICE,
    VoiceServer,
    serve_test_catalogue,
    voice_files,
)
from tts.cli import app

MODEL_PATH = f"de/de_DE/test/medium/{TEST_VOICE}.onnx"


@pytest.fixture(autouse=True)
def no_retry_pauses(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries happen at once: a setting of tts.toml in the test's working directory."""
    Path("tts.toml").write_text("[voice]\nretry_delays = [0, 0, 0]\n", "utf-8")
    monkeypatch.setenv("no_proxy", "127.0.0.1")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[VoiceServer]:
    with VoiceServer() as running:
        serve_test_catalogue(running)
        monkeypatch.setenv("TTS_VOICES_URL", running.url)
        yield running


@pytest.fixture
def voices() -> Path:
    return Path(os.environ["TTS_VOICES_DIR"])


def tts(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def go_offline(monkeypatch: pytest.MonkeyPatch) -> str:
    """Point TTS_VOICES_URL at a loopback port nobody listens on; its host:port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("TTS_VOICES_URL", f"http://127.0.0.1:{port}")
    return f"127.0.0.1:{port}"


def test_download_installs_and_list_installed_shows_it(server: VoiceServer, voices: Path):
    result = tts("voices", "download", TEST_VOICE)
    assert (result.exit_code, result.stdout) == (0, f"{TEST_VOICE}: installed in {voices}\n")
    assert (voices / f"{TEST_VOICE}.onnx").read_bytes() == MODEL
    listed = tts("voices", "list", "--installed")
    assert (listed.exit_code, listed.stderr) == (0, "")
    assert listed.stdout == (
        "NAME               LANGUAGE  QUALITY  SIZE    INSTALLED\n"
        "de_DE-test-medium  de_DE     medium   0.6 MB  yes\n"
    )
    again = tts("voices", "download", TEST_VOICE)
    assert (again.exit_code, again.stdout) == (0, f"{TEST_VOICE}: already installed in {voices}\n")


def test_download_survives_a_dropped_connection(server: VoiceServer, voices: Path):
    server.cut_once[MODEL_PATH] = 300_000
    assert tts("voices", "download", TEST_VOICE).exit_code == 0
    assert (MODEL_PATH, "bytes=300000-") in server.requests
    assert (voices / f"{TEST_VOICE}.onnx").read_bytes() == MODEL


def test_corrupt_download_is_refused_and_nothing_is_left(server: VoiceServer, voices: Path):
    result = tts("voices", "download", BROKEN_VOICE)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: voice '{BROKEN_VOICE}': {BROKEN_VOICE}.onnx failed verification (MD5 "
    )
    assert result.stderr.count("\n") == 1
    assert sorted(path.name for path in voices.iterdir()) == ["voices.json"]
    assert "no" in tts("voices", "list").stdout.splitlines()[1]


def test_unknown_voice_lists_close_names_and_downloads_nothing(server: VoiceServer):
    result = tts("voices", "download", TEST_VOICE, "de_DE-thorsten-medum")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: voice 'de_DE-thorsten-medum' is not in the voice catalogue "
        f"({server.url}/voices.json); did you mean de_DE-thorsten-medium, de_DE-test-medium? "
        "`tts voices list` shows all voices\n"
    )
    assert server.paths() == ["voices.json"]


def test_unreachable_server_says_offline(monkeypatch: pytest.MonkeyPatch, voices: Path):
    host = go_offline(monkeypatch)
    result = tts("voices", "download", TEST_VOICE)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot reach {host} (Connection refused; offline?), and there is no cached "
        f"catalogue in {voices}; connect to the network, or set TTS_VOICES_URL to a mirror "
        "of rhasspy/piper-voices\n"
    )


def test_list_uses_the_cached_catalogue_offline_and_says_so(
    server: VoiceServer, voices: Path, monkeypatch: pytest.MonkeyPatch
):
    online = tts("voices", "list", "--language", "de")
    assert (online.exit_code, online.stderr) == (0, "")
    assert online.stdout == (
        "NAME                             LANGUAGE  QUALITY  SIZE    INSTALLED\n"
        "de_DE-broken-medium              de_DE     medium   0.6 MB  no\n"
        "de_DE-test-medium                de_DE     medium   0.6 MB  no\n"
        "de_DE-thorsten-medium            de_DE     medium   0.0 MB  no\n"
        "de_DE-thorsten_emotional-medium  de_DE     medium   0.0 MB  no\n"
    )
    host = go_offline(monkeypatch)
    offline = tts("voices", "list", "--language", "de")
    assert (offline.exit_code, offline.stdout) == (0, online.stdout)
    assert offline.stderr.startswith(
        f"Note: cannot reach {host} (Connection refused; offline?); "
        f"using the cached catalogue {voices / 'voices.json'} (saved "
    )


def test_voices_dir_that_cannot_be_created(server: VoiceServer, monkeypatch, tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("TTS_VOICES_DIR", str(blocker / "voices"))
    result = tts("voices", "download", TEST_VOICE)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {blocker / 'voices'}: cannot create the voices directory (Not a directory); "
        "set TTS_VOICES_DIR (or [voice] dir in tts.toml) to a writable directory\n"
    )
    assert server.requests == []


def test_info_shows_speakers_to_choose_from(server: VoiceServer, voices: Path):
    assert tts("voices", "download", EMOTIONAL_VOICE).exit_code == 0
    result = tts("voices", "info", EMOTIONAL_VOICE)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[5:7] == [
        "speakers:     8; choose one with --speaker NAME, "
        f'or speaker = "NAME" under [voices."{EMOTIONAL_VOICE}"] in tts.toml',
        "  0  amused",
    ]
    by_path = tts("voices", "info", str(voices / f"{EMOTIONAL_VOICE}.onnx"))
    assert by_path.stdout == result.stdout


def test_remove(server: VoiceServer, voices: Path):
    tts("voices", "download", TEST_VOICE)
    result = tts("voices", "remove", TEST_VOICE)
    assert result.exit_code == 0
    assert result.stdout == f"{TEST_VOICE}: removed 3 files from {voices}\n"
    missing = tts("voices", "remove", TEST_VOICE)
    assert (missing.exit_code, missing.stderr) == (
        1,
        f"Error: voice '{TEST_VOICE}' is not installed in {voices} (installed: none)\n",
    )


# --- tts synth: a voice that is not installed is downloaded first --------------------------


@pytest.fixture
def tiny_voice_served(server: VoiceServer, test_voice: Path) -> str:
    """The real (tiny) Piper test voice from conftest, offered in the catalogue."""
    name = "de_DE-tiny-x_low"
    config = json.loads(test_voice.with_name(test_voice.name + ".json").read_text())
    server.add_voice(name, voice_files(name, test_voice.read_bytes(), config))
    return name


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "artikel.txt"
    path.write_text("Die Stimme\n\nDer Bürgermeister eröffnete am Montag die neue Brücke.\n")
    return path


def test_synth_downloads_a_missing_voice_and_uses_it(
    tiny_voice_served: str, article: Path, voices: Path, tmp_path: Path
):
    result = tts("synth", str(article), "--voice", tiny_voice_served, "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(f"piper voice {tiny_voice_served})\n")
    assert (voices / f"{tiny_voice_served}.onnx.json").exists()
    listed = tts("voices", "list", "--installed").stdout.splitlines()
    assert [line.split()[0] for line in listed[1:]] == [tiny_voice_served]


def test_synth_offline_falls_back_to_espeak(
    monkeypatch: pytest.MonkeyPatch, article: Path, tmp_path: Path
):
    host = go_offline(monkeypatch)
    result = tts("synth", str(article), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("Warning: voice 'de_DE-thorsten-medium' is not installed in ")
    assert f"cannot reach {host} (Connection refused; offline?)" in result.stderr
    assert "espeak" in result.stdout
    refused = tts("synth", str(article), "--no-fallback", "-o", str(tmp_path / "out"))
    assert refused.exit_code == 1
    assert refused.stderr.endswith("(the espeak-ng fallback is off: --no-fallback)\n")
