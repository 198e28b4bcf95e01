"""A real podcast client (gPodder's `gpo`, Debian package gpodder) against `tts serve`."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from pathlib import Path

from tests.browser import served
from tests.publishing import TRICKY_TITLE, make_episode, make_mp3
from tests.test_publish_settings import GOOD
from tts.publish.catalog import file_sha256, open_catalog
from tts.publish.feed import write_feed
from tts.publish.settings import podcast_settings

GPO = shutil.which("gpo") or "/usr/bin/gpo"


def gpo(home: Path, *arguments: str) -> str:
    """Run gpo with its own configuration and download folders; its output."""
    environment = {
        **os.environ,
        "GPODDER_HOME": str(home / "config"),
        "GPODDER_DOWNLOAD_DIR": str(home / "downloads"),
    }
    result = subprocess.run(
        [GPO, *arguments], env=environment, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def downloads(home: Path) -> dict[str, str]:
    return {
        path.name: file_sha256(path)
        for path in (home / "downloads").rglob("*.mp3")
        if path.is_file()
    }


def test_gpodder_subscribes_and_downloads_every_episode_intact(tmp_path: Path) -> None:
    output = tmp_path / "output"
    catalog = open_catalog(output)
    for number in (1, 2, 3):
        title = TRICKY_TITLE if number == 1 else None
        catalog.record(make_episode(output, number, title=title, seconds=2 + number))
    client = tmp_path / "client"
    with served(output) as base:
        podcast = podcast_settings(
            {**GOOD, "image": "https://cdn.example.org/cover.jpg"}, Path("tts.toml"), base_url=base
        )
        write_feed(output, podcast)
        gpo(client, "subscribe", f"{base}/feed.xml")
        assert "3 new episodes" in gpo(client, "update")
        gpo(client, "download")
        expected = {e.episode.files.audio: e.episode.audio_sha256 for e in catalog.episodes()}
        assert len(expected) == 3
        assert downloads(client) == expected

        # regenerated audio keeps its GUID: the client sees no new episode
        regenerated = catalog.find("artikel-2")
        assert regenerated is not None
        make_mp3(output / "artikel-2.mp3", 2.5)
        catalog.record(dataclasses.replace(regenerated.episode, size_bytes=0, audio_sha256=""))
        write_feed(output, podcast)
        report = gpo(client, "update")
        assert "0 new episodes" in report, report
