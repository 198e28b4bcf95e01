"""Bad input: one clear line naming the file and the fix, exit 1, no traceback, nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.readonly import read_only_directory
from tts.cli import app

DATA = Path(__file__).parent / "data"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def assert_clean_error(code: int, output: str, *needles: str) -> None:
    assert code == 1, output
    assert output.startswith("Error: "), output
    assert "Traceback" not in output
    for needle in needles:
        assert needle in output, output


def test_missing_file(tmp_path: Path) -> None:
    code, output = run("synth", "nirgends.txt", "-o", str(tmp_path / "out"), "--engine", "espeak")
    assert_clean_error(code, output, "nirgends.txt", "no such file")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_directory_instead_of_file(tmp_path: Path) -> None:
    code, output = run("script", str(tmp_path))
    assert_clean_error(code, output, str(tmp_path), "is a directory")


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \n"])
def test_empty_article(tmp_path: Path, content: bytes) -> None:
    article = tmp_path / "leer.txt"
    article.write_bytes(content)
    out = tmp_path / "out"
    code, output = run("synth", str(article), "-o", str(out), "--engine", "espeak")
    assert_clean_error(code, output, "leer.txt", "empty")
    assert not out.exists() or list(out.iterdir()) == []


def test_clutter_only_article(tmp_path: Path) -> None:
    article = tmp_path / "nur-player.txt"
    article.write_text("00:00\nDiese Audioversion wurde künstlich generiert. Mehr Infos\n", "utf-8")
    code, output = run("script", str(article))
    assert_clean_error(code, output, "nur-player.txt", "nothing left to read")


def test_binary_input(tmp_path: Path) -> None:
    article = tmp_path / "bild.txt"
    article.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    code, output = run("script", str(article))
    assert_clean_error(code, output, "bild.txt", "binary")


def test_cp1252_text_is_decoded(tmp_path: Path) -> None:
    article = tmp_path / "alt.txt"
    text = (
        "Größere Überraschung für Bürger\n\n"
        "Die Straße wird gesperrt. Anwohner ärgern sich über den Lärm.\n"
    )
    article.write_bytes(text.encode("cp1252"))
    code, output = run("script", str(article))
    assert code == 0, output
    assert output.splitlines()[0] == "## Größere Überraschung für Bürger"
    assert "Die Straße wird gesperrt." in output.splitlines()


def test_unwritable_output_directory(tmp_path: Path) -> None:
    with read_only_directory(tmp_path / "readonly") as out:
        code, output = run(
            "synth", str(DATA / "pasted_article.txt"), "-o", str(out), "--engine", "espeak"
        )
        assert (code, output) == (
            1,
            f"Error: {out}: the output directory is not writable; pass another with -o DIR\n",
        )
        assert list(out.iterdir()) == []


def test_output_directory_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    out = blocker / "out"
    code, output = run(
        "synth", str(DATA / "pasted_article.txt"), "-o", str(out), "--engine", "espeak"
    )
    assert_clean_error(code, output, str(out), "cannot create the output directory")


def test_broken_voice_is_an_error_not_a_fallback(tmp_path: Path, test_voice: Path) -> None:
    broken = tmp_path / "kaputt.onnx"
    broken.write_bytes(b"this is not an onnx model")
    shutil.copy(test_voice.with_name(test_voice.name + ".json"), tmp_path / "kaputt.onnx.json")
    out = tmp_path / "out"
    code, output = run(
        "synth", str(DATA / "pasted_article.txt"), "-o", str(out), "--voice", str(broken)
    )
    assert_clean_error(code, output, "kaputt.onnx", "not a usable Piper model")
    assert "espeak" not in output
    assert not out.exists() or list(out.iterdir()) == []


def test_voice_config_not_json(tmp_path: Path, test_voice: Path) -> None:
    model = tmp_path / "halb.onnx"
    shutil.copy(test_voice, model)
    (tmp_path / "halb.onnx.json").write_text("{ kein json", "utf-8")
    code, output = run(
        "synth", str(DATA / "pasted_article.txt"), "-o", str(tmp_path / "o"), "--voice", str(model)
    )
    assert_clean_error(code, output, "halb.onnx.json", "not valid JSON")


def test_voice_file_without_config(tmp_path: Path, test_voice: Path) -> None:
    model = tmp_path / "allein.onnx"
    shutil.copy(test_voice, model)
    code, output = run(
        "synth", str(DATA / "pasted_article.txt"), "-o", str(tmp_path / "o"), "--voice", str(model)
    )
    assert_clean_error(code, output, "allein.onnx.json", "missing")


def test_unknown_engine() -> None:
    code, output = run("synth", str(DATA / "pasted_article.txt"), "--engine", "sapi")
    assert_clean_error(code, output, "--engine", "one of piper, espeak")


def test_bad_config_file(tmp_path: Path) -> None:
    config = tmp_path / "tts.toml"
    config.write_text("[pauses]\nsentense = 300\n", "utf-8")
    code, output = run("script", str(DATA / "pasted_article.txt"), "--config", str(config))
    assert_clean_error(code, output, "tts.toml", "unknown setting 'sentense'")
