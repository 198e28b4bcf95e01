"""The `tts` command: a thin typer layer over the library. Nothing else lives here.

All errors the user can fix are TTSError; they are turned into one line on stderr and a
non-zero exit code in exactly one place (_Group.invoke).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from tts import __version__
from tts.errors import TTSError

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from tts.article import Script
    from tts.config import Settings


class _Group(TyperGroup):
    """The CLI's single error boundary."""

    def invoke(self, ctx: typer.Context) -> object:  # type: ignore[override]  # vendored click
        try:
            return super().invoke(ctx)
        except TTSError as error:
            typer.echo(f"Error: {error}", err=True)
            raise typer.Exit(code=1) from None


app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    help="Turn German news articles into podcast-quality audio with a local Piper voice.",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tts (artikel-tts) {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Turn German news articles into podcast-quality audio with a local Piper voice."""


def _lines_or_argument(text: str | None) -> list[str]:
    if text is not None:
        return [text]
    return sys.stdin.read().split("\n")


@app.command()
def normalize(
    text: Annotated[
        str | None, typer.Argument(help="Text to normalise; without it, stdin.")
    ] = None,
    lexicon: Annotated[
        Path | None, typer.Option(help="User lexicon (TSV: word, replacement or [[ phonemes ]]).")
    ] = None,
) -> None:
    """Print the spoken form of German text: one output line per input line."""
    from tts.normalize import Lexicon, Normalizer

    normalize_text = Normalizer(Lexicon.load(lexicon) if lexicon else None)
    lines = _lines_or_argument(text)
    if text is None and lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        typer.echo(normalize_text(line))


@app.command()
def split(
    text: Annotated[
        str | None, typer.Argument(help="Paragraph to split; without it, stdin.")
    ] = None,
) -> None:
    """Print one German sentence per line, nothing else."""
    from tts.segment import split_sentences

    paragraph = text if text is not None else sys.stdin.read()
    for sentence in split_sentences(paragraph):
        typer.echo(sentence)


voices_app = typer.Typer(
    no_args_is_help=True, help="Piper voices: the catalogue, verified downloads, details."
)
app.add_typer(voices_app, name="voices")


def _voices_dir() -> Path:
    from tts.config import load_settings

    return load_settings().voices_dir


def _note(message: str | None) -> None:
    if message:
        typer.echo(f"Note: {message}", err=True)


@voices_app.command("list")
def voices_list(
    language: Annotated[
        str | None, typer.Option("--language", "-l", help="Only this language: de, de_DE.")
    ] = None,
    installed: Annotated[
        bool, typer.Option("--installed", help="Only installed voices (no network needed).")
    ] = False,
) -> None:
    """List voices with language, quality, size; offline, from the cached catalogue."""
    from tts.voices import cached_catalogue, load_catalogue
    from tts.voices.listing import format_rows, voice_rows

    voices_dir = _voices_dir()
    catalogue = cached_catalogue(voices_dir) if installed else load_catalogue(voices_dir)
    _note(catalogue.note if catalogue else None)
    rows = voice_rows(voices_dir, catalogue, language, installed_only=installed)
    if rows:
        typer.echo(format_rows(rows))
    elif installed:
        typer.echo(f"No voices installed in {voices_dir}; get one with `tts voices download NAME`.")
    else:
        typer.echo(f"No voices for language {language!r} in the catalogue.")


@voices_app.command("download")
def voices_download(
    names: Annotated[list[str], typer.Argument(help="Voice names, e.g. de_DE-thorsten-medium.")],
) -> None:
    """Download voices, verified against the catalogue; an interrupted download resumes."""
    from tts.voices import (
        download_voice,
        ensure_writable,
        is_installed,
        load_catalogue,
    )

    voices_dir = _voices_dir()
    ensure_writable(voices_dir)
    catalogue = load_catalogue(voices_dir)
    _note(catalogue.note)
    entries = [catalogue.entry(name) for name in names]  # every name checked before any download
    for entry in entries:
        if is_installed(entry.key, voices_dir):
            typer.echo(f"{entry.key}: already installed in {voices_dir}")
            continue
        with _progress() as bars:
            download_voice(entry, voices_dir, progress=bars.download)
        typer.echo(f"{entry.key}: installed in {voices_dir}")


@voices_app.command("remove")
def voices_remove(
    names: Annotated[list[str], typer.Argument(help="Installed voice names.")],
) -> None:
    """Delete installed voices (and unfinished downloads of them)."""
    from tts.voices import remove_voice

    voices_dir = _voices_dir()
    for name in names:
        removed = remove_voice(name, voices_dir)
        typer.echo(f"{name}: removed {len(removed)} files from {voices_dir}")


@voices_app.command("info")
def voices_info(
    name: Annotated[str, typer.Argument(help="Voice name, or path to a .onnx voice.")],
) -> None:
    """Show a voice: language, quality, sample rate, speakers (to pick one), license, model card."""
    from tts.voices import cached_catalogue, is_installed, load_catalogue
    from tts.voices.listing import voice_info
    from tts.voices.local import is_voice_path

    voices_dir = _voices_dir()
    if is_voice_path(name):
        voices_dir, name = Path(name).parent, Path(name).name.removesuffix(".onnx")
    catalogue = cached_catalogue(voices_dir)
    if not is_installed(name, voices_dir) and (catalogue is None or catalogue.get(name) is None):
        catalogue = load_catalogue(voices_dir)  # perhaps a voice newer than the cached catalogue
        _note(catalogue.note)
    typer.echo(voice_info(name, voices_dir, catalogue))


ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="Settings file (default: ./tts.toml when present).")
]
ArticleArgument = Annotated[
    str,
    typer.Argument(
        help="The article: an .html, .md or .txt file, - for stdin, or an http(s) URL.",
        show_default=False,
    ),
]
LexiconOption = Annotated[
    Path | None,
    typer.Option(
        help="User lexicon (TSV: word, replacement or [[ phonemes ]]); overrides tts.toml."
    ),
]
FormatOption = Annotated[
    str | None,
    typer.Option("--format", help="html, markdown or text [default: from extension or content]."),
]


def _warn(message: str) -> None:
    typer.echo(f"Warning: {message}", err=True)


@app.command()
def script(
    article: ArticleArgument,
    spoken: Annotated[
        bool, typer.Option("--spoken", help="Show the spoken (normalised) form.")
    ] = False,
    config: ConfigOption = None,
    fmt: FormatOption = None,
    lexicon: LexiconOption = None,
) -> None:
    """Print what will be read, without synthesising: '## chapter' lines, one utterance per line."""
    from tts.config import load_settings
    from tts.episode import build_script
    from tts.ingest import read_article

    settings = load_settings(config).with_overrides(lexicon=lexicon)
    parsed, _ = read_article(article, fmt, timeout=settings.fetch_timeout)
    for line in _script_lines(build_script(parsed, settings), spoken):
        typer.echo(line)


def _script_lines(script: Script, spoken: bool) -> list[str]:
    lines: list[str] = []
    section = -1
    for utterance in script.utterances:
        if utterance.section_index != section:
            section = utterance.section_index
            lines.append(f"## {script.chapter_titles[section]}")
        lines.append(utterance.text if spoken else utterance.written)
    return lines


@app.command()
def synth(
    article: ArticleArgument,
    output_dir: Annotated[
        Path | None,
        typer.Option("--output-dir", "-o", help="Where the episode goes [default: output]."),
    ] = None,
    voice: Annotated[
        str | None,
        typer.Option(help="Piper voice: a name in the voices directory, or a .onnx path."),
    ] = None,
    engine: Annotated[str | None, typer.Option(help="piper (default) or espeak.")] = None,
    no_fallback: Annotated[
        bool, typer.Option("--no-fallback", help="Fail instead of falling back to espeak-ng.")
    ] = False,
    speaker: Annotated[
        str | None, typer.Option(help="Speaker of a multi-speaker voice (name or number).")
    ] = None,
    length_scale: Annotated[
        float | None, typer.Option("--length-scale", help="Speaking pace: >1 slower, <1 faster.")
    ] = None,
    noise_scale: Annotated[
        float | None, typer.Option("--noise-scale", help="Voice variation.")
    ] = None,
    noise_w_scale: Annotated[
        float | None, typer.Option("--noise-w-scale", help="Rhythm variation.")
    ] = None,
    sentence_silence: Annotated[
        float | None, typer.Option("--sentence-silence", help="Extra seconds after each sentence.")
    ] = None,
    config: ConfigOption = None,
    fmt: FormatOption = None,
    lexicon: LexiconOption = None,
) -> None:
    """Read an article aloud: OUTPUT/<slug>.mp3 with chapters, and OUTPUT/<slug>.json."""
    from tts.config import load_settings
    from tts.cover import cover_art
    from tts.episode import build_script, make_episode
    from tts.ingest import read_article
    from tts.synth.select import open_engine

    if engine not in (None, "piper", "espeak"):
        raise typer.BadParameter(f"{engine!r}: choose piper or espeak", param_hint="--engine")
    settings = load_settings(config).with_overrides(
        output_dir=output_dir,
        voice=voice,
        engine=engine,
        fallback=False if no_fallback else None,
        lexicon=lexicon,
    )
    settings = _with_voice_flags(
        settings, speaker, length_scale, noise_scale, noise_w_scale, sentence_silence
    )
    parsed, source = read_article(article, fmt, timeout=settings.fetch_timeout)
    spoken = build_script(parsed, settings)
    cover = cover_art(parsed, settings, _warn)
    with _progress() as progress:
        chosen = open_engine(settings, _warn, download_progress=progress.download)
        episode = make_episode(
            parsed,
            source,
            spoken,
            chosen,
            settings,
            advance=progress.start(len(spoken.utterances)),
            cover_jpeg=cover,
        )
    minutes, seconds = divmod(round(episode.duration_ms / 1000), 60)
    typer.echo(
        f"{episode.audio_path} ({minutes}:{seconds:02d}, {len(episode.chapters)} chapters, "
        f"{episode.engine} voice {episode.voice})"
    )


def _with_voice_flags(settings: Settings, *flags: object) -> Settings:
    import dataclasses

    names = ("speaker", "length_scale", "noise_scale", "noise_w_scale", "sentence_silence")
    given: dict[str, Any] = {
        name: value for name, value in zip(names, flags, strict=True) if value is not None
    }
    if not given:
        return settings
    tuned = dataclasses.replace(settings.settings_for(_voice_key(settings.voice)), **given)
    per_voice = {**settings.voice_settings, _voice_key(settings.voice): tuned}
    return dataclasses.replace(settings, voice_settings=per_voice)


def _voice_key(voice: str) -> str:
    return Path(voice).name.removesuffix(".onnx")


@dataclass
class _Bars:
    """One progress display on stderr for a whole run: voice download, then synthesis."""

    bars: Progress
    downloads: dict[str, TaskID]

    def download(self, name: str, done: int, total: int) -> None:
        if name not in self.downloads:
            self.downloads[name] = self.bars.add_task(f"Downloading voice {name}", total=total)
        self.bars.update(self.downloads[name], completed=done, total=total)

    def start(self, total: int) -> Callable[[int], None]:
        task = self.bars.add_task("Synthesising", total=total)
        return lambda count: self.bars.advance(task, count)


@contextmanager
def _progress() -> Iterator[_Bars]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(
        *columns, console=console, transient=True, disable=not console.is_terminal
    ) as bars:
        yield _Bars(bars, {})


def main() -> None:
    app()
