"""Real episodes for the publishing tests: an MP3 made by ffmpeg and the Episode describing it."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import imageio_ffmpeg

from tts.article import Chapter, Episode, EpisodeFiles, TimedUtterance
from tts.publish.transcript import write_sidecars

TRICKY_TITLE = "Bund & Länder <streiten> über \"Tempo 30\" 🚗 – 'endlich'"

SENTENCES = (
    "Bund und Länder streiten.",
    "Die Verkehrsminister treffen sich am Montag in Berlin, um über ein Tempolimit zu sprechen.",
    "Ein Kompromiss ist nicht in Sicht.",
    "Zweiter Teil.",
    "Die Opposition fordert klare Regeln & schnelle Entscheidungen <jetzt>.",
    "Das ist das Ende.",
)


def make_mp3(path: Path, seconds: float) -> None:
    """A sine tone encoded as MP3 by the real ffmpeg, like the pipeline's output."""
    command = [
        imageio_ffmpeg.get_ffmpeg_exe(),
        "-nostdin", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
        "-ac", "1", "-ar", "22050", "-codec:a", "libmp3lame", "-b:a", "32k",
        str(path),
    ]  # fmt: skip
    subprocess.run(command, check=True)


def make_episode(
    output_dir: Path,
    number: int = 1,
    *,
    title: str | None = None,
    seconds: float = 6.0,
    sidecars: bool = True,
    licence: str = "de_DE-test-medium (Piper): CC BY 4.0 (dataset: https://example.org/voice)",
) -> Episode:
    """An episode with a real MP3 of `seconds`, six sentences in two chapters, and its side-cars."""
    output_dir.mkdir(parents=True, exist_ok=True)
    slug = f"artikel-{number}"
    audio = output_dir / f"{slug}.mp3"
    make_mp3(audio, seconds)
    total = round(seconds * 1000)
    step = total // len(SENTENCES)
    utterances = tuple(
        TimedUtterance(
            text=sentence.lower(),
            written=sentence,
            section_index=0 if index < 3 else 1,
            start_ms=index * step,
            end_ms=(index + 1) * step - 50,
        )
        for index, sentence in enumerate(SENTENCES)
    )
    the_title = title or f"Artikel Nummer {number}"
    chapters = (Chapter(the_title, 0, 3 * step), Chapter("Zweiter Teil", 3 * step, total))
    episode_id = hashlib.sha256(f"url:https://example.org/{number}".encode()).hexdigest()[:16]
    episode = Episode(
        id=episode_id,
        identity=f"url:https://example.org/{number}",
        slug=slug,
        title=the_title,
        files=EpisodeFiles(audio=audio.name, metadata=f"{slug}.json"),
        duration_ms=total,
        chapters=chapters,
        utterances=utterances,
        voice="de_DE-test-medium",
        engine="piper",
        voice_licence=licence,
        input_sha256="0" * 64,
        fingerprint="1" * 64,
        produced_at=f"2026-12-0{number}T10:00:00+00:00",
        published=f"2026-11-2{number}T08:30:00+01:00",
        description=f"Worum es in Artikel {number} geht & warum.",
        author="Erika Mustermann",
        site="Beispiel-Zeitung",
        url=f"https://example.org/{number}",
    )
    if not sidecars:
        return episode
    chapters_name, vtt, srt = write_sidecars(episode, output_dir)
    files = EpisodeFiles(
        audio=audio.name,
        metadata=f"{slug}.json",
        chapters=chapters_name,
        transcript_vtt=vtt,
        transcript_srt=srt,
    )
    return Episode(**{**episode.__dict__, "files": files})
