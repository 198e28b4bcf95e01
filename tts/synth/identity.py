"""What a voice is, for cache keys and episode fingerprints, known without loading the voice.

An unchanged episode is recognised from its fingerprint, which includes the voice's identity;
computing that identity from the files and settings alone (no onnxruntime session, no model
in memory) lets `produce` skip the voice load when there is nothing to do.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from tts.config import Settings, VoiceSettings
from tts.errors import VoiceError
from tts.voices import VoiceFiles, find_voice


def model_checksum(model: Path) -> str:
    """sha256 of the model: the cache key must change when the voice file does (about 0.1 s
    for a 60 MB medium voice). Hashed once per process: remembered by path, size and mtime."""
    status = model.stat()
    return _checksum(model.resolve(), status.st_size, status.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _checksum(model: Path, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with model.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def piper_identity(files: VoiceFiles, settings: VoiceSettings) -> str:
    """A Piper voice as `settings` make it speak: model and config checksums, speaker, scales."""
    return "|".join(
        str(part)
        for part in (
            "piper",
            model_checksum(files.model),
            hashlib.sha256(files.config.read_bytes()).hexdigest(),
            settings.speaker,
            settings.length_scale,
            settings.noise_scale,
            settings.noise_w_scale,
        )
    )


def known_identity(settings: Settings) -> str | None:
    """The identity of the engine `open_engine(settings)` would open, when it can be known
    without opening it: a Piper voice that is installed. None when a download or the
    fallback would decide (then the engine is opened and asked)."""
    if settings.engine == "espeak":
        return None
    try:
        files = find_voice(settings.voice, settings.voices_dir)
        return piper_identity(files, settings.settings_for(files.name))
    except (VoiceError, OSError):  # missing or unreadable: opening the voice says what is wrong
        return None
