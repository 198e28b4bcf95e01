"""A real HTTP server on 127.0.0.1 that serves pages and images the way news sites do.

`routes` maps a path to (status, content type, body); a path in `slow` answers only after the
test is done with it (for timeouts), a path in `redirects` answers 302 to another path.
Use it as a context manager: `with WebServer() as server: ...`.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class WebServer:
    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, str, bytes]] = {}
        self.redirects: dict[str, str] = {}
        self.slow: set[str] = set()
        self.requests: list[str] = []
        self._release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/{path.lstrip('/')}"

    def page(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8"):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path.lstrip("/")] = (200, content_type, data)

    def __enter__(self) -> WebServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0].lstrip("/")
                server.requests.append(path)
                if path in server.slow:
                    server._release.wait(10)
                    return
                if path in server.redirects:
                    self.send_response(302)
                    self.send_header("Location", server.url(server.redirects[path]))
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if path not in server.routes:
                    self.send_error(404)
                    return
                status, content_type, body = server.routes[path]
                if status >= 400:
                    self.send_error(status)
                    return
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

        return Handler
