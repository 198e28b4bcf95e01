"""Intro and outro jingles: decoded by ffmpeg from any format, at the voice's rate, levelled to
the episode's loudness, with the configured gap; utterances and chapters move with them."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from tts import audio
from tts.cli import app

DATA = Path(__file__).parent / "data"
ARTICLE = DATA / "pasted_article.txt"
SLUG = "bahn-nimmt-fernverkehr-im-norden-wieder-auf"


def jingle(path: Path, seconds: float, level: float, rate: int = 48000) -> Path:
    """A stereo sine chord at another sample rate than the voice's, as a WAV file."""
    t = np.arange(int(rate * seconds)) / rate
    tone = level * (np.sin(2 * np.pi * 440 * t) + np.sin(2 * np.pi * 660 * t)) / 2
    frames = (np.stack([tone, tone], axis=1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames.tobytes())
    return path


def synth(out: Path, voice: Path, config: Path | None = None) -> dict[str, object]:
    args = ["synth", str(ARTICLE), "-o", str(out), "--voice", str(voice)]
    result = CliRunner().invoke(app, [*args, *(["--config", str(config)] if config else [])])
    assert result.exit_code == 0, result.output
    return json.loads((out / f"{SLUG}.json").read_text("utf-8"))


def test_jingles_shift_the_speech_and_keep_the_loudness(tmp_path: Path, test_voice: Path) -> None:
    intro = jingle(tmp_path / "intro.wav", 1.5, 0.9)  # loud
    outro = jingle(tmp_path / "outro.wav", 1.0, 0.05)  # quiet
    config = tmp_path / "tts.toml"
    config.write_text(
        f'[episode]\nintro_jingle = "{intro}"\noutro_jingle = "{outro}"\njingle_gap_ms = 400\n',
        "utf-8",
    )
    plain = synth(tmp_path / "ohne", test_voice)
    framed = synth(tmp_path / "mit", test_voice, config)
    shift = 1500 + 400
    assert [(u["start_ms"], u["end_ms"]) for u in framed["utterances"]] == [
        (u["start_ms"] + shift, u["end_ms"] + shift) for u in plain["utterances"]
    ]
    assert framed["duration_ms"] == pytest.approx(plain["duration_ms"] + shift + 400 + 1000, abs=2)
    chapters = framed["chapters"]
    assert chapters[0]["start_ms"] == 0
    assert chapters[1]["start_ms"] == plain["chapters"][1]["start_ms"] + shift
    assert chapters[-1]["end_ms"] == framed["duration_ms"]
    mp3 = tmp_path / "mit" / f"{SLUG}.mp3"
    measured = audio.measure_file(mp3)
    assert measured.integrated_lufs == pytest.approx(-16.0, abs=0.5)
    assert measured.true_peak_dbtp <= -1.0
    decoded = audio.decode_audio(mp3, 22050)
    loud_intro = audio.integrated_loudness(decoded[2000:30000], 22050)  # within the intro jingle
    assert loud_intro == pytest.approx(-16.0, abs=1.5)  # matched to the speech, not 0.9 peak


@pytest.mark.parametrize("problem", ["missing", "not audio"])
def test_bad_jingle_is_an_error_naming_it(tmp_path: Path, test_voice: Path, problem: str) -> None:
    bad = tmp_path / "jingle.mp3"
    if problem == "not audio":
        bad.write_text("kein Ton", "utf-8")
    config = tmp_path / "tts.toml"
    config.write_text(f'[episode]\nintro_jingle = "{bad}"\n', "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "synth",
            str(ARTICLE),
            "-o",
            str(out),
            "--voice",
            str(test_voice),
            "--config",
            str(config),
        ],
    )
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: [episode] intro_jingle: {bad}: ")
    assert not list(out.glob("*.mp3"))
