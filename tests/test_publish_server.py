"""`tts serve`: a real server on 127.0.0.1, spoken to with raw HTTP requests."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.publishing import make_episode
from tts.errors import OutputError
from tts.publish.catalog import open_catalog
from tts.publish.server import make_server

SECRET = b"top secret, outside the output directory"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    output = tmp_path / "output"
    open_catalog(output).record(make_episode(output))
    (output / "feed.xml").write_text("<rss/>", "utf-8")
    (output / ".feed.xml.1234.part").write_text("half", "utf-8")
    (output / "index.html").write_text("<h1>Folgen</h1>", "utf-8")
    (tmp_path / "secret.txt").write_bytes(SECRET)
    (output / "link.txt").symlink_to(tmp_path / "secret.txt")
    server = make_server(output, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield output, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def request(
    port: int, target: str, method: str = "GET", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest(method, target, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_content_types_and_validators(site: tuple[Path, int]) -> None:
    output, port = site
    expected = {
        "/artikel-1.mp3": "audio/mpeg",
        "/artikel-1.vtt": "text/vtt; charset=utf-8",
        "/artikel-1.srt": "application/x-subrip; charset=utf-8",
        "/artikel-1.chapters.json": "application/json+chapters",
        "/feed.xml": "application/rss+xml; charset=utf-8",
        "/": "text/html; charset=utf-8",
    }
    for target, kind in expected.items():
        status, headers, body = request(port, target)
        assert (status, headers["Content-Type"]) == (200, kind), target
        assert headers["ETag"] and headers["Last-Modified"]
        name = target.strip("/") or "index.html"
        assert body == (output / name).read_bytes()
    _, headers, _ = request(port, "/feed.xml")
    assert request(port, "/feed.xml", headers={"If-None-Match": headers["ETag"]})[0] == 304
    since = {"If-Modified-Since": headers["Last-Modified"]}
    assert request(port, "/feed.xml", headers=since)[0] == 304
    assert request(port, "/feed.xml", headers={"If-None-Match": '"other"'})[0] == 200


def test_head_and_ranges(site: tuple[Path, int]) -> None:
    output, port = site
    audio = (output / "artikel-1.mp3").read_bytes()
    size = len(audio)
    status, headers, body = request(port, "/artikel-1.mp3", "HEAD")
    assert (status, headers["Content-Length"], body) == (200, str(size), b"")
    assert headers["Accept-Ranges"] == "bytes"
    status, headers, body = request(port, "/artikel-1.mp3", headers={"Range": "bytes=100-1099"})
    assert status == 206 and body == audio[100:1100]
    assert headers["Content-Range"] == f"bytes 100-1099/{size}"
    status, headers, body = request(port, "/artikel-1.mp3", headers={"Range": "bytes=-500"})
    assert status == 206 and body == audio[-500:]
    status, _, body = request(port, "/artikel-1.mp3", headers={"Range": "bytes=0-"})
    assert status == 206 and body == audio
    status, headers, _ = request(port, "/artikel-1.mp3", headers={"Range": f"bytes={size}-"})
    assert status == 416 and headers["Content-Range"] == f"bytes */{size}"
    stale = {"Range": "bytes=0-9", "If-Range": '"not-the-etag"'}
    status, _, body = request(port, "/artikel-1.mp3", headers=stale)
    assert status == 200 and body == audio


@pytest.mark.parametrize(
    "target",
    [
        "/missing.mp3",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/artikel-1.mp3/../../secret.txt",
        "/%252e%252e/secret.txt",
        "/..\\secret.txt",
        "http://127.0.0.1/../secret.txt",
        "secret.txt",
        "/link.txt",
        "/catalog.sqlite",
        "/catalog.sqlite-wal",
        "/%63atalog.sqlite",
        "/./catalog.sqlite",
        "//catalog.sqlite",
        "/.feed.xml.1234.part",
    ],
)
def test_nothing_outside_or_private_is_served(
    site: tuple[Path, int], target: str, tmp_path: Path
) -> None:
    _, port = site
    status, _, body = request(port, target)
    assert status == 404 and SECRET not in body and b"SQLite" not in body


def test_absolute_file_system_path_is_not_served(site: tuple[Path, int], tmp_path: Path) -> None:
    _, port = site
    for target in (f"/{tmp_path}/secret.txt", f"{tmp_path}/secret.txt", "/etc/passwd"):
        status, _, body = request(port, target)
        assert status == 404 and SECRET not in body and b"root:" not in body


def test_missing_directory_and_busy_port_are_clear_errors(site: tuple[Path, int]) -> None:
    output, port = site
    with pytest.raises(OutputError, match="no such output directory"):
        make_server(output / "nope", "127.0.0.1", 0)
    with pytest.raises(OutputError, match=f"cannot serve on 127.0.0.1:{port}"):
        make_server(output, "127.0.0.1", port)
