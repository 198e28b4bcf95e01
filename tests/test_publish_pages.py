"""Listener pages in headless Chromium, served by `tts serve`'s server: the index, chapters that
seek, the highlight that follows playback, the embed snippet, and no request to another host."""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser import chromium, requested_urls, served
from tests.publishing import SENTENCES, TRICKY_TITLE, make_episode
from tests.test_publish_settings import GOOD
from tts.publish.catalog import open_catalog
from tts.publish.pages import embed_snippet, write_pages
from tts.publish.settings import podcast_settings

TITLES = (TRICKY_TITLE, "Artikel Nummer 2")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str, WebDriver]]:
    output = tmp_path_factory.mktemp("site")
    catalog = open_catalog(output)
    catalog.record(make_episode(output, 1, title=TRICKY_TITLE))
    catalog.record(make_episode(output, 2))
    write_pages(output, podcast_settings(GOOD, Path("tts.toml")))
    with served(output) as base, chromium() as driver:
        yield output, base, driver


def foreign(urls: list[str], base: str) -> list[str]:
    """Requests that left the serving host (browser-internal chrome:// and data: stay local)."""
    remote = ("http:", "https:", "ws:", "wss:", "ftp:")
    return [url for url in urls if url.startswith(remote) and not url.startswith(base + "/")]


def audio_state(driver: WebDriver) -> dict[str, float]:
    return driver.execute_script(  # type: ignore[no-any-return]
        "var a = document.querySelector('audio');"
        "var s = document.querySelector('[data-sentence].tts-current');"
        "return {t: a.currentTime, ready: a.readyState,"
        " start: s ? parseFloat(s.dataset.start) : -1, paused: a.paused};"
    )


def seeks(driver: WebDriver, count: int = 1) -> list[float]:
    """Every position the player was sent to since wait_ready, read at each `seeking` event
    (so playback after the seek cannot blur it); waits until there are `count` of them, since
    the browser fires the event as a queued task, a moment after the click."""
    deadline = time.monotonic() + 5
    while True:
        found: list[float] = driver.execute_script("return window.ttsSeeks || [];")
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.02)


def wait_ready(driver: WebDriver) -> None:
    deadline = time.monotonic() + 10
    while audio_state(driver)["ready"] < 1:
        assert time.monotonic() < deadline, "the audio never loaded"
        time.sleep(0.05)
    driver.execute_script(
        "var a = document.querySelector('audio'); window.ttsSeeks = [];"
        "a.addEventListener('seeking', function () { window.ttsSeeks.push(a.currentTime); });"
    )


def test_index_lists_every_episode_and_the_feed(site: tuple[Path, str, WebDriver]) -> None:
    _, base, driver = site
    requested_urls(driver)
    driver.get(f"{base}/index.html")
    links = driver.find_elements(By.CSS_SELECTOR, ".tts-episode h2 a")
    assert sorted(link.text for link in links) == sorted(TITLES)
    assert {link.get_attribute("href") for link in links} == {
        f"{base}/artikel-1.html",
        f"{base}/artikel-2.html",
    }
    assert len(driver.find_elements(By.CSS_SELECTOR, ".tts-episode audio")) == 2
    feed = driver.find_element(By.CSS_SELECTOR, "link[type='application/rss+xml']")
    assert feed.get_attribute("href") == f"{base}/feed.xml"
    assert driver.find_element(By.TAG_NAME, "h1").text == GOOD["title"]
    assert foreign(requested_urls(driver), base) == []


def test_chapter_click_and_keyboard_seek(site: tuple[Path, str, WebDriver]) -> None:
    _, base, driver = site
    requested_urls(driver)
    driver.get(f"{base}/artikel-1.html")
    assert driver.find_element(By.TAG_NAME, "h1").text == TRICKY_TITLE
    wait_ready(driver)
    driver.execute_script("document.querySelector('audio').muted = true;")
    buttons = driver.find_elements(By.CSS_SELECTOR, "[data-chapter]")
    assert [b.get_attribute("data-start") for b in buttons] == ["0.0", "3.0"]
    buttons[1].click()
    assert seeks(driver) == [3.0]
    assert 3.0 <= audio_state(driver)["t"] < 4.0
    assert buttons[1].get_attribute("aria-current") == "true"
    driver.execute_script("document.querySelector('audio').pause();")
    # the chapter buttons are reachable and usable with the keyboard alone
    buttons[0].send_keys(Keys.ENTER)
    assert seeks(driver, 2) == [3.0, 0.0]
    driver.execute_script("document.querySelector('audio').pause();")
    assert foreign(requested_urls(driver), base) == []


def test_highlight_follows_playback(site: tuple[Path, str, WebDriver]) -> None:
    _, base, driver = site
    requested_urls(driver)
    driver.get(f"{base}/artikel-2.html")
    wait_ready(driver)
    starts = [float(s.get_attribute("data-start")) for s in driver.find_elements(
        By.CSS_SELECTOR, "[data-sentence]")]  # fmt: skip
    assert len(starts) == len(SENTENCES)
    driver.execute_async_script(
        "var done = arguments[0], a = document.querySelector('audio');"
        "a.muted = true; a.currentTime = 0; a.play().then(done, done);"
    )
    seen = set()
    deadline = time.monotonic() + 15  # a 6 s episode; room for a busy machine
    while time.monotonic() < deadline and len(seen) < 4:
        state = audio_state(driver)
        if state["t"] > 0.05:
            expected = max(start for start in starts if start <= state["t"] + 0.15)
            # the highlight is the sentence being read (allowing one frame at a boundary)
            assert state["start"] in (expected, max(s for s in starts if s < expected or s == 0))
            seen.add(state["start"])
        time.sleep(0.2)
    driver.execute_script("document.querySelector('audio').pause();")
    assert len(seen) >= 4, f"highlight moved through only {sorted(seen)}"
    assert foreign(requested_urls(driver), base) == []


def test_transcript_is_readable_without_script_or_audio(site: tuple[Path, str, WebDriver]) -> None:
    _, base, _ = site
    with urllib.request.urlopen(f"{base}/artikel-1.html", timeout=10) as response:
        page = response.read().decode("utf-8")
    document = lxml.html.fromstring(page)
    assert document.findtext(".//h1") == TRICKY_TITLE
    transcript = [span.text_content() for span in document.cssselect("[data-sentence]")]
    assert transcript == list(SENTENCES)
    assert document.cssselect("audio a")[0].text_content() == "MP3 herunterladen"
    assert "CC BY 4.0" in document.cssselect(".tts-credit")[0].text_content()


def test_embed_snippet_works_in_another_page(site: tuple[Path, str, WebDriver]) -> None:
    output, base, driver = site
    snippet = embed_snippet(output, "artikel-1", base)
    assert f'src="{base}/artikel-1.mp3"' in snippet and "<script" in snippet
    article = f"<!doctype html><meta charset=utf-8><h1>Artikel</h1>{snippet}<p>Text.</p>"
    (output / "host-page.html").write_text(article, "utf-8")
    requested_urls(driver)
    driver.get(f"{base}/host-page.html")
    wait_ready(driver)
    driver.execute_script("document.querySelector('audio').muted = true;")
    driver.find_elements(By.CSS_SELECTOR, "[data-chapter]")[1].click()
    assert seeks(driver) == [3.0]
    driver.execute_script("document.querySelector('audio').pause();")
    assert foreign(requested_urls(driver), base) == []


def test_the_foreign_request_check_can_fail(site: tuple[Path, str, WebDriver]) -> None:
    """Control: a page that loads an image from another host is caught by the same check."""
    output, base, driver = site
    (output / "control.html").write_text(
        '<!doctype html><img src="http://127.0.0.2:9/pixel.png" alt="">', "utf-8"
    )
    requested_urls(driver)
    driver.get(f"{base}/control.html")
    time.sleep(0.3)
    assert foreign(requested_urls(driver), base) == ["http://127.0.0.2:9/pixel.png"]


def test_only_web_links_become_links(tmp_path: Path) -> None:
    import dataclasses

    from tts.publish.catalog import Entry
    from tts.publish.pages import view

    episode = make_episode(tmp_path, sidecars=False)
    hostile = dataclasses.replace(episode, url="javascript:alert(1)")
    assert view(Entry(hostile, "g", "2026-01-01T00:00:00+00:00", "x")).url == ""
    assert view(Entry(episode, "g", "2026-01-01T00:00:00+00:00", "x")).url == episode.url
