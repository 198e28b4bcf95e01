"""Assembly and encoding: clips + planned pauses -> one loudness-normalised MP3, streamed.

Only this module knows about ffmpeg. The signal chain, in order:
  per clip, as synthesis yields it: high-pass (zero-phase, removes DC and rumble), trim leading
  and trailing silence, short raised-cosine fades; then the planned pause as digital silence,
  so fades meet zero and nothing clicks. The clip and its true-peak envelope go to two raw
  float32 spool files beside the target, and small summaries grow with them: K-weighted
  energy per 100 ms quarter (BS.1770 gating blocks are four of them, tts/loudness.py), and
  per 256 samples the plain energy and the highest true peak.
  after the last clip: one gain to the loudness target and a look-ahead true-peak limiter,
  found from the summaries (the limiter's loudness loss is estimated per frame, then measured
  exactly once on the stretches it touches); what MP3 coding does to the loudness is learnt
  by encoding 16 s spread over the episode, and its peak overshoot by encoding 16 s around
  the highest peaks; then ONE encoder pass fed block by block from the spool.

Memory does not grow with the episode beyond its summaries (about 3.5 MB per hour of audio):
one clip and one block at a time; the spools live on disk (page cache) as unnamed files.

The guarantee kept: the loudness and true peak in EncodedAudio are ffmpeg's EBU R128 meter
reading the very MP3 frames written to `target` (the encoder's tee muxer sends the same
packets to the file and to a second ffmpeg that meters them while encoding runs: a
measurement, not a prediction, and no pass after the encode). The encoder's shift is aimed
past in advance (the bundled LAME scales by 0.95, and at low bitrates its low-pass takes
the treble of broadband voices: the spread excerpts measure both; MP3 noise lifts peaks by
what the peak excerpts showed), so the first pass normally lands within 0.1 LU. If the file
reads more than 0.3 LU off target (and the levelling did not stop short on purpose, see
_level) or over the true-peak target, it is levelled again from the measured error and
encoded once more.
The same clips give byte-identical MP3s with the same numpy and ffmpeg: nothing depends on
timing, threads or how the clips arrived.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import os
import re
import subprocess
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from tts.config import AudioSettings
from tts.errors import OutputError
from tts.events import Event, EventSink, ignore
from tts.files import temporary_path
from tts.loudness import (
    LoudnessMeter,
    PeakMeter,
    db,
    fast_length,
    gated_loudness,
    kweighting_response,
    quarter_of,
)
from tts.loudness import integrated_loudness as integrated_loudness
from tts.synth import Clip, Samples

if TYPE_CHECKING:
    from tts.jingles import Jingles

Floats32 = npt.NDArray[np.float32]
Floats = npt.NDArray[np.float64]

_TRIM_THRESHOLD_DB = -40.0  # below the clip's loudest 10 ms frame counts as silence
_TRIM_FLOOR = 1e-3  # absolute floor, so a silent clip is trimmed to nothing
_LEAD_MS = 20  # kept before the first sound (consonant onsets)
_TAIL_MS = 60  # kept after the last sound (decays, final fricatives)
_LIMITER_MS = 5.0  # look-ahead and release of the peak limiter
_TRUE_PEAK_MARGIN_DB = 0.5  # headroom for resampling and MP3 coding after the limiter
_PEAK_SAFETY_DB = 0.5  # kept under the true-peak target beyond the measured MP3 overshoot
_CANDIDATE_DB = 0.1  # a peak frame this close under the ceiling is checked sample by sample
_LEVELLING_ROUNDS = 6  # gain + limiter rounds; they settle in 2-3
_MAX_LIMITING_DB = 10.0  # the most loudness the limiter may be asked to make up for
_LOUDNESS_TOLERANCE = 0.3  # LU off target (as measured on the MP3) before one more encode
_ENCODES = 2  # at most: the first, and one corrected
# The bundled LAME scales float input by 0.95 (-0.446 dB, measured at every frequency and
# bitrate; a test pins it): aimed past in advance, so the first encode hits the target.
_ENCODER_GAIN_DB = 20 * math.log10(0.95)
_MAX_CODING_CHANGE_DB = 3.0  # a measured coding change beyond this is not believed
_CODING_NOTICE_DB = 0.1  # a measured change this close to LAME's own 0.95 changes nothing
_FRAME = 256  # samples per peak/energy summary value (about the limiter's reach)
_LOSS_CHUNK = 1 << 18  # positions per FFT when the limiter's loudness loss is computed
_BLOCK = 1 << 16  # samples per block fed to the encoder


@dataclass(frozen=True)
class Loudness:
    """What a loudness meter reads off the finished file."""

    integrated_lufs: float
    true_peak_dbtp: float


@dataclass(frozen=True)
class EncodedAudio:
    """The finished MP3: its length, where each utterance sits in it (jingle offset
    included), its loudness as measured on the MP3, and how many encoder passes it took."""

    duration_ms: int
    spans_ms: list[tuple[int, int]]
    loudness: Loudness
    encodes: int = 1


@dataclass(frozen=True)
class Assembled:
    """Samples of a short piece in memory and where each utterance sits in it (tests, and
    the reference the streaming path is checked against)."""

    samples: Samples
    sample_rate: int
    spans_ms: list[tuple[int, int]]

    @property
    def duration_ms(self) -> int:
        return _ms(len(self.samples), self.sample_rate)


def _ms(samples: int, rate: int) -> int:
    return round(samples * 1000 / rate)


# ---------------------------------------------------------------- per clip


def prepare_clip(clip: Clip, settings: AudioSettings) -> Floats32:
    """High-passed, trimmed, faded float32 samples of one clip."""
    rate = clip.sample_rate
    fade = max(1, int(rate * settings.fade_ms / 1000))
    filtered = highpass(clip.samples, rate, settings.highpass_hz)
    return _faded(_trimmed(filtered, rate), fade)


def highpass(samples: Samples, rate: int, cutoff_hz: float) -> Floats:
    """Zero-phase second-order Butterworth high-pass (the magnitude of filtfilt: |H|^2), by
    FFT, with filtfilt's odd extension at both ends so a DC offset does not ring."""
    x = np.asarray(samples, dtype=np.float64)
    if len(x) < 2:
        return x - x.mean() if len(x) else x
    pad = min(len(x) - 1, rate // 10)
    head = 2 * x[0] - x[pad:0:-1]
    tail = 2 * x[-1] - x[-2 : -pad - 2 : -1]
    extended = np.concatenate([head, x, tail])
    size = fast_length(len(extended) + rate // 10)  # zeros between the ends: no wrap-around
    ratio = np.fft.rfftfreq(size, 1 / rate) / cutoff_hz
    response = ratio**4 / (1 + ratio**4)
    filtered = np.fft.irfft(np.fft.rfft(extended, size) * response, size)
    return filtered[pad : pad + len(x)]


def _trimmed(samples: Floats, rate: int) -> Floats:
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


def _faded(samples: Floats, fade: int) -> Floats32:
    """Raised-cosine fades at both ends: every join starts and ends at zero, so no clicks."""
    out = np.array(samples, dtype=np.float32)
    length = min(fade, len(out) // 2)
    if length:
        ramp = (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, length))).astype(np.float32)
        out[:length] *= ramp
        out[-length:] *= ramp[::-1]
    return out


def assemble(clips: Iterable[Clip], pauses_ms: Sequence[int], settings: AudioSettings) -> Assembled:
    """Clips joined in memory with the pause planned after each (short pieces and tests;
    episodes go through write_episode_audio, which never holds them whole)."""
    pieces: list[Floats32] = []
    spans: list[tuple[int, int]] = []
    position, rate = 0, 0
    for clip, pause in zip(clips, pauses_ms, strict=True):
        rate = rate or clip.sample_rate
        if clip.sample_rate != rate:
            raise ValueError(f"clip at {clip.sample_rate} Hz in an episode at {rate} Hz")
        samples = prepare_clip(clip, settings)
        spans.append((_ms(position, rate), _ms(position + len(samples), rate)))
        gap = np.zeros(int(rate * pause / 1000), dtype=np.float32)
        pieces += [samples, gap]
        position += len(samples) + len(gap)
    if not pieces:
        raise ValueError("nothing to assemble")
    return Assembled(np.concatenate(pieces), rate, spans)


# ---------------------------------------------------------------- limiter


def _running_min(values: Floats, reach: int) -> Floats:
    """Minimum over [i - reach, i + reach], edges extended (van Herk / Gil-Werman, O(n))."""
    size = 2 * reach + 1
    padded = np.concatenate([np.full(reach, values[0]), values, np.full(reach, values[-1])])
    blocks = -(-len(padded) // size)
    buffer = np.full(blocks * size, np.inf)
    buffer[: len(padded)] = padded
    shaped = buffer.reshape(blocks, size)
    prefix = np.minimum.accumulate(shaped, axis=1).ravel()
    suffix = np.minimum.accumulate(shaped[:, ::-1], axis=1)[:, ::-1].ravel()
    return np.minimum(suffix[: len(values)], prefix[size - 1 : size - 1 + len(values)])


def _running_mean(values: Floats, size: int) -> Floats:
    """Mean over [i - size//2, i - size//2 + size), edges extended."""
    before, after = size // 2, size - 1 - size // 2
    padded = np.concatenate([np.full(before, values[0]), values, np.full(after, values[-1])])
    sums = np.concatenate([[0.0], np.cumsum(padded)])
    means: Floats = (sums[size:] - sums[:-size]) / size
    return means


def limiter_gain(envelope: npt.ArrayLike, rate: int, ceiling: float) -> Floats32:
    """Gain of a look-ahead limiter for this peak envelope: already down when a peak arrives,
    back up over the same few milliseconds, 1 everywhere else; envelope * gain <= ceiling,
    in smooth ramps (at most 1/window per sample).

    Only the stretches around peaks over the ceiling are computed (speech has a few hundred
    such plosives in an hour). The gain at a sample depends only on the envelope within
    1.5 windows of it, so blocks with enough context give the same result as the whole.
    """
    env = np.asarray(envelope, dtype=np.float64)
    gain = np.ones(len(env), dtype=np.float32)
    over = np.flatnonzero(env > ceiling)
    if len(over) == 0:
        return gain
    window = _limiter_window(rate)
    breaks = np.flatnonzero(np.diff(over) > 4 * window)
    starts = np.concatenate(([over[0]], over[breaks + 1]))
    ends = np.concatenate((over[breaks], [over[-1]]))
    for first, last in zip(starts, ends, strict=True):
        lo, hi = max(0, first - 2 * window), min(len(env), last + 2 * window + 1)
        needed = np.minimum(1.0, ceiling / np.maximum(env[lo:hi], 1e-12))
        held = _running_min(needed, window)
        # every sample within half a window of i is held at most at needed[i]: the mean stays
        # under it, so the ramp needs no hard minimum (which would step)
        gain[lo:hi] = _running_mean(held, window + 1)
    return gain


def _limiter_window(rate: int) -> int:
    return max(1, int(rate * _LIMITER_MS / 1000))


def _context(rate: int) -> int:
    """Samples of context either side of a block for exact envelope + limiter values."""
    return 4 * _limiter_window(rate) + 64


# ---------------------------------------------------------------- the episode timeline


def _fold(values: npt.NDArray[Any], start: int, store: array[float], maximum: bool) -> None:
    """Fold per-sample values placed at sample `start` into per-frame maxima or sums."""
    if len(values) == 0:
        return
    first, last = start // _FRAME, (start + len(values) - 1) // _FRAME
    if len(store) <= last:
        store.extend([0.0] * (last + 1 - len(store)))
    head = (-start) % _FRAME or _FRAME
    edges = np.concatenate(([0], np.arange(min(head, len(values)), len(values), _FRAME)))
    folded = (np.maximum if maximum else np.add).reduceat(values, edges)
    view = np.frombuffer(store, dtype=np.float64 if store.typecode == "d" else np.float32)
    segment = view[first : first + len(folded)]
    if maximum:
        np.maximum(segment, folded, out=segment)
    else:
        segment += folded
    del view, segment  # the array may grow again


def _frames(store: array[float], count: int, dtype: type[np.floating[Any]]) -> npt.NDArray[Any]:
    values = np.zeros(count, dtype=dtype)
    folded = np.frombuffer(store, dtype=dtype)[:count]
    values[: len(folded)] = folded
    return values


@dataclass
class _Part:
    """A stretch of the finished episode: a jingle in memory, or the speech (spooled)."""

    start: int
    length: int
    samples: Floats32 | None = None  # None: in the spool
    envelope: Floats32 | None = None
    scale: float = 1.0


class _Timeline:
    """The finished episode before levelling: jingles, gaps (silence) and the spooled speech
    with its true-peak envelope, read back in any window, zeros outside."""

    def __init__(self, spool: IO[bytes], envelopes: IO[bytes], rate: int) -> None:
        self.files = (spool, envelopes)
        self.rate = rate
        self.parts: list[_Part] = []
        self.length = 0

    def read(self, start: int, stop: int) -> Floats32:
        return self._read(start, stop, 0)

    def read_envelope(self, start: int, stop: int) -> Floats32:
        return self._read(start, stop, 1)

    def _read(self, start: int, stop: int, which: int) -> Floats32:
        out = np.zeros(stop - start, dtype=np.float32)
        for part in self.parts:
            lo, hi = max(start, part.start), min(stop, part.start + part.length)
            if lo >= hi:
                continue
            offset = lo - part.start
            held = part.samples if which == 0 else part.envelope
            if held is None:
                raw = os.pread(self.files[which].fileno(), 4 * (hi - lo), 4 * offset)
                values = np.frombuffer(raw, dtype="<f4")
            else:
                values = held[offset : offset + hi - lo]
            out[lo - start : lo - start + len(values)] = values * np.float32(part.scale)
        return out


@dataclass(frozen=True)
class _Summary:
    """What the levelling needs of the framed episode at unit gain (jingles matched):
    K-weighted energy per 100 ms quarter, and per frame of 256 samples the plain energy,
    the true-peak maximum and the quarter the frame falls in."""

    kweighted: Floats
    energy: Floats
    peak: Floats32
    quarter: npt.NDArray[np.int64]

    def weighting(self) -> Floats:
        """Per quarter, K-weighted over plain energy: turns plain energy changes into
        K-weighted ones (the limiter's smooth gain keeps a quarter's spectrum)."""
        plain = np.bincount(self.quarter, weights=self.energy, minlength=len(self.kweighted))
        plain = plain[: len(self.kweighted)]
        ratio: Floats = np.divide(
            self.kweighted, plain, out=np.zeros_like(self.kweighted), where=plain > 0
        )
        return ratio


def write_episode_audio(
    clips: Iterable[Clip],
    pauses_ms: Sequence[int],
    target: Path,
    settings: AudioSettings,
    jingles: Jingles | None = None,
    on_event: EventSink = ignore,
) -> EncodedAudio:
    """The clips (a lazy iterator: each is processed as it arrives), each followed by its
    planned pause, framed by the jingles, levelled and encoded to `target` (a temporary name
    the caller renames). Events: "assembly" per clip, "levelling", "encoding" per block."""
    # Unnamed files (O_TMPFILE on Linux, unlinked at once elsewhere on POSIX): a killed run
    # leaves no spool behind, and nothing needs cleaning up by name.
    with (
        tempfile.TemporaryFile(dir=target.parent) as spool,
        tempfile.TemporaryFile(dir=target.parent) as envelopes,
    ):
        timeline, summary, spans = _spool_episode(
            clips, pauses_ms, (spool, envelopes), settings, jingles, on_event
        )
        spool.flush()
        envelopes.flush()
        return _level_and_encode(timeline, summary, spans, target, settings, on_event)


def _spool_episode(
    clips: Iterable[Clip],
    pauses_ms: Sequence[int],
    files: tuple[IO[bytes], IO[bytes]],
    settings: AudioSettings,
    jingles: Jingles | None,
    on_event: EventSink,
) -> tuple[_Timeline, _Summary, list[tuple[int, int]]]:
    total = len(pauses_ms)
    iterator = iter(clips)
    first = next(iterator, None)
    if first is None or total == 0:
        raise ValueError("nothing to assemble")
    rate = first.sample_rate
    if jingles is not None and jingles.rate != rate:
        raise ValueError(f"jingles at {jingles.rate} Hz for an episode at {rate} Hz")
    spool, envelopes = files
    timeline = _Timeline(spool, envelopes, rate)
    gap = int(rate * jingles.gap_ms / 1000) if jingles else 0
    intro = jingles.intro if jingles else None
    outro = jingles.outro if jingles else None
    speech_start = len(intro) + gap if intro is not None else 0
    meter = LoudnessMeter(rate, start=speech_start)
    peaks = PeakMeter()
    peak_store: array[float] = array("f")
    energy_store: array[float] = array("d")
    spans: list[tuple[int, int]] = []
    position = 0  # within the speech
    pause_iter = iter(pauses_ms)
    count = 0
    for clip in itertools.chain([first], iterator):
        pause = next(pause_iter, None)
        if pause is None:
            raise ValueError(f"more clips than the {total} planned pauses")
        if clip.sample_rate != rate:
            raise ValueError(f"clip at {clip.sample_rate} Hz in an episode at {rate} Hz")
        samples = prepare_clip(clip, settings)
        envelope = peaks.envelope(samples)
        spans.append((_ms(position, rate), _ms(position + len(samples), rate)))
        silence = np.zeros(int(rate * pause / 1000), dtype=np.float32)
        spool.write(samples.astype("<f4", copy=False).tobytes())
        spool.write(silence.tobytes())
        envelopes.write(envelope.astype("<f4", copy=False).tobytes())
        envelopes.write(silence.tobytes())
        meter.add(samples)
        meter.add(silence)
        _fold(envelope, speech_start + position, peak_store, maximum=True)
        _fold(samples.astype(np.float64) ** 2, speech_start + position, energy_store, False)
        position += len(samples) + len(silence)
        count += 1
        on_event(Event("assembly", count, total))
    if count != total:
        raise ValueError(f"{count} clips for {total} planned pauses")
    speech = meter.quarters()
    speech_lufs = gated_loudness(speech, rate)
    cursor = 0
    if intro is not None:
        timeline.parts.append(_Part(0, len(intro), intro))
        cursor = len(intro) + gap
    timeline.parts.append(_Part(cursor, position))
    cursor += position
    if outro is not None:
        cursor += gap
        timeline.parts.append(_Part(cursor, len(outro), outro))
        cursor += len(outro)
    timeline.length = cursor
    kweighted = np.zeros(quarter_of(timeline.length, rate))
    _add(kweighted, quarter_of(speech_start, rate), speech)
    for part in timeline.parts:
        if part.samples is None:
            continue
        jingle_meter = LoudnessMeter(rate, start=part.start)
        jingle_meter.add(part.samples)
        jingle_meter.add(np.zeros(rate // 2))  # the filter's tail
        energies = jingle_meter.quarters()
        own = gated_loudness(energies, rate)
        matched = math.isfinite(own) and math.isfinite(speech_lufs)
        part.scale = 10 ** ((speech_lufs - own) / 20) if matched else 1.0
        part.envelope = peaks.envelope(part.samples)
        _add(kweighted, quarter_of(part.start, rate), energies * part.scale**2)
        _fold(part.envelope * np.float32(part.scale), part.start, peak_store, maximum=True)
        plain = (part.samples.astype(np.float64) * part.scale) ** 2
        _fold(plain, part.start, energy_store, maximum=False)
    count = -(-timeline.length // _FRAME)
    starts = np.arange(count, dtype=np.int64) * _FRAME
    summary = _Summary(
        kweighted,
        _frames(energy_store, count, np.float64),
        _frames(peak_store, count, np.float32),
        np.minimum((10 * (starts + 1) + rate - 1) // rate - 1, max(0, len(kweighted) - 1)),
    )
    shift_ms = _ms(speech_start, rate) if intro is not None else 0
    return timeline, summary, [(start + shift_ms, end + shift_ms) for start, end in spans]


# ---------------------------------------------------------------- levelling


@dataclass(frozen=True)
class _Aim:
    loudness_lufs: float
    ceiling: float  # linear true-peak ceiling for the limiter


@dataclass(frozen=True)
class _Levels:
    gain: float  # one static gain for the whole episode
    candidates: npt.NDArray[np.bool_]  # per frame: may the limiter act near it
    predicted_lufs: float
    offset: float = 0.0  # exact limiter loss minus the frame estimate, in LU


def _add(into: Floats, first: int, values: Floats) -> None:
    stop = min(len(into), first + len(values))
    if stop > first:
        into[first:stop] += values[: stop - first]


def _regions(candidates: npt.NDArray[np.bool_], length: int, rate: int) -> list[tuple[int, int]]:
    """Sample ranges around runs of candidate frames, wide enough for the limiter's reach."""
    indices = np.flatnonzero(candidates)
    if len(indices) == 0:
        return []
    reach = _context(rate)
    spread = 2 * reach // _FRAME + 1  # frames closer than this share one range
    breaks = np.flatnonzero(np.diff(indices) > spread)
    firsts = np.concatenate(([indices[0]], indices[breaks + 1]))
    lasts = np.concatenate((indices[breaks], [indices[-1]]))
    return [
        (max(0, int(first) * _FRAME - reach), min(length, (int(last) + 1) * _FRAME + reach))
        for first, last in zip(firsts, lasts, strict=True)
    ]


def _limited(timeline: _Timeline, start: int, stop: int, gain: float, ceiling: float) -> Floats32:
    """Samples [start, stop) at `gain` through the limiter, its gain computed from the
    spooled envelope with enough context that it does not depend on where the window was
    cut."""
    context = _context(timeline.rate)
    envelope = timeline.read_envelope(start - context, stop + context) * np.float32(gain)
    limit = limiter_gain(envelope, timeline.rate, ceiling)[context : context + stop - start]
    limited: Floats32 = timeline.read(start, stop) * np.float32(gain) * limit
    return limited


def _estimated_loss(summary: _Summary, gain: float, ceiling: float, ratio: Floats) -> Floats:
    """K-weighted energy per quarter the limiter takes at `gain`, from the frame summary
    alone (as if each frame over the ceiling were turned down by its own peak): cheap, for
    the search; `_limiter_loss` corrects it once."""
    over = np.flatnonzero(summary.peak * np.float32(gain) > ceiling)
    needed = ceiling / (gain * summary.peak[over].astype(np.float64))
    change = summary.energy[over] * gain**2 * (needed**2 - 1)
    size = len(summary.kweighted)
    plain = np.bincount(summary.quarter[over], weights=change, minlength=size)[:size]
    loss: Floats = plain * ratio
    return loss


def _limiter_loss(
    timeline: _Timeline,
    candidates: npt.NDArray[np.bool_],
    gain: float,
    ceiling: float,
    size: int,
    kweighting: Floats,
) -> Floats:
    """K-weighted energy per quarter the limiter takes at `gain` (negative), exactly: with d
    the limiter's change, K(x + d)^2 - K(x)^2 = 2 K(x) K(d) + K(d)^2. Only around the
    stretches it touches (K is a 0.4 s FIR: nothing further away feels it), in chunks that
    each read 0.4 s before them, so the result does not depend on the chunking."""
    rate, reach = timeline.rate, len(kweighting) - 1
    loss = np.zeros(size)
    merged: list[tuple[int, int]] = []
    for start, stop in _regions(candidates, timeline.length, rate):
        if merged and start - merged[-1][1] < reach:
            merged[-1] = (merged[-1][0], stop)
        else:
            merged.append((start, stop))
    spectra: dict[int, npt.NDArray[np.complex128]] = {}
    for start, stop in merged:
        for first in range(start, stop + reach, _LOSS_CHUNK):
            last = min(stop + reach, first + _LOSS_CHUNK)
            plain = timeline.read(first - reach, last).astype(np.float64) * gain
            limited = _limited(timeline, first - reach, last, gain, ceiling).astype(np.float64)
            fft_size = 1 << (len(plain) + reach - 1).bit_length()  # few sizes: few spectra
            if fft_size not in spectra:
                spectra[fft_size] = np.fft.rfft(kweighting, fft_size)
            both = np.fft.rfft(np.stack([plain, limited - plain]), fft_size, axis=1)
            weighted = np.fft.irfft(both * spectra[fft_size], fft_size, axis=1)
            k_plain = weighted[0, reach : reach + last - first]
            k_change = weighted[1, reach : reach + last - first]
            energy = 2 * k_plain * k_change + k_change**2
            positions = np.arange(first, last)
            quarter = (10 * (positions + 1) + rate - 1) // rate - 1
            inside = quarter < size
            loss += np.bincount(quarter[inside], weights=energy[inside], minlength=size)[:size]
    return loss


def _solve(
    loudness_at: Callable[[float], float], aim: float, gain_db: float, highest: float
) -> tuple[float, float]:
    """(gain in dB, loudness) where `loudness_at(gain)` meets `aim`, by the secant method (it
    settles in two or three rounds even when the limiter bites hard), at most `highest`."""
    previous: tuple[float, float] | None = None
    loudness = loudness_at(gain_db)
    for _ in range(_LEVELLING_ROUNDS):
        error = aim - loudness
        if abs(error) < 0.02 or (gain_db >= highest and error > 0):
            break
        slope = 1.0
        if previous is not None and abs(gain_db - previous[0]) > 1e-3:
            slope = min(1.0, max(0.2, (loudness - previous[1]) / (gain_db - previous[0])))
        previous = (gain_db, loudness)
        gain_db = min(highest, gain_db + error / slope)
        loudness = loudness_at(gain_db)
    return gain_db, loudness


def _level(
    timeline: _Timeline, summary: _Summary, aim: _Aim, offset: float | None = None
) -> _Levels:
    """One static gain that brings the limited episode to the loudness aim.

    One gain keeps the voice's own dynamics (no per-sentence jumps); the limiter only turns
    down what would pass the ceiling, which takes some loudness, so the gain is raised: by
    at most 10 dB, so a voice far too peaky for the target is left quieter rather than
    crushed. The search runs on the frame summary (a rough estimate of the limiter's loss); one
    exact pass over the stretches the limiter touches then measures what it really takes, and
    the gain is corrected by the difference.
    """
    rate = timeline.rate
    threshold = aim.ceiling * 10 ** (-_CANDIDATE_DB / 20)
    base = gated_loudness(summary.kweighted, rate)
    if not math.isfinite(base):  # nothing above the gate: nothing to level
        return _Levels(1.0, summary.peak > threshold, base)
    ratio = summary.weighting()
    kweighting = kweighting_response(rate)

    def estimated(gain_db: float) -> float:
        gain = 10 ** (gain_db / 20)
        loss = _estimated_loss(summary, gain, aim.ceiling, ratio)
        return gated_loudness(np.maximum(summary.kweighted * gain**2 + loss, 0.0), rate)

    start, highest = aim.loudness_lufs - base, aim.loudness_lufs - base + _MAX_LIMITING_DB
    if offset is not None:  # known from an earlier pass at nearly this gain
        gain_db, guess = _solve(lambda g: estimated(g) + offset, aim.loudness_lufs, start, highest)
        gain = 10 ** (gain_db / 20)
        return _Levels(gain, summary.peak * np.float32(gain) > threshold, guess, offset)
    gain_db, guess = _solve(estimated, aim.loudness_lufs, start, highest)
    gain = 10 ** (gain_db / 20)
    candidates = summary.peak * np.float32(gain) > threshold
    loss = _limiter_loss(
        timeline, candidates, gain, aim.ceiling, len(summary.kweighted), kweighting
    )
    measured = gated_loudness(np.maximum(summary.kweighted * gain**2 + loss, 0.0), rate)
    found = measured - guess
    if abs(aim.loudness_lufs - measured) < 0.02:
        return _Levels(gain, candidates, measured, found)
    gain_db, guess = _solve(lambda g: estimated(g) + found, aim.loudness_lufs, gain_db, highest)
    gain = 10 ** (gain_db / 20)
    return _Levels(gain, summary.peak * np.float32(gain) > threshold, guess, found)


_EXCERPTS = 16  # stretches around the highest peaks encoded to learn the MP3 overshoot
_EXCERPT_MS = 1000


def _peak_overshoot(
    timeline: _Timeline, summary: _Summary, levels: _Levels, aim: _Aim, settings: AudioSettings
) -> float:
    """How far (dB) MP3 coding lifts the true peak of the limited episode: measured on the
    stretches around its highest peaks (where the limiter flattens the most), encoded and
    decoded in memory. Dense peaks at the ceiling come out higher than sparse ones."""
    rate = timeline.rate
    order = np.argsort(-summary.peak, kind="stable")
    half = rate * _EXCERPT_MS // 2000
    chosen: list[int] = []
    for frame in order[: 50 * _EXCERPTS].tolist():
        centre = frame * _FRAME + _FRAME // 2
        if all(abs(centre - other) > 2 * half for other in chosen):
            chosen.append(centre)
        if len(chosen) == _EXCERPTS:
            break
    fade = np.sin(np.linspace(0, np.pi / 2, rate // 100)).astype(np.float32) ** 2
    pieces = []
    for centre in sorted(chosen):
        lo, hi = max(0, centre - half), min(timeline.length, centre + half)
        piece = _limited(timeline, lo, hi, levels.gain, aim.ceiling)
        if len(piece) > 2 * len(fade):
            piece[: len(fade)] *= fade
            piece[-len(fade) :] *= fade[::-1]
        pieces.append(piece)  # back to back: silence would give the coder spare bits
    excerpt = np.concatenate(pieces)
    after = _round_trip(excerpt, rate, settings)
    if after is None:
        return 0.0  # the full encode will report what is wrong
    return true_peak_db(after) - true_peak_db(excerpt)


def _coding_gain(timeline: _Timeline, levels: _Levels, aim: _Aim, settings: AudioSettings) -> float:
    """How much louder (LU; negative: quieter) MP3 coding makes the levelled episode, measured
    on stretches spread evenly over it, encoded and decoded in memory as the file will be.

    LAME scales its float input by 0.95, and at low bitrates it drops some of the energy of
    broadband voices (up to 0.8 LU with the bench voice): aiming past what this measures lets
    the first encode hit the target, instead of a second full encode after the first one
    missed. The fixed 0.95 is the answer when nothing can be measured."""
    rate = timeline.rate
    half = rate * _EXCERPT_MS // 2000
    if timeline.length <= 2 * half * _EXCERPTS:
        centres = [timeline.length // 2]
        half = timeline.length // 2 + 1
    else:
        centres = np.linspace(half, timeline.length - half, _EXCERPTS).astype(int).tolist()
    pieces = [
        _limited(
            timeline, max(0, c - half), min(timeline.length, c + half), levels.gain, aim.ceiling
        )
        for c in centres
    ]
    excerpt = np.concatenate(pieces)
    after = _round_trip(excerpt, rate, settings)
    if after is None:
        return _ENCODER_GAIN_DB
    before_lufs = integrated_loudness(excerpt, rate)
    after_lufs = integrated_loudness(after, settings.sample_rate)
    change = after_lufs - before_lufs
    if not math.isfinite(change) or abs(change) > _MAX_CODING_CHANGE_DB:
        return _ENCODER_GAIN_DB
    return change


def _round_trip(samples: Floats32, rate: int, settings: AudioSettings) -> Floats32 | None:
    """`samples` through the episode's MP3 encoder and back, at the MP3's rate (None if ffmpeg
    failed: the full encode will say why)."""
    encode = [
        *(ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin"),
        *("-f", "f32le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0"),
        *_mp3_options(settings),
        *("-f", "mp3", "pipe:1"),
    ]
    coded = subprocess.run(encode, input=samples.astype("<f4").tobytes(), capture_output=True)
    decode = [
        *(ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin"),
        *("-f", "mp3", "-i", "pipe:0", "-f", "f32le", "pipe:1"),
    ]
    decoded = subprocess.run(decode, input=coded.stdout, capture_output=True)
    if coded.returncode or decoded.returncode or not decoded.stdout:
        return None
    return np.frombuffer(decoded.stdout, dtype="<f4")


def _blocks(timeline: _Timeline, levels: _Levels, aim: _Aim) -> Iterator[bytes]:
    """The levelled episode as little-endian float32 blocks, the limiter only where the peak
    summary says it may act."""
    context = _context(timeline.rate)
    gain = np.float32(levels.gain)
    for start in range(0, timeline.length, _BLOCK):
        stop = min(timeline.length, start + _BLOCK)
        lo = max(0, (start - context) // _FRAME)
        hi = min(len(levels.candidates), (stop + context) // _FRAME + 1)
        if levels.candidates[lo:hi].any():
            block = _limited(timeline, start, stop, levels.gain, aim.ceiling)
        else:
            block = timeline.read(start, stop) * gain
        yield block.astype("<f4", copy=False).tobytes()


def _level_and_encode(
    timeline: _Timeline,
    summary: _Summary,
    spans: list[tuple[int, int]],
    target: Path,
    settings: AudioSettings,
    on_event: EventSink,
) -> EncodedAudio:
    ceiling = 10 ** ((settings.true_peak_dbtp - _TRUE_PEAK_MARGIN_DB) / 20)
    aim = _Aim(settings.loudness_lufs - _ENCODER_GAIN_DB, ceiling)
    total = -(-timeline.length // _BLOCK)
    on_event(Event("levelling"))
    levels = _level(timeline, summary, aim)
    coding = _coding_gain(timeline, levels, aim, settings)
    if abs(coding - _ENCODER_GAIN_DB) > _CODING_NOTICE_DB:  # aim past what coding really takes
        aim = _Aim(settings.loudness_lufs - coding, ceiling)
        levels = _level(timeline, summary, aim, levels.offset)
    if levels.candidates.any():  # the limiter acts: will MP3 coding lift its peaks past?
        overshoot = _peak_overshoot(timeline, summary, levels, aim, settings)
        ceiling_db = settings.true_peak_dbtp - _PEAK_SAFETY_DB - overshoot
        if ceiling_db < db(aim.ceiling):
            aim = _Aim(aim.loudness_lufs, 10 ** (ceiling_db / 20))
            levels = _level(timeline, summary, aim, levels.offset)
    encodes = 0
    while True:
        blocks = _blocks(timeline, levels, aim)
        measured = _encode_measured(
            blocks, timeline.length, timeline.rate, target, settings, total, on_event
        )
        encodes += 1
        error = settings.loudness_lufs - measured.integrated_lufs
        surprise = measured.integrated_lufs - (levels.predicted_lufs + coding)
        peak_over = measured.true_peak_dbtp - settings.true_peak_dbtp
        # a second pass helps when the peaks are over, or when the file surprised us; not
        # when the levelling itself stopped short of the target (see _level)
        retry = peak_over > 0 or (abs(error) > _LOUDNESS_TOLERANCE and abs(surprise) > 0.1)
        if encodes == _ENCODES or not math.isfinite(error) or not retry:
            break
        on_event(
            Event(
                "levelling",
                message=f"again: the MP3 measured {measured.integrated_lufs:.1f} LUFS, "
                f"{measured.true_peak_dbtp:.1f} dBTP",
            )
        )
        peak_correction = 10 ** (-max(0.0, peak_over + _PEAK_SAFETY_DB) / 20)
        aim = _Aim(aim.loudness_lufs - surprise, aim.ceiling * peak_correction)
        levels = _level(timeline, summary, aim)
    return EncodedAudio(_ms(timeline.length, timeline.rate), spans, measured, encodes)


# ---------------------------------------------------------------- ffmpeg


def ffmpeg_exe() -> str:
    import imageio_ffmpeg

    return str(imageio_ffmpeg.get_ffmpeg_exe())


def _mp3_options(settings: AudioSettings) -> list[str]:
    """Mono CBR MP3 at the target rate, resampled with soxr: CBR keeps seeking and chapter
    starts exact in every player."""
    resample = f"aresample={settings.sample_rate}:resampler=soxr:precision=28"
    return ["-af", resample, "-ac", "1", "-c:a", "libmp3lame", "-b:a", settings.bitrate]


_MP3_MUXER = "f=mp3:id3v2_version=0"
_LAME_DELAY = 1105  # samples LAME puts before the audio (576 + 529), read from the Xing header


def _encode_measured(
    blocks: Iterator[bytes],
    samples: int,
    rate: int,
    target: Path,
    settings: AudioSettings,
    total: int,
    on_event: EventSink,
) -> Loudness:
    """Encode the blocks to `target` in one pass and meter the MP3 frames as they are written.

    ffmpeg's tee muxer writes the encoded packets to the file (seekable: the Xing header is
    filled in at the end) and to a pipe read by a second ffmpeg running ebur128 on them. A
    target whose name the tee syntax would misread is written under a plain hidden name
    first and renamed onto it."""
    tee_safe = re.fullmatch(r"[A-Za-z0-9._-]+", target.name) is not None
    plain = target if tee_safe else temporary_path(target.parent / "episode.mp3")
    encoder = [
        *(ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-nostdin"),
        *("-f", "f32le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0"),
        *_mp3_options(settings),
        *("-map", "0:a", "-f", "tee"),
        f"[{_MP3_MUXER}:write_xing=1]{plain.name}|[{_MP3_MUXER}:write_xing=0:onfail=ignore]pipe:1",
    ]
    # the pipe carries no Xing/LAME header, so its decoder cannot drop the encoder's delay and
    # padding as a player of the file does: trim them, so the meter hears exactly the file
    length = round(samples * settings.sample_rate / rate)
    trim = f"atrim=start_sample={_LAME_DELAY}:end_sample={_LAME_DELAY + length}"
    meter = [
        *(ffmpeg_exe(), "-hide_banner", "-nostats", "-nostdin", "-f", "mp3", "-i", "pipe:0"),
        *("-af", f"{trim},ebur128=peak=true:framelog=verbose", "-f", "null", "-"),
    ]
    try:
        with tempfile.TemporaryFile() as encoder_log, tempfile.TemporaryFile() as meter_log:
            encoding = subprocess.Popen(
                encoder,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=encoder_log,
                cwd=target.parent,
            )
            assert encoding.stdin is not None and encoding.stdout is not None
            metering = subprocess.Popen(
                meter, stdin=encoding.stdout, stdout=subprocess.DEVNULL, stderr=meter_log
            )
            encoding.stdout.close()  # the meter holds the pipe now
            try:
                for done, block in enumerate(blocks, 1):
                    encoding.stdin.write(block)
                    on_event(Event("encoding", done, total))
                encoding.stdin.close()
            except BrokenPipeError:
                pass  # the encoder stopped: its log says why
            except BaseException:  # interrupted (Ctrl-C, a failing block): stop both
                encoding.kill()
                metering.kill()
                raise
            finally:
                with contextlib.suppress(BrokenPipeError):
                    encoding.stdin.close()
                encoding.wait()
                metering.wait()
            if encoding.returncode != 0:
                encoder_log.seek(0)
                reason = _last_line(encoder_log.read())
                raise OutputError(f"{target}: ffmpeg could not encode the MP3: {reason}")
            meter_log.seek(0)
            measured = _parse_summary(meter_log.read())
        if plain != target:
            os.replace(plain, target)
    finally:
        if plain != target:
            plain.unlink(missing_ok=True)
    return measured if measured is not None else measure_file(target)


_SUMMARY_LOUDNESS = re.compile(rb"Integrated loudness:\s*I:\s*(-?[\d.]+|-inf) LUFS")
_SUMMARY_PEAK = re.compile(rb"True peak:\s*Peak:\s*(-?[\d.]+|-inf) dBFS")


def _parse_summary(stderr: bytes) -> Loudness | None:
    loudness = _SUMMARY_LOUDNESS.search(stderr)
    peak = _SUMMARY_PEAK.search(stderr)
    if not loudness or not peak:
        return None
    return Loudness(float(loudness.group(1)), float(peak.group(1)))


def measure_file(path: Path) -> Loudness:
    """Integrated loudness and true peak of an audio file, by ffmpeg's ebur128 filter
    (the meter listeners' tools and the podcast platforms use)."""
    command = [
        *(ffmpeg_exe(), "-hide_banner", "-nostats", "-nostdin", "-i", str(path)),
        *("-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"),
    ]
    result = subprocess.run(command, capture_output=True, check=False)
    measured = _parse_summary(result.stderr)
    if result.returncode != 0 or measured is None:
        raise OutputError(
            f"{path}: ffmpeg could not measure the loudness: {_last_line(result.stderr)}"
        )
    return measured


def _encode(samples: Samples, rate: int, target: Path, settings: AudioSettings) -> None:
    """Samples in memory to an MP3 as they are, no levelling (test fixtures)."""
    command = [
        *(ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-nostdin"),
        *("-f", "f32le", "-ar", str(rate), "-ac", "1", "-i", "pipe:0"),
        *_mp3_options(settings),
        *("-id3v2_version", "0", "-write_xing", "1", "-f", "mp3", str(target)),
    ]
    data = np.asarray(samples, dtype="<f4").tobytes()
    result = subprocess.run(command, input=data, capture_output=True, check=False)
    if result.returncode != 0:
        raise OutputError(f"{target}: ffmpeg could not encode the MP3: {_last_line(result.stderr)}")


def decode_audio(path: Path, rate: int) -> Floats32:
    """Mono float32 samples at `rate` from any audio file ffmpeg reads (jingles).

    ValueError says why a file is not usable audio; the caller names the setting.
    """
    command = [
        *(ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-nostdin", "-i", str(path)),
        *("-vn", "-ac", "1", "-ar", str(rate), "-f", "f32le", "pipe:1"),
    ]
    result = subprocess.run(command, capture_output=True, check=False)
    if result.returncode != 0 or not result.stdout:
        reason = _last_line(result.stderr) if result.stderr.strip() else "no audio in it"
        raise ValueError(f"not an audio file ffmpeg can read ({reason})")
    return np.frombuffer(result.stdout, dtype="<f4").astype(np.float32)


def true_peak_db(samples: Samples) -> float:
    """True peak in dBTP of samples in memory."""
    envelope = PeakMeter().envelope(samples)
    return db(float(envelope.max())) if len(envelope) else float("-inf")


def _last_line(stderr: bytes) -> str:
    lines = stderr.decode(errors="replace").strip().splitlines()
    return lines[-1] if lines else "unknown error"
