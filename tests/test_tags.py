"""ID3 tags and chapters: written, saved, read back as a player reads them."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3, CTOCFlags
from PIL import Image

from tts import audio
from tts.article import Chapter
from tts.config import AudioSettings
from tts.tags import Tags, read_chapters, write_tags

CHAPTERS = [Chapter("Die Überschrift", 0, 1500), Chapter("Zweites Kapitel", 1500, 3000)]


@pytest.fixture()
def mp3(tmp_path: Path) -> Path:
    rate = 22050
    t = np.arange(rate * 3) / rate
    samples = (0.2 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    assembled = audio.Assembled(samples, rate, [(0, 3000)])
    path = tmp_path / "folge.mp3"
    audio._encode(assembled.samples, rate, path, AudioSettings())
    return path


def cover() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def tags(**changes: object) -> Tags:
    values: dict[str, object] = {
        "title": "Kim kündigt Gegenmaßnahmen an",
        "artist": "Erika Musterfrau",
        "album": "beispiel.de",
        "date": "2026-11-26",
        "comment": "Quelle: beispiel.de. Von einer künstlichen Stimme vorgelesen.",
        "chapters": CHAPTERS,
    }
    values.update(changes)
    return Tags(**values)  # type: ignore[arg-type]


def test_round_trip_text_frames(mp3: Path) -> None:
    write_tags(mp3, tags(source_url="https://beispiel.de/a", cover_jpeg=cover()))
    id3 = ID3(mp3)
    assert id3.version == (2, 3, 0)
    assert str(id3["TIT2"]) == "Kim kündigt Gegenmaßnahmen an"
    assert str(id3["TPE1"]) == "Erika Musterfrau"
    assert str(id3["TALB"]) == "beispiel.de"
    assert str(id3["TLAN"]) == "deu"
    assert str(id3["TDRC"]) == "2026-11-26"
    raw = ID3(mp3, translate=False)  # as stored: v2.3's own date frames
    assert (str(raw["TYER"]), str(raw["TDAT"])) == ("2026", "2611")
    comment = id3.getall("COMM")[0]
    assert (comment.lang, comment.text[0]) == ("deu", tags().comment)
    assert id3["WOAS"].url == "https://beispiel.de/a"
    picture = id3.getall("APIC")[0]
    assert (picture.mime, picture.type, picture.data) == ("image/jpeg", 3, cover())


def test_round_trip_chapters_with_ordered_top_level_toc(mp3: Path) -> None:
    write_tags(mp3, tags())
    id3 = ID3(mp3)
    (toc,) = id3.getall("CTOC")
    assert toc.flags == CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED
    assert toc.child_element_ids == ["chp0", "chp1"]
    chap = id3["CHAP:chp1"]
    assert (chap.start_time, chap.end_time) == (1500, 3000)
    assert str(chap.sub_frames["TIT2"]) == "Zweites Kapitel"
    assert read_chapters(mp3) == CHAPTERS


def test_rewriting_replaces_instead_of_adding(mp3: Path) -> None:
    write_tags(mp3, tags())
    write_tags(mp3, tags(title="Neu", chapters=CHAPTERS[:1]))
    id3 = ID3(mp3)
    assert id3.getall("TIT2")[0].text == ["Neu"]
    assert len(id3.getall("CHAP")) == 1
    assert read_chapters(mp3) == CHAPTERS[:1]


def test_ffmpeg_reads_the_chapters(mp3: Path) -> None:
    write_tags(mp3, tags())
    probe = subprocess.run(
        [audio.ffmpeg_exe(), "-hide_banner", "-i", str(mp3)], capture_output=True, text=True
    )
    assert "Chapter #0:0: start 0.000000, end 1.500000" in probe.stderr
    assert "Chapter #0:1: start 1.500000, end 3.000000" in probe.stderr
    assert probe.stderr.count("title           : Zweites Kapitel") == 1
