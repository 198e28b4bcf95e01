"""Intro and outro jingles: audio files put before and after the speech, at its loudness.

Any format ffmpeg reads is decoded to mono at the voice's sample rate and levelled on its own
(so a loud jingle neither ducks the voice nor clips), then brought to the speech's loudness
and joined with the configured gap; the whole episode is levelled once when it is encoded.
Utterance spans move by the intro's length, so chapters and transcripts stay right.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from tts.audio import Assembled, decode_audio, integrated_loudness, normalise_loudness
from tts.config import AudioSettings
from tts.errors import ConfigError
from tts.synth import Samples

_REFERENCE = AudioSettings()  # jingles are levelled to the podcast standard, then matched


@dataclass(frozen=True)
class Jingles:
    """Decoded and levelled jingles, ready to frame an episode at `rate`; each is at
    `_REFERENCE.loudness_lufs` until it is matched to the speech."""

    intro: Samples | None
    outro: Samples | None
    gap_ms: int
    rate: int

    @property
    def empty(self) -> bool:
        return self.intro is None and self.outro is None


def load_jingles(intro: Path | None, outro: Path | None, gap_ms: int, rate: int) -> Jingles:
    """The jingles at the voice's `rate`; loaded before synthesis, so that a bad file fails at
    once (ConfigError naming the setting and the file)."""
    return Jingles(
        intro=_levelled(intro, "intro_jingle", rate),
        outro=_levelled(outro, "outro_jingle", rate),
        gap_ms=gap_ms,
        rate=rate,
    )


def add_jingles(
    assembled: Assembled, jingles: Jingles | None, settings: AudioSettings
) -> Assembled:
    """The episode framed by its jingles (none: unchanged), at the speech's loudness."""
    if jingles is None or jingles.empty:
        return assembled
    rate = assembled.sample_rate
    if rate != jingles.rate:
        raise ValueError(f"jingles at {jingles.rate} Hz for an episode at {rate} Hz")
    speech = integrated_loudness(assembled.samples, rate)
    match = 10 ** ((speech - _REFERENCE.loudness_lufs) / 20) if np.isfinite(speech) else 1.0
    gap = np.zeros(int(rate * jingles.gap_ms / 1000), dtype=np.float32)
    pieces = [assembled.samples]
    if jingles.intro is not None:
        pieces = [jingles.intro * match, gap, *pieces]
    if jingles.outro is not None:
        pieces = [*pieces, gap, jingles.outro * match]
    shift = 0 if jingles.intro is None else round((len(jingles.intro) + len(gap)) * 1000 / rate)
    return replace(
        assembled,
        samples=np.concatenate(pieces).astype(np.float32),
        spans_ms=[(start + shift, end + shift) for start, end in assembled.spans_ms],
    )


def _levelled(path: Path | None, setting: str, rate: int) -> Samples | None:
    if path is None:
        return None
    if not path.is_file():
        raise ConfigError(f"[episode] {setting}: {path}: no such audio file")
    try:
        samples = decode_audio(path, rate)
    except ValueError as error:
        raise ConfigError(f"[episode] {setting}: {path}: {error}") from None
    levelled, _, _ = normalise_loudness(samples, rate, _REFERENCE)
    return levelled
