"""Reading an input file: bytes -> text, with the errors a user can act on."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from tts.errors import InputError

_MAX_CONTROL_RATIO = 0.02


@dataclass(frozen=True)
class SourceText:
    """The decoded input and where it came from; the checksum is of the bytes as given."""

    text: str
    name: str
    sha256: str
    encoding: str


def read_file(path: Path) -> SourceText:
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give the article file inside it")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied; check the file's read permissions") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
    return decode(data, str(path))


def decode(data: bytes, name: str) -> SourceText:
    """UTF-8 (with or without BOM) first; else let charset-normalizer find the encoding.

    Newsroom exports are often cp1252/Latin-1; guessing beats refusing them.
    """
    digest = hashlib.sha256(data).hexdigest()
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            f"{name}: binary data, not a text article (give a .txt, .md or .html file)"
        )
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text, encoding = _guess(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\t\f\v")
    if text and control / len(text) > _MAX_CONTROL_RATIO:
        raise InputError(
            f"{name}: binary data, not a text article (give a .txt, .md or .html file)"
        )
    if not text.strip():
        raise InputError(f"{name}: the article is empty; there is nothing to read aloud")
    return SourceText(text=text, name=name, sha256=digest, encoding=encoding)


def _guess(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    match = from_bytes(
        data, cp_isolation=["cp1252", "latin_1", "utf_16", "iso8859_15", "mac_roman"]
    ).best()
    if match is None:
        raise InputError(f"{name}: not a text file in a known encoding (save it as UTF-8)")
    return str(match), match.encoding
