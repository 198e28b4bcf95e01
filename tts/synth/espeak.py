"""The espeak-ng engine: the offline fallback, from the libespeak-ng that espeakng-loader ships.

It sounds robotic but is always there, so an article never fails for want of a Piper voice.
libespeak-ng keeps global state, so one process-wide library handle is guarded by a lock.
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import numpy.typing as npt

from tts.errors import VoiceError
from tts.synth import Clip, Samples

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_RATE = 1
_SAMPLE_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class _Library:
    """libespeak-ng, initialised once per process for synchronous synthesis into memory."""

    def __init__(self) -> None:
        import espeakng_loader

        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self.lock = threading.Lock()
        self._buffer: list[npt.NDArray[np.int16]] = []
        self.lib.espeak_Initialize.restype = ctypes.c_int
        self.sample_rate = self.lib.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, 0, espeakng_loader.get_data_path().encode(), 0
        )
        if self.sample_rate <= 0:
            raise VoiceError("libespeak-ng could not start; reinstall the espeakng-loader package")
        self._callback = _SAMPLE_CALLBACK(self._collect)
        self.lib.espeak_SetSynthCallback(self._callback)
        self.lib.espeak_Synth.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]

    def _collect(self, wav: ctypes.POINTER(ctypes.c_short), count: int, events: int) -> int:  # type: ignore[valid-type]
        if wav and count > 0:
            self._buffer.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        return 0

    def speak(self, text: str, voice: str, rate: int) -> Samples:
        with self.lock:
            if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise VoiceError(f"espeak-ng has no voice {voice!r}; try 'de'")
            self.lib.espeak_SetParameter(_RATE, rate, 0)
            self._buffer = []
            data = text.encode("utf-8") + b"\0"
            self.lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
            self.lib.espeak_Synchronize()
            pieces, self._buffer = self._buffer, []
        if not pieces:
            return np.zeros(0, dtype=np.float32)
        return np.concatenate(pieces).astype(np.float32) / 32768.0


@cache
def _library() -> _Library:
    return _Library()


@dataclass
class EspeakEngine:
    """German espeak-ng. `rate` is words per minute (espeak's default 175 is rushed for news)."""

    voice: str = "de"
    rate: int = 150
    name: str = "espeak"
    sample_rate: int = field(init=False)
    concurrency: int = field(default=1, init=False)  # libespeak-ng is one process-wide state

    def __post_init__(self) -> None:
        self.sample_rate = _library().sample_rate

    @property
    def identity(self) -> str:
        return f"espeak|{self.voice}|{self.rate}"

    @property
    def phonemes(self) -> frozenset[str] | None:
        """None: espeak-ng has no Piper phoneme map to check `[[ ]]` blocks against."""
        return None

    def synthesize(self, text: str) -> Clip:
        return Clip(
            samples=_library().speak(text, self.voice, self.rate), sample_rate=self.sample_rate
        )
