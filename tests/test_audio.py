"""Assembly and encoding: trimmed clips, exact pauses, click-free joins, podcast loudness."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
from scipy.signal import resample_poly

from tts import audio
from tts.config import AudioSettings
from tts.events import Event
from tts.synth import Clip

RATE = 22050
SETTINGS = AudioSettings()


def tone(ms: int, freq: float = 220.0, level: float = 0.3, silence_ms: int = 0) -> Clip:
    """A cosine tone (starting at full amplitude: it would click without a fade), padded with
    silence on both sides."""
    t = np.arange(int(RATE * ms / 1000)) / RATE
    body = level * np.cos(2 * np.pi * freq * t)
    pad = np.zeros(int(RATE * silence_ms / 1000))
    return Clip(np.concatenate([pad, body, pad]).astype(np.float32), RATE)


def test_pauses_are_exact_between_trimmed_clips() -> None:
    clips = [tone(400, silence_ms=300), tone(600, silence_ms=200), tone(500)]
    result = audio.assemble(clips, [350, 1200, 0], SETTINGS)
    gaps = [result.spans_ms[i + 1][0] - result.spans_ms[i][1] for i in range(2)]
    assert gaps == [350, 1200]
    assert result.spans_ms[0][0] == 0
    assert result.duration_ms == result.spans_ms[-1][1]


def test_silence_is_trimmed_with_a_small_margin() -> None:
    result = audio.assemble([tone(500, silence_ms=400)], [0], SETTINGS)
    start, end = result.spans_ms[0]
    # 500 ms of tone, at most 20 ms before and 60 ms after, and a 10 ms frame either side
    assert 500 <= end - start <= 500 + 20 + 60 + 2 * 10


def test_silent_clip_trims_to_nothing_but_keeps_its_pause() -> None:
    silent = Clip(np.zeros(RATE, dtype=np.float32), RATE)
    result = audio.assemble([tone(300), silent, tone(300)], [100, 200, 0], SETTINGS)
    start, end = result.spans_ms[1]
    assert end == start
    assert result.spans_ms[2][0] - result.spans_ms[0][1] == 300


def test_joins_start_and_end_at_zero() -> None:
    result = audio.assemble([tone(300), tone(300, freq=330)], [200, 0], SETTINGS)
    peak = np.max(np.abs(result.samples))
    for start, end in result.spans_ms:
        first = int(start * RATE / 1000)
        last = int(end * RATE / 1000) - 1
        assert abs(result.samples[first]) < 0.01 * peak
        assert abs(result.samples[last]) < 0.02 * peak


@pytest.mark.parametrize("level", [0.01, 0.3, 0.9])
def test_loudness_target_and_true_peak_ceiling(level: float) -> None:
    rng = np.random.default_rng(7)
    clips = []
    for index in range(8):  # speech-like: bursts of band-limited noise with sharp peaks
        noise = rng.standard_normal(RATE) * level / 3
        noise[rng.integers(0, RATE, 5)] = level * (1 if index % 2 else -1)
        clips.append(Clip(noise.astype(np.float32), RATE))
    joined = audio.assemble(clips, [350] * 8, SETTINGS).samples
    levelled, loudness, peak_db = audio.normalise_loudness(joined, RATE, SETTINGS)
    measured = pyloudnorm.Meter(RATE).integrated_loudness(levelled.astype(np.float64))
    assert measured == pytest.approx(-16.0, abs=0.05)
    assert loudness == pytest.approx(measured, abs=1e-6)
    real_peak = audio.true_peak(levelled)
    assert real_peak <= 10 ** (-1.5 / 20) * 1.003
    assert peak_db == pytest.approx(20 * np.log10(real_peak), abs=0.05)


def test_peak_envelope_matches_unchunked_oversampling() -> None:
    rng = np.random.default_rng(3)
    samples = rng.standard_normal(audio._CHUNK * 2 + 999) * 0.1
    direct = np.abs(resample_poly(samples, 4, 1)).reshape(-1, 4).max(axis=1)
    chunked = audio.peak_envelope(samples)
    assert np.max(np.abs(chunked - np.maximum(direct, np.abs(samples)))) < 1e-6


def _bright_noise() -> list[Clip]:
    """White-noise bursts: MP3 coding takes much of their treble, hence of their loudness."""
    rng = np.random.default_rng(11)
    return [Clip((rng.standard_normal(RATE) * 0.2).astype(np.float32), RATE) for _ in range(12)]


@pytest.mark.parametrize(
    "clips",
    [[tone(900, freq=150 + 40 * i, level=0.05) for i in range(10)], _bright_noise()],
    ids=["tones", "bright-noise"],
)
def test_encoded_mp3_meets_the_podcast_targets(tmp_path: Path, clips: list[Clip]) -> None:
    assembled = audio.assemble(clips, [300] * len(clips), SETTINGS)
    target = tmp_path / "x.mp3"
    measured = audio.encode_mp3(assembled, target, SETTINGS)
    assert measured == audio.measure_file(target)
    assert measured.integrated_lufs == pytest.approx(-16.0, abs=0.25)
    assert measured.true_peak_dbtp <= -1.0


def test_write_episode_audio_streams_clips_and_reports_each_phase(tmp_path: Path) -> None:
    clips = [tone(700, freq=150 + 40 * i, level=0.05, silence_ms=100) for i in range(6)]
    pauses = [300, 500, 300, 800, 300, 0]
    events: list[Event] = []
    target = tmp_path / "x.mp3"
    encoded = audio.write_episode_audio(
        iter(clips), pauses, target, SETTINGS, on_event=events.append
    )
    assembly = [(e.done, e.total) for e in events if e.stage == "assembly"]
    assert assembly == [(n, 6) for n in range(1, 7)]
    stages = [e.stage for e in events if e.stage != "assembly"]
    assert stages == ["levelling", "encoding"]
    expected = audio.assemble(clips, pauses, SETTINGS)
    assert encoded.spans_ms == expected.spans_ms
    assert encoded.duration_ms == expected.duration_ms
    assert encoded.loudness == audio.measure_file(target)
    assert encoded.loudness.integrated_lufs == pytest.approx(-16.0, abs=0.5)
    assert encoded.loudness.true_peak_dbtp <= -1.0
