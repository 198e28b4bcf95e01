"""Reading an input file: bytes -> text, with the errors a user can act on."""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from tts.errors import InputError

_MAX_CONTROL_RATIO = 0.02
MAX_FILE_BYTES = 50 * 1024 * 1024  # ten times the largest news page; beyond it, not an article
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


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
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InputError(
                f"{path}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; not an article"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied; check the file's read permissions") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
    return decode(data, str(path))


def decode(data: bytes, name: str, declared: str = "") -> SourceText:
    """UTF-8 (with or without BOM) first; UTF-8 with stray cp1252 bytes (an old CMS pasted into
    a new one) byte by byte; else the declared charset (HTTP header, <meta charset>); else let
    charset-normalizer find the encoding.

    Newsroom exports are often cp1252/Latin-1; guessing beats refusing them.
    """
    digest = hashlib.sha256(data).hexdigest()
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        found = _utf16_without_bom(data, name)
        if found is None:
            raise InputError(
                f"{name}: binary data, not a text article (give a .txt, .md or .html file)"
            )
        text, encoding = found
    else:
        try:
            text = data.decode("utf-8-sig")
            encoding = "utf-8"
        except UnicodeDecodeError:
            text, encoding = _mixed(data) or _declared(data, declared) or _guess(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\t\f\v")
    if text and control / len(text) > _MAX_CONTROL_RATIO:
        raise InputError(
            f"{name}: binary data, not a text article (give a .txt, .md or .html file)"
        )
    if not text.strip():
        raise InputError(f"{name}: the article is empty; there is nothing to read aloud")
    return SourceText(text=text, name=name, sha256=digest, encoding=encoding)


def _utf16_without_bom(data: bytes, name: str) -> tuple[str, str] | None:
    """UTF-16 without a byte-order mark (Windows tools and some CMS exports write it), or None.

    German text is nearly all in U+0000-U+00FF, so one byte of each pair is zero, always on
    the same side: the odd bytes for little-endian, the even ones for big-endian. Binary data
    does not keep to one side; the control-character check in decode() catches the rest."""
    sample = data[:8192]
    sample = sample[: len(sample) - len(sample) % 2]
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if pairs and zeros >= pairs // 2 and others * 20 <= zeros:
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as error:
                raise InputError(
                    f"{name}: looks like {codec.upper()} text without a byte-order mark, but "
                    f"byte {error.start} does not decode; save it as UTF-8"
                ) from None
    return None


def _cp1252_bytes(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("tts-cp1252", _cp1252_bytes)


def _mixed(data: bytes) -> tuple[str, str] | None:
    """Mostly UTF-8 (it holds valid multi-byte characters) with some bytes that are not."""
    if not any(ord(ch) > 127 for ch in data.decode("utf-8", errors="ignore")):
        return None
    return data.decode("utf-8-sig", errors="tts-cp1252"), "utf-8+cp1252"


def _declared(data: bytes, declared: str) -> tuple[str, str] | None:
    match = None if declared else _META_CHARSET.search(data[:4096])
    charset = declared or (match.group(1).decode("ascii", "ignore") if match else "")
    if not charset:
        return None
    try:
        return data.decode(charset), charset.lower()
    except (LookupError, UnicodeDecodeError):
        return None


def _guess(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    match = from_bytes(
        data, cp_isolation=["cp1252", "latin_1", "utf_16", "iso8859_15", "mac_roman"]
    ).best()
    if match is None:
        raise InputError(f"{name}: not a text file in a known encoding (save it as UTF-8)")
    return str(match), match.encoding
