"""A tiny Piper-format test voice, built by the tests themselves (no binary in the repo).

It has Piper's real interface (inputs `input`, `input_lengths`, `scales`; a [1, 1, samples]
output; a config with the German espeak voice and Piper's own phoneme id map), so the real
PiperVoice load/phonemise/synthesise path runs. Each phoneme id becomes one Hann-windowed tone
burst of its own pitch: deterministic, audible, and as long as the phoneme sequence.
It is a test fixture, not speech.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from piper.phoneme_ids import DEFAULT_PHONEME_ID_MAP

SAMPLE_RATE = 22050
HOP = 256  # samples per phoneme id, as in Piper's medium voices
NUM_SYMBOLS = 256
SILENT_IDS = (0, 1, 2, 3)  # pad, bos, eos, space: silent, like the pauses between words


def tone_table() -> np.ndarray:
    """One HOP-long tone burst per symbol id; the pitch rises with the id."""
    t = np.arange(HOP) / SAMPLE_RATE
    window = np.hanning(HOP)
    table = np.stack(
        [0.5 * window * np.sin(2 * np.pi * (150.0 + 12.0 * i) * t) for i in range(NUM_SYMBOLS)]
    )
    table[list(SILENT_IDS)] = 0.0
    return table.astype(np.float32)


def build_model() -> onnx.ModelProto:
    table = numpy_helper.from_array(tone_table(), name="table")
    shape = numpy_helper.from_array(np.array([1, 1, -1], dtype=np.int64), name="shape")
    nodes = [
        helper.make_node("Gather", ["table", "input"], ["bursts"], axis=0),
        helper.make_node("Reshape", ["bursts", "shape"], ["output"]),
    ]
    graph = helper.make_graph(
        nodes,
        "artikel_tts_test_voice",
        inputs=[
            helper.make_tensor_value_info("input", TensorProto.INT64, [1, "phonemes"]),
            helper.make_tensor_value_info("input_lengths", TensorProto.INT64, [1]),
            helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3]),
        ],
        outputs=[helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1, "samples"])],
        initializer=[table, shape],
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", 15)], producer_name="artikel-tts tests"
    )
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def config() -> dict[str, object]:
    return {
        "audio": {"sample_rate": SAMPLE_RATE, "quality": "x_low"},
        "espeak": {"voice": "de"},
        "language": {"code": "de_DE", "family": "de", "region": "DE"},
        "inference": {"noise_scale": 0.667, "length_scale": 1.0, "noise_w": 0.8},
        "phoneme_type": "espeak",
        "phoneme_id_map": DEFAULT_PHONEME_ID_MAP,
        "num_symbols": NUM_SYMBOLS,
        "num_speakers": 1,
        "speaker_id_map": {},
        "piper_version": "1.0.0",
        "dataset": "artikel-tts test fixture, not speech",
    }


def build_test_voice(directory: Path, name: str = "de_DE-test-x_low") -> Path:
    """Write NAME.onnx and NAME.onnx.json into `directory`; return the model path."""
    directory.mkdir(parents=True, exist_ok=True)
    model = directory / f"{name}.onnx"
    model.write_bytes(build_model().SerializeToString())
    (directory / f"{name}.onnx.json").write_text(json.dumps(config(), ensure_ascii=False), "utf-8")
    return model
