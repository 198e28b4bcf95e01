"""Where Piper voices live and how a name or path becomes a model and its config."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tts.errors import VoiceError, VoiceNotFound


@dataclass(frozen=True)
class VoiceFiles:
    """A Piper voice on disk: the ONNX model and its JSON config beside it."""

    name: str
    model: Path
    config: Path


def find_voice(name_or_path: str, voices_dir: Path) -> VoiceFiles:
    """A voice given as a path to a .onnx file, or as a bare name looked up in `voices_dir`.

    Raises VoiceNotFound when there is no such voice (the caller may download or fall back),
    VoiceError when the model is there but its config is not.
    """
    candidate = Path(name_or_path)
    if candidate.suffix == ".onnx" or candidate.parent != Path("."):
        model = candidate
    else:
        model = voices_dir / f"{name_or_path}.onnx"
    name = model.name.removesuffix(".onnx")
    if model.is_dir():
        raise VoiceError(f"{model}: is a directory, not a Piper voice model (.onnx)")
    if not model.exists():
        raise VoiceNotFound(
            f"voice {name!r} not found at {model}; "
            f"download it with `tts voices download {name}` or pass --voice PATH.onnx"
        )
    config = model.with_name(model.name + ".json")
    if not config.exists():
        raise VoiceError(
            f"{config}: the voice config is missing; Piper needs {model.name}.json next to the model"
        )
    return VoiceFiles(name=name, model=model, config=config)
