"""Settings from tts.toml, overridden by CLI flags. Plain frozen dataclasses, no globals.

Every table in tts.toml maps to one dataclass below; unknown keys are errors, so a typo
never silently does nothing.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

from tts.errors import ConfigError
from tts.segment import Pauses

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_VOICE = "de_DE-thorsten-medium"
CONFIG_FILE = "tts.toml"


@dataclass(frozen=True)
class VoiceSettings:
    """How a voice speaks; kept per voice because each voice has its own best tuning."""

    speaker: str | int | None = None
    length_scale: float | None = None
    noise_scale: float | None = None
    noise_w_scale: float | None = None
    sentence_silence: float = 0.0


@dataclass(frozen=True)
class AudioSettings:
    """Podcast loudness standard (-16 LUFS, -1 dBTP) and a widely playable MP3."""

    loudness_lufs: float = -16.0
    true_peak_dbtp: float = -1.0
    sample_rate: int = 44100
    bitrate: str = "64k"
    fade_ms: int = 8
    highpass_hz: float = 60.0


@dataclass(frozen=True)
class Settings:
    voice: str = DEFAULT_VOICE
    engine: str = "piper"
    fallback: bool = True
    voices_dir: Path = Path("voices")
    output_dir: Path = Path("output")
    cache_dir: Path | None = None
    lexicon: Path | None = None
    author: str = ""
    site: str = ""
    cover: Path | None = None
    # Spoken templates (tts/announce.py); "" switches one off. Each line is read on its own.
    intro: str = "{kicker}\n{title}"
    outro: str = "Dieser Text wurde von einer künstlichen Stimme vorgelesen. Quelle: {source}."
    intro_jingle: Path | None = None
    outro_jingle: Path | None = None
    jingle_gap_ms: int = 500
    fetch_timeout: float = 20.0
    pauses: Pauses = field(default_factory=Pauses)
    audio: AudioSettings = field(default_factory=AudioSettings)
    voice_settings: dict[str, VoiceSettings] = field(default_factory=dict)

    def settings_for(self, voice: str) -> VoiceSettings:
        return self.voice_settings.get(voice, VoiceSettings())

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with the given fields replaced; None means 'not given on the command line'."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


T = TypeVar("T")


def _build(cls: type[T], table: dict[str, Any], where: str) -> T:
    known = {f.name: f for f in fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise ConfigError(f"{where}: unknown setting {unknown[0]!r}; known: {', '.join(known)}")
    values: dict[str, Any] = {}
    for name, value in table.items():
        default = getattr(cls(), name)
        if isinstance(default, bool) and not isinstance(value, bool):
            raise ConfigError(f"{where}: {name} must be true or false, not {value!r}")
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if isinstance(default, int | float) and not isinstance(default, bool) and not is_number:
            raise ConfigError(f"{where}: {name} must be a number, not {value!r}")
        values[name] = value
    return cls(**values)


def load_settings(path: Path | None = None) -> Settings:
    """Settings from `path`, or from ./tts.toml when it exists, else the defaults.

    TTS_VOICES_DIR overrides where voices live (tests and mirrors use it).
    """
    explicit = path is not None
    path = path or Path(CONFIG_FILE)
    data: dict[str, Any] = {}
    if path.exists() or explicit:
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: config file not found") from None
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: cannot read config: {error}") from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: not valid TOML: {error}") from None
    settings = _settings_from_dict(data, path)
    env_dir = os.environ.get("TTS_VOICES_DIR")
    if env_dir:
        settings = dataclasses.replace(settings, voices_dir=Path(env_dir))
    return settings


def _number(table: dict[str, Any], name: str, default: T, path: Path, kind: type[T]) -> T:
    """A non-negative number from [episode], or an error naming the setting."""
    value = table.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ConfigError(f"{path} [episode]: {name} must be a number >= 0, not {value!r}")
    return kind(value)  # type: ignore[call-arg]


def _settings_from_dict(data: dict[str, Any], path: Path) -> Settings:
    base = path.parent
    voice = dict(data.get("voice", {}))
    episode = dict(data.get("episode", {}))
    unknown_tables = sorted(set(data) - {"voice", "voices", "episode", "pauses", "audio"})
    if unknown_tables:
        raise ConfigError(
            f"{path}: unknown table [{unknown_tables[0]}]; "
            "known: [voice], [voices.NAME], [episode], [pauses], [audio]"
        )
    per_voice = {
        name: _build(VoiceSettings, table, f"{path} [voices.{name}]")
        for name, table in data.get("voices", {}).items()
    }

    def as_path(value: Any) -> Path | None:
        return None if value in (None, "") else base / Path(str(value))

    known_voice = {"name", "engine", "fallback", "dir"}
    known_episode = {
        "output_dir",
        "cache_dir",
        "lexicon",
        "author",
        "site",
        "cover",
        "intro",
        "outro",
        "intro_jingle",
        "outro_jingle",
        "jingle_gap_ms",
        "fetch_timeout",
    }
    for table, known, label in ((voice, known_voice, "voice"), (episode, known_episode, "episode")):
        extra = sorted(set(table) - known)
        if extra:
            raise ConfigError(
                f"{path} [{label}]: unknown setting {extra[0]!r}; known: {', '.join(sorted(known))}"
            )
    engine = voice.get("engine", "piper")
    if engine not in ("piper", "espeak"):
        raise ConfigError(f"{path} [voice]: engine must be 'piper' or 'espeak', not {engine!r}")
    defaults = Settings()
    return Settings(
        voice=str(voice.get("name", DEFAULT_VOICE)),
        engine=engine,
        fallback=bool(voice.get("fallback", True)),
        voices_dir=as_path(voice.get("dir")) or defaults.voices_dir,
        output_dir=as_path(episode.get("output_dir")) or defaults.output_dir,
        cache_dir=as_path(episode.get("cache_dir")),
        lexicon=as_path(episode.get("lexicon")),
        author=str(episode.get("author", "")),
        site=str(episode.get("site", "")),
        cover=as_path(episode.get("cover")),
        intro=str(episode.get("intro", defaults.intro)),
        outro=str(episode.get("outro", defaults.outro)),
        intro_jingle=as_path(episode.get("intro_jingle")),
        outro_jingle=as_path(episode.get("outro_jingle")),
        jingle_gap_ms=_number(episode, "jingle_gap_ms", defaults.jingle_gap_ms, path, int),
        fetch_timeout=_number(episode, "fetch_timeout", defaults.fetch_timeout, path, float),
        pauses=_build(Pauses, data.get("pauses", {}), f"{path} [pauses]"),
        audio=_build(AudioSettings, data.get("audio", {}), f"{path} [audio]"),
        voice_settings=per_voice,
    )
