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


def main() -> None:
    app()
