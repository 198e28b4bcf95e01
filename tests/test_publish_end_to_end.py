"""Three articles through tts.produce, then feed, pages, server, a podcast client and Chromium:
the issue's acceptance checks on the real pipeline (tiny test voice, real ffmpeg)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import pytest
from mutagen.id3 import ID3
from selenium.webdriver.common.by import By

import tts
from tests.browser import chromium, requested_urls, served
from tests.test_publish_client import downloads, gpo
from tests.test_publish_pages import audio_state, foreign, seeks, wait_ready
from tests.test_publish_settings import GOOD
from tts.publish import open_catalog, podcast_settings, publish
from tts.publish.feed import hms
from tts.publish.pages import embed_snippet

TITLE = 'Bund & Länder <streiten> über "Tempo 30" 🚗'
CARD = "# Model card\n\n## Dataset\n\n* URL: https://example.org/voice\n* License: CC BY 4.0\n"
ARTICLES = {
    "tempo.txt": f"{TITLE}\n\nDie Minister treffen sich am Montag. Ein Kompromiss ist fern.\n\n"
    "## Wie es weitergeht\n\nIm Frühjahr soll entschieden werden. Die Länder warten ab.\n",
    "wetter.txt": "Das Wetter am Wochenende\n\nAm Samstag scheint die Sonne. Am Sonntag regnet "
    "es.\n\n## Die Aussichten\n\nAb Montag wird es kälter.\n",
    "bruecke.txt": "Neue Brücke eröffnet\n\nDie Brücke ist 300 Meter lang. Sie kostete viel."
    "\n\n## Verkehr\n\nAutos dürfen sie ab Montag nutzen.\n",
}


@pytest.fixture
def settings(tmp_path: Path, test_voice: Path) -> tts.Settings:
    """The test voice in its own folder with a CC BY model card beside it."""
    voices = tmp_path / "voices"
    voices.mkdir()
    for path in test_voice.parent.iterdir():
        if path.is_file():
            (voices / path.name).write_bytes(path.read_bytes())
    name = test_voice.name.removesuffix(".onnx")
    (voices / f"{name}.MODEL_CARD").write_text(CARD, "utf-8")
    return tts.Settings(
        voice=str(voices / test_voice.name),
        output_dir=tmp_path / "out",
        cache_dir=tmp_path / "cache",
    )


def test_three_articles_to_feed_client_and_browser(settings: tts.Settings, tmp_path: Path) -> None:
    output = settings.output_dir
    sources = []
    for name, text in ARTICLES.items():
        path = tmp_path / name
        path.write_text(text, "utf-8")
        sources.append(path)
    produced = [tts.produce(path, settings).episode for path in sources]
    catalog = open_catalog(output)
    assert {e.episode.id for e in catalog.episodes()} == {e.id for e in produced}
    tempo = produced[0]
    assert tempo.title == TITLE
    assert "CC BY 4.0" in tempo.voice_licence
    tags = ID3(output / tempo.files.audio)
    assert str(tags["TIT2"]) == TITLE
    assert any("CC BY 4.0" in str(frame) for frame in tags.getall("COMM"))

    client = tmp_path / "client"
    with served(output) as base:
        podcast = podcast_settings(
            {**GOOD, "image": "https://cdn.example.org/c.jpg"}, Path("tts.toml"), base_url=base
        )
        publish(output, podcast)
        parsed = feedparser.parse((output / "feed.xml").read_bytes())
        assert not parsed.bozo and len(parsed.entries) == 3
        items = {item.title: item for item in parsed.entries}
        for episode in produced:
            item = items[episode.title]
            [enclosure] = item.enclosures
            assert int(enclosure.length) == (output / episode.files.audio).stat().st_size
            assert item.itunes_duration == hms(episode.duration_ms)
            assert item.podcast_chapters["url"] == f"{base}/{episode.files.chapters}"
            assert item.podcast_transcript["url"].startswith(f"{base}/{episode.slug}.")
            assert "CC BY 4.0" in item.summary

        assert "3 new episodes" in gpo(client, "subscribe", f"{base}/feed.xml") + gpo(
            client, "update"
        )
        gpo(client, "download")
        assert downloads(client) == {e.files.audio: e.audio_sha256 for e in produced}

        with chromium() as driver:
            requested_urls(driver)
            driver.get(f"{base}/index.html")
            titles = [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".tts-episode h2 a")]
            assert sorted(titles) == sorted(e.title for e in produced)
            driver.get(f"{base}/{tempo.slug}.html")
            wait_ready(driver)
            driver.execute_script("document.querySelector('audio').muted = true;")
            button = driver.find_elements(By.CSS_SELECTOR, "[data-chapter]")[-1]
            start = tempo.chapters[-1].start_ms / 1000
            assert float(button.get_attribute("data-start")) == start
            button.click()
            assert seeks(driver) == [start]
            state = audio_state(driver)
            # the highlighted sentence is the one whose span holds currentTime
            assert state["start"] <= state["t"] + 0.15
            driver.execute_script("document.querySelector('audio').pause();")
            assert foreign(requested_urls(driver), base) == []
        snippet = embed_snippet(output, tempo.id, podcast.base_url)
        assert f"{base}/{tempo.files.audio}" in snippet

        # regenerated: same GUID, the client sees nothing new
        guid = catalog.get(tempo.id).guid
        sources[0].write_text(ARTICLES["tempo.txt"].replace("fern", "weit weg"), "utf-8")
        again = tts.produce(sources[0], settings).episode
        assert again.id == tempo.id and catalog.get(tempo.id).guid == guid
        publish(output, podcast)
        assert "0 new episodes" in gpo(client, "update")

        # removed: gone from the catalogue, the feed and the disk
        removed = catalog.remove(produced[1].slug)
        assert output / produced[1].files.audio in removed
        publish(output, podcast)
        parsed = feedparser.parse((output / "feed.xml").read_bytes())
        assert sorted(e.title for e in parsed.entries) == sorted([TITLE, produced[2].title])
        assert not (output / f"{produced[1].slug}.html").exists()


KILLED = """
import sys
from pathlib import Path
import tts
from tts.events import Event

def on_event(event: Event) -> None:
    if event.stage == "synthesis" and event.done >= 1:
        print("halfway", flush=True)
        import time
        time.sleep(60)

settings = tts.Settings(voice=sys.argv[1], output_dir=Path(sys.argv[2]),
                        cache_dir=Path(sys.argv[3]))
tts.produce(Path(sys.argv[4]), settings, on_event=on_event)
"""


def test_killed_synthesis_leaves_catalogue_and_feed_as_they_were(
    settings: tts.Settings, tmp_path: Path
) -> None:
    output = settings.output_dir
    first = tmp_path / "erster.txt"
    first.write_text(ARTICLES["wetter.txt"], "utf-8")
    tts.produce(first, settings)
    podcast = podcast_settings({**GOOD, "image": "https://cdn.example.org/c.jpg"}, Path("tts.toml"))
    publish(output, podcast)
    feed_before = (output / "feed.xml").read_bytes()
    rows_before = open_catalog(output).episodes()
    long = tmp_path / "lang.txt"
    long.write_text(
        "Ein langer Artikel\n\n" + " ".join(f"Das ist Satz Nummer {n}." for n in range(80)),
        "utf-8",
    )
    worker = subprocess.Popen(
        [sys.executable, "-c", KILLED, settings.voice, str(output),
         str(settings.cache_dir), str(long)],
        stdout=subprocess.PIPE, text=True, env={**os.environ},
    )  # fmt: skip
    assert worker.stdout is not None
    deadline = time.monotonic() + 60
    while worker.stdout.readline().strip() != "halfway":
        assert time.monotonic() < deadline and worker.poll() is None, "never got halfway"
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)
    assert open_catalog(output).episodes() == rows_before
    assert (output / "feed.xml").read_bytes() == feed_before
    assert not (output / "ein-langer-artikel.mp3").exists()
    assert sorted(p.name for p in output.glob("*.mp3")) == ["das-wetter-am-wochenende.mp3"]
