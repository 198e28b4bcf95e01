"""Chapters JSON, WebVTT and SRT from the episode timeline: times, written text, line limits."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from pathlib import Path

from tests.publishing import SENTENCES, make_episode
from tts.article import TimedUtterance
from tts.publish.transcript import cues, srt, webvtt, wrap, write_sidecars

LONG = (
    "Der Bundestag hat am Donnerstagabend nach einer langen und kontroversen Debatte "
    "mit knapper Mehrheit ein Gesetz beschlossen, das die Förderung von Wärmepumpen "
    "in Mehrfamilienhäusern neu regelt und ab dem kommenden Jahr gilt."
)


def test_wrap_keeps_words_whole_and_lines_short() -> None:
    lines = wrap(LONG)
    assert all(len(line) <= 42 for line in lines)
    assert " ".join(lines) == LONG
    assert len(lines) > 4
    assert wrap("x" * 100) == ["x" * 42, "x" * 42, "x" * 16]


def test_long_sentence_becomes_several_cues_split_by_characters(tmp_path: Path) -> None:
    episode = make_episode(tmp_path, sidecars=False)
    long = TimedUtterance(LONG, LONG, 0, 1000, 11000)
    episode = dataclasses.replace(episode, utterances=(long,))
    result = cues(episode)
    assert len(result) >= 3
    assert all(len(cue.lines) <= 2 and all(len(x) <= 42 for x in cue.lines) for cue in result)
    assert result[0].start_ms == 1000 and result[-1].end_ms == 11000
    for before, after in itertools.pairwise(result):
        assert before.end_ms == after.start_ms
    # times follow the characters: each cue's share of the span is its share of the text
    total = sum(len(line) for cue in result for line in cue.lines)
    first = sum(len(line) for line in result[0].lines)
    assert abs((result[0].end_ms - 1000) - 10000 * first / total) <= 1
    assert " ".join(line for cue in result for line in cue.lines) == LONG


def test_side_cars_hold_the_written_text_at_the_real_times(tmp_path: Path) -> None:
    episode = make_episode(tmp_path)
    names = write_sidecars(episode, tmp_path)
    assert names == ("artikel-1.chapters.json", "artikel-1.vtt", "artikel-1.srt")
    chapters = json.loads((tmp_path / names[0]).read_text("utf-8"))
    assert chapters["version"] == "1.2.0"
    assert [c["title"] for c in chapters["chapters"]] == [c.title for c in episode.chapters]
    assert chapters["chapters"][1]["startTime"] == episode.chapters[1].start_ms / 1000
    vtt = (tmp_path / names[1]).read_text("utf-8")
    assert vtt.startswith("WEBVTT\n\n1\n00:00:00.000 --> 00:00:00.950\nBund und Länder streiten.")
    # the written sentence, escaped for WebVTT; never the normalised (lower-cased) text
    assert "Regeln &amp;\nschnelle Entscheidungen &lt;jetzt&gt;." in vtt
    assert "bund und länder" not in vtt
    timings = re.findall(r"(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})", vtt)
    assert len(timings) >= len(SENTENCES)
    subtitles = (tmp_path / names[2]).read_text("utf-8")
    assert subtitles.startswith(
        "1\n00:00:00,000 --> 00:00:00,950\nBund und Länder streiten.\n\n2\n"
    )
    assert "Regeln &\nschnelle Entscheidungen <jetzt>." in subtitles
    assert not list(tmp_path.glob("*.part"))


def test_vtt_is_understood_by_a_real_parser(tmp_path: Path) -> None:
    """ffmpeg's WebVTT demuxer reads every cue back (a real consumer, not our own parser)."""
    import subprocess

    import imageio_ffmpeg

    episode = make_episode(tmp_path)
    assert episode.files.transcript_vtt
    out = tmp_path / "back.srt"
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-loglevel", "error", "-i",
         str(tmp_path / episode.files.transcript_vtt), str(out)],
        check=True,
    )  # fmt: skip
    assert out.read_text("utf-8").count(" --> ") == webvtt(episode).count(" --> ")
    assert srt(episode).count(" --> ") == webvtt(episode).count(" --> ")
