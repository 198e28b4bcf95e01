"""The licence of the voice an episode was read with, as its model card or catalogue states it.

Many Piper voices are CC BY (a credit is owed wherever the audio goes), others CC0. The line
travels into the episode, the ID3 comment, the feed and the page; where nothing states a
licence it says "unknown" instead of guessing.
"""

from __future__ import annotations

import re
from pathlib import Path

from tts.synth import Engine
from tts.voices.catalogue import VoiceEntry, cached_catalogue
from tts.voices.local import VoiceFiles

UNKNOWN = "unknown"
ESPEAK_LICENCE = "eSpeak NG, GPL-3.0-or-later"

_LICENCE_LINE = re.compile(r"^\W*licen[cs]e\s*:\s*(?P<value>.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_URL_LINE = re.compile(r"^\W*url\s*:\s*(?P<value>\S+)\s*$", re.IGNORECASE | re.MULTILINE)
_SEE_ELSEWHERE = re.compile(r"^(see|siehe)\b", re.IGNORECASE)


def card_files(model: Path) -> list[Path]:
    """Where a model card may lie beside `NAME.onnx`: `NAME.MODEL_CARD` (our downloads) or
    `MODEL_CARD` (a copy of the piper-voices folder)."""
    name = model.name.removesuffix(".onnx")
    return [model.with_name(f"{name}.MODEL_CARD"), model.with_name("MODEL_CARD")]


def licence_from_card(text: str) -> str | None:
    """The licence a Piper MODEL_CARD states (its `License:` line, with the dataset URL when the
    card points there); None when the card states none."""
    found = _LICENCE_LINE.search(text)
    if not found:
        return None
    licence = found.group("value").strip().strip("*").strip()
    url = _URL_LINE.search(text)
    if not licence or _SEE_ELSEWHERE.match(licence):
        return f"{UNKNOWN} (see {url.group('value')})" if url else None
    return f"{licence} (dataset: {url.group('value')})" if url else licence


def licence_from_entry(entry: VoiceEntry) -> str | None:
    """A licence field of a catalogue entry, if the catalogue carries one."""
    for key in ("license", "licence"):
        value = entry.raw.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def voice_licence(
    engine: str, voice: str, model: Path | None = None, entry: VoiceEntry | None = None
) -> str:
    """The credit and licence line for Episode.voice_licence, e.g.
    "de_DE-thorsten-medium (Piper): CC0 (dataset: https://…)"; "unknown" when nothing states it.

    The model card beside the .onnx wins over the catalogue entry: it travels with the files.
    """
    if engine == "espeak":
        return ESPEAK_LICENCE
    licence = None
    if model is not None:
        for card in card_files(model):
            try:
                licence = licence_from_card(card.read_text("utf-8", errors="replace"))
            except OSError:
                continue
            if licence:
                break
    if licence is None and entry is not None:
        licence = licence_from_entry(entry)
    if licence is None:
        return UNKNOWN
    return f"{voice} (Piper): {licence}"


def licence_for(engine: Engine) -> str:
    """voice_licence for an open engine: a Piper engine's model card, else the entry of the
    catalogue cached beside the model (no network: the licence is read where the voice is)."""
    files = getattr(engine, "files", None)
    if engine.name != "piper" or not isinstance(files, VoiceFiles):
        return voice_licence(engine.name, engine.voice)
    catalogue = cached_catalogue(files.model.parent)
    entry = catalogue.get(engine.voice) if catalogue else None
    return voice_licence("piper", engine.voice, files.model, entry)


def needs_credit(licence: str) -> bool:
    """True when the listener-facing text must carry the credit line: an attribution licence
    (CC BY, CC BY-SA, …) or one nobody stated, where crediting is the safe side."""
    if licence == ESPEAK_LICENCE:
        return False
    if UNKNOWN in licence.lower():
        return True
    return bool(re.search(r"\bBY\b|attribution|namensnennung", licence, re.IGNORECASE))
