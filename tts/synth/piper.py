"""The Piper engine: a local VITS voice; piper-tts phonemizes, we call its ONNX session.

Work per core, measured on 2 cores with the bench voice (bench/bench_synth.py, figures in
bench/RESULTS.md "Piper inference"). "Lanes" (`Tuning.lanes`): one session with a single
onnxruntime thread, called for several sentences at once from threads of one process, took
0.89-0.93 of the time of one session with two threads running sentence after sentence, and
0.86 of it in the whole pipeline (where one thread fewer spins beside assembly and
encoding), for 1.3-1.4x the memory (each sentence in flight has its own activations; arena
shrinkage did not help). `Tuning()` is one lane, the reference the benchmarks compare
against; `tts` runs two (`lanes` in `[voice]`, capped at the cores), because an article is
done sooner and a few hundred MB are cheap on a newsroom's machine. Phonemizing stays serial,
under a lock: espeak-ng is one process-wide state. Batching several sentences per ONNX call
is supported (`Tuning.batch`) but is off by default: on CPU it was slower and its memory
grows with the batch.
"""

from __future__ import annotations

import dataclasses
import json
import os
import threading
from dataclasses import dataclass, field
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
from tts.synth.identity import piper_identity
from tts.synth.onnx_outputs import with_duration_output
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
_LOAD_ERRORS: tuple[type[BaseException], ...] = (*_ORT_ERRORS, ValueError)  # + a torn model
_PIPER_INPUTS = {"input", "input_lengths", "scales"}


_OPTIMIZATION = {
    "disable": onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL,
    "basic": onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC,
    "extended": onnxruntime.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
    "all": onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL,
}


@dataclass(frozen=True)
class Tuning:
    """How onnxruntime runs the voice. The defaults are the winners of bench/bench_synth.py."""

    threads: int = 0  # intra-op threads; 0 = onnxruntime's choice (one per core)
    lanes: int = 1  # sentences at once, one intra-op thread each; 0 = one per core
    batch: int = 1  # sentences per ONNX call at most; 1 = one call per sentence
    max_padding: float = 0.2  # share of a batch's phoneme slots that may be padding
    parallel: bool = False  # execution_mode ORT_PARALLEL (independent nodes side by side)
    optimization: str = "all"  # graph_optimization_level: disable, basic, extended, all
    mem_pattern: bool = True  # plan buffers from the previous run's shapes
    arena: bool = True  # keep freed buffers for reuse instead of returning them
    spinning: bool = True  # idle worker threads spin instead of sleeping

    def session_options(self) -> onnxruntime.SessionOptions:
        options = onnxruntime.SessionOptions()
        if self.threads:
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
        if self.parallel:
            options.execution_mode = onnxruntime.ExecutionMode.ORT_PARALLEL
            options.inter_op_num_threads = max(2, self.threads)
        options.graph_optimization_level = _OPTIMIZATION[self.optimization]
        options.enable_mem_pattern = self.mem_pattern
        options.enable_cpu_mem_arena = self.arena
        if not self.spinning:
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            options.add_session_config_entry("session.inter_op.allow_spinning", "0")
        return options


@dataclass(frozen=True)
class _Sentence:
    text: int  # index of the text it belongs to
    ids: list[int]  # phoneme ids


@dataclass
class PiperEngine:
    """One loaded voice. `threads` caps onnxruntime's threads (1 per worker in a process pool)
    and overrides `tuning.threads` and `tuning.lanes`: a worker of a pool is one lane.
    `concurrency` says how many `synthesize` calls the caller may run at once."""

    files: VoiceFiles
    settings: VoiceSettings
    threads: int = 0
    name: str = "piper"
    tuning: Tuning = field(default_factory=Tuning)
    concurrency: int = field(default=1, init=False)

    def __post_init__(self) -> None:
        self.voice = self.files.name
        config = _read_config(self.files.config)
        if self.threads:
            self.tuning = dataclasses.replace(self.tuning, threads=self.threads, lanes=1)
        lanes = min(self.tuning.lanes or _cores(), _cores())  # more lanes than cores: no gain
        if lanes > 1 and self.tuning.batch <= 1:
            self.tuning = dataclasses.replace(self.tuning, threads=1, lanes=lanes)
        else:
            lanes = 1
        self.concurrency = lanes
        self._phonemizing = threading.Lock()  # espeak-ng is one process-wide state
        session, self._durations = self._open_session()
        missing = _PIPER_INPUTS - {node.name for node in session.get_inputs()}
        if missing:
            raise VoiceError(
                f"{self.files.model}: not a Piper voice model "
                f"(missing inputs: {', '.join(sorted(missing))})"
            )
        self._session = session
        self._piper = PiperVoice(session=session, config=config)
        self._config = config
        self.sample_rate = config.sample_rate
        self.phonemes: frozenset[str] | None = frozenset(config.phoneme_id_map)  # for [[ ]]
        self._syn_config = SynthesisConfig(
            speaker_id=_speaker_id(self.settings.speaker, config, self.files),
            length_scale=self.settings.length_scale,
            noise_scale=self.settings.noise_scale,
            noise_w_scale=self.settings.noise_w_scale,
            normalize_audio=False,  # loudness is set once for the whole episode, not per sentence
        )
        self._scales = np.array(
            [
                _default(self._syn_config.noise_scale, config.noise_scale),
                _default(self._syn_config.length_scale, config.length_scale),
                _default(self._syn_config.noise_w_scale, config.noise_w_scale),
            ],
            dtype=np.float32,
        )
        speaker = self._syn_config.speaker_id
        if config.num_speakers > 1 and speaker is None:
            speaker = config.default_speaker_id
        self._speaker = speaker if config.num_speakers > 1 else None
        self._identity = piper_identity(self.files, self.settings)

    def _open_session(self) -> tuple[onnxruntime.InferenceSession, str | None]:
        """The session, and the name of its duration output when batching needs one (the
        model is then patched in memory: tts/synth/onnx_outputs.py)."""
        model: str | bytes = str(self.files.model)
        durations: str | None = None
        try:
            if self.tuning.batch > 1:
                patched = with_duration_output(self.files.model.read_bytes())
                if patched:
                    model, durations = patched
            return onnxruntime.InferenceSession(
                model,
                sess_options=self.tuning.session_options(),
                providers=["CPUExecutionProvider"],
            ), durations
        except OSError as error:
            raise VoiceError(f"{self.files.model}: cannot read the voice model: {error}") from None
        except _LOAD_ERRORS as error:
            raise VoiceError(
                f"{self.files.model}: not a usable Piper model ({_first_line(error)}); "
                f"{self.files.repair}"
            ) from None

    @property
    def identity(self) -> str:
        return self._identity

    def synthesize(self, text: str) -> Clip:
        return self.synthesize_many([text])[0]

    def synthesize_many(self, texts: list[str]) -> list[Clip]:
        """A clip per text, in order. Sentences of similar length share an ONNX call when
        `tuning.batch` > 1; each clip is the same audio as alone, except that the last ~50 ms
        of a padded sentence come from a decoder that saw padding after it (bench_synth.py
        compares them with the noise off)."""
        sentences = self._sentences(texts)
        done: dict[int, Samples] = {}  # by id(sentence): groups come in length order
        for group in self._groups(sentences):
            for sentence, samples in zip(group, self._infer(group), strict=True):
                done[id(sentence)] = samples
        audio: list[list[Samples]] = [[] for _ in texts]
        for sentence in sentences:  # each text's sentences in their own order
            audio[sentence.text].append(done.pop(id(sentence)))
        silence = np.zeros(int(self.sample_rate * self.settings.sentence_silence), dtype=np.float32)
        clips: list[Clip] = []
        for chunks in audio:
            pieces: list[Samples] = []
            for index, chunk in enumerate(chunks):
                if index:
                    pieces.append(silence)
                pieces.append(chunk)
            samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
            clips.append(Clip(samples=samples, sample_rate=self.sample_rate))
        return clips

    def _sentences(self, texts: list[str]) -> list[_Sentence]:
        """Phoneme ids per sentence, as piper-tts splits and maps them."""
        sentences: list[_Sentence] = []
        try:
            for index, text in enumerate(texts):
                with self._phonemizing:
                    phonemized = self._piper.phonemize(text)
                for phonemes in phonemized:
                    if phonemes:
                        sentences.append(_Sentence(index, self._piper.phonemes_to_ids(phonemes)))
        except KeyError as error:
            raise VoiceError(
                f"{self.files.config}: the voice config lacks phoneme {error}; "
                "is this a German voice?"
            ) from None
        return sentences

    def _groups(self, sentences: list[_Sentence]) -> list[list[_Sentence]]:
        """Sentences per ONNX call: one each, or, when batching, runs of the length-sorted
        sentences whose padding stays within `tuning.max_padding`."""
        if self.tuning.batch <= 1 or not self._durations:
            return [[sentence] for sentence in sentences]
        groups: list[list[_Sentence]] = []
        current: list[_Sentence] = []
        for sentence in sorted(sentences, key=lambda s: len(s.ids)):
            trial = [*current, sentence]
            slots = len(sentence.ids) * len(trial)  # sorted: the newest is the longest
            used = sum(len(s.ids) for s in trial)
            if current and (
                len(trial) > self.tuning.batch or used < (1 - self.tuning.max_padding) * slots
            ):
                groups.append(current)
                trial = [sentence]
            current = trial
        if current:
            groups.append(current)
        return groups

    def _infer(self, group: list[_Sentence]) -> list[Samples]:
        lengths = np.array([len(s.ids) for s in group], dtype=np.int64)
        ids = np.zeros((len(group), int(lengths.max())), dtype=np.int64)
        for row, sentence in enumerate(group):
            ids[row, : len(sentence.ids)] = sentence.ids
        inputs: dict[str, Any] = {"input": ids, "input_lengths": lengths, "scales": self._scales}
        if self._speaker is not None:
            inputs["sid"] = np.full(len(group), self._speaker, dtype=np.int64)
        outputs = ["output", self._durations] if len(group) > 1 and self._durations else None
        try:
            result = self._session.run(outputs, inputs)
        except _ORT_ERRORS as error:
            raise VoiceError(
                f"{self.files.model}: the voice failed to synthesise: {_first_line(error)}"
            ) from None
        audio = result[0].reshape(len(group), -1)
        if len(group) == 1:
            cuts = [audio.shape[1]]
        else:  # frames per phoneme id, padding ones are 0: the audio each sentence really has
            frames = result[1].reshape(len(group), -1).sum(axis=1)
            cuts = [int(n) * self._config.hop_length for n in frames]
        return [
            np.clip(audio[row, :cut], -1.0, 1.0).astype(np.float32) for row, cut in enumerate(cuts)
        ]


def _cores() -> int:
    """The cores this process may use (a container or `taskset` may allow fewer than exist)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _default(value: float | None, fallback: float) -> float:
    return fallback if value is None else value


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
