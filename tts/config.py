"""Settings from tts.toml, the environment and command-line flags: frozen dataclasses, no globals.

Every key is declared once in RULES with its type and allowed range. A value is checked when
the settings are loaded (or a flag overrides it), before anything is read or synthesised, and a
wrong one is one line naming the file, the table, the key, the value and what is allowed.
Unknown keys are errors too, so a typo never silently does nothing.

The environment is read here and nowhere else, once, by load_settings: TTS_VOICES_DIR,
TTS_VOICES_URL, TTS_CACHE_DIR (else $XDG_CACHE_HOME/artikel-tts, else ~/.cache/artikel-tts).
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from tts.errors import ConfigError
from tts.segment import Pauses

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_VOICE = "de_DE-thorsten-medium"
DEFAULT_VOICES_URL = "https://huggingface.co/rhasspy/piper-voices/resolve/main"
CONFIG_FILE = "tts.toml"
BITRATES = ("32k", "40k", "48k", "56k", "64k", "80k", "96k", "112k", "128k", "160k", "192k")
SAMPLE_RATES = (16000, 22050, 24000, 32000, 44100, 48000)


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
class Rule:
    """What one setting may hold: its kind, a range or the allowed choices, and its unit."""

    kind: str  # bool, int, number, text, path, choice, speaker, size, delays
    low: float | None = None
    high: float | None = None
    choices: tuple[object, ...] = ()
    unit: str = ""

    def allowed(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        if self.choices:
            return "one of " + ", ".join(str(choice) for choice in self.choices)
        if self.low is not None and self.high is not None:
            return f"a number from {_number(self.low)} to {_number(self.high)}{unit}"
        return {
            "bool": "true or false",
            "text": "a string",
            "path": "a file or directory path (a string)",
            "speaker": "a speaker name or number",
            "size": "a size such as 2GB, 500MB or a number of bytes",
            "delays": "a list of seconds, each from 0 to 600",
        }.get(self.kind, self.kind)

    def check(self, value: object, where: str) -> Any:
        """The value converted to its setting's type; ConfigError saying what is allowed."""
        converted = self._converted(value)
        if converted is _WRONG:
            allowed = self.allowed()
            raise ConfigError(f"{where} = {_shown(value)} is not allowed; allowed: {allowed}")
        return converted

    def _converted(self, value: object) -> Any:
        if self.kind == "bool":
            return value if isinstance(value, bool) else _WRONG
        if self.kind in ("text", "path"):
            return value if isinstance(value, str) else _WRONG
        if self.kind == "choice":
            same_type = type(value) is type(self.choices[0])
            return value if same_type and value in self.choices else _WRONG
        if self.kind == "speaker":
            ok = isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
            return value if ok else _WRONG
        if self.kind == "size":
            return _size(value)
        if self.kind == "delays":
            if not isinstance(value, list | tuple) or len(value) > 10:
                return _WRONG
            delays = [_in_range(item, 0, 600) for item in value]
            return _WRONG if _WRONG in delays else tuple(float(item) for item in delays)
        number = _in_range(value, self.low, self.high)
        if number is _WRONG or (self.kind == "int" and number != int(number)):
            return _WRONG
        return int(number) if self.kind == "int" else float(number)


_WRONG: Any = object()


def _in_range(value: object, low: float | None, high: float | None) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return _WRONG
    if (low is not None and value < low) or (high is not None and value > high):
        return _WRONG
    return value


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", re.IGNORECASE)


def _size(value: object) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    match = _SIZE.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return _WRONG
    power = " kmgt".index(match.group(2).lower() or " ")
    return int(float(match.group(1)) * 1024**power)


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _shown(value: object) -> str:
    """A value as it is written in TOML."""
    if isinstance(value, str):
        return f'"{value}"'
    return str(value).lower() if isinstance(value, bool) else str(value)


_PAUSE = Rule("int", 0, 10_000, unit="ms")
RULES: dict[str, dict[str, Rule]] = {
    "voice": {
        "name": Rule("text"),
        "engine": Rule("choice", choices=("piper", "espeak")),
        "fallback": Rule("bool"),
        "dir": Rule("path"),
        "url": Rule("text"),
        "retry_delays": Rule("delays"),
        "lanes": Rule("int", 1, 16),
    },
    "voices": {  # [voices.NAME]
        "speaker": Rule("speaker"),
        "length_scale": Rule("number", 0.25, 4.0),
        "noise_scale": Rule("number", 0.0, 2.0),
        "noise_w_scale": Rule("number", 0.0, 2.0),
        "sentence_silence": Rule("number", 0.0, 10.0, unit="s"),
    },
    "episode": {
        "output_dir": Rule("path"),
        "cache_dir": Rule("path"),
        "cache_size": Rule("size"),
        "lexicon": Rule("path"),
        "author": Rule("text"),
        "site": Rule("text"),
        "cover": Rule("path"),
        "intro": Rule("text"),
        "outro": Rule("text"),
        "intro_jingle": Rule("path"),
        "outro_jingle": Rule("path"),
        "jingle_gap_ms": _PAUSE,
        "fetch_timeout": Rule("number", 0.1, 600, unit="s"),
        "max_chars": Rule("int", 100, 20_000_000, unit="characters"),
    },
    "pauses": {
        **{item.name: _PAUSE for item in fields(Pauses) if item.name != "max_sentence_chars"},
        "max_sentence_chars": Rule("int", 40, 5000, unit="characters"),
    },
    "audio": {
        "loudness_lufs": Rule("number", -30, -10, unit="LUFS"),
        "true_peak_dbtp": Rule("number", -9, 0, unit="dBTP"),
        "sample_rate": Rule("choice", choices=SAMPLE_RATES),
        "bitrate": Rule("choice", choices=BITRATES),
        "fade_ms": Rule("int", 0, 100, unit="ms"),
        "highpass_hz": Rule("number", 0, 300, unit="Hz"),
    },
}
"""Every setting, by table. A flag that overrides one is checked by the same rule."""


@dataclass(frozen=True)
class Settings:
    """Everything a run may be told. Functions take the part they use (`settings.audio`,
    `settings.pauses`, a voice's VoiceSettings), not the whole."""

    voice: str = DEFAULT_VOICE
    engine: str = "piper"
    fallback: bool = True
    voices_dir: Path = Path("voices")
    voices_url: str = DEFAULT_VOICES_URL
    retry_delays: tuple[float, ...] = (1.0, 3.0, 10.0)
    lanes: int = 2  # Piper sentences at once in one session (capped at the cores)
    output_dir: Path = Path("output")
    cache_dir: Path = Path(".cache/artikel-tts")
    cache_size: int = 2 * 1024**3
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
    max_chars: int = 200_000
    pauses: Pauses = field(default_factory=Pauses)
    audio: AudioSettings = field(default_factory=AudioSettings)
    voice_settings: Mapping[str, VoiceSettings] = field(default_factory=dict)
    podcast: Mapping[str, Any] = field(default_factory=dict)  # [podcast], checked by tts.publish
    source: str = "defaults"  # where these settings came from, for messages

    @property
    def voice_key(self) -> str:
        """The voice's name, also for a path: 'voices/x.onnx' -> 'x' ([voices.x] tunes it)."""
        return Path(self.voice).name.removesuffix(".onnx")

    def settings_for(self, voice: str) -> VoiceSettings:
        return self.voice_settings.get(voice, VoiceSettings())

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with the given fields replaced; None means 'not given on the command line'.

        Values from flags are checked by the same rules as tts.toml.
        """
        given = {name: value for name, value in changes.items() if value is not None}
        for name, value in given.items():
            rule = _FLAG_RULES.get(name)
            if rule is not None and isinstance(value, Path):
                rule.check(str(value), _flag(name))
            elif rule is not None:  # the checked value: "2G" becomes bytes, like in tts.toml
                given[name] = rule.check(value, _flag(name))
        return dataclasses.replace(self, **given)

    def with_voice_flags(self, **flags: Any) -> Settings:
        """A copy whose current voice is tuned by these flags (speaker, length_scale, ...);
        None means 'not given'. Checked like [voices.NAME] in tts.toml."""
        given = {name: value for name, value in flags.items() if value is not None}
        if not given:
            return self
        rules = RULES["voices"]
        unknown = sorted(set(given) - set(rules))
        if unknown:
            raise ConfigError(f"{_flag(unknown[0])}: not a voice setting")
        checked = {name: rules[name].check(value, _flag(name)) for name, value in given.items()}
        tuned = dataclasses.replace(self.settings_for(self.voice_key), **checked)
        return dataclasses.replace(
            self, voice_settings={**self.voice_settings, self.voice_key: tuned}
        )


_FLAG_RULES: dict[str, Rule] = {
    "engine": RULES["voice"]["engine"],
    "fallback": RULES["voice"]["fallback"],
    "max_chars": RULES["episode"]["max_chars"],
    "cache_size": RULES["episode"]["cache_size"],
    "fetch_timeout": RULES["episode"]["fetch_timeout"],
}


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def default_cache_dir(environ: Mapping[str, str]) -> Path:
    """$TTS_CACHE_DIR, else $XDG_CACHE_HOME/artikel-tts, else ~/.cache/artikel-tts."""
    if environ.get("TTS_CACHE_DIR"):
        return Path(environ["TTS_CACHE_DIR"])
    base = environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "artikel-tts"


def load_settings(
    path: Path | str | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Settings from `path`, or from ./tts.toml when it exists, else the defaults; then the
    environment (`environ`, default os.environ), read here once and nowhere else."""
    environ = os.environ if environ is None else environ
    explicit = path is not None
    path = Path(path) if path is not None else Path(CONFIG_FILE)
    data: dict[str, Any] = {}
    if path.exists() or explicit:
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"{path}: config file not found") from None
        except IsADirectoryError:
            raise ConfigError(f"{path}: is a directory, not a config file") from None
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: cannot read config: {error}") from None
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: not valid TOML: {error}") from None
    settings = _settings_from_dict(data, path, default_cache_dir(environ))
    changes: dict[str, Any] = {}
    if environ.get("TTS_VOICES_DIR"):
        changes["voices_dir"] = Path(environ["TTS_VOICES_DIR"])
    if environ.get("TTS_VOICES_URL"):
        changes["voices_url"] = environ["TTS_VOICES_URL"].rstrip("/")
    return dataclasses.replace(settings, **changes) if changes else settings


def _table(data: dict[str, Any], name: str, where: str, label: str | None = None) -> dict[str, Any]:
    """Table `label` (default `name`) of `data`, checked against RULES[name]: known keys only,
    each value by its rule."""
    label = label or name
    table = data.get(label, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [{label}] must be a table, not {_shown(table)}")
    rules = RULES[name]
    checked: dict[str, Any] = {}
    for key, value in table.items():
        if key not in rules:
            raise ConfigError(
                f"{where} [{label}]: unknown setting {key!r}; known: {', '.join(sorted(rules))}"
            )
        checked[key] = rules[key].check(value, f"{where} [{label}] {key}")
    return checked


_TABLES = ("voice", "voices", "episode", "pauses", "audio", "podcast")


def _settings_from_dict(data: dict[str, Any], path: Path, cache_dir: Path) -> Settings:
    where = str(path) if data else "settings"
    unknown_tables = sorted(set(data) - set(_TABLES))
    if unknown_tables:
        raise ConfigError(
            f"{where}: unknown table [{unknown_tables[0]}]; known: "
            "[voice], [voices.NAME], [episode], [pauses], [audio], [podcast]"
        )
    base = path.parent
    voice = _table(data, "voice", where)
    episode = _table(data, "episode", where)
    voices = data.get("voices", {})
    if not isinstance(voices, dict) or not all(isinstance(t, dict) for t in voices.values()):
        raise ConfigError(f"{where}: [voices.NAME] must be tables, one per voice")
    per_voice = {
        name: VoiceSettings(**_table({f"voices.{name}": table}, "voices", where, f"voices.{name}"))
        for name, table in voices.items()
    }
    podcast = data.get("podcast", {})
    if not isinstance(podcast, dict):
        raise ConfigError(f"{where}: [podcast] must be a table")

    def as_path(value: str | None) -> Path | None:
        return None if value in (None, "") else base / Path(str(value))

    defaults = Settings()
    given: dict[str, Any] = {
        "voice": voice.get("name"),
        "engine": voice.get("engine"),
        "fallback": voice.get("fallback"),
        "voices_dir": as_path(voice.get("dir")),
        "voices_url": voice["url"].rstrip("/") if voice.get("url") else None,
        "retry_delays": voice.get("retry_delays"),
        "lanes": voice.get("lanes"),
        "output_dir": as_path(episode.get("output_dir")),
        "cache_dir": as_path(episode.get("cache_dir")) or cache_dir,
        "lexicon": as_path(episode.get("lexicon")),
        "cover": as_path(episode.get("cover")),
        "intro_jingle": as_path(episode.get("intro_jingle")),
        "outro_jingle": as_path(episode.get("outro_jingle")),
        **{
            key: episode.get(key)
            for key in ("cache_size", "author", "site", "intro", "outro", "jingle_gap_ms")
        },
        "fetch_timeout": episode.get("fetch_timeout"),
        "max_chars": episode.get("max_chars"),
    }
    return dataclasses.replace(
        defaults,
        **{key: value for key, value in given.items() if value is not None},
        pauses=Pauses(**_table(data, "pauses", where)),
        audio=AudioSettings(**_table(data, "audio", where)),
        voice_settings=per_voice,
        podcast=podcast,
        source=where,
    )
