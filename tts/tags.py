"""ID3 tags and chapters for the episode MP3. Only this module knows mutagen.

Chapters follow the ID3v2 Chapter Frame Addendum: one CHAP frame per section (with a TIT2
sub-frame holding its title) and one top-level, ordered CTOC frame listing them, which
Overcast, Apple Podcasts and others need before they show chapters at all. ffmpeg (ffprobe,
and the players and M4B converters built on it) ignores the CTOC and lists CHAP frames in the
order they stand in the file, so they must stand in time order too; mutagen sorts frames by
its own rule (size, then key) when it saves, so the tag is put in order after saving.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mutagen.id3 import (
    APIC,
    CHAP,
    COMM,
    CTOC,
    ID3,
    TALB,
    TCON,
    TDRC,
    TIT2,
    TLAN,
    TPE1,
    TSSE,
    WOAS,
    CTOCFlags,
    PictureType,
)
from mutagen.mp3 import MP3

from tts.article import Chapter
from tts.errors import OutputError

_NO_OFFSET = 0xFFFFFFFF  # "byte offsets not used" per the addendum; players seek by time
_LANGUAGE = "deu"  # ISO 639-2, as ID3 wants


@dataclass(frozen=True)
class Tags:
    title: str
    artist: str
    album: str
    date: str
    comment: str
    chapters: list[Chapter]
    source_url: str = ""
    cover_jpeg: bytes | None = None
    encoder: str = ""
    genre: str = "Podcast"


def write_tags(path: Path, tags: Tags) -> None:
    """Replace whatever tags the file has with ours (ID3v2.3: the version every player reads)."""
    MP3(path).delete()
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    if tags.artist:
        id3.add(TPE1(encoding=3, text=tags.artist))
    if tags.album:
        id3.add(TALB(encoding=3, text=tags.album))
    if tags.date:
        id3.add(TDRC(encoding=3, text=tags.date))
    id3.add(TLAN(encoding=3, text=_LANGUAGE))
    id3.add(TCON(encoding=3, text=tags.genre))
    if tags.encoder:
        id3.add(TSSE(encoding=3, text=tags.encoder))
    id3.add(COMM(encoding=3, lang=_LANGUAGE, desc="", text=tags.comment))
    if tags.source_url:
        id3.add(WOAS(url=tags.source_url))
    if tags.cover_jpeg:
        id3.add(
            APIC(
                encoding=3,
                mime="image/jpeg",
                type=PictureType.COVER_FRONT,
                desc="Cover",
                data=tags.cover_jpeg,
            )
        )
    _add_chapters(id3, tags.chapters)
    id3.update_to_v23()  # TDRC becomes TYER/TDAT: v2.3 players don't read v2.4's date frame
    id3.save(path, v2_version=3)
    if tags.chapters:
        _chapters_in_time_order(path)


def _add_chapters(id3: ID3, chapters: list[Chapter]) -> None:
    if not chapters:
        return
    chapters = sorted(chapters, key=lambda chapter: chapter.start_ms)
    ids = [f"chp{index}" for index in range(len(chapters))]
    id3.add(
        CTOC(
            element_id="toc",
            flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
            child_element_ids=ids,
            sub_frames=[TIT2(encoding=3, text="Kapitel")],
        )
    )
    for element_id, chapter in zip(ids, chapters, strict=True):
        id3.add(
            CHAP(
                element_id=element_id,
                start_time=chapter.start_ms,
                end_time=chapter.end_ms,
                start_offset=_NO_OFFSET,
                end_offset=_NO_OFFSET,
                sub_frames=[TIT2(encoding=3, text=chapter.title)],
            )
        )


def _chapters_in_time_order(path: Path) -> None:
    """Rewrite the saved tag in place, same size: the CTOC and the CHAP frames as one block
    (CTOC first, then the CHAPs by start time) where the first of them stood; every other
    frame keeps its place. ID3v2.3 frames: 4-byte id, 4-byte big-endian size, 2 flag bytes."""
    with path.open("r+b") as file:
        header = file.read(10)
        if header[:5] != b"ID3\x03\x00" or header[5] != 0:
            raise OutputError(f"{path}: unexpected ID3 header {header[:6]!r} after saving tags")
        size = sum(byte << (7 * (3 - index)) for index, byte in enumerate(header[6:10]))
        body = file.read(size)
        frames: list[bytes] = []
        offset = 0
        while offset + 10 <= len(body) and body[offset] != 0:
            end = offset + 10 + int.from_bytes(body[offset + 4 : offset + 8], "big")
            frames.append(body[offset:end])
            offset = end
        block = [frame for frame in frames if frame[:4] in (b"CTOC", b"CHAP")]
        block.sort(key=lambda frame: (frame[:4] == b"CHAP", _chap_start(frame)))
        first = next(index for index, frame in enumerate(frames) if frame in block)
        others = [frame for frame in frames if frame[:4] not in (b"CTOC", b"CHAP")]
        ordered = b"".join(others[:first] + block + others[first:])
        file.seek(10)
        file.write(ordered)


def _chap_start(frame: bytes) -> int:
    """A CHAP frame's start time (ms): after its null-terminated element id; 0 for a CTOC."""
    if frame[:4] != b"CHAP":
        return 0
    start = frame.index(b"\x00", 10) + 1
    return int.from_bytes(frame[start : start + 4], "big")


def read_chapters(path: Path) -> list[Chapter]:
    """The chapters as a player reads them: in CTOC order."""
    id3 = ID3(path)
    tocs = [frame for frame in id3.getall("CTOC") if frame.flags & CTOCFlags.TOP_LEVEL]
    chaps = {frame.element_id: frame for frame in id3.getall("CHAP")}
    order = (
        tocs[0].child_element_ids if tocs else sorted(chaps, key=lambda key: chaps[key].start_time)
    )
    return [
        Chapter(str(chaps[key].sub_frames["TIT2"]), chaps[key].start_time, chaps[key].end_time)
        for key in order
    ]
