"""artikel-tts: German news articles to podcast-quality audio, locally.

    import tts
    settings = tts.load_settings("tts.toml")      # or tts.Settings() for the defaults
    result = tts.produce("artikel.html", settings, on_event=print)
    print(result.episode.files.audio, result.status)

The names below are the public API. They are imported on first use, so that `tts --help`
and `tts normalize` start without loading the audio and voice stack.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Article": "tts.article",
    "Section": "tts.article",
    "Script": "tts.article",
    "Chapter": "tts.article",
    "Episode": "tts.article",
    "EpisodeFiles": "tts.article",
    "Settings": "tts.config",
    "load_settings": "tts.config",
    "Event": "tts.events",
    "EventSink": "tts.events",
    "TTSError": "tts.errors",
    "produce": "tts.pipeline",
    "prepare": "tts.pipeline",
    "Prepared": "tts.pipeline",
    "Result": "tts.pipeline",
    "read_episode": "tts.episode",
}

__all__ = [
    "Article",
    "Chapter",
    "Episode",
    "EpisodeFiles",
    "Event",
    "EventSink",
    "Prepared",
    "Result",
    "Script",
    "Section",
    "Settings",
    "TTSError",
    "__version__",
    "load_settings",
    "prepare",
    "produce",
    "read_episode",
]

if TYPE_CHECKING:
    from tts.article import Article, Chapter, Episode, EpisodeFiles, Script, Section
    from tts.config import Settings, load_settings
    from tts.episode import read_episode
    from tts.errors import TTSError
    from tts.events import Event, EventSink
    from tts.pipeline import Prepared, Result, prepare, produce


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'tts' has no attribute {name!r}")
