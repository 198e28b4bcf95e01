"""Speech engines behind one small protocol, so assembly never knows which one spoke.

An engine turns one utterance into a Clip. `identity` names everything that changes the audio
(engine, model checksum, voice settings), so the clip cache can key on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

if TYPE_CHECKING:  # numpy is not imported for a run that finds its episode unchanged
    import numpy as np
    import numpy.typing as npt

Samples: TypeAlias = "npt.NDArray[np.floating[Any]]"
"""Mono audio samples in [-1, 1], float32 or float64."""


@dataclass(frozen=True)
class Clip:
    """Mono audio as float32 samples in [-1, 1]."""

    samples: Samples
    sample_rate: int

    @property
    def duration_ms(self) -> int:
        return round(len(self.samples) * 1000 / self.sample_rate)


class Engine(Protocol):
    name: str
    voice: str
    sample_rate: int
    concurrency: int  # how many `synthesize` calls may run at once, from threads of one process

    @property
    def identity(self) -> str: ...

    @property
    def phonemes(self) -> frozenset[str] | None:
        """The phoneme symbols the voice knows (for `[[ ]]` in the lexicon); None: unchecked."""
        ...

    def synthesize(self, text: str) -> Clip: ...
