"""Chapters in time order for every reader, through the real pipeline.

ffmpeg (ffprobe, and every player or M4B converter built on it) lists the CHAP frames in the
order they stand in the file and ignores the CTOC; eyeD3 and podcast apps follow the CTOC.
Both must agree with the episode JSON. The section titles differ in length on purpose:
mutagen sorts frames by size when it saves, which scrambled them before tts/tags.py put the
CHAP frames back in time order.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import eyed3
import pytest
from typer.testing import CliRunner

from tts import audio
from tts.article import Chapter
from tts.cli import app
from tts.tags import read_chapters

HEADLINE = "Stadtrat beschließt neuen Haushalt"
SECTIONS = [
    "Schulen bekommen mehr Geld für Sanierungen und neue Räume",
    "Bäder",
    "Die Opposition kritisiert die Pläne scharf",
    "Kultur",
    "Was sich für die Bürgerinnen und Bürger der Stadt im kommenden Jahr ändert",
]
SENTENCES = [
    "Der Beschluss fiel am späten Abend.",
    "Die Verwaltung rechnet mit höheren Kosten.",
    "Viele Fragen bleiben aber offen.",
]


def article_text() -> str:
    parts = [f"# {HEADLINE}", "Der Stadtrat hat nach langer Debatte den Haushalt beschlossen."]
    for number, title in enumerate(SECTIONS):
        parts.append(f"## {title}")
        parts.append(" ".join(SENTENCES[: 1 + number % 3]))
    return "\n\n".join(parts) + "\n"


@pytest.fixture(scope="module")
def episode(tmp_path_factory: pytest.TempPathFactory, test_voice: Path) -> tuple[Path, Path]:
    """(mp3, episode JSON) of the five-section article, made by `tts synth`."""
    work = tmp_path_factory.mktemp("chapters")
    source = work / "haushalt.md"
    source.write_text(article_text(), "utf-8")
    out = work / "output"
    result = CliRunner().invoke(
        app, ["synth", str(source), "-o", str(out), "--voice", str(test_voice)]
    )
    assert result.exit_code == 0, result.output
    (mp3,) = out.glob("*.mp3")
    return mp3, mp3.with_suffix(".json")


@pytest.fixture(scope="module")
def expected(episode: tuple[Path, Path]) -> list[Chapter]:
    """The chapters of the episode JSON, which must also be the CTOC's, in its order."""
    mp3, metadata = episode
    chapters = [
        Chapter(item["title"], item["start_ms"], item["end_ms"])
        for item in json.loads(metadata.read_text("utf-8"))["chapters"]
    ]
    assert [chapter.title for chapter in chapters] == [HEADLINE, *SECTIONS]
    starts = [chapter.start_ms for chapter in chapters]
    assert starts[0] == 0 and starts == sorted(set(starts)), starts
    assert read_chapters(mp3) == chapters  # the CTOC
    return chapters


def ffmetadata_chapters(ffmpeg: str, mp3: Path) -> list[Chapter]:
    """The chapters in ffmpeg's own order, from its ffmetadata dump (1/1000 s time base).
    -copyts: the times as stored; without it ffmpeg moves the chapters by the stream's start
    (the encoder delay, 25 ms), as it would when converting the file."""
    dump = subprocess.run(
        [ffmpeg, "-v", "error", "-copyts", "-i", str(mp3), "-f", "ffmetadata", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    chapters = []
    for block in dump.split("[CHAPTER]")[1:]:
        fields = dict(re.findall(r"^(\w+)=(.*)$", block, re.MULTILINE))
        assert fields["TIMEBASE"] == "1/1000", fields
        chapters.append(Chapter(fields["title"], int(fields["START"]), int(fields["END"])))
    return chapters


def test_system_ffprobe_lists_the_chapters_in_time_order(
    episode: tuple[Path, Path], expected: list[Chapter]
) -> None:
    ffprobe = shutil.which("ffprobe")
    assert ffprobe, "ffprobe is missing: `apt-get install ffmpeg` (.ci/run does it)"
    probe = subprocess.run(
        [ffprobe, "-v", "error", "-show_chapters", "-of", "json", str(episode[0])],
        capture_output=True,
        text=True,
        check=True,
    )
    listed = json.loads(probe.stdout)["chapters"]
    assert [item["time_base"] for item in listed] == ["1/1000"] * len(expected)
    assert [
        Chapter(item["tags"]["title"], item["start"], item["end"]) for item in listed
    ] == expected


def test_system_ffmpeg_lists_the_chapters_in_time_order(
    episode: tuple[Path, Path], expected: list[Chapter]
) -> None:
    ffmpeg = shutil.which("ffmpeg")
    assert ffmpeg, "ffmpeg is missing: `apt-get install ffmpeg` (.ci/run does it)"
    assert ffmetadata_chapters(ffmpeg, episode[0]) == expected


def test_bundled_ffmpeg_lists_the_chapters_in_time_order(
    episode: tuple[Path, Path], expected: list[Chapter]
) -> None:
    assert ffmetadata_chapters(audio.ffmpeg_exe(), episode[0]) == expected


def test_eyed3_reads_the_same_chapters_in_frame_and_toc_order(
    episode: tuple[Path, Path], expected: list[Chapter]
) -> None:
    tag = eyed3.load(episode[0]).tag
    in_file_order = [
        Chapter(chapter.title, chapter.times.start, chapter.times.end) for chapter in tag.chapters
    ]
    assert in_file_order == expected
    (toc,) = tag.table_of_contents
    assert (toc.toplevel, toc.ordered) == (True, True)
    by_id = {chapter.element_id: chapter for chapter in tag.chapters}
    assert [
        Chapter(by_id[key].title, by_id[key].times.start, by_id[key].times.end)
        for key in toc.child_ids
    ] == expected
