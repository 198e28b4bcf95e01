"""Intro and outro jingles: audio files put before and after the speech, at its loudness.

Any format ffmpeg reads is decoded to mono at the voice's sample rate when loaded (before
synthesis, so a bad file fails at once). When the episode is written, each jingle is scaled to
the speech's integrated loudness (a loud jingle neither ducks the voice nor does a quiet one
vanish), joined with the configured gap, and the whole episode is levelled and limited once
(tts/audio.py), jingles included, so they cannot clip either. Utterance spans move by the
intro's length, so chapters and transcripts stay right.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tts.audio import Floats32, decode_audio
from tts.errors import ConfigError


@dataclass(frozen=True)
class Jingles:
    """Decoded jingles at `rate` (float32, at their level in the file)."""

    intro: Floats32 | None
    outro: Floats32 | None
    gap_ms: int
    rate: int


def load_jingles(intro: Path | None, outro: Path | None, gap_ms: int, rate: int) -> Jingles:
    """The jingles at the voice's `rate`; a missing or unreadable file is a ConfigError
    naming the setting and the file."""
    return Jingles(
        _decoded(intro, "intro_jingle", rate), _decoded(outro, "outro_jingle", rate), gap_ms, rate
    )


def _decoded(path: Path | None, setting: str, rate: int) -> Floats32 | None:
    if path is None:
        return None
    if not path.is_file():
        raise ConfigError(f"[episode] {setting}: {path}: no such audio file")
    try:
        samples = decode_audio(path, rate)
    except ValueError as error:
        raise ConfigError(f"[episode] {setting}: {path}: {error}") from None
    return np.ascontiguousarray(samples, dtype=np.float32)
