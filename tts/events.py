"""Progress and warnings as small typed events: the library never prints.

The CLI turns events into progress bars and warnings; a batch runner or a web server can turn
them into log lines or server-sent events. One sink, passed once to the library call, instead
of callbacks threaded through every function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

STAGES = (
    "voice",  # opening or loading the voice
    "download",  # downloading a voice: done/total bytes
    "script",  # reading and normalising the article
    "synthesis",  # done/total utterances
    "assembly",  # done/total clips joined
    "levelling",  # loudness and true-peak limiting
    "encoding",  # the MP3 encoder
    "writing",  # tags, side-car files, catalogue
    "warning",  # something the user should know; the run goes on
    "done",  # the episode is finished (message: its audio file)
)


@dataclass(frozen=True)
class Event:
    """One step of progress: `done` of `total` units of `stage` (total 0: not countable)."""

    stage: str
    done: int = 0
    total: int = 0
    message: str = ""


EventSink = Callable[[Event], None]


def ignore(event: Event) -> None:
    """The default sink: a library caller that wants no progress gets none."""
