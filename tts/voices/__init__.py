"""Piper voices: where they live, the official catalogue, verified and resumable downloads.

The synth pipeline needs one call: `ensure_voice(name_or_path, voices_dir)` returns an
installed voice, downloading a catalogue voice first when it is missing.
"""

from tts.voices.catalogue import (
    CATALOGUE_FILE,
    DEFAULT_VOICES_URL,
    Catalogue,
    VoiceEntry,
    cached_catalogue,
    load_catalogue,
    voices_url,
)
from tts.voices.download import (
    Notify,
    ProgressCallback,
    download_voice,
    ensure_voice,
    ensure_writable,
)
from tts.voices.local import (
    VoiceFiles,
    find_voice,
    installed_names,
    is_installed,
    read_config,
    remove_voice,
)

__all__ = [
    "CATALOGUE_FILE",
    "DEFAULT_VOICES_URL",
    "Catalogue",
    "Notify",
    "ProgressCallback",
    "VoiceEntry",
    "VoiceFiles",
    "cached_catalogue",
    "download_voice",
    "ensure_voice",
    "ensure_writable",
    "find_voice",
    "installed_names",
    "is_installed",
    "load_catalogue",
    "read_config",
    "remove_voice",
    "voices_url",
]
