"""The `tts` command: a thin typer layer over the library. Nothing else lives here.

All errors the user can fix are TTSError; they are turned into one line on stderr and a
non-zero exit code in exactly one place (_Group.invoke).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from tts import __version__
from tts.errors import TTSError


class _Group(TyperGroup):
    """The CLI's single error boundary."""

    def invoke(self, ctx: typer.Context) -> object:
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
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Turn German news articles into podcast-quality audio with a local Piper voice."""


def _lines_or_argument(text: str | None) -> list[str]:
    if text is not None:
        return [text]
    return sys.stdin.read().split("\n")


@app.command()
def normalize(
    text: Annotated[str | None, typer.Argument(help="Text to normalise; without it, stdin.")] = None,
    lexicon: Annotated[
        Path | None, typer.Option(help="User lexicon (TSV: word, replacement or [[ phonemes ]]).")
    ] = None,
) -> None:
    """Print the spoken form of German text: one output line per input line."""
    from tts.normalize import normalize as normalize_text

    lines = _lines_or_argument(text)
    if text is None and lines and lines[-1] == "":
        lines.pop()
    for line in lines:
        typer.echo(normalize_text(line))


@app.command()
def split(
    text: Annotated[str | None, typer.Argument(help="Paragraph to split; without it, stdin.")] = None,
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
        console_progress,
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
        with console_progress() as progress:
            download_voice(entry, voices_dir, progress=progress)
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


def main() -> None:
    app()
