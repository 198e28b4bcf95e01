"""`tts synth` end to end: the real Piper path on the test voice, espeak-ng, fallback, cache."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tts import audio
from tts.cli import app
from tts.tags import read_chapters

DATA = Path(__file__).parent / "data"
ARTICLE = DATA / "pasted_article.txt"
SLUG = "bahn-nimmt-fernverkehr-im-norden-wieder-auf"
PAUSES = """
[pauses]
sentence = 311
paragraph = 733
section = 1234
title = 917
kicker = 389
heading = 677
"""


def synth(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["synth", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def episode(
    tmp_path_factory: pytest.TempPathFactory, test_voice: Path
) -> tuple[Path, dict[str, object], str]:
    work = tmp_path_factory.mktemp("episode")
    config = work / "tts.toml"
    config.write_text(PAUSES, "utf-8")
    out = work / "out"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TTS_CACHE_DIR", str(work / "cache"))
        code, stdout, stderr = synth(
            str(ARTICLE), "-o", str(out), "--voice", str(test_voice), "--config", str(config)
        )
    assert code == 0, stderr
    return out, json.loads((out / f"{SLUG}.json").read_text("utf-8")), stdout


def test_writes_mp3_and_metadata_and_nothing_else(
    episode: tuple[Path, dict[str, object], str],
) -> None:
    out, _, stdout = episode
    sidecars = (".chapters.json", ".json", ".mp3", ".srt", ".vtt")
    expected = ["catalog.sqlite", *(SLUG + end for end in sidecars)]
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    assert stdout.startswith(f"{out / SLUG}.mp3 (")
    assert stdout.rstrip().endswith("2 chapters, piper voice de_DE-test-x_low)")


def test_metadata(episode: tuple[Path, dict[str, object], str]) -> None:
    _, meta, _ = episode
    assert meta["title"] == "Bahn nimmt Fernverkehr im Norden wieder auf"
    assert (meta["voice"], meta["engine"]) == ("de_DE-test-x_low", "piper")
    assert meta["input_sha256"] == hashlib.sha256(ARTICLE.read_bytes()).hexdigest()
    assert meta["files"]["audio"] == f"{SLUG}.mp3"  # relative: output/ can move as a whole
    assert meta["format"] == 1 and "extra" not in meta
    chapters = meta["chapters"]
    assert [c["title"] for c in chapters] == [meta["title"], "Tickets bleiben gültig"]
    assert chapters[0]["start_ms"] == 0
    assert chapters[0]["end_ms"] == chapters[1]["start_ms"]
    assert chapters[1]["end_ms"] == meta["duration_ms"]
    utterances = meta["utterances"]
    assert utterances[0]["written"] == "Nach dem Sturm"
    assert utterances[-3]["written"] == "Die Zugbindung ist aufgehoben."
    assert [u["written"] for u in utterances[-2:]] == [  # the outro: synthetic voice, source
        "Dieser Text wurde von einer künstlichen Stimme vorgelesen.",
        "Quelle: beispiel-nachrichten.de, dpa.",
    ]
    assert all(u["end_ms"] > u["start_ms"] for u in utterances)


def test_pause_plan_is_realised_in_the_timings(
    episode: tuple[Path, dict[str, object], str],
) -> None:
    _, meta, _ = episode
    spans = [(u["start_ms"], u["end_ms"]) for u in meta["utterances"]]
    gaps = [spans[i + 1][0] - spans[i][1] for i in range(len(spans) - 1)]
    # kicker, title, teaser (2 sentences), paragraph (2), paragraph (2), heading, paragraph (2),
    # outro (2)
    assert gaps == [389, 917, 311, 733, 311, 733, 311, 1234, 677, 311, 1234, 311]
    heading_start = spans[8][0]
    chapter_two = meta["chapters"][1]["start_ms"]
    assert 0 < heading_start - chapter_two <= 250


def test_mp3_chapters_and_loudness(episode: tuple[Path, dict[str, object], str]) -> None:
    out, meta, _ = episode
    mp3 = out / f"{SLUG}.mp3"
    chapters = read_chapters(mp3)
    assert [(c.title, c.start_ms, c.end_ms) for c in chapters] == [
        (c["title"], c["start_ms"], c["end_ms"]) for c in meta["chapters"]
    ]
    measured = audio.measure_file(mp3)
    assert measured.integrated_lufs == pytest.approx(-16.0, abs=0.5)
    assert measured.true_peak_dbtp <= -1.0
    assert (meta["loudness_lufs"], meta["true_peak_dbtp"]) == (
        measured.integrated_lufs,
        measured.true_peak_dbtp,
    )


def test_longer_text_gives_longer_audio(tmp_path: Path, test_voice: Path) -> None:
    Path("tts.toml").write_text('[episode]\noutro = ""\n', "utf-8")  # only the article's text
    short, long = tmp_path / "kurz.txt", tmp_path / "lang.txt"
    short.write_text("Kurzer Titel hier\n\nEin Satz.\n", "utf-8")
    long.write_text(
        "Langer Titel hier\n\n" + "Ein viel längerer Satz mit vielen Wörtern. " * 6 + "\n", "utf-8"
    )
    durations = []
    for article in (short, long):
        code, _, stderr = synth(
            str(article), "-o", str(tmp_path / article.stem), "--voice", str(test_voice)
        )
        assert code == 0, stderr
        (meta_path,) = (tmp_path / article.stem).glob("*-hier.json")
        durations.append(json.loads(meta_path.read_text("utf-8"))["duration_ms"])
    assert durations[1] > 3 * durations[0]


def test_espeak_engine(tmp_path: Path) -> None:
    code, stdout, stderr = synth(str(ARTICLE), "-o", str(tmp_path), "--engine", "espeak")
    assert code == 0, stderr
    meta = json.loads((tmp_path / f"{SLUG}.json").read_text("utf-8"))
    assert (meta["engine"], meta["voice"]) == ("espeak", "de")
    assert stdout.rstrip().endswith("2 chapters, espeak voice de)")
    assert len(read_chapters(tmp_path / f"{SLUG}.mp3")) == 2


def test_missing_voice_falls_back_to_espeak_with_a_warning(tmp_path: Path) -> None:
    code, _, stderr = synth(str(ARTICLE), "-o", str(tmp_path), "--voice", "de_DE-gibtsnicht-medium")
    assert code == 0, stderr
    assert stderr.startswith("Warning: ")
    assert "de_DE-gibtsnicht-medium" in stderr
    assert "Falling back to the espeak-ng voice 'de'" in stderr
    assert json.loads((tmp_path / f"{SLUG}.json").read_text("utf-8"))["engine"] == "espeak"


def test_no_fallback_makes_a_missing_voice_an_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, stderr = synth(
        str(ARTICLE), "-o", str(out), "--voice", "de_DE-gibtsnicht-medium", "--no-fallback"
    )
    assert code == 1
    assert stderr.startswith("Error: ")
    assert "de_DE-gibtsnicht-medium" in stderr and "--no-fallback" in stderr
    assert not out.exists() or list(out.iterdir()) == []


def test_voice_by_name_from_the_voices_directory(
    tmp_path: Path, test_voice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    voices = tmp_path / "stimmen"
    voices.mkdir()
    for suffix in (".onnx", ".onnx.json"):
        shutil.copy(
            str(test_voice).removesuffix(".onnx") + suffix, voices / f"de_DE-test-x_low{suffix}"
        )
    monkeypatch.setenv("TTS_VOICES_DIR", str(voices))
    code, stdout, stderr = synth(
        str(ARTICLE), "-o", str(tmp_path / "o"), "--voice", "de_DE-test-x_low"
    )
    assert code == 0, stderr
    assert "piper voice de_DE-test-x_low" in stdout


def test_cache_resynthesises_only_changed_sentences(tmp_path: Path, test_voice: Path) -> None:
    clips = Path(os.environ["TTS_CACHE_DIR"]) / "clips"
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE.read_text("utf-8"), "utf-8")
    assert synth(str(article), "-o", str(tmp_path / "o"), "--voice", str(test_voice))[0] == 0
    first = {p.name for p in clips.rglob("*.clip")}
    assert len(first) == 13  # 11 utterances of the article, 2 of the outro
    article.write_text(
        ARTICLE.read_text("utf-8").replace(
            "Die Zugbindung ist aufgehoben.", "Die Zugbindung entfällt."
        ),
        "utf-8",
    )
    assert synth(str(article), "-o", str(tmp_path / "o"), "--voice", str(test_voice))[0] == 0
    second = {p.name for p in clips.rglob("*.clip")}
    assert len(second - first) == 1


# ---- the engine itself: batched inference, its duration output, session options


def _batching_voice(directory: Path) -> Path:
    """A Piper-format voice that takes a real batch, as Piper's VITS graph does: [B, T] ids
    with `input_lengths`, output [B, 1, 1, T * HOP], and frames per phoneme id in an internal
    Ceil node (w_ceil) that is not a graph output. Like VITS, it writes something (0.25) where
    a shorter sentence of the batch is padded, so uncut padding shows."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    from tests import voicegen

    constants = [
        numpy_helper.from_array(voicegen.tone_table(), name="table"),
        numpy_helper.from_array(np.array(0, dtype=np.int64), name="zero"),
        numpy_helper.from_array(np.array(1, dtype=np.int64), name="one"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), name="axis1"),
        numpy_helper.from_array(np.array([2], dtype=np.int64), name="axis2"),
        numpy_helper.from_array(np.array([0.25], dtype=np.float32), name="pad_level"),
        numpy_helper.from_array(np.array([1.0], dtype=np.float32), name="unit"),
        numpy_helper.from_array(np.array([0, 1, 1, -1], dtype=np.int64), name="shape"),
    ]
    node = helper.make_node
    nodes = [
        node("Gather", ["table", "input"], ["bursts"], axis=0),  # [B, T, HOP]
        node("Shape", ["input"], ["input_shape"]),
        node("Gather", ["input_shape", "one"], ["steps"], axis=0),
        node("Range", ["zero", "steps", "one"], ["positions"]),
        node("Unsqueeze", ["positions", "zero_axis"], ["positions_row"]),
        node("Unsqueeze", ["input_lengths", "axis1"], ["lengths_column"]),
        node("Less", ["positions_row", "lengths_column"], ["mask"]),  # [B, T]
        node("Cast", ["mask"], ["mask_float"], to=TensorProto.FLOAT),
        node("Ceil", ["mask_float"], ["w_ceil_flat"]),  # one frame per real phoneme id
        node("Unsqueeze", ["w_ceil_flat", "axis1"], ["w_ceil"]),  # [B, 1, T], as in VITS
        node("Unsqueeze", ["w_ceil_flat", "axis2"], ["keep"]),  # [B, T, 1]
        node("Mul", ["bursts", "keep"], ["spoken"]),
        node("Sub", ["unit", "keep"], ["padding"]),
        node("Mul", ["padding", "pad_level"], ["padding_sound"]),
        node("Add", ["spoken", "padding_sound"], ["audio"]),
        node("Reshape", ["audio", "shape"], ["output"]),
    ]
    constants.append(numpy_helper.from_array(np.array([0], dtype=np.int64), name="zero_axis"))
    graph = helper.make_graph(
        nodes,
        "batching_test_voice",
        inputs=[
            helper.make_tensor_value_info("input", TensorProto.INT64, ["batch", "phonemes"]),
            helper.make_tensor_value_info("input_lengths", TensorProto.INT64, ["batch"]),
            helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3]),
        ],
        outputs=[helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", 1, 1, "t"])],
        initializer=constants,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 15)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    path = directory / "de_DE-batch-x_low.onnx"
    path.write_bytes(model.SerializeToString())
    path.with_name(path.name + ".json").write_text(json.dumps(voicegen.config()), "utf-8")
    return path


SENTENCES = [
    "Der Zug fährt ab.",
    "Die Bahn nimmt den Fernverkehr im Norden wieder auf.",
    "Ja.",
    "Reisende sollen sich vor der Fahrt über ihre Verbindung informieren. Es gibt Ersatzbusse.",
    "Die Zugbindung ist aufgehoben.",
    "Die Strecke zwischen Hamburg und Hannover war seit Montag gesperrt.",
]


def _engine(model: Path, **tuning: object) -> object:
    from tts.config import VoiceSettings
    from tts.synth.piper import PiperEngine, Tuning
    from tts.voices import find_voice

    return PiperEngine(
        find_voice(str(model), model.parent), VoiceSettings(), tuning=Tuning(**tuning)
    )


def test_batched_clips_equal_unbatched_ones(tmp_path: Path) -> None:
    import numpy as np

    model = _batching_voice(tmp_path)
    single = _engine(model).synthesize_many(SENTENCES)  # type: ignore[attr-defined]
    batched_engine = _engine(model, batch=4, max_padding=0.9)
    assert batched_engine._durations == "w_ceil_flat"  # type: ignore[attr-defined]
    groups = batched_engine._groups(batched_engine._sentences(SENTENCES))  # type: ignore[attr-defined]
    assert max(len(group) for group in groups) > 1  # it really batched
    batched = batched_engine.synthesize_many(SENTENCES)  # type: ignore[attr-defined]
    assert [len(c.samples) for c in batched] == [len(c.samples) for c in single]
    for one, many in zip(single, batched, strict=True):
        assert np.array_equal(one.samples, many.samples)  # no padding sound left in
    assert single[2].samples.size < single[3].samples.size  # and the texts kept their order


def test_lanes_synthesise_sentences_at_once_with_the_same_audio(test_voice: Path) -> None:
    """Lanes: one session with one onnxruntime thread, called from several threads at once;
    each clip is the one a single lane makes, phonemizing serialised (espeak-ng is global)."""
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np

    alone = _engine(test_voice, lanes=1)
    lanes = _engine(test_voice, lanes=2)
    cores = len(os.sched_getaffinity(0))
    assert (alone.concurrency, lanes.concurrency) == (1, min(2, cores))  # type: ignore[attr-defined]
    assert lanes.tuning.threads == (1 if cores > 1 else 0)  # type: ignore[attr-defined]
    texts = SENTENCES * 4
    with ThreadPoolExecutor(3) as pool:  # more callers than lanes: each call still its own
        together = list(pool.map(lanes.synthesize, texts))  # type: ignore[attr-defined]
    for text, clip in zip(texts, together, strict=True):
        assert np.array_equal(clip.samples, alone.synthesize(text).samples)  # type: ignore[attr-defined]


def test_the_settings_choose_the_lanes_capped_at_the_cores(test_voice: Path) -> None:
    """`lanes` in [voice]: two sentences at once by default (one per core at most), one when
    memory matters more than time."""
    import dataclasses

    from tts.config import Settings
    from tts.synth.select import open_engine

    cores = len(os.sched_getaffinity(0))
    settings = Settings(voice=str(test_voice), voices_dir=test_voice.parent)
    assert open_engine(settings, print).concurrency == min(2, cores)
    assert open_engine(dataclasses.replace(settings, lanes=1), print).concurrency == 1
    assert open_engine(dataclasses.replace(settings, lanes=16), print).concurrency == cores


def test_a_pool_worker_is_one_lane(test_voice: Path) -> None:
    from tts.config import VoiceSettings
    from tts.synth.piper import PiperEngine, Tuning
    from tts.voices import find_voice

    files = find_voice(str(test_voice), test_voice.parent)
    assert PiperEngine(files, VoiceSettings(), threads=1).concurrency == 1
    assert PiperEngine(files, VoiceSettings(), tuning=Tuning(lanes=2, batch=4)).concurrency == 1


def test_batches_bound_their_padding(tmp_path: Path) -> None:
    engine = _engine(_batching_voice(tmp_path), batch=8, max_padding=0.2)
    sentences = engine._sentences(SENTENCES)  # type: ignore[attr-defined]
    groups = engine._groups(sentences)  # type: ignore[attr-defined]
    assert sorted(id(s) for g in groups for s in g) == sorted(id(s) for s in sentences)
    for group in groups:
        longest = max(len(s.ids) for s in group)
        assert sum(len(s.ids) for s in group) >= 0.8 * longest * len(group)


def test_duration_output_is_what_onnx_itself_would_add(test_voice: Path, tmp_path: Path) -> None:
    import onnx

    from tts.synth.onnx_outputs import with_duration_output

    model = _batching_voice(tmp_path)
    raw = model.read_bytes()
    patched = with_duration_output(raw)
    assert patched is not None
    expected = onnx.load_from_string(raw)
    expected.graph.output.append(onnx.helper.ValueInfoProto(name="w_ceil_flat"))
    assert patched == (expected.SerializeToString(), "w_ceil_flat")
    assert with_duration_output(patched[0]) == patched  # already an output: unchanged
    assert with_duration_output(test_voice.read_bytes()) is None  # no Ceil: no batching


def test_a_voice_without_durations_is_synthesised_one_sentence_at_a_time(
    test_voice: Path,
) -> None:
    engine = _engine(test_voice, batch=4)
    assert engine._durations is None  # type: ignore[attr-defined]
    clips = engine.synthesize_many(SENTENCES[:3])  # type: ignore[attr-defined]
    assert (
        [c.samples.size for c in clips]
        == [
            _engine(test_voice).synthesize(text).samples.size  # type: ignore[attr-defined]
            for text in SENTENCES[:3]
        ]
    )


def test_a_torn_model_is_a_voice_error_naming_it(tmp_path: Path) -> None:
    from tts.errors import VoiceError

    model = _batching_voice(tmp_path)
    model.write_bytes(model.read_bytes()[: model.stat().st_size // 2])
    for batch in (1, 4):
        with pytest.raises(VoiceError, match=str(model)):
            _engine(model, batch=batch)


@pytest.mark.parametrize(
    "tuning",
    [
        {"threads": 1},
        {"optimization": "basic"},
        {"mem_pattern": False, "arena": False},
        {"parallel": True},
        {"spinning": False},
    ],
)
def test_session_options_do_not_change_the_audio(
    test_voice: Path, tuning: dict[str, object]
) -> None:
    import numpy as np

    reference = _engine(test_voice).synthesize(SENTENCES[1])  # type: ignore[attr-defined]
    tuned = _engine(test_voice, **tuning).synthesize(SENTENCES[1])  # type: ignore[attr-defined]
    assert np.array_equal(reference.samples, tuned.samples)
