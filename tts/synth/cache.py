"""Synthesised clips on disk, keyed by engine identity and text.

Re-rendering an article after fixing one sentence then costs one sentence. Each clip is one
.npy file written under a temporary name and renamed, so concurrent workers and crashes never
leave a torn clip behind.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tts.files import write_atomic
from tts.synth import Clip

_FORMAT = "v1"


def default_cache_dir() -> Path:
    """$TTS_CACHE_DIR, else $XDG_CACHE_HOME/artikel-tts, else ~/.cache/artikel-tts."""
    if os.environ.get("TTS_CACHE_DIR"):
        return Path(os.environ["TTS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "artikel-tts"


@dataclass(frozen=True)
class ClipCache:
    directory: Path

    @staticmethod
    def key(identity: str, text: str) -> str:
        return hashlib.sha256(f"{_FORMAT}\0{identity}\0{text}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / "clips" / key[:2] / f"{key}.npy"

    def get(self, key: str, sample_rate: int) -> Clip | None:
        try:
            samples = np.load(self._path(key), allow_pickle=False)
        except (OSError, ValueError):
            return None
        return Clip(samples=samples, sample_rate=sample_rate)

    def put(self, key: str, clip: Clip) -> None:
        """Store a clip; a cache that cannot be written only costs speed, never the episode."""
        path = self._path(key)
        buffer = io.BytesIO()
        np.save(buffer, clip.samples.astype(np.float32), allow_pickle=False)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, buffer.getvalue())
        except OSError:
            return
