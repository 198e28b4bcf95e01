"""Voices library: catalogue, verified and resumable downloads, ensure_voice for synth.

Real HTTP against a real server on 127.0.0.1 (tests/voice_server.py); no mocks.
"""

from __future__ import annotations

import functools
import hashlib
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.readonly import read_only_directory
from tests.voice_server import (
    BROKEN_VOICE,
    CARD,
    EMOTIONAL_VOICE,
    MODEL,
    TEST_VOICE,
    VoiceServer,
    serve_test_catalogue,
)
from tts import voices as library
from tts.config import load_settings
from tts.errors import DownloadError, NetworkError, VoiceError, VoiceNotFound
from tts.voices import (
    VoiceFiles,
    cached_catalogue,
    find_voice,
    remove_voice,
)
from tts.voices.listing import format_rows, voice_info, voice_rows

MODEL_PATH = f"de/de_DE/test/medium/{TEST_VOICE}.onnx"
CONFIG_PATH = f"de/de_DE/test/medium/{TEST_VOICE}.onnx.json"
CARD_PATH = "de/de_DE/test/medium/MODEL_CARD"


# Retries happen at once: the tests are about what is retried, not how long we wait. The
# delays are a parameter of every download call, so the calls here pass none.
NO_WAIT = (0.0, 0.0, 0.0)
download_voice = functools.partial(library.download_voice, retry_delays=NO_WAIT)
ensure_voice = functools.partial(library.ensure_voice, retry_delays=NO_WAIT)
load_catalogue = functools.partial(library.load_catalogue, retry_delays=NO_WAIT)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    monkeypatch.delenv("TTS_VOICES_URL", raising=False)


@pytest.fixture
def server() -> Iterator[VoiceServer]:
    with VoiceServer() as running:
        serve_test_catalogue(running)
        yield running


@pytest.fixture
def voices(tmp_path: Path) -> Path:
    return tmp_path / "voices"


def dead_url() -> str:
    """A loopback URL nobody listens on: connection refused, like a machine that is offline."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def names_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


# --- downloads ---------------------------------------------------------------------------


def test_download_installs_model_config_and_card_verified(server: VoiceServer, voices: Path):
    entry = load_catalogue(voices, server.url).entry(TEST_VOICE)
    files = download_voice(entry, voices, server.url)
    model, config = voices / f"{TEST_VOICE}.onnx", voices / f"{TEST_VOICE}.onnx.json"
    assert files == VoiceFiles(TEST_VOICE, model, config)
    assert files.model.read_bytes() == MODEL
    assert json.loads(files.config.read_text())["audio"]["sample_rate"] == 22050
    assert (voices / f"{TEST_VOICE}.MODEL_CARD").read_text() == CARD
    assert names_in(voices) == [
        f"{TEST_VOICE}.MODEL_CARD",
        f"{TEST_VOICE}.onnx",
        f"{TEST_VOICE}.onnx.json",
        "voices.json",
    ]
    # the config comes last: a voice only looks installed when everything else is there
    assert server.paths() == ["voices.json", CARD_PATH, MODEL_PATH, CONFIG_PATH]


def test_progress_reports_every_byte_of_the_voice(server: VoiceServer, voices: Path):
    entry = load_catalogue(voices, server.url).entry(TEST_VOICE)
    total = sum(info.size for info in entry.files)
    calls: list[tuple[str, int, int]] = []
    download_voice(entry, voices, server.url, progress=lambda *call: calls.append(call))
    assert calls[0] == (TEST_VOICE, 0, total)
    assert calls[-1] == (TEST_VOICE, total, total)
    done = [call[1] for call in calls]
    assert done == sorted(done)


def test_checksum_mismatch_is_refused_and_leaves_nothing(server: VoiceServer, voices: Path):
    entry = load_catalogue(voices, server.url).entry(BROKEN_VOICE)
    with pytest.raises(DownloadError) as caught:
        download_voice(entry, voices, server.url)
    message = str(caught.value)
    expected = f"voice '{BROKEN_VOICE}': {BROKEN_VOICE}.onnx failed verification (MD5 "
    assert message.startswith(expected)
    assert "the catalogue says " + entry.file_ending(".onnx").md5 in message
    assert names_in(voices) == ["voices.json"]


def test_wrong_size_is_refused(server: VoiceServer, voices: Path):
    server.files[MODEL_PATH] = MODEL + b"extra bytes"
    entry = load_catalogue(voices, server.url).entry(TEST_VOICE)
    expected = r"onnx failed verification \(600001 bytes, the catalogue says 600000\)"
    with pytest.raises(DownloadError, match=expected):
        download_voice(entry, voices, server.url)
    assert names_in(voices) == ["voices.json"]


def test_connection_dropped_halfway_resumes_with_range(server: VoiceServer, voices: Path):
    server.cut_once[MODEL_PATH] = 250_000
    files = ensure_voice(TEST_VOICE, voices, server.url)
    assert files.model.read_bytes() == MODEL
    assert [request for request in server.requests if request[0] == MODEL_PATH] == [
        (MODEL_PATH, None),
        (MODEL_PATH, "bytes=250000-"),
    ]


def test_interrupted_earlier_run_is_resumed_from_the_part_file(server: VoiceServer, voices: Path):
    voices.mkdir()
    (voices / f"{TEST_VOICE}.onnx.part").write_bytes(MODEL[:400_000])
    files = ensure_voice(TEST_VOICE, voices, server.url)
    assert files.model.read_bytes() == MODEL
    assert (MODEL_PATH, "bytes=400000-") in server.requests
    assert not list(voices.glob("*.part"))


def test_a_part_from_an_older_file_is_fetched_again_once(server: VoiceServer, voices: Path):
    voices.mkdir()
    (voices / f"{TEST_VOICE}.onnx.part").write_bytes(b"older version" * 1000)
    assert ensure_voice(TEST_VOICE, voices, server.url).model.read_bytes() == MODEL
    assert [request for request in server.requests if request[0] == MODEL_PATH] == [
        (MODEL_PATH, "bytes=13000-"),
        (MODEL_PATH, None),
    ]


def test_server_ignoring_range_restarts_the_file(server: VoiceServer, voices: Path):
    server.ignore_range = True
    voices.mkdir()
    (voices / f"{TEST_VOICE}.onnx.part").write_bytes(b"stale bytes from another file")
    assert ensure_voice(TEST_VOICE, voices, server.url).model.read_bytes() == MODEL


def test_transient_server_error_is_retried(server: VoiceServer, voices: Path):
    server.fail_once[MODEL_PATH] = 503
    assert ensure_voice(TEST_VOICE, voices, server.url).model.read_bytes() == MODEL
    assert server.paths().count(MODEL_PATH) == 2


def test_network_that_keeps_failing_keeps_the_part_for_later(server: VoiceServer, voices: Path):
    server.cut_always[MODEL_PATH] = 100_000
    entry = load_catalogue(voices, server.url).entry(TEST_VOICE)
    with pytest.raises(NetworkError) as caught:
        download_voice(entry, voices, server.url)
    assert str(caught.value) == (
        f"voice '{TEST_VOICE}' could not be downloaded into {voices}: "
        f"{server.url}/{MODEL_PATH}: failed 4 times, last: connection closed after 400000 of "
        f"600000 bytes; `tts voices download {TEST_VOICE}` resumes it when online"
    )
    assert (voices / f"{TEST_VOICE}.onnx.part").stat().st_size == 400_000
    assert not (voices / f"{TEST_VOICE}.onnx").exists()
    del server.cut_always[MODEL_PATH]
    assert download_voice(entry, voices, server.url).model.read_bytes() == MODEL


def test_file_missing_on_the_mirror_names_voice_and_url(server: VoiceServer, voices: Path):
    del server.files[MODEL_PATH]
    entry = load_catalogue(voices, server.url).entry(TEST_VOICE)
    with pytest.raises(DownloadError) as caught:
        download_voice(entry, voices, server.url)
    assert str(caught.value) == (
        f"voice '{TEST_VOICE}': {server.url}/{MODEL_PATH}: not found on the server (HTTP 404)"
    )
    assert names_in(voices) == ["voices.json"]


def test_voices_dir_that_is_a_file_is_named(server: VoiceServer, tmp_path: Path):
    blocker = tmp_path / "voices"
    blocker.write_text("not a directory")
    entry = load_catalogue(tmp_path / "elsewhere", server.url).entry(TEST_VOICE)
    with pytest.raises(DownloadError) as caught:
        download_voice(entry, blocker, server.url)
    assert str(caught.value) == (
        f"{blocker}: the voices directory is not a directory; "
        "set TTS_VOICES_DIR (or [voice] dir in tts.toml) to a writable directory"
    )


def test_read_only_voices_dir_is_named(server: VoiceServer, tmp_path: Path) -> None:
    with read_only_directory(tmp_path / "voices") as voices:
        entry = load_catalogue(tmp_path / "elsewhere", server.url).entry(TEST_VOICE)
        with pytest.raises(DownloadError) as raised:
            download_voice(entry, voices, server.url)
        assert str(raised.value) == (
            f"{voices}: the voices directory is not writable; set TTS_VOICES_DIR "
            "(or [voice] dir in tts.toml) to a writable directory"
        )
        assert list(voices.iterdir()) == []


# --- catalogue ---------------------------------------------------------------------------


def test_catalogue_is_cached_as_served_and_used_offline(server: VoiceServer, voices: Path):
    online = load_catalogue(voices, server.url)
    assert online.note is None
    assert online.source == f"{server.url}/voices.json"
    assert json.loads((voices / "voices.json").read_text()) == server.catalogue
    offline = load_catalogue(voices, dead_url())
    assert offline.voices == server.catalogue
    assert offline.source == str(voices / "voices.json")
    assert offline.note is not None
    assert "(Connection refused; offline?); using the cached catalogue" in offline.note


def test_offline_without_cache_says_how_to_fix_it(voices: Path):
    url = dead_url()
    with pytest.raises(NetworkError) as caught:
        load_catalogue(voices, url)
    assert str(caught.value) == (
        f"cannot reach {url.removeprefix('http://')} (Connection refused; offline?), and there "
        f"is no cached catalogue in {voices}; connect to the network, or set TTS_VOICES_URL "
        "to a mirror of rhasspy/piper-voices"
    )


def test_a_page_that_is_not_a_catalogue_is_refused(server: VoiceServer, voices: Path):
    server.catalogue = {"error": "captive portal"}  # type: ignore[dict-item]
    with pytest.raises(DownloadError, match="not a Piper voice catalogue"):
        load_catalogue(voices, server.url)


def test_tts_voices_url_points_to_the_mirror(server: VoiceServer, voices: Path, monkeypatch):
    monkeypatch.setenv("TTS_VOICES_URL", server.url + "/")
    settings = load_settings()  # the environment is read here, once
    assert settings.voices_url == server.url
    assert TEST_VOICE in load_catalogue(voices, settings.voices_url).voices


def test_unknown_voice_lists_close_names(server: VoiceServer, voices: Path):
    catalogue = load_catalogue(voices, server.url)
    with pytest.raises(VoiceNotFound) as caught:
        catalogue.entry("de_DE-thorsten-medum")
    assert str(caught.value) == (
        f"voice 'de_DE-thorsten-medum' is not in the voice catalogue ({server.url}/voices.json); "
        "did you mean de_DE-thorsten-medium, de_DE-test-medium? `tts voices list` shows all voices"
    )
    assert catalogue.close_names("thorsten") == ["de_DE-thorsten-medium", EMOTIONAL_VOICE]
    assert catalogue.close_names("xx_YY-nothing") == []
    assert catalogue.unknown_message("xx_YY-nothing") == (
        f"voice 'xx_YY-nothing' is not in the voice catalogue ({server.url}/voices.json); "
        "`tts voices list` shows all voices"
    )


def test_aliases_find_the_voice(server: VoiceServer, voices: Path):
    entry = load_catalogue(voices, server.url).get("de-thorsten-medium")
    assert entry is not None
    assert entry.key == "de_DE-thorsten-medium"


# --- ensure_voice: what synth calls ------------------------------------------------------


def test_ensure_voice_uses_an_installed_voice_without_network(server: VoiceServer, voices: Path):
    ensure_voice(TEST_VOICE, voices, server.url)
    assert ensure_voice(TEST_VOICE, voices, dead_url()).model.read_bytes() == MODEL


def test_ensure_voice_offline_is_voice_not_found_so_synth_can_fall_back(voices: Path):
    url = dead_url()
    with pytest.raises(VoiceNotFound) as caught:
        ensure_voice("de_DE-thorsten-medium", voices, url)
    assert str(caught.value).startswith(
        f"voice 'de_DE-thorsten-medium' is not installed in {voices} and cannot be downloaded: "
        f"cannot reach {url.removeprefix('http://')} (Connection refused; offline?)"
    )


def test_ensure_voice_offline_with_cached_catalogue(server: VoiceServer, voices: Path):
    load_catalogue(voices, server.url)
    notes: list[str] = []
    with pytest.raises(VoiceNotFound, match=f"voice '{TEST_VOICE}' could not be downloaded"):
        ensure_voice(TEST_VOICE, voices, dead_url(), notify=notes.append)
    assert len(notes) == 1
    assert "using the cached catalogue" in notes[0]


def test_ensure_voice_unknown_name_is_an_error_not_a_fallback(server: VoiceServer, voices: Path):
    """The live catalogue does not know the name: a typo, which the espeak fallback would hide."""
    with pytest.raises(VoiceError, match="did you mean de_DE-thorsten-medium") as raised:
        ensure_voice("de_DE-thorsten-mediun", voices, server.url)
    assert not isinstance(raised.value, VoiceNotFound)


def test_ensure_voice_refuses_a_corrupt_download(server: VoiceServer, voices: Path):
    with pytest.raises(DownloadError, match="failed verification"):
        ensure_voice(BROKEN_VOICE, voices, server.url)


def test_ensure_voice_with_a_path_never_downloads(server: VoiceServer, tmp_path: Path):
    with pytest.raises(VoiceError, match="no such voice model") as caught:
        ensure_voice(str(tmp_path / f"{TEST_VOICE}.onnx"), tmp_path, server.url)
    assert not isinstance(caught.value, VoiceNotFound)  # a typed path never falls back
    assert server.requests == []


def test_ensure_voice_repairs_a_voice_whose_config_went_missing(server: VoiceServer, voices: Path):
    ensure_voice(TEST_VOICE, voices, server.url)
    (voices / f"{TEST_VOICE}.onnx.json").unlink()
    server.requests.clear()
    assert ensure_voice(TEST_VOICE, voices, server.url).config.exists()
    assert server.paths() == ["voices.json", CONFIG_PATH]  # the intact model is kept


def test_ensure_voice_keeps_a_broken_own_voice_a_voice_error(voices: Path, server: VoiceServer):
    voices.mkdir()
    (voices / "de_DE-own-medium.onnx").write_bytes(b"model")
    with pytest.raises(VoiceError, match="the voice config is missing") as caught:
        ensure_voice("de_DE-own-medium", voices, server.url)
    assert not isinstance(caught.value, VoiceNotFound)


# --- installed voices: find, list, info, remove ------------------------------------------


def test_find_voice_by_name_and_by_path(server: VoiceServer, voices: Path):
    installed = ensure_voice(TEST_VOICE, voices, server.url)
    assert find_voice(TEST_VOICE, voices) == installed
    assert find_voice(str(installed.model), Path("elsewhere")) == installed


def test_list_rows_filter_by_language_and_installed(server: VoiceServer, voices: Path):
    ensure_voice(TEST_VOICE, voices, server.url)
    catalogue = load_catalogue(voices, server.url)
    assert format_rows(voice_rows(voices, catalogue, language="de")) == "\n".join(
        [
            "NAME                             LANGUAGE  QUALITY  SIZE    INSTALLED",
            "de_DE-broken-medium              de_DE     medium   0.6 MB  no",
            "de_DE-test-medium                de_DE     medium   0.6 MB  yes",
            "de_DE-thorsten-medium            de_DE     medium   0.0 MB  no",
            "de_DE-thorsten_emotional-medium  de_DE     medium   0.0 MB  no",
        ]
    )
    assert [row.name for row in voice_rows(voices, catalogue, language="en-us")] == [
        "en_US-lessac-medium"
    ]
    assert [row.name for row in voice_rows(voices, catalogue, installed_only=True)] == [TEST_VOICE]


def test_list_shows_own_voices_the_catalogue_does_not_know(server: VoiceServer, voices: Path):
    voices.mkdir()
    (voices / "de_DE-own-low.onnx").write_bytes(b"x" * 5_000_000)
    config = {"audio": {"sample_rate": 16000, "quality": "low"}, "espeak": {"voice": "de"}}
    (voices / "de_DE-own-low.onnx.json").write_text(json.dumps(config))
    rows = voice_rows(voices, cached_catalogue(voices), installed_only=True)
    assert format_rows(rows).splitlines()[1] == "de_DE-own-low  de        low      5.0 MB  yes"


def test_info_lists_the_speakers_of_a_multi_speaker_voice(server: VoiceServer, voices: Path):
    ensure_voice(EMOTIONAL_VOICE, voices, server.url)
    info = voice_info(EMOTIONAL_VOICE, voices, cached_catalogue(voices))
    assert info == "\n".join(
        [
            f"name:         {EMOTIONAL_VOICE}",
            f"installed:    yes, {voices}/{EMOTIONAL_VOICE}.onnx (0.0 MB)",
            "language:     de_DE (German, Germany)",
            "quality:      medium",
            "sample rate:  22050 Hz",
            "speakers:     8; choose one with --speaker NAME, "
            f'or speaker = "NAME" under [voices."{EMOTIONAL_VOICE}"] in tts.toml',
            "  0  amused",
            "  1  angry",
            "  2  disgusted",
            "  3  drunk",
            "  4  neutral",
            "  5  sleepy",
            "  6  surprised",
            "  7  whisper",
            "dataset:      thorsten_emotional",
        ]
    )


def test_info_shows_license_and_model_card(server: VoiceServer, voices: Path):
    ensure_voice(TEST_VOICE, voices, server.url)
    info = voice_info(TEST_VOICE, voices, None).splitlines()
    assert "license:      CC0" in info
    assert info[info.index("model card:") + 1] == "  # Model card for test (medium)"


def test_info_of_a_voice_not_installed_comes_from_the_catalogue(server: VoiceServer, voices: Path):
    info = voice_info("en_US-lessac-medium", voices, load_catalogue(voices, server.url))
    assert info.splitlines()[:4] == [
        "name:         en_US-lessac-medium",
        "installed:    no (0.0 MB; get it with `tts voices download en_US-lessac-medium`)",
        "language:     en_US (English, United States)",
        "quality:      medium",
    ]


def test_remove_deletes_the_voice_and_unfinished_downloads(server: VoiceServer, voices: Path):
    ensure_voice(TEST_VOICE, voices, server.url)
    (voices / f"{TEST_VOICE}.onnx.part").write_bytes(b"old")
    assert len(remove_voice(TEST_VOICE, voices)) == 4
    assert names_in(voices) == ["voices.json"]
    with pytest.raises(VoiceNotFound) as caught:
        remove_voice(TEST_VOICE, voices)
    assert str(caught.value) == (
        f"voice '{TEST_VOICE}' is not installed in {voices} (installed: none)"
    )


def test_sha256_is_checked_when_the_catalogue_has_it(server: VoiceServer, voices: Path):
    model = server.catalogue[TEST_VOICE]["files"][MODEL_PATH]
    model["sha256_digest"] = "0" * 64
    entry = load_catalogue(voices, server.url).entry(TEST_VOICE)
    with pytest.raises(DownloadError, match="failed verification \\(SHA-256 "):
        download_voice(entry, voices, server.url)
    model["sha256_digest"] = hashlib.sha256(MODEL).hexdigest()
    entry = load_catalogue(voices, server.url).entry(TEST_VOICE)
    assert download_voice(entry, voices, server.url).model.read_bytes() == MODEL


def test_a_mirror_on_disk_works_with_a_file_url(server: VoiceServer, tmp_path: Path):
    """An air-gapped newsroom: the collection copied to a share, TTS_VOICES_URL=file://…"""
    mirror = tmp_path / "mirror"
    for relative, data in server.files.items():
        (mirror / relative).parent.mkdir(parents=True, exist_ok=True)
        (mirror / relative).write_bytes(data)
    (mirror / "voices.json").write_text(json.dumps(server.catalogue))
    voices = tmp_path / "voices"
    assert ensure_voice(TEST_VOICE, voices, mirror.as_uri()).model.read_bytes() == MODEL
    with pytest.raises(VoiceError, match="did you mean de_DE-thorsten-medium"):
        ensure_voice("de_DE-thorsten-mediu", voices, mirror.as_uri())
