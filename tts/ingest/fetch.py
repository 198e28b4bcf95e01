"""Fetching an article or an image over HTTP(S): a timeout, a size limit, clear errors.

Plain urllib: one GET, redirects followed, no retries (a newsroom tool should fail fast and say
why). Every failure is an InputError naming the URL and what went wrong.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass

from tts import __version__
from tts.errors import InputError

DEFAULT_TIMEOUT = 20.0
MAX_BYTES = 20 * 1024 * 1024  # a news page is well under this; a video is not
_CHUNK = 1 << 16
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")


@dataclass(frozen=True)
class Fetched:
    data: bytes
    url: str  # after redirects
    content_type: str  # the MIME type, lower case, without parameters
    charset: str  # as the server declared it, or ''


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def check_scheme(source: str) -> None:
    """InputError for a URL we cannot fetch (ftp://, file://, ...): read as a path it would be
    "no such file" with the slashes collapsed, which hides what went wrong."""
    found = _SCHEME.match(source)
    if found and not is_url(source):
        raise InputError(
            f"{source}: unsupported URL scheme {found.group(1).lower()!r}; use http(s), a file or -"
        )


def fetch(url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BYTES) -> Fetched:
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": f"artikel-tts/{__version__} (+article to podcast)",
            "Accept": "text/html,application/xhtml+xml,text/markdown,text/plain;q=0.9,*/*;q=0.5",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = _read(response, url, max_bytes)
            headers = response.headers
            return Fetched(
                data=data,
                url=response.geturl(),
                content_type=(headers.get_content_type() or "").lower(),
                charset=headers.get_content_charset() or "",
            )
    except urllib.error.HTTPError as error:
        raise InputError(f"{url}: the server answered {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise InputError(f"{url}: no answer within {timeout:g} s") from None
        raise InputError(
            f"{url}: cannot connect ({reason}); check the address and the internet connection"
        ) from None
    except TimeoutError:
        raise InputError(f"{url}: no answer within {timeout:g} s") from None
    except (OSError, ValueError) as error:
        raise InputError(f"{url}: cannot fetch ({error})") from None


def _read(response: object, url: str, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = response.read(_CHUNK)  # type: ignore[attr-defined]
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise InputError(f"{url}: larger than {max_bytes // (1024 * 1024)} MB; not an article")
        chunks.append(chunk)
