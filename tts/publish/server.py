"""`tts serve`: the output directory over HTTP, for preview and small deployments.

Standard library only. What podcast apps and browsers need and the stdlib's
SimpleHTTPRequestHandler lacks: byte ranges (206, apps seek), the podcast MIME types and
validators (ETag, Last-Modified, 304). What it must never do: serve anything outside the
output directory, the catalogue, or a half-written `.part` file.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tts.errors import OutputError

CHUNK = 64 * 1024
MIME_TYPES = {
    ".mp3": "audio/mpeg",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip; charset=utf-8",
    ".chapters.json": "application/json+chapters",
    ".json": "application/json",
    ".xml": "application/rss+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
}
HIDDEN = re.compile(r"(^|/)(\.|catalog\.sqlite)|\.part$")
"""Never served: dot files (temporaries), the catalogue with its -wal/-shm, partial files."""
RANGE = re.compile(r"bytes=(\d*)-(\d*)")

RequestLog = Callable[[str], None]


def content_type(name: str) -> str:
    for suffix in sorted(MIME_TYPES, key=len, reverse=True):
        if name.lower().endswith(suffix):
            return MIME_TYPES[suffix]
    return "application/octet-stream"


def resolve(root: Path, url_path: str) -> Path | None:
    """The file an URL path names inside `root`, or None for anything else: a `..` or `.`
    segment (also percent-encoded), a backslash or NUL, a hidden or private file, a path that
    leaves `root` through a symlink, a directory without index.html."""
    path = unquote(urlsplit(url_path).path)
    if "\\" in path or "\x00" in path or "%" in path:  # %252e: double-encoded, never ours
        return None
    segments = path.split("/")[1:] if path.startswith("/") else None
    if segments is None or any(part in ("..", ".") for part in segments):
        return None
    relative = "/".join(part for part in segments if part)
    if HIDDEN.search(relative):
        return None
    base = root.resolve()
    candidate = (base / relative).resolve()
    if candidate != base and base not in candidate.parents:
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


class _Handler(BaseHTTPRequestHandler):
    root: Path
    on_request: RequestLog | None
    server_version = "artikel-tts"
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def log_message(self, format: str, *args: object) -> None:
        if self.on_request is not None:
            self.on_request(f"{self.address_string()} {format % args}")

    def _fail(self, status: HTTPStatus, extra: dict[str, str] | None = None) -> None:
        body = f"{status.value} {status.phrase}\n".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _serve(self, *, body: bool) -> None:
        path = resolve(self.root, self.path)
        if path is None:
            self._fail(HTTPStatus.NOT_FOUND)
            return
        stat = path.stat()
        size = stat.st_size
        etag = f'"{stat.st_mtime_ns:x}-{size:x}"'
        modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        validators = {
            "ETag": etag,
            "Last-Modified": modified,
            "Cache-Control": "no-cache",
            "Accept-Ranges": "bytes",
        }
        if self._not_modified(etag, stat.st_mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            for name, value in validators.items():
                self.send_header(name, value)
            self.end_headers()
            return
        start, end = 0, size - 1
        status = HTTPStatus.OK
        wanted = self.headers.get("Range")
        if_range = self.headers.get("If-Range")
        if wanted and (if_range is None or if_range in (etag, modified)):
            parsed = _byte_range(wanted, size)
            if parsed is None:
                self._fail(
                    HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, {"Content-Range": f"bytes */{size}"}
                )
                return
            status = HTTPStatus.PARTIAL_CONTENT
            start, end = parsed
        self.send_response(status)
        self.send_header("Content-Type", content_type(path.name))
        self.send_header("Content-Length", str(end - start + 1 if size else 0))
        if status == HTTPStatus.PARTIAL_CONTENT:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        for name, value in validators.items():
            self.send_header(name, value)
        self.end_headers()
        if body and size:
            self._copy(path, start, end - start + 1)

    def _not_modified(self, etag: str, mtime: float) -> bool:
        match = self.headers.get("If-None-Match")
        if match is not None:
            return etag in [tag.strip() for tag in match.split(",")] or match.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                parsed = email.utils.parsedate_to_datetime(since)
            except (TypeError, ValueError):
                return False
            return int(mtime) <= parsed.timestamp()
        return False

    def _copy(self, path: Path, offset: int, length: int) -> None:
        try:
            with path.open("rb") as handle:
                handle.seek(offset)
                while length > 0:
                    block = handle.read(min(CHUNK, length))
                    if not block:
                        break
                    self.wfile.write(block)
                    length -= len(block)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the app seeks elsewhere and drops this request


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The first range of a Range header as (first, last) byte, or None if unsatisfiable.
    Several ranges get the first only: allowed, and what players ask for is one."""
    found = RANGE.fullmatch(header.strip().split(",")[0].strip())
    if not found or size == 0:
        return None
    first, last = found.groups()
    if not first:
        if not last or int(last) == 0:
            return None
        return max(size - int(last), 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return None
    return start, end


def make_server(
    output_dir: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    on_request: RequestLog | None = None,
) -> ThreadingHTTPServer:
    """A server bound to host:port (0 picks a free port), not yet serving; OutputError when the
    directory is missing or the port is taken."""
    if not output_dir.is_dir():
        raise OutputError(f"{output_dir}: no such output directory; run `tts synth` first")
    handler = type("Handler", (_Handler,), {"root": output_dir, "on_request": on_request})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as error:
        raise OutputError(f"cannot serve on {host}:{port} ({error.strerror or error})") from error
    server.daemon_threads = True
    return server


def serve(
    output_dir: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    on_request: RequestLog | None = None,
) -> None:
    """Serve `output_dir` until interrupted (Ctrl-C ends it cleanly)."""
    server = make_server(output_dir, host, port, on_request)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def server_url(server: ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}"


__all__ = ["content_type", "make_server", "resolve", "serve", "server_url"]
