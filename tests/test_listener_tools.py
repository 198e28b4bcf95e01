"""The episode as listeners' software sees it: mp3val, eyeD3, ffmpeg's own chapter reader."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import eyed3
import pytest
from typer.testing import CliRunner

from tts import audio
from tts.cli import app

ARTICLE = Path(__file__).parent / "data" / "pasted_article.txt"
TITLE = "Bahn nimmt Fernverkehr im Norden wieder auf"


@pytest.fixture(scope="module")
def mp3(tmp_path_factory: pytest.TempPathFactory, test_voice: Path) -> Path:
    out = tmp_path_factory.mktemp("listener")
    result = CliRunner().invoke(
        app, ["synth", str(ARTICLE), "-o", str(out), "--voice", str(test_voice)]
    )
    assert result.exit_code == 0, result.output
    (path,) = out.glob("*.mp3")
    return path


def test_mp3val_finds_no_problem(mp3: Path) -> None:
    mp3val = shutil.which("mp3val")
    assert mp3val, "mp3val is missing: `apt-get install mp3val` (.ci/run does it)"
    report = subprocess.run([mp3val, str(mp3)], capture_output=True, text=True, check=True).stdout
    assert "WARNING" not in report and "ERROR" not in report, report
    assert "MPEG 1 Layer III" in report and "CBR" in report


def test_eyed3_reads_chapters_and_toc(mp3: Path) -> None:
    tag = eyed3.load(mp3).tag
    (toc,) = tag.table_of_contents
    assert (toc.toplevel, toc.ordered, toc.child_ids) == (True, True, [b"chp0", b"chp1"])
    chapters = sorted(tag.chapters, key=lambda chapter: chapter.times.start)
    assert [c.title for c in chapters] == [TITLE, "Tickets bleiben gültig"]
    assert chapters[0].times.start == 0 and chapters[0].times.end == chapters[1].times.start
    assert tag.title == TITLE
    assert tag.getBestDate() is not None


def test_ffmpeg_lists_the_chapters_and_a_plausible_duration(mp3: Path) -> None:
    probe = subprocess.run(
        [audio.ffmpeg_exe(), "-hide_banner", "-i", str(mp3)], capture_output=True, text=True
    )
    assert probe.stderr.count("Chapter #0:") == 2
    assert f"title           : {TITLE}" in probe.stderr
    assert (
        "Audio: mp3 (mp3float), 44100 Hz, mono" in probe.stderr
        or "Audio: mp3, 44100 Hz, mono" in probe.stderr
    )
