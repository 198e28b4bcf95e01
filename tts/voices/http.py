"""HTTP for voices with the standard library: timeouts, retries, and resuming with Range.

Failures fall into three kinds, because each needs a different answer:
- offline (connection refused, no DNS, no route): NetworkError at once, retrying will not help;
- transient (reset, timeout, cut-off body, 5xx, 429): retried after a growing pause;
- permanent (404, other 4xx, a disk that cannot be written): DownloadError at once.
"""

from __future__ import annotations

import errno
import socket
import time
from collections.abc import Callable
from http.client import HTTPException
from pathlib import Path
from typing import Any, BinaryIO, TypeVar
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from tts import __version__
from tts.errors import DownloadError, NetworkError

TIMEOUT = 30.0
CHUNK = 256 * 1024
# Pauses before the 2nd, 3rd and 4th attempt; tests shorten them by setting this module value.
RETRY_DELAYS: tuple[float, ...] = (1.0, 3.0, 10.0)
USER_AGENT = f"artikel-tts/{__version__} (+piper voices)"
_OFFLINE_ERRNOS = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN}

T = TypeVar("T")


class _Transient(Exception):
    """A failure worth another attempt; its message is the reason shown if all attempts fail."""


def fetch_bytes(url: str, *, retry_delays: tuple[float, ...] | None = None) -> bytes:
    """The whole body of a small resource (the catalogue), retried on transient errors."""

    def attempt() -> bytes:
        with _open(url) as response:
            return bytes(response.read())

    return _retrying(url, attempt, retry_delays)


def fetch_to_file(
    url: str,
    part: Path,
    size: int,
    on_bytes: Callable[[int], None] | None = None,
    *,
    retry_delays: tuple[float, ...] | None = None,
) -> None:
    """Download `url` into `part` until it holds `size` bytes, resuming what is already there.

    A `part` left by an earlier, interrupted run is continued with a Range request. Stops
    early when the server sends more than `size` bytes; the caller verifies the result.
    `on_bytes` gets the number of bytes in `part` after every chunk.
    """

    def attempt() -> None:
        start = _size(part)
        if start > size:
            part.unlink()
            start = 0
        if start == size:
            return
        try:
            response = _open(url, start)
        except HTTPError as error:
            if error.code != 416:
                raise
            part.unlink(missing_ok=True)  # the part does not fit the file on the server
            raise _Transient("the server could not resume the download; starting over") from None
        with response:
            if start and response.status != 206:
                start = 0  # the server ignored Range and sends the whole file
            done = _copy(response, part, start, size, on_bytes)
        if done < size:
            raise _Transient(f"connection closed after {done} of {size} bytes")

    _retrying(url, attempt, retry_delays)


def _open(url: str, start: int = 0) -> Any:  # HTTPResponse, or addinfourl for file://
    headers = {"User-Agent": USER_AGENT}
    if start:
        headers["Range"] = f"bytes={start}-"
    return urlopen(Request(url, headers=headers), timeout=TIMEOUT)


def _copy(
    response: BinaryIO, part: Path, start: int, size: int, on_bytes: Callable[[int], None] | None
) -> int:
    """Append the body to `part` (or replace it when `start` is 0); the bytes now in `part`.

    Network errors propagate (they are retried); disk errors become a DownloadError.
    """
    done = start
    try:
        out = part.open("ab" if start else "wb")
    except OSError as error:
        raise _unwritable(part, error) from None
    with out:
        while done < size:
            chunk = response.read(min(CHUNK, size - done + 1))  # +1: notice an oversized file
            if not chunk:
                break
            try:
                out.write(chunk)
            except OSError as error:
                raise _unwritable(part, error) from None
            done += len(chunk)
            if on_bytes:
                on_bytes(done)
    return done


def _unwritable(part: Path, error: OSError) -> DownloadError:
    return DownloadError(f"{part}: cannot write the download ({error.strerror or error})")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _retrying(url: str, attempt: Callable[[], T], retry_delays: tuple[float, ...] | None) -> T:
    """attempt(), repeated after each pause while it fails transiently."""
    delays = RETRY_DELAYS if retry_delays is None else retry_delays
    for delay in (*delays, None):
        try:
            return attempt()
        except _Transient as error:
            reason = str(error)
        except (OSError, HTTPException) as error:
            reason = _transient_reason(error, url)
        if delay is None:
            raise NetworkError(f"{url}: failed {len(delays) + 1} times, last: {reason}")
        time.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


def _transient_reason(error: OSError | HTTPException, url: str) -> str:
    """Why a transient error happened; raises NetworkError/DownloadError for the other kinds."""
    if isinstance(error, HTTPError):
        if error.code in (408, 425, 429) or error.code >= 500:
            return f"HTTP {error.code} {error.reason}"
        if error.code in (404, 410):
            raise DownloadError(f"{url}: not found on the server (HTTP {error.code})")
        raise DownloadError(f"{url}: refused by the server (HTTP {error.code} {error.reason})")
    if isinstance(error, URLError):
        reason = error.reason
        if isinstance(reason, ConnectionRefusedError | socket.gaierror) or (
            isinstance(reason, OSError) and reason.errno in _OFFLINE_ERRNOS
        ):
            host = urlsplit(url).netloc
            why = reason.strerror if isinstance(reason, OSError) and reason.strerror else reason
            raise NetworkError(f"cannot reach {host} ({why}; offline?)")
        if isinstance(reason, FileNotFoundError):  # a file:// mirror
            raise DownloadError(f"{url}: not found on the mirror")
        if isinstance(reason, OSError):
            return str(reason.strerror or reason)
        raise DownloadError(f"{url}: {reason}")
    if isinstance(error, TimeoutError):
        return f"no answer within {TIMEOUT:.0f} s"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
