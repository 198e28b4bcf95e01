"""Every setting is checked when it is loaded, before any work: one bad value per key, in
tts.toml and as a flag, is one line naming the file, table, key, value and what is allowed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tts.cli import app
from tts.config import RULES, AudioSettings, Settings, load_settings
from tts.errors import ConfigError

ARTICLE = Path(__file__).parent / "data" / "pasted_article.txt"

# (table, key, bad value as TOML, what the message must say is allowed)
BAD_VALUES = [
    ("voice", "name", "3", "a string"),
    ("voice", "engine", '"sapi"', "one of piper, espeak"),
    ("voice", "fallback", '"no"', "true or false"),
    ("voice", "dir", "false", "path"),
    ("voice", "url", "1", "a string"),
    ("voice", "retry_delays", "[1, -3]", "a list of seconds"),
    ("voice", "lanes", "0", "a number from 1 to 16"),
    ("voices.de_DE-x-medium", "speaker", "true", "speaker name or number"),
    ("voices.de_DE-x-medium", "length_scale", "0", "from 0.25 to 4"),
    ("voices.de_DE-x-medium", "noise_scale", "-1", "from 0 to 2"),
    ("voices.de_DE-x-medium", "noise_w_scale", '"viel"', "from 0 to 2"),
    ("voices.de_DE-x-medium", "sentence_silence", "60", "from 0 to 10 s"),
    ("episode", "output_dir", "7", "path"),
    ("episode", "cache_dir", "[]", "path"),
    ("episode", "cache_size", '"zwei Gigabyte"', "a size such as 2GB"),
    ("episode", "lexicon", "1.5", "path"),
    ("episode", "author", "42", "a string"),
    ("episode", "site", "true", "a string"),
    ("episode", "cover", "0", "path"),
    ("episode", "intro", "1", "a string"),
    ("episode", "outro", "[]", "a string"),
    ("episode", "intro_jingle", "2", "path"),
    ("episode", "outro_jingle", "2", "path"),
    ("episode", "jingle_gap_ms", "-5", "from 0 to 10000 ms"),
    ("episode", "fetch_timeout", "0", "from 0.1 to 600 s"),
    ("episode", "max_chars", "12.5", "from 100 to 20000000 characters"),
    ("pauses", "sentence", "-400", "from 0 to 10000 ms"),
    ("pauses", "question", "100000", "from 0 to 10000 ms"),
    ("pauses", "exclamation", '"lang"', "from 0 to 10000 ms"),
    ("pauses", "colon", "1.5", "from 0 to 10000 ms"),
    ("pauses", "clause", "true", "from 0 to 10000 ms"),
    ("pauses", "paragraph", "-1", "from 0 to 10000 ms"),
    ("pauses", "section", "20000", "from 0 to 10000 ms"),
    ("pauses", "kicker", "-1", "from 0 to 10000 ms"),
    ("pauses", "title", "nan", "from 0 to 10000 ms"),
    ("pauses", "heading", "-1", "from 0 to 10000 ms"),
    ("pauses", "max_sentence_chars", "5", "from 40 to 5000 characters"),
    ("audio", "loudness_lufs", "0", "from -30 to -10 LUFS"),
    ("audio", "true_peak_dbtp", "5", "from -9 to 0 dBTP"),
    ("audio", "sample_rate", "0", "one of 16000, 22050"),
    ("audio", "bitrate", "64", "one of 32k"),
    ("audio", "fade_ms", "100000", "from 0 to 100 ms"),
    ("audio", "highpass_hz", "-60", "from 0 to 300 Hz"),
]


def test_every_declared_setting_has_a_bad_value_here() -> None:
    covered = {(table.split(".")[0], key) for table, key, _, _ in BAD_VALUES}
    declared = {(table, key) for table, rules in RULES.items() for key in rules}
    assert covered == declared


@pytest.mark.parametrize(("table", "key", "value", "allowed"), BAD_VALUES)
def test_a_bad_value_in_tts_toml_is_one_line_before_any_work(
    tmp_path: Path, table: str, key: str, value: str, allowed: str
) -> None:
    config = tmp_path / "tts.toml"
    config.write_text(f"[{table}]\n{key} = {value}\n", "utf-8")
    out = tmp_path / "out"
    started = time.monotonic()
    result = CliRunner().invoke(
        app, ["synth", str(ARTICLE), "--config", str(config), "-o", str(out), "--engine", "espeak"]
    )
    assert result.exit_code == 1, result.output
    assert time.monotonic() - started < 5
    (line,) = result.output.splitlines()
    assert line.startswith(f"Error: {config} [{table}] {key} = "), line
    assert allowed in line, line
    assert "Traceback" not in result.output
    assert not out.exists()


BAD_FLAGS = [
    (["--engine", "sapi"], "--engine", "one of piper, espeak"),
    (["--length-scale", "0"], "--length-scale = 0", "from 0.25 to 4"),
    (["--noise-scale", "9"], "--noise-scale = 9", "from 0 to 2"),
    (["--noise-w-scale", "-1"], "--noise-w-scale = -1", "from 0 to 2"),
    (["--sentence-silence", "99"], "--sentence-silence = 99", "from 0 to 10 s"),
    (["--max-chars", "5"], "--max-chars = 5", "from 100 to 20000000"),
]


@pytest.mark.parametrize(("flags", "named", "allowed"), BAD_FLAGS)
def test_a_bad_flag_is_one_line_before_any_work(
    tmp_path: Path, flags: list[str], named: str, allowed: str
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["synth", str(ARTICLE), "-o", str(out), *flags])
    assert result.exit_code == 1, result.output
    (line,) = result.output.splitlines()
    assert line.startswith("Error: " + named), line
    assert allowed in line, line
    assert not out.exists()


def test_good_values_are_taken(tmp_path: Path) -> None:
    config = tmp_path / "tts.toml"
    config.write_text(
        "[voice]\nfallback = false\nretry_delays = [0, 0.5]\nlanes = 1\n"
        '[episode]\ncache_size = "500MB"\nmax_chars = 1000\n'
        '[audio]\nloudness_lufs = -19\nbitrate = "96k"\nsample_rate = 48000\n'
        "[voices.x]\nspeaker = 2\nlength_scale = 1.1\n",
        "utf-8",
    )
    settings = load_settings(config, environ={})
    assert settings.fallback is False and settings.retry_delays == (0.0, 0.5)
    assert settings.lanes == 1
    assert settings.cache_size == 500 * 1024**2 and settings.max_chars == 1000
    assert settings.audio == AudioSettings(loudness_lufs=-19.0, bitrate="96k", sample_rate=48000)
    assert settings.settings_for("x").speaker == 2
    assert settings.settings_for("x").length_scale == 1.1


def test_the_environment_is_read_once_when_settings_load(tmp_path: Path) -> None:
    environ = {
        "TTS_VOICES_DIR": str(tmp_path / "v"),
        "TTS_VOICES_URL": "http://127.0.0.1:1/mirror/",
        "TTS_CACHE_DIR": str(tmp_path / "c"),
    }
    settings = load_settings(None, environ=environ)
    assert settings.voices_dir == tmp_path / "v"
    assert settings.voices_url == "http://127.0.0.1:1/mirror"
    assert settings.cache_dir == tmp_path / "c"
    xdg = load_settings(None, environ={"XDG_CACHE_HOME": str(tmp_path / "x")})
    assert xdg.cache_dir == tmp_path / "x" / "artikel-tts"


def test_voice_flags_tune_the_chosen_voice_only() -> None:
    settings = Settings(voice="voices/de_DE-a-medium.onnx").with_voice_flags(
        length_scale=1.2, speaker=None
    )
    assert settings.settings_for("de_DE-a-medium").length_scale == 1.2
    assert settings.settings_for("de_DE-b-medium").length_scale is None
    with pytest.raises(ConfigError, match="--noise-scale = 5"):
        settings.with_voice_flags(noise_scale=5)
