"""The Piper engine: a local VITS voice through piper-tts' own PiperVoice."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime
from onnxruntime.capi import onnxruntime_pybind11_state as ort_state
from piper import PiperVoice
from piper.config import PiperConfig, SynthesisConfig

from tts.config import VoiceSettings
from tts.errors import VoiceError
from tts.synth import Clip, Samples
from tts.voices import VoiceFiles

_ORT_ERRORS: tuple[type[BaseException], ...] = tuple(
    getattr(ort_state, name)
    for name in (
        "Fail",
        "InvalidArgument",
        "InvalidGraph",
        "InvalidProtobuf",
        "NoSuchFile",
        "RuntimeException",
        "EngineError",
        "NotImplemented",
    )
    if hasattr(ort_state, name)
)
_PIPER_INPUTS = {"input", "input_lengths", "scales"}


def model_checksum(model: Path) -> str:
    """sha256 of the model: the cache key must change when the voice file does (about 0.1 s
    for a 60 MB medium voice). Hashed once per process: remembered by path, size and mtime."""
    status = model.stat()
    return _checksum(model.resolve(), status.st_size, status.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _checksum(model: Path, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with model.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class PiperEngine:
    """One loaded voice. `threads` caps onnxruntime's threads (1 per worker in a process pool)."""

    files: VoiceFiles
    settings: VoiceSettings
    threads: int = 0
    name: str = "piper"

    def __post_init__(self) -> None:
        self.voice = self.files.name
        config = _read_config(self.files.config)
        options = onnxruntime.SessionOptions()
        if self.threads:
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
        try:
            session = onnxruntime.InferenceSession(
                str(self.files.model), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except _ORT_ERRORS as error:
            raise VoiceError(
                f"{self.files.model}: not a usable Piper model ({_first_line(error)}); "
                f"{self.files.repair}"
            ) from None
        missing = _PIPER_INPUTS - {node.name for node in session.get_inputs()}
        if missing:
            raise VoiceError(
                f"{self.files.model}: not a Piper voice model "
                f"(missing inputs: {', '.join(sorted(missing))})"
            )
        self._piper = PiperVoice(session=session, config=config)
        self.sample_rate = config.sample_rate
        self.phonemes: frozenset[str] | None = frozenset(config.phoneme_id_map)  # for [[ ]]
        self._syn_config = SynthesisConfig(
            speaker_id=_speaker_id(self.settings.speaker, config, self.files),
            length_scale=self.settings.length_scale,
            noise_scale=self.settings.noise_scale,
            noise_w_scale=self.settings.noise_w_scale,
            normalize_audio=False,  # loudness is set once for the whole episode, not per sentence
        )
        self._identity = "|".join(
            str(part)
            for part in (
                "piper",
                model_checksum(self.files.model),
                hashlib.sha256(self.files.config.read_bytes()).hexdigest(),
                self._syn_config.speaker_id,
                self._syn_config.length_scale,
                self._syn_config.noise_scale,
                self._syn_config.noise_w_scale,
            )
        )

    @property
    def identity(self) -> str:
        return self._identity

    def synthesize(self, text: str) -> Clip:
        try:
            chunks = [
                chunk.audio_float_array for chunk in self._piper.synthesize(text, self._syn_config)
            ]
        except _ORT_ERRORS as error:
            raise VoiceError(
                f"{self.files.model}: the voice failed to synthesise: {_first_line(error)}"
            ) from None
        except KeyError as error:
            raise VoiceError(
                f"{self.files.config}: the voice config lacks phoneme {error}; "
                "is this a German voice?"
            ) from None
        silence = np.zeros(int(self.sample_rate * self.settings.sentence_silence), dtype=np.float32)
        pieces: list[Samples] = []
        for index, chunk in enumerate(chunks):
            if index:
                pieces.append(silence)
            pieces.append(chunk.astype(np.float32))
        samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
        return Clip(samples=samples, sample_rate=self.sample_rate)


def _read_config(path: Path) -> PiperConfig:
    try:
        data: Any = json.loads(path.read_text("utf-8"))
        return PiperConfig.from_dict(data)
    except (OSError, UnicodeDecodeError) as error:
        raise VoiceError(f"{path}: cannot read the voice config: {error}") from None
    except json.JSONDecodeError as error:
        raise VoiceError(
            f"{path}: the voice config is not valid JSON ({error.msg}, line {error.lineno})"
        ) from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise VoiceError(
            f"{path}: not a Piper voice config (bad or missing field {error})"
        ) from None


def _speaker_id(speaker: str | int | None, config: PiperConfig, files: VoiceFiles) -> int | None:
    if speaker is None or config.num_speakers <= 1:
        return None
    if isinstance(speaker, int) or str(speaker).isdigit():
        number = int(speaker)
        if 0 <= number < config.num_speakers:
            return number
    elif speaker in config.speaker_id_map:
        return config.speaker_id_map[str(speaker)]
    names = ", ".join(config.speaker_id_map) or f"0..{config.num_speakers - 1}"
    raise VoiceError(f"voice {files.name!r} has no speaker {speaker!r}; choose one of: {names}")


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
