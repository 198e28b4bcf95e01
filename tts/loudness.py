"""ITU-R BS.1770-4 loudness and true peak in numpy, incrementally: no scipy on the hot path.

Why not pyloudnorm: it pulls in scipy.signal (seconds of import time here) and wants the whole
signal at once. This meter takes the episode clip by clip and keeps only what the gating
needs: the K-weighted energy of every 100 ms quarter of a gating block (8 bytes per 100 ms,
about 300 KB for an hour). A 400 ms block with 75 % overlap is four consecutive quarters.

K-weighting: the two biquads of BS.1770 (RBJ cookbook form, as pyloudnorm designs them) are
applied as one FIR, their impulse response truncated after 0.4 s, where the 38 Hz high-pass
has decayed below 1e-30: the same output to float64 precision, but computable block by block
with numpy's FFT (overlap-save) instead of a sample loop.

True peak (BS.1770-4 annex 2): 4x oversampling with a Kaiser-windowed sinc interpolator, its
three fractional phases computed by FFT convolution; the envelope gives, per input sample, the
highest absolute value at that sample and the three points after it.
"""

from __future__ import annotations

import math
from array import array

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float64]
Floats32 = npt.NDArray[np.float32]

ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
_IR_SECONDS = 0.4  # K-weighting impulse response kept; the rest is below 1e-30
_FFT_SIZE = 1 << 16
_OVERSAMPLE = 4
_SINC_HALF_TAPS = 16  # input samples either side of an interpolated point
_KAISER_BETA = 8.0


def _biquads(rate: int) -> list[tuple[tuple[float, float, float], tuple[float, float, float]]]:
    """(b, a) of the BS.1770 pre-filter (high shelf +4 dB at 1.5 kHz) and RLB high-pass
    (38 Hz), normalised so a0 = 1."""
    stages = []
    for kind, gain_db, q, fc in (("shelf", 4.0, 1 / math.sqrt(2), 1500.0), ("hp", 0.0, 0.5, 38.0)):
        a_ = 10 ** (gain_db / 40)
        w0 = 2 * math.pi * fc / rate
        alpha = math.sin(w0) / (2 * q)
        cos = math.cos(w0)
        if kind == "shelf":
            root = 2 * math.sqrt(a_) * alpha
            b = (
                a_ * ((a_ + 1) + (a_ - 1) * cos + root),
                -2 * a_ * ((a_ - 1) + (a_ + 1) * cos),
                a_ * ((a_ + 1) + (a_ - 1) * cos - root),
            )
            a = (
                (a_ + 1) - (a_ - 1) * cos + root,
                2 * ((a_ - 1) - (a_ + 1) * cos),
                (a_ + 1) - (a_ - 1) * cos - root,
            )
        else:
            b = ((1 + cos) / 2, -(1 + cos), (1 + cos) / 2)
            a = (1 + alpha, -2 * cos, 1 - alpha)
        stages.append(((b[0] / a[0], b[1] / a[0], b[2] / a[0]), (1.0, a[1] / a[0], a[2] / a[0])))
    return stages


def kweighting_response(rate: int) -> Floats:
    """Impulse response of the K-weighting filter at `rate`, 0.4 s long (computed once per
    meter by a short recursion)."""
    length = int(_IR_SECONDS * rate)
    signal = [0.0] * length
    signal[0] = 1.0
    for (b0, b1, b2), (_, a1, a2) in _biquads(rate):
        out = [0.0] * length
        x1 = x2 = y1 = y2 = 0.0
        for n, x in enumerate(signal):
            y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
            out[n] = y
            x2, x1, y2, y1 = x1, x, y1, y
        signal = out
    return np.asarray(signal, dtype=np.float64)


def fast_length(n: int) -> int:
    """The smallest 2^a 3^b 5^c >= n (sizes pocketfft handles fastest)."""
    best = 1 << max(0, n - 1).bit_length()
    five = 1
    while five < best:
        three = five
        while three < best:
            size = three
            while size < n:
                size *= 2
            best = min(best, size)
            three *= 3
        five *= 5
    return best


class StreamingFIR:
    """Causal FIR filtering of a stream pushed in pieces of any length (overlap-save).

    Output lags input by up to one FFT block; `flush` returns the rest. The result does not
    depend on how the stream was cut into pieces.
    """

    def __init__(self, taps: Floats, fft_size: int = _FFT_SIZE) -> None:
        while fft_size < 4 * len(taps):
            fft_size *= 2
        self._size = fft_size
        self._history = len(taps) - 1
        self._step = fft_size - self._history
        self._spectrum = np.fft.rfft(taps, fft_size)
        self._buffer = np.zeros(self._history, dtype=np.float64)  # history, then pending input
        self._pending: list[Floats] = []
        self._pending_length = 0

    def push(self, samples: npt.ArrayLike) -> Floats:
        self._pending.append(np.asarray(samples, dtype=np.float64))
        self._pending_length += len(self._pending[-1])
        if self._pending_length < self._step:
            return np.zeros(0)
        return self._run(final=False)

    def flush(self) -> Floats:
        return self._run(final=True)

    def _run(self, final: bool) -> Floats:
        data = np.concatenate([self._buffer, *self._pending])
        self._pending, self._pending_length = [], 0
        outputs = []
        start = 0
        while len(data) - start - self._history >= self._step or (
            final and len(data) - start > self._history
        ):
            segment = data[start : start + self._size]
            valid = len(segment) - self._history
            if len(segment) < self._size:
                segment = np.pad(segment, (0, self._size - len(segment)))
            out = np.fft.irfft(np.fft.rfft(segment) * self._spectrum, self._size)
            outputs.append(out[self._history : self._history + valid])
            start += valid
        rest = data[start:]
        self._buffer = rest[: self._history]
        if len(rest) > self._history:
            self._pending, self._pending_length = [rest[self._history :]], len(rest) - self._history
        return np.concatenate(outputs) if outputs else np.zeros(0)


class LoudnessMeter:
    """BS.1770 loudness of a mono stream fed in pieces: K-weighting, then the energy of every
    100 ms quarter. Block loudness and gating come at the end (`quarters`, `gated_loudness`)."""

    def __init__(self, rate: int, start: int = 0) -> None:
        """A meter for a stream that begins at sample `start` of a longer signal (silence
        before it): its quarters then sit on that signal's 100 ms grid, from the quarter
        holding `start` (`quarter_of(start, rate)`)."""
        self.rate = rate
        self._filter = StreamingFIR(kweighting_response(rate))
        self._quarters = array("d")
        self._partial = 0.0
        self._index = quarter_of(start, rate)  # quarter index of the current quarter
        self._filled = start - self._index * rate // 10  # samples of it seen so far

    def _quarter_length(self, index: int) -> int:
        """Quarter k holds samples [k*rate//10, (k+1)*rate//10)."""
        return (index + 1) * self.rate // 10 - index * self.rate // 10

    def add(self, samples: npt.ArrayLike) -> None:
        self._account(self._filter.push(samples))

    def quarters(self) -> Floats:
        """K-weighted energy (sum of squares) of every complete 100 ms quarter so far, after
        flushing the filter: call once, when the stream has ended."""
        self._account(self._filter.flush())
        energies: Floats = np.array(self._quarters, dtype=np.float64)
        return energies

    def _account(self, weighted: Floats) -> None:
        squares = weighted * weighted
        position = 0
        while position < len(squares):
            need = self._quarter_length(self._index) - self._filled
            if self._filled == 0 and len(squares) - position >= need + self.rate:
                # many whole quarters at once
                count = (len(squares) - position) * 10 // self.rate - 1
                bounds = (
                    np.arange(self._index, self._index + count + 1) * self.rate // 10
                    - self._index * self.rate // 10
                    + position
                )
                sums = np.add.reduceat(squares[bounds[0] : bounds[-1]], bounds[:-1] - bounds[0])
                self._quarters.extend(sums.tolist())
                self._index += count
                position = int(bounds[-1])
                continue
            take = min(need, len(squares) - position)
            self._partial += float(squares[position : position + take].sum())
            self._filled += take
            position += take
            if self._filled == self._quarter_length(self._index):
                self._quarters.append(self._partial)
                self._partial, self._filled = 0.0, 0
                self._index += 1


def quarter_of(position: int, rate: int) -> int:
    """Index of the 100 ms quarter holding sample `position`."""
    return (10 * (position + 1) + rate - 1) // rate - 1


def block_energies(quarters: Floats, rate: int) -> Floats:
    """Mean square of every 400 ms gating block (four quarters, hop 100 ms)."""
    if len(quarters) < 4:
        return np.zeros(0)
    sums = quarters[:-3] + quarters[1:-2] + quarters[2:-1] + quarters[3:]
    return sums / (0.4 * rate)


def gated_loudness(quarters: Floats, rate: int) -> float:
    """Integrated loudness (LUFS) from quarter energies: absolute gate at -70 LUFS, relative
    gate 10 LU below the absolutely gated mean; -inf when nothing passes."""
    blocks = block_energies(quarters, rate)
    with np.errstate(divide="ignore"):
        loudness = -0.691 + 10 * np.log10(blocks)
    passed = blocks[loudness >= ABSOLUTE_GATE_LUFS]
    if len(passed) == 0:
        return float("-inf")
    relative = -0.691 + 10 * math.log10(float(passed.mean())) + RELATIVE_GATE_LU
    gated = blocks[(loudness > relative) & (loudness >= ABSOLUTE_GATE_LUFS)]
    if len(gated) == 0:
        return float("-inf")
    return -0.691 + 10 * math.log10(float(gated.mean()))


def integrated_loudness(samples: npt.ArrayLike, rate: int) -> float:
    """Integrated loudness in LUFS of a whole (short) signal; -inf for silence or under 0.4 s."""
    meter = LoudnessMeter(rate)
    meter.add(samples)
    return gated_loudness(meter.quarters(), rate)


def _interpolators() -> Floats:
    """The three fractional phases (1/4, 2/4, 3/4) of a Kaiser-windowed sinc 4x interpolator,
    each as taps over input samples n-15 .. n+16 for the point between n and n+1."""
    offsets = np.arange(-_SINC_HALF_TAPS + 1, _SINC_HALF_TAPS + 1)  # input index - n
    phases = []
    for phase in range(1, _OVERSAMPLE):
        t = phase / _OVERSAMPLE - offsets  # distance of the point from each input sample
        window = np.i0(_KAISER_BETA * np.sqrt(1 - (t / (_SINC_HALF_TAPS + 1)) ** 2))
        taps = np.sinc(t) * window / np.i0(_KAISER_BETA)
        phases.append(taps / taps.sum())  # unity gain at DC
    return np.array(phases)


class PeakMeter:
    """True-peak envelope (4x oversampling) of signals of any length, in FFT blocks."""

    def __init__(self, fft_size: int = 1 << 15) -> None:
        self._size = fft_size
        self._block = fft_size - 2 * _SINC_HALF_TAPS
        taps = _interpolators()
        # convolution kernels: out[n] = sum_k taps[k] * x[n + offsets[k]] = (x * reversed)[...]
        self._spectra = np.fft.rfft(taps[:, ::-1], self._size, axis=1)

    def envelope(self, samples: npt.ArrayLike) -> Floats32:
        """Per sample, the highest absolute value of the oversampled signal at it and up to
        the next sample (zeros assumed outside `samples`), as float32."""
        x = np.asarray(samples, dtype=np.float64)
        result = np.abs(x).astype(np.float32)
        half = _SINC_HALF_TAPS
        for start in range(0, len(x), self._block):
            stop = min(len(x), start + self._block)
            lo, hi = max(0, start - half + 1), min(len(x), stop + half)
            segment = np.zeros(self._size)
            segment[lo - (start - half + 1) : hi - (start - half + 1)] = x[lo:hi]
            spectrum = np.fft.rfft(segment)
            peak = result[start:stop]
            for kernel in self._spectra:
                out = np.fft.irfft(spectrum * kernel, self._size)
                first = 2 * half - 1  # full-convolution index of the point after `start`
                values = np.abs(out[first : first + (stop - start)]).astype(np.float32)
                np.maximum(peak, values, out=peak)
        return result


def true_peak(samples: npt.ArrayLike) -> float:
    """Highest absolute value of the 4x oversampled signal (linear, not dB)."""
    envelope = PeakMeter().envelope(samples)
    return float(envelope.max()) if len(envelope) else 0.0


def db(value: float) -> float:
    return 20 * math.log10(max(value, 1e-12))
