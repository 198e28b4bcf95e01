"""Where Piper voices live and how a name or path becomes a model and its config.

A voice NAME in the voices directory is `NAME.onnx` + `NAME.onnx.json` (Piper's own layout),
plus `NAME.MODEL_CARD` when the catalogue ships one. Downloads in progress are `*.part`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tts.errors import VoiceError, VoiceNotFound

PART_SUFFIX = ".part"


@dataclass(frozen=True)
class VoiceFiles:
    """A Piper voice on disk: the ONNX model and its JSON config beside it."""

    name: str
    model: Path
    config: Path
    downloadable: bool = field(default=True, compare=False)
    """A catalogue voice by name, which `tts voices download` can fetch again; False for a
    file the user gave by path, which no download repairs."""

    @property
    def repair(self) -> str:
        """What to do about broken files: fetch a catalogue voice again, check one's own."""
        if self.downloadable:
            return f"download the voice again with `tts voices download {self.name}`"
        return "check the file, or choose another voice"


def is_voice_path(name_or_path: str) -> bool:
    """True for `x.onnx` or anything with a directory part: a file, not a catalogue name."""
    candidate = Path(name_or_path)
    return candidate.suffix == ".onnx" or candidate.parent != Path(".")


def model_path(voices_dir: Path, name: str) -> Path:
    return voices_dir / f"{name}.onnx"


def config_path(voices_dir: Path, name: str) -> Path:
    return voices_dir / f"{name}.onnx.json"


def card_path(voices_dir: Path, name: str) -> Path:
    return voices_dir / f"{name}.MODEL_CARD"


def find_voice(name_or_path: str, voices_dir: Path) -> VoiceFiles:
    """A voice given as a path to a .onnx file, or as a bare name looked up in `voices_dir`.

    Raises VoiceNotFound when there is no voice of that name (the caller may download or fall
    back), VoiceError when a path the user gave does not exist (a typo must not be read by
    another voice) or when the model is there but its config is not.
    """
    given = is_voice_path(name_or_path)
    model = Path(name_or_path) if given else model_path(voices_dir, name_or_path)
    name = model.name.removesuffix(".onnx")
    if model.is_dir():
        raise VoiceError(f"{model}: is a directory, not a Piper voice model (.onnx)")
    if given and not model.exists():
        raise VoiceError(f"{model}: no such voice model (a Piper .onnx file with its .onnx.json)")
    if not model.exists():
        raise VoiceNotFound(
            f"voice {name!r} not found at {model}; "
            f"download it with `tts voices download {name}` or pass --voice PATH.onnx"
        )
    config = model.with_name(model.name + ".json")
    if not config.exists():
        raise VoiceError(
            f"{config}: the voice config is missing; "
            f"Piper needs {model.name}.json next to the model"
        )
    return VoiceFiles(name=name, model=model, config=config, downloadable=not given)


def is_installed(name: str, voices_dir: Path) -> bool:
    """Model and config both present: the config is renamed into place last, so this is final."""
    return model_path(voices_dir, name).is_file() and config_path(voices_dir, name).is_file()


def installed_names(voices_dir: Path) -> list[str]:
    """Names of the complete voices in `voices_dir`, sorted; [] when the directory is missing."""
    if not voices_dir.is_dir():
        return []
    names = (path.name.removesuffix(".onnx") for path in voices_dir.glob("*.onnx"))
    return sorted(name for name in names if is_installed(name, voices_dir))


def voice_paths(name: str, voices_dir: Path) -> list[Path]:
    """Every file of voice `name` in `voices_dir`, finished or partly downloaded."""
    finals = [path(voices_dir, name) for path in (model_path, config_path, card_path)]
    candidates = finals + [final.with_name(final.name + PART_SUFFIX) for final in finals]
    return [candidate for candidate in candidates if candidate.is_file()]


def remove_voice(name: str, voices_dir: Path) -> list[Path]:
    """Delete voice `name` (and any unfinished download of it); the paths that were removed."""
    if is_voice_path(name):
        raise VoiceError(f"{name}: give a voice name (`tts voices list --installed`), not a path")
    paths = voice_paths(name, voices_dir)
    if not paths:
        installed = ", ".join(installed_names(voices_dir)) or "none"
        raise VoiceNotFound(
            f"voice {name!r} is not installed in {voices_dir} (installed: {installed})"
        )
    for path in paths:
        try:
            path.unlink()
        except OSError as error:
            raise VoiceError(f"{path}: cannot remove ({error.strerror})") from None
    return paths


def read_config(config: Path) -> dict[str, Any]:
    """The voice's .onnx.json as a dict; VoiceError naming the file when it is not valid JSON."""
    try:
        data = json.loads(config.read_text("utf-8"))
    except OSError as error:
        raise VoiceError(f"{config}: cannot read the voice config ({error.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise VoiceError(f"{config}: the voice config is not valid JSON ({error})") from None
    if not isinstance(data, dict):
        raise VoiceError(f"{config}: the voice config is not a JSON object")
    return data
