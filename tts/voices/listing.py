"""What `tts voices list` and `tts voices info` show, as plain text the CLI only prints."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tts.errors import VoiceError, VoiceNotFound
from tts.voices.catalogue import Catalogue, VoiceEntry
from tts.voices.download import _mismatch
from tts.voices.local import (
    VoiceFiles,
    card_path,
    config_path,
    installed_names,
    is_installed,
    model_path,
    read_config,
)


@dataclass(frozen=True)
class VoiceRow:
    name: str
    language: str
    quality: str
    size: int
    installed: bool


def voice_rows(
    voices_dir: Path,
    catalogue: Catalogue | None,
    language: str | None = None,
    installed_only: bool = False,
) -> list[VoiceRow]:
    """Catalogue voices plus installed voices the catalogue does not know (own or renamed)."""
    installed = set(installed_names(voices_dir))
    rows = {}
    for entry in catalogue.entries() if catalogue else []:
        if language and not entry.matches_language(language):
            continue
        rows[entry.key] = VoiceRow(
            entry.key, entry.language_code, entry.quality, entry.model_size, entry.key in installed
        )
    for name in installed - set(catalogue.voices if catalogue else ()):
        config = _config_or_empty(config_path(voices_dir, name))
        code = _config_language(config)
        if language and not _code_matches(code, language):
            continue
        quality = str(config.get("audio", {}).get("quality", ""))
        size = model_path(voices_dir, name).stat().st_size
        rows[name] = VoiceRow(name, code, quality, size, True)
    return [row for _, row in sorted(rows.items()) if row.installed or not installed_only]


def format_rows(rows: list[VoiceRow]) -> str:
    """An aligned table with a header; sizes in MB like the catalogue pages show them."""
    table = [("NAME", "LANGUAGE", "QUALITY", "SIZE", "INSTALLED")] + [
        (row.name, row.language, row.quality, megabytes(row.size), "yes" if row.installed else "no")
        for row in rows
    ]
    widths = [max(len(line[column]) for line in table) for column in range(5)]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in table
    )


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def voice_info(name: str, voices_dir: Path, catalogue: Catalogue | None) -> str:
    """What a newsroom needs to pick and tune a voice: language, rate, speakers, license, card."""
    entry = catalogue.get(name) if catalogue else None
    key = entry.key if entry else name
    installed = is_installed(key, voices_dir)
    model = model_path(voices_dir, key)
    if not installed and entry is None:
        if catalogue is None:
            raise VoiceNotFound(f"voice {name!r} is not installed in {voices_dir}")
        raise VoiceNotFound(catalogue.unknown_message(name))
    files = VoiceFiles(key, model, config_path(voices_dir, key), downloadable=entry is not None)
    problem = _broken(files, entry) if installed else None
    config = read_config(files.config) if installed and problem is None else {}
    lines = [f"name:         {key}"]
    if installed and problem is not None:
        lines.append(f"installed:    corrupt: {problem}")
    elif installed:
        lines.append(f"installed:    yes, {model} ({megabytes(model.stat().st_size)})")
    elif entry is not None:
        lines.append(
            f"installed:    no ({megabytes(entry.model_size)}; "
            f"get it with `tts voices download {key}`)"
        )
    language = {**(entry.language if entry else {}), **(config.get("language") or {})}
    code = _config_language(config) or (entry.language_code if entry else "")
    described = ", ".join(
        str(language[field]) for field in ("name_english", "country_english") if field in language
    )
    lines.append(f"language:     {code}" + (f" ({described})" if described else ""))
    quality = config.get("audio", {}).get("quality") or (entry.quality if entry else "")
    if quality:
        lines.append(f"quality:      {quality}")
    if "sample_rate" in config.get("audio", {}):
        lines.append(f"sample rate:  {config['audio']['sample_rate']} Hz")
    lines += _speaker_lines(key, config, entry)
    card = _model_card(voices_dir, key)
    license_ = _license(card)
    if license_:
        lines.append(f"license:      {license_}")
    if config.get("dataset"):
        lines.append(f"dataset:      {config['dataset']}")
    if card:
        lines.append("model card:")
        lines += [f"  {line}".rstrip() for line in card.strip().splitlines()]
    return "\n".join(lines)


def _broken(files: VoiceFiles, entry: VoiceEntry | None) -> str | None:
    """Why an installed voice cannot speak, or None, so a truncated or overwritten model shows
    here and not in the middle of a run. A catalogue voice must match the catalogue's sizes and
    checksums (what its download verified); any other voice is opened the way synthesis opens
    it."""
    if entry is not None:
        for suffix, path in ((".onnx", files.model), (".onnx.json", files.config)):
            info = entry.file_ending(suffix)
            mismatch = _mismatch(path, info) if info else None
            if mismatch:
                return f"{path}: {mismatch}; {files.repair}"
        return None
    from tts.config import VoiceSettings
    from tts.synth.piper import PiperEngine  # here: the engine imports this package

    try:
        PiperEngine(files, VoiceSettings())
    except VoiceError as error:
        return str(error)
    return None


def _speaker_lines(key: str, config: dict[str, Any], entry: VoiceEntry | None) -> list[str]:
    """The speaker names of a multi-speaker voice and how to choose one."""
    speakers = config.get("speaker_id_map") or (entry.speaker_id_map if entry else {})
    count = config.get("num_speakers") or (entry.num_speakers if entry else 1)
    if count <= 1 or not speakers:
        return [f"speakers:     {count}"]
    lines = [
        f"speakers:     {count}; choose one with --speaker NAME, "
        f'or speaker = "NAME" under [voices."{key}"] in tts.toml'
    ]
    width = len(str(max(speakers.values())))
    lines += [
        f"  {str(number).rjust(width)}  {speaker}"
        for speaker, number in sorted(speakers.items(), key=lambda item: item[1])
    ]
    return lines


def _model_card(voices_dir: Path, key: str) -> str:
    try:
        return card_path(voices_dir, key).read_text("utf-8", errors="replace")
    except OSError:
        return ""


def _license(card: str) -> str:
    """The license line of a Piper model card (`* License: CC0`), if it has one."""
    found = re.search(r"^\W*licen[cs]e\W*:?\s*(.+)$", card, re.IGNORECASE | re.MULTILINE)
    return found.group(1).strip() if found else ""


def _config_or_empty(path: Path) -> dict[str, Any]:
    try:
        return read_config(path)
    except VoiceError:  # a broken config still gets a row; `tts voices info` reports it
        return {}


def _config_language(config: dict[str, Any]) -> str:
    language = config.get("language")
    if isinstance(language, dict) and language.get("code"):
        return str(language["code"])
    return str(config.get("espeak", {}).get("voice", ""))


def _code_matches(code: str, wanted: str) -> bool:
    code, wanted = code.lower(), wanted.replace("-", "_").lower()
    return wanted in (code, code.split("_")[0])
