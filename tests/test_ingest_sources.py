"""Where articles come from: files by extension or content, stdin, and URLs over real HTTP
(a loopback server): pages, Markdown, redirects, and every way a fetch fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.web_server import WebServer
from tts.cli import app
from tts.errors import InputError
from tts.ingest import read_article
from tts.ingest.detect import detect_format, sniff

DATA = Path(__file__).parent / "data"
PAGES = DATA / "html"


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.output


@pytest.fixture
def server():  # type: ignore[no-untyped-def]
    with WebServer() as web:
        yield web


def test_url_gives_the_same_script_as_the_file(server: WebServer) -> None:
    server.page("inland/hochwasser.html", (PAGES / "tagesschau.html").read_bytes())
    code, output = run("script", server.url("inland/hochwasser.html"))
    assert code == 0, output
    assert output == (PAGES / "tagesschau.script").read_text("utf-8")


def test_url_metadata_and_redirect(server: WebServer) -> None:
    server.page("artikel.html", (PAGES / "ntv.html").read_bytes())
    server.redirects["kurz"] = "artikel.html"
    article, source = read_article(server.url("kurz"))
    assert article.url == server.url("artikel.html")
    assert source.name == server.url("kurz")
    assert article.title == "Balkonkraftwerke boomen im Frühjahr"


def test_markdown_over_http(server: WebServer) -> None:
    server.page("text", (DATA / "schulweg.md").read_bytes(), "text/markdown; charset=utf-8")
    article, _ = read_article(server.url("text"))
    assert article.kicker == "Verkehr in Lindenau"
    assert article.image == server.url("schulweg.png")  # relative to the page


def test_declared_charset_of_the_server(server: WebServer) -> None:
    body = "<html><body><article><h1>Straßenbahn fährt wieder</h1><p>Die Störung ist behoben.</p>"
    server.page("alt.html", body.encode("cp1252"), "text/html; charset=windows-1252")
    article, source = read_article(server.url("alt.html"))
    assert article.title == "Straßenbahn fährt wieder"
    assert source.encoding == "utf-8+cp1252" or source.encoding.startswith(("windows", "cp"))


@pytest.mark.parametrize(("status", "reason"), [(404, "404 Not Found"), (500, "500")])
def test_http_errors(server: WebServer, status: int, reason: str) -> None:
    server.routes["weg.html"] = (status, "text/html", b"")
    url = server.url("weg.html")
    code, output = run("script", url)
    assert code == 1
    assert output.startswith(f"Error: {url}: the server answered {reason}")


def test_not_a_web_page(server: WebServer, tmp_path: Path) -> None:
    server.page("bild.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")
    url = server.url("bild.png")
    code, output = run("synth", url, "-o", str(tmp_path / "out"))
    assert code == 1
    assert (
        output
        == f"Error: {url}: not a web page but image/png; give the address of the article page\n"
    )
    assert not (tmp_path / "out").exists()


def test_timeout(server: WebServer, tmp_path: Path) -> None:
    Path("tts.toml").write_text("[episode]\nfetch_timeout = 0.2\n", "utf-8")
    server.slow.add("langsam.html")
    url = server.url("langsam.html")
    code, output = run("script", url)
    assert code == 1
    assert output == f"Error: {url}: no answer within 0.2 s\n"


def test_offline() -> None:
    code, output = run("script", "http://127.0.0.1:9/artikel.html")
    assert code == 1
    assert output.startswith("Error: http://127.0.0.1:9/artikel.html: cannot connect (")
    assert "check the address and the internet connection" in output


def test_stdin_and_format_override() -> None:
    html = (PAGES / "schulweg.html").read_bytes()
    code, from_stdin = run("script", "-", stdin=html)
    assert code == 0, from_stdin
    assert from_stdin == run("script", str(DATA / "schulweg.txt"))[1]
    code, as_text = run(
        "script", "--format", "text", "-", stdin=b"Titel ohne Punkt\n\n<p>Ein Satz.</p>\n"
    )
    assert code == 0
    assert "<p>Ein Satz.</p>" in as_text.splitlines()


def test_unknown_format_is_an_error() -> None:
    code, output = run("script", "--format", "pdf", str(DATA / "schulweg.txt"))
    assert code == 1
    assert output == "Error: --format 'pdf': choose html, markdown or text\n"


def test_file_format_by_content(tmp_path: Path) -> None:
    page = tmp_path / "ohne-endung"
    page.write_bytes((PAGES / "schulweg.html").read_bytes())
    notes = tmp_path / "notizen"
    notes.write_bytes((DATA / "schulweg.md").read_bytes())
    assert read_article(page)[0].text == read_article(PAGES / "schulweg.html")[0].text
    assert read_article(notes)[0].sections == read_article(DATA / "schulweg.md")[0].sections


@pytest.mark.parametrize(
    ("name", "text", "content_type", "expected"),
    [
        ("a.htm", "", "", "html"),
        ("https://x.de/a.md", "", "", "markdown"),
        ("https://x.de/artikel", "Text", "text/html; charset=utf-8", "html"),
        ("a.txt", "<html>", "", "text"),
        ("stdin", "<!DOCTYPE html><html>", "", "html"),
        ("stdin", "\n<!-- cms -->\n<article><h1>T</h1>", "", "html"),
        ("stdin", "---\ntitle: T\n---\nText", "", "markdown"),
        ("stdin", "# Titel\n\nText", "", "markdown"),
        ("stdin", "Titel\n\nEin Absatz mit <b>.", "", "text"),
    ],
)
def test_detect_format(name: str, text: str, content_type: str, expected: str) -> None:
    assert detect_format(name, text, content_type) == expected


def test_sniff_prose_with_a_hash_is_text() -> None:
    assert sniff("#Hashtag am Anfang\n\nText.") == "text"


def test_missing_file_error_names_it() -> None:
    with pytest.raises(InputError, match=r"nirgends\.md: no such file"):
        read_article("nirgends.md")
