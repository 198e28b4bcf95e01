"""The publishing commands as a user types them: feed, episodes list/remove, embed, serve."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import feedparser
from typer.testing import CliRunner

from tests.publishing import TRICKY_TITLE, make_episode
from tts.cli import app
from tts.publish.catalog import open_catalog

CONFIG = """
[podcast]
title = "Beispiel-Zeitung zum Hören"
link = "https://example.org/"
description = "Artikel, vorgelesen."
author = "Beispiel-Zeitung"
owner_name = "Redaktion"
owner_email = "audio@example.org"
image = "https://cdn.example.org/cover.jpg"
category = "News"
base_url = "https://audio.example.org/podcast"
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def site(tmp_path: Path, config: str = CONFIG) -> tuple[Path, Path]:
    output = tmp_path / "out"
    catalog = open_catalog(output)
    catalog.record(make_episode(output, 1, title=TRICKY_TITLE))
    catalog.record(make_episode(output, 2))
    path = tmp_path / "tts.toml"
    path.write_text(config, "utf-8")
    return output, path


def test_feed_list_embed_remove(tmp_path: Path) -> None:
    output, config = site(tmp_path)
    code, text = run("feed", "-o", str(output), "--config", str(config))
    assert code == 0, text
    parsed = feedparser.parse((output / "feed.xml").read_bytes())
    assert sorted(e.title for e in parsed.entries) == sorted([TRICKY_TITLE, "Artikel Nummer 2"])
    assert parsed.entries[0].enclosures[0].href.startswith("https://audio.example.org/podcast/")
    assert (output / "index.html").exists() and (output / "artikel-1.html").exists()

    code, text = run("episodes", "list", "-o", str(output), "--config", str(config))
    assert code == 0, text
    lines = text.strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == ["artikel-2", "artikel-1"]
    assert lines[1].split("\t")[2:] == [TRICKY_TITLE, "2026-11-21", "0:06"]

    code, text = run("embed", "artikel-1", "-o", str(output), "--config", str(config))
    assert code == 0 and 'src="https://audio.example.org/podcast/artikel-1.mp3"' in text

    code, text = run("episodes", "remove", "artikel-2", "-o", str(output), "--config", str(config))
    assert code == 0, text
    parsed = feedparser.parse((output / "feed.xml").read_bytes())
    assert [e.title for e in parsed.entries] == [TRICKY_TITLE]
    assert not (output / "artikel-2.mp3").exists() and not (output / "artikel-2.html").exists()
    assert "artikel-2" not in (output / "index.html").read_text("utf-8")

    code, text = run("episodes", "remove", "artikel-2", "-o", str(output), "--config", str(config))
    assert code == 1 and "no episode 'artikel-2'" in text


def test_base_url_flag_and_missing_key_errors(tmp_path: Path) -> None:
    output, config = site(tmp_path, CONFIG.replace('owner_email = "audio@example.org"\n', ""))
    code, text = run("feed", "-o", str(output), "--config", str(config))
    assert code == 1 and "[podcast]: owner_email is missing" in text, text
    assert not (output / "feed.xml").exists()
    config.write_text(CONFIG.replace('base_url = "https://audio.example.org/podcast"\n', ""))
    code, text = run("feed", "-o", str(output), "--config", str(config))
    assert code == 1 and "base_url is missing" in text and "--base-url" in text
    args = ("feed", "-o", str(output), "--config", str(config), "--base-url", "http://127.0.0.1:9")
    code, text = run(*args)
    assert code == 0, text
    feed = feedparser.parse((output / "feed.xml").read_bytes())
    assert feed.entries[0].enclosures[0].href.startswith("http://127.0.0.1:9/")


def test_tts_serve_command(tmp_path: Path) -> None:
    output, _ = site(tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "tts", "serve", "--port", str(port), "-o", str(output)]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/artikel-1.mp3") as response:
                    body, kind = response.read(), response.headers["Content-Type"]
                break
            except urllib.error.URLError:
                assert time.monotonic() < deadline and server.poll() is None, "never served"
                time.sleep(0.1)
        assert kind == "audio/mpeg" and body == (output / "artikel-1.mp3").read_bytes()
    finally:
        server.terminate()
        server.wait(timeout=10)
