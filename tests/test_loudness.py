"""BS.1770 loudness and true peak in numpy, checked against pyloudnorm and scipy on real speech
(espeak-ng and the Piper test voice), and streaming equal to all at once."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
from scipy.signal import lfilter, resample_poly

from tts import loudness
from tts.config import VoiceSettings
from tts.synth.espeak import EspeakEngine
from tts.synth.piper import PiperEngine
from tts.voices.local import VoiceFiles

SENTENCES = [
    "Die Bahn nimmt den Fernverkehr im Norden wieder auf.",
    "Nach dem Sturm waren am Montag mehrere Strecken gesperrt.",
    "Reisende sollten sich vor der Fahrt informieren, teilte ein Sprecher mit.",
    "Der Schaden an den Oberleitungen ist größer als zunächst angenommen.",
]


def speech(clips: list[np.ndarray], rate: int, pause_s: float = 0.4) -> np.ndarray:
    gap = np.zeros(int(rate * pause_s), dtype=np.float32)
    return np.concatenate([piece for clip in clips for piece in (clip, gap)])


@pytest.fixture(scope="module")
def espeak_speech() -> tuple[np.ndarray, int]:
    engine = EspeakEngine()
    return speech([engine.synthesize(s).samples for s in SENTENCES], engine.sample_rate), (
        engine.sample_rate
    )


@pytest.fixture()
def piper_speech(test_voice: Path) -> tuple[np.ndarray, int]:
    files = VoiceFiles("test", test_voice, Path(f"{test_voice}.json"), downloadable=False)
    engine = PiperEngine(files, VoiceSettings())
    return speech([engine.synthesize(s).samples for s in SENTENCES], engine.sample_rate), (
        engine.sample_rate
    )


@pytest.mark.parametrize("gain_db", [-30.0, -6.0, 0.0])
def test_integrated_loudness_matches_pyloudnorm_on_espeak_speech(
    espeak_speech: tuple[np.ndarray, int], gain_db: float
) -> None:
    samples, rate = espeak_speech
    scaled = samples * 10 ** (gain_db / 20)
    expected = pyloudnorm.Meter(rate).integrated_loudness(scaled.astype(np.float64))
    assert loudness.integrated_loudness(scaled, rate) == pytest.approx(expected, abs=0.1)


def test_integrated_loudness_matches_pyloudnorm_on_the_test_voice(
    piper_speech: tuple[np.ndarray, int],
) -> None:
    samples, rate = piper_speech
    expected = pyloudnorm.Meter(rate).integrated_loudness(samples.astype(np.float64))
    assert loudness.integrated_loudness(samples, rate) == pytest.approx(expected, abs=0.1)


@pytest.mark.parametrize("rate", [16000, 22050, 44100, 48000])
def test_loudness_matches_pyloudnorm_at_every_rate(rate: int) -> None:
    rng = np.random.default_rng(rate)
    bursts = rng.standard_normal(rate * 6) * np.repeat(rng.uniform(0, 0.3, 60), rate // 10)
    expected = pyloudnorm.Meter(rate).integrated_loudness(bursts)
    assert loudness.integrated_loudness(bursts, rate) == pytest.approx(expected, abs=0.1)


def test_kweighting_fir_equals_the_two_biquads(espeak_speech: tuple[np.ndarray, int]) -> None:
    samples, rate = espeak_speech
    expected = samples.astype(np.float64)
    for b, a in loudness._biquads(rate):
        expected = lfilter(b, a, expected)
    stream = loudness.StreamingFIR(loudness.kweighting_response(rate))
    cuts = np.sort(np.random.default_rng(1).integers(0, len(samples), 40))
    out = np.concatenate([stream.push(p) for p in np.split(samples, cuts)] + [stream.flush()])
    assert len(out) == len(samples)
    assert np.max(np.abs(out - expected)) < 1e-9


def test_streaming_meter_equals_the_whole_signal(espeak_speech: tuple[np.ndarray, int]) -> None:
    samples, rate = espeak_speech
    meter = loudness.LoudnessMeter(rate)
    for piece in np.array_split(samples, 37):
        meter.add(piece)
    streamed = meter.quarters()
    whole = loudness.LoudnessMeter(rate)
    whole.add(samples)
    assert np.allclose(streamed, whole.quarters(), rtol=1e-9, atol=1e-12)
    assert len(streamed) == len(samples) * 10 // rate


def test_a_meter_started_later_sits_on_the_same_grid(espeak_speech: tuple[np.ndarray, int]) -> None:
    samples, rate = espeak_speech
    offset = 12345
    padded = loudness.LoudnessMeter(rate)
    padded.add(np.concatenate([np.zeros(offset), samples]))
    late = loudness.LoudnessMeter(rate, start=offset)
    late.add(samples)
    first = loudness.quarter_of(offset, rate)
    assert np.allclose(late.quarters(), padded.quarters()[first:], rtol=1e-9, atol=1e-12)


def test_silence_and_short_signals_are_minus_infinity() -> None:
    assert loudness.integrated_loudness(np.zeros(44100), 44100) == float("-inf")
    assert loudness.integrated_loudness(np.full(1000, 0.5), 44100) == float("-inf")


def test_true_peak_matches_scipy_oversampling_on_speech(
    espeak_speech: tuple[np.ndarray, int],
) -> None:
    samples, _ = espeak_speech
    envelope = loudness.PeakMeter(1 << 12).envelope(samples)  # many block edges
    reference = np.abs(resample_poly(samples.astype(np.float64), 4, 1)).reshape(-1, 4).max(axis=1)
    reference = np.maximum(reference, np.abs(samples))
    assert loudness.db(float(envelope.max())) == pytest.approx(
        loudness.db(float(reference.max())), abs=0.05
    )
    assert np.max(np.abs(envelope - reference)) < 0.01 * reference.max()


def test_true_peak_finds_the_inter_sample_peak() -> None:
    rate = 48000
    t = np.arange(rate) / rate
    # a quarter-rate sine sampled 45 degrees off its crests: samples peak at 0.707, the wave at 1
    samples = np.sin(2 * np.pi * (rate / 4) * t + np.pi / 4)
    assert np.max(np.abs(samples)) == pytest.approx(np.sqrt(0.5), abs=1e-6)
    assert loudness.true_peak(samples[100:-100]) == pytest.approx(1.0, abs=0.02)
