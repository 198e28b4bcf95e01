"""One exception family: everything the user can fix is a TTSError.

The CLI catches TTSError at a single boundary and prints its message on one line;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class TTSError(Exception):
    """A problem the user can fix; the message names the file and the fix."""

    exit_code = 1  # what the CLI exits with; 2 for a command that was used wrongly


class InputError(TTSError):
    """The article cannot be read or holds nothing to read aloud."""


class OutputError(TTSError):
    """The episode cannot be written where it should go."""


class ConfigError(TTSError):
    """tts.toml or a flag holds a value we cannot use."""


class VoiceError(TTSError):
    """A voice exists but cannot be used (broken model, bad config)."""


class VoiceNotFound(VoiceError):
    """No such voice on disk (and it could not be fetched): the engine may fall back."""


class DownloadError(TTSError):
    """A voice or catalogue could not be fetched or verified."""


class NetworkError(DownloadError):
    """The server could not be reached, or kept failing: nothing is wrong with the voice."""
