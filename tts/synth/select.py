"""Which engine speaks: the Piper voice asked for, or espeak-ng when that voice cannot be had."""

from __future__ import annotations

from collections.abc import Callable

from tts.config import Settings
from tts.errors import VoiceNotFound
from tts.synth import Engine
from tts.voices import ProgressCallback, ensure_voice

Warn = Callable[[str], None]


def open_engine(
    settings: Settings, warn: Warn, download_progress: ProgressCallback | None = None
) -> Engine:
    """The engine for `settings`; a missing voice is downloaded, and when that fails too, the
    espeak-ng fallback speaks (with a warning) unless fallback is off.

    A voice that exists but is broken raises VoiceError: falling back silently would hide it.
    """
    if settings.engine == "espeak":
        from tts.synth.espeak import EspeakEngine

        return EspeakEngine()
    try:
        files = ensure_voice(
            settings.voice,
            settings.voices_dir,
            settings.voices_url,
            progress=download_progress,
            notify=warn,
            retry_delays=settings.retry_delays,
        )
    except VoiceNotFound as error:
        if not settings.fallback:
            raise VoiceNotFound(f"{error} (the espeak-ng fallback is off: --no-fallback)") from None
        warn(f"{error}. Falling back to the espeak-ng voice 'de', which sounds robotic.")
        from tts.synth.espeak import EspeakEngine

        return EspeakEngine()
    from tts.synth.piper import PiperEngine, Tuning

    tuning = Tuning(lanes=settings.lanes)
    return PiperEngine(files, settings.settings_for(files.name), tuning=tuning)
