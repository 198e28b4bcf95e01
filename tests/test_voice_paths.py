"""A voice the user gave by path is theirs: missing or broken, it stops the run, naming the path.

The espeak-ng fallback is only for a catalogue voice that cannot be downloaded; a typo in a
path must not be read by another voice with exit 0. The "download the voice again" hint is
only for catalogue voices. Real files, the real test voice, the real engine.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tts.cli import app
from tts.config import VoiceSettings, load_settings
from tts.errors import VoiceError, VoiceNotFound
from tts.synth.piper import PiperEngine
from tts.synth.select import open_engine
from tts.voices import ensure_voice, find_voice
from tts.voices.listing import voice_info

ARTICLE = Path(__file__).parent / "data" / "pasted_article.txt"


def broken_copy(test_voice: Path, directory: Path, name: str) -> Path:
    """A voice whose config is fine and whose model is not an ONNX model at all."""
    directory.mkdir(parents=True, exist_ok=True)
    model = directory / f"{name}.onnx"
    model.write_bytes(b"this is not an onnx model")
    shutil.copy(
        test_voice.with_name(test_voice.name + ".json"), model.with_name(model.name + ".json")
    )
    return model


@pytest.mark.parametrize("given", ["does/not/exist.onnx", "exist.onnx", "does/not/exist"])
def test_a_missing_path_is_a_voice_error_naming_it(given: str, tmp_path: Path) -> None:
    with pytest.raises(VoiceError, match="no such voice model") as caught:
        ensure_voice(given, tmp_path / "voices")
    assert not isinstance(caught.value, VoiceNotFound)  # so nothing falls back
    assert str(caught.value).startswith(f"{given}: ")  # as typed


def test_a_missing_path_never_falls_back_to_espeak(tmp_path: Path) -> None:
    settings = dataclasses.replace(load_settings(), voice="does/not/exist.onnx", fallback=True)
    warnings: list[str] = []
    with pytest.raises(VoiceError, match=r"does/not/exist\.onnx: no such voice model"):
        open_engine(settings, warnings.append)
    assert warnings == []


def test_synth_with_a_missing_voice_path_stops(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["synth", str(ARTICLE), "-o", str(out), "--voice", "does/not/exist.onnx"]
    )
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: does/not/exist.onnx: no such voice model")
    assert "espeak" not in result.output and "Traceback" not in result.output
    assert not out.exists() or list(out.iterdir()) == []


def test_a_catalogue_name_still_falls_back_when_it_cannot_be_downloaded() -> None:
    """The conftest points the catalogue at a closed port: the voice cannot be had."""
    settings = dataclasses.replace(load_settings(), voice="de_DE-gibtsnicht-medium", fallback=True)
    warnings: list[str] = []
    assert open_engine(settings, warnings.append).name == "espeak"
    assert len(warnings) == 1 and "Falling back to the espeak-ng voice" in warnings[0]


def test_a_broken_own_model_gets_no_download_hint(tmp_path: Path, test_voice: Path) -> None:
    model = broken_copy(test_voice, tmp_path / "eigene", "kaputt")
    files = find_voice(str(model), tmp_path / "voices")
    assert not files.downloadable
    with pytest.raises(VoiceError) as caught:
        PiperEngine(files, VoiceSettings())
    message = str(caught.value)
    assert message.startswith(f"{model}: not a usable Piper model")
    assert "tts voices download" not in message
    assert message.endswith("check the file, or choose another voice")


def test_a_broken_catalogue_voice_gets_the_download_hint(tmp_path: Path, test_voice: Path) -> None:
    voices = tmp_path / "voices"
    broken_copy(test_voice, voices, "de_DE-kaputt-medium")
    files = find_voice("de_DE-kaputt-medium", voices)
    assert files.downloadable
    with pytest.raises(VoiceError) as caught:
        PiperEngine(files, VoiceSettings())
    assert str(caught.value).endswith(
        "download the voice again with `tts voices download de_DE-kaputt-medium`"
    )


def test_voices_info_calls_a_corrupt_model_corrupt(tmp_path: Path, test_voice: Path) -> None:
    voices = tmp_path / "voices"
    model = broken_copy(test_voice, voices, "de_DE-kaputt-medium")
    info = voice_info("de_DE-kaputt-medium", voices, None)
    assert "installed:    yes" not in info
    assert f"installed:    corrupt: {model}: not a usable Piper model" in info


def test_voices_info_calls_a_bad_config_corrupt(tmp_path: Path, test_voice: Path) -> None:
    voices = tmp_path / "voices"
    voices.mkdir()
    shutil.copy(test_voice, voices / test_voice.name)
    (voices / (test_voice.name + ".json")).write_text("{ kein json", "utf-8")
    info = voice_info(test_voice.stem, voices, None)
    assert "installed:    corrupt: " in info and "not valid JSON" in info


def test_voices_info_on_a_sound_voice_says_installed(tmp_path: Path, test_voice: Path) -> None:
    info = voice_info(test_voice.stem, test_voice.parent, None)
    assert f"installed:    yes, {test_voice} (" in info
    assert "sample rate:  22050 Hz" in info


def test_voices_info_cli_on_a_corrupt_own_file(tmp_path: Path, test_voice: Path) -> None:
    model = broken_copy(test_voice, tmp_path / "eigene", "kaputt")
    result = CliRunner().invoke(app, ["voices", "info", str(model)])
    assert "installed:    corrupt: " in result.output, result.output
    assert "tts voices download" not in result.output
