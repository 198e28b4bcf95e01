"""A download progress bar on stderr (rich, which typer brings along) for the CLI.

The library only calls a ProgressCallback; this turns those calls into one bar per voice.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tts.voices.download import ProgressCallback


@contextmanager
def console_progress() -> Iterator[ProgressCallback]:
    """A ProgressCallback drawing a bar per voice on stderr (when it is a terminal)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    tasks: dict[str, int] = {}
    console = Console(stderr=True)
    # In logs and pipes a redrawn bar is only noise; the result line on stdout says enough.
    with Progress(*columns, console=console, disable=not console.is_terminal) as bar:

        def update(name: str, done: int, total: int) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(name, total=total)
            bar.update(tasks[name], completed=done, total=total)

        yield update
