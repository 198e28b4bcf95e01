"""Speech engines behind one small protocol, so assembly never knows which one spoke.

An engine turns one utterance into a Clip. `identity` names everything that changes the audio
(engine, model checksum, voice settings), so the clip cache can key on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class Clip:
    """Mono audio as float32 samples in [-1, 1]."""

    samples: np.ndarray
    sample_rate: int

    @property
    def duration_ms(self) -> int:
        return round(len(self.samples) * 1000 / self.sample_rate)


class Engine(Protocol):
    name: str
    voice: str
    sample_rate: int

    @property
    def identity(self) -> str: ...

    def synthesize(self, text: str) -> Clip: ...
