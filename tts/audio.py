"""Assembly and encoding: clips + planned pauses -> one loudness-normalised MP3.

Only this module knows about ffmpeg. The signal chain, in order:
  assemble, per clip: high-pass (removes DC and rumble), trim leading/trailing silence, short
  fades; join with the planned pauses (digital silence, so fades meet zero and nothing clicks);
  encode_mp3, for the whole episode: gain to the target loudness (BS.1770 via pyloudnorm) and a
  look-ahead true-peak limiter, aimed so that the MP3 meets both targets; encode with the
  ffmpeg from imageio-ffmpeg; measure the file.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyloudnorm
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import butter, resample_poly, sosfiltfilt

from tts.config import AudioSettings
from tts.errors import OutputError
from tts.events import Event, EventSink, ignore
from tts.synth import Clip, Samples

if TYPE_CHECKING:
    from tts.jingles import Jingles

_TRIM_THRESHOLD_DB = -40.0  # below the clip's loudest 10 ms frame counts as silence
_TRIM_FLOOR = 1e-3  # absolute floor, so a silent clip is trimmed to nothing
_LEAD_MS = 20  # kept before the first sound (consonant onsets)
_TAIL_MS = 60  # kept after the last sound (decays, final fricatives)
_LIMITER_MS = 5.0  # look-ahead and release of the peak limiter
_TRUE_PEAK_MARGIN_DB = 0.5  # headroom for resampling and MP3 coding after the limiter
_OVERSAMPLE = 4  # ITU-R BS.1770-4 true-peak estimation
_LEVELLING_ROUNDS = 6  # gain + limiter rounds; they settle in 2-3
_LOUDNESS_TOLERANCE = 0.2  # LU off target before the file is re-encoded with the correction


@dataclass(frozen=True)
class Loudness:
    """What a loudness meter reads off the finished file."""

    integrated_lufs: float
    true_peak_dbtp: float


@dataclass(frozen=True)
class EncodedAudio:
    """The finished MP3: its length, where each utterance sits in it (jingle offset
    included), and its measured loudness."""

    duration_ms: int
    spans_ms: list[tuple[int, int]]
    loudness: Loudness


def write_episode_audio(
    clips: Iterable[Clip],
    pauses_ms: Sequence[int],
    target: Path,
    settings: AudioSettings,
    jingles: Jingles | None = None,
    on_event: EventSink = ignore,
) -> EncodedAudio:
    """The clips (a lazy iterator is fine), each followed by its planned pause, framed by the
    jingles, levelled and encoded to `target` (a temporary name the caller renames)."""
    from tts.jingles import add_jingles

    total = len(pauses_ms)
    gathered: list[Clip] = []
    for clip in clips:
        gathered.append(clip)
        on_event(Event("assembly", len(gathered), total))
    assembled = add_jingles(assemble(gathered, list(pauses_ms), settings), jingles, settings)
    on_event(Event("levelling"))
    on_event(Event("encoding"))
    measured = encode_mp3(assembled, target, settings)
    return EncodedAudio(assembled.duration_ms, assembled.spans_ms, measured)


@dataclass(frozen=True)
class Assembled:
    """The episode's samples and where each utterance sits in them."""

    samples: Samples
    sample_rate: int
    spans_ms: list[tuple[int, int]]

    @property
    def duration_ms(self) -> int:
        return round(len(self.samples) * 1000 / self.sample_rate)


def assemble(clips: list[Clip], pauses_ms: list[int], settings: AudioSettings) -> Assembled:
    """Join clips with the pause planned after each; the spans say where each clip landed."""
    if not clips:
        raise ValueError("nothing to assemble")
    rate = clips[0].sample_rate
    highpass = butter(2, settings.highpass_hz, btype="highpass", fs=rate, output="sos")
    fade = max(1, int(rate * settings.fade_ms / 1000))
    pieces: list[Samples] = []
    spans: list[tuple[int, int]] = []
    position = 0
    for clip, pause in zip(clips, pauses_ms, strict=True):
        if clip.sample_rate != rate:
            raise ValueError(f"clip at {clip.sample_rate} Hz in an episode at {rate} Hz")
        samples = _faded(_trimmed(_filtered(clip.samples, highpass), rate), fade)
        pieces.append(samples)
        spans.append((_ms(position, rate), _ms(position + len(samples), rate)))
        position += len(samples)
        gap = np.zeros(int(rate * pause / 1000), dtype=np.float32)
        pieces.append(gap)
        position += len(gap)
    return Assembled(np.concatenate(pieces), rate, spans)


def _ms(samples: int, rate: int) -> int:
    return round(samples * 1000 / rate)


def _filtered(samples: Samples, sos: Samples) -> Samples:
    if len(samples) <= 3 * 2 * len(sos):  # too short for zero-phase filtering: just remove DC
        return samples - samples.mean() if len(samples) else samples
    filtered: Samples = sosfiltfilt(sos, samples.astype(np.float64))
    return filtered


def _trimmed(samples: Samples, rate: int) -> Samples:
    frame = max(1, rate // 100)
    count = len(samples) // frame
    if count == 0:
        return samples[:0]
    rms = np.sqrt(np.mean(samples[: count * frame].reshape(count, frame) ** 2, axis=1))
    threshold = max(rms.max() * 10 ** (_TRIM_THRESHOLD_DB / 20), _TRIM_FLOOR)
    loud = np.flatnonzero(rms > threshold)
    if len(loud) == 0:
        return samples[:0]
    start = max(0, loud[0] * frame - rate * _LEAD_MS // 1000)
    end = min(len(samples), (loud[-1] + 1) * frame + rate * _TAIL_MS // 1000)
    return samples[start:end]


def _faded(samples: Samples, fade: int) -> Samples:
    """Raised-cosine fades at both ends: every join starts and ends at zero, so no clicks."""
    samples = np.array(samples, dtype=np.float32)
    length = min(fade, len(samples) // 2)
    if length:
        ramp = 0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, length))
        samples[:length] *= ramp
        samples[-length:] *= ramp[::-1]
    return samples


_CHUNK = 1 << 18  # oversample in blocks: a long episode at 4x would not fit in memory at once
_OVERLAP = 64  # resample_poly's filter reaches this far across a block edge


def peak_envelope(samples: Samples) -> Samples:
    """Per sample, the highest absolute value of the 4x oversampled signal around it
    (ITU-R BS.1770-4 annex 2 true-peak estimation), as float32."""
    samples = np.asarray(samples, dtype=np.float32)
    envelope = np.empty(len(samples), dtype=np.float32)
    for start in range(0, len(samples), _CHUNK):
        stop = min(len(samples), start + _CHUNK)
        lo, hi = max(0, start - _OVERLAP), min(len(samples), stop + _OVERLAP)
        upsampled = np.abs(resample_poly(samples[lo:hi], _OVERSAMPLE, 1))
        block = upsampled[(start - lo) * _OVERSAMPLE : (stop - lo) * _OVERSAMPLE]
        block = np.pad(block, (0, (stop - start) * _OVERSAMPLE - len(block)))
        envelope[start:stop] = np.maximum(
            block.reshape(-1, _OVERSAMPLE).max(axis=1), np.abs(samples[start:stop])
        )
    return envelope


def true_peak(samples: Samples) -> float:
    return float(peak_envelope(samples).max()) if len(samples) else 0.0


def _db(value: float) -> float:
    return float(20 * np.log10(max(value, 1e-12)))


def normalise_loudness(
    samples: Samples, rate: int, settings: AudioSettings
) -> tuple[Samples, float, float]:
    """One gain to the integrated loudness target and a limiter on the true peaks. Returns the
    samples (float32), their loudness and their true peak (dB).

    One static gain keeps the voice's own dynamics (no per-sentence jumps); the limiter only
    touches the few peaks that would clip. It takes a little loudness, so the gain is raised
    (by the secant method: it settles in two or three rounds even when the limiter bites
    hard). The oversampled peak envelope is computed once and scaled with the gains: they are
    smooth, so that stays exact.
    """
    samples = np.asarray(samples, dtype=np.float32)
    ceiling = 10 ** ((settings.true_peak_dbtp - _TRUE_PEAK_MARGIN_DB) / 20)
    if len(samples) < rate // 2 or np.max(np.abs(samples)) < 1e-6:
        return samples, float("-inf"), _db(true_peak(samples))
    meter = pyloudnorm.Meter(rate)
    loudness = meter.integrated_loudness(samples)
    if not np.isfinite(loudness):  # nothing above the gate: nothing to level
        return samples, float("-inf"), _db(true_peak(samples))
    envelope = peak_envelope(samples)
    gain_db, previous = settings.loudness_lufs - loudness, None
    levelled, peak = samples, float(envelope.max())
    for _ in range(_LEVELLING_ROUNDS):
        gain = np.float32(10 ** (gain_db / 20))
        limiter = limiter_gain(envelope * gain, rate, ceiling)
        levelled = samples * (gain * limiter)
        peak = float((envelope * (gain * limiter)).max())
        loudness = meter.integrated_loudness(levelled)
        error = settings.loudness_lufs - loudness
        if abs(error) < 0.05:
            break
        slope = 1.0
        if previous is not None and abs(gain_db - previous[0]) > 1e-3:
            slope = min(1.0, max(0.2, (loudness - previous[1]) / (gain_db - previous[0])))
        previous = (gain_db, loudness)
        gain_db += error / slope
    return levelled, float(loudness), _db(peak)


def integrated_loudness(samples: Samples, rate: int) -> float:
    """Integrated loudness in LUFS (ITU-R BS.1770); -inf for silence or under half a second."""
    if len(samples) < rate // 2:
        return float("-inf")
    return float(pyloudnorm.Meter(rate).integrated_loudness(np.asarray(samples, np.float32)))


def limiter_gain(envelope: Samples, rate: int, ceiling: float) -> Samples:
    """Gain of a look-ahead limiter for this peak envelope: already down when a peak arrives,
    back up over the same few milliseconds, 1 everywhere else.

    Only the stretches around peaks over the ceiling are filtered (speech has a few hundred
    such plosives in an hour), which keeps long episodes fast and small in memory.
    """
    gain = np.ones(len(envelope), dtype=np.float32)
    over = np.flatnonzero(envelope > ceiling)
    if len(over) == 0:
        return gain
    window = max(1, int(rate * _LIMITER_MS / 1000))
    breaks = np.flatnonzero(np.diff(over) > 4 * window)
    starts = np.concatenate(([over[0]], over[breaks + 1]))
    ends = np.concatenate((over[breaks], [over[-1]]))
    for first, last in zip(starts, ends, strict=True):
        lo, hi = max(0, first - 2 * window), min(len(envelope), last + 2 * window + 1)
        needed = np.minimum(1.0, ceiling / np.maximum(envelope[lo:hi], 1e-12))
        held = minimum_filter1d(needed, size=2 * window + 1, mode="nearest")
        smooth = uniform_filter1d(held, size=window + 1, mode="nearest")
        gain[lo:hi] = np.minimum(smooth, held)
    return gain


def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def encode_mp3(assembled: Assembled, target: Path, settings: AudioSettings) -> Loudness:
    """Level the episode, write the MP3 to `target` (a temporary name the caller renames) and
    measure the file.

    MP3 coding takes a little loudness (0.2-0.5 LU for speech at 64 kbps) and adds a little
    peak. That shift is measured first on a levelled excerpt around the loudest peak, and the
    whole episode is levelled to aim past it, so one encode usually hits the targets; the file
    is then measured with ffmpeg's EBU R128 meter and, if it still misses, levelled and
    encoded once more with the remaining correction.
    """
    rate = assembled.sample_rate
    loudness_shift, peak_shift = _encoder_shift(assembled.samples, rate, settings)
    aim = replace(
        settings,
        loudness_lufs=settings.loudness_lufs - loudness_shift,
        true_peak_dbtp=settings.true_peak_dbtp - max(0.0, peak_shift),
    )
    measured = Loudness(float("nan"), float("nan"))
    for _ in range(2):
        samples, _, _ = normalise_loudness(assembled.samples, rate, aim)
        _encode(samples, rate, target, settings)
        measured = measure_file(target)
        error = settings.loudness_lufs - measured.integrated_lufs
        peak_over = measured.true_peak_dbtp - settings.true_peak_dbtp
        if not np.isfinite(error) or (abs(error) <= _LOUDNESS_TOLERANCE and peak_over <= 0):
            break
        aim = replace(
            aim,
            loudness_lufs=aim.loudness_lufs + error,
            true_peak_dbtp=aim.true_peak_dbtp - max(0.0, peak_over + 0.1),
        )
    return measured


_EXCERPT_S = 30


def _encoder_shift(samples: Samples, rate: int, settings: AudioSettings) -> tuple[float, float]:
    """(loudness change, true-peak change) in dB that encoding causes, measured on an excerpt
    of up to 30 s around the loudest peak, levelled like the episode, then encoded and decoded
    in memory."""
    if len(samples) < rate:
        return 0.0, 0.0
    half = _EXCERPT_S * rate // 2
    centre = int(np.argmax(np.abs(samples)))
    lo = max(0, min(centre - half, len(samples) - 2 * half))
    excerpt, _, _ = normalise_loudness(samples[lo : lo + 2 * half], rate, settings)
    encode = [
        ffmpeg_exe(),
        *("-hide_banner", "-loglevel", "error", "-f", "f32le", "-ar", str(rate)),
        *("-ac", "1", "-i", "pipe:0", *_mp3_options(settings), "-f", "mp3", "pipe:1"),
    ]
    coded = subprocess.run(encode, input=excerpt.astype("<f4").tobytes(), capture_output=True)
    decode = [
        ffmpeg_exe(),
        *("-hide_banner", "-loglevel", "error", "-f", "mp3", "-i", "pipe:0"),
        *("-ac", "1", "-ar", str(rate), "-f", "f32le", "pipe:1"),
    ]
    decoded = subprocess.run(decode, input=coded.stdout, capture_output=True)
    if coded.returncode or decoded.returncode or not decoded.stdout:
        return 0.0, 0.0  # the full encode will report what is wrong
    after = np.frombuffer(decoded.stdout, dtype="<f4")
    meter = pyloudnorm.Meter(rate)
    before_lufs, after_lufs = meter.integrated_loudness(excerpt), meter.integrated_loudness(after)
    if not (np.isfinite(before_lufs) and np.isfinite(after_lufs)):
        return 0.0, 0.0
    return after_lufs - before_lufs, _db(true_peak(after)) - _db(true_peak(excerpt))


def _mp3_options(settings: AudioSettings) -> list[str]:
    """Mono CBR MP3 at the target rate, resampled with soxr: CBR keeps seeking and chapter
    starts exact in every player."""
    resample = f"aresample={settings.sample_rate}:resampler=soxr:precision=28"
    return ["-af", resample, "-ac", "1", "-c:a", "libmp3lame", "-b:a", settings.bitrate]


def _encode(samples: Samples, rate: int, target: Path, settings: AudioSettings) -> None:
    command = [
        *(ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y"),
        *("-f", "f32le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0"),
        *_mp3_options(settings),
        *("-id3v2_version", "0", "-write_xing", "1", "-f", "mp3", str(target)),
    ]
    result = subprocess.run(
        command, input=samples.astype("<f4").tobytes(), capture_output=True, check=False
    )
    if result.returncode != 0:
        raise OutputError(f"{target}: ffmpeg could not encode the MP3: {_last_line(result.stderr)}")


_SUMMARY_LOUDNESS = re.compile(rb"Integrated loudness:\s*I:\s*(-?[\d.]+|-inf) LUFS")
_SUMMARY_PEAK = re.compile(rb"True peak:\s*Peak:\s*(-?[\d.]+|-inf) dBFS")


def measure_file(path: Path) -> Loudness:
    """Integrated loudness and true peak of an audio file, by ffmpeg's ebur128 filter
    (the meter listeners' tools and the podcast platforms use)."""
    command = [
        ffmpeg_exe(),
        "-hide_banner",
        "-nostats",
        "-i",
        str(path),
        "-af",
        "ebur128=peak=true",
        "-f",
        "null",
        "-",
    ]
    result = subprocess.run(command, capture_output=True, check=False)
    loudness = _SUMMARY_LOUDNESS.search(result.stderr)
    peak = _SUMMARY_PEAK.search(result.stderr)
    if result.returncode != 0 or not loudness or not peak:
        raise OutputError(
            f"{path}: ffmpeg could not measure the loudness: {_last_line(result.stderr)}"
        )
    return Loudness(float(loudness.group(1)), float(peak.group(1)))


def decode_audio(path: Path, rate: int) -> Samples:
    """Mono float samples at `rate` from any audio file ffmpeg reads (jingles).

    ValueError says why a file is not usable audio; the caller names the setting.
    """
    command = [
        ffmpeg_exe(),
        *("-hide_banner", "-loglevel", "error", "-nostdin", "-i", str(path)),
        *("-vn", "-ac", "1", "-ar", str(rate), "-f", "f32le", "pipe:1"),
    ]
    result = subprocess.run(command, capture_output=True, check=False)
    if result.returncode != 0 or not result.stdout:
        reason = _last_line(result.stderr) if result.stderr.strip() else "no audio in it"
        raise ValueError(f"not an audio file ffmpeg can read ({reason})")
    return np.frombuffer(result.stdout, dtype="<f4").astype(np.float64)


def _last_line(stderr: bytes) -> str:
    lines = stderr.decode(errors="replace").strip().splitlines()
    return lines[-1] if lines else "unknown error"
