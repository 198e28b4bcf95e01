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
