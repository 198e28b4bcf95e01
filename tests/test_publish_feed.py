"""The feed, read back by feedparser (and lxml for what feedparser folds together)."""

from __future__ import annotations

import dataclasses
import email.utils
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from PIL import Image

from tests.publishing import TRICKY_TITLE, make_episode
from tests.test_publish_settings import GOOD
from tts.errors import ConfigError
from tts.publish.catalog import open_catalog
from tts.publish.feed import ITUNES, PODCAST, hms, podcast_guid, write_feed
from tts.publish.settings import PodcastSettings, podcast_settings


def settings(**changes: object) -> PodcastSettings:
    return podcast_settings({**GOOD, **changes}, Path("tts.toml"))


def cover(output_dir: Path, size: tuple[int, int] = (1400, 1400)) -> None:
    Image.new("RGB", size, (200, 30, 30)).save(output_dir / "cover.jpg")


def test_podcast_guid_follows_the_namespace_spec() -> None:
    # the example of the Podcasting 2.0 namespace documentation
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == (
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    )
    assert podcast_guid("http://mp3s.nashownotes.com/pc20rss.xml/") == podcast_guid(
        "https://mp3s.nashownotes.com/pc20rss.xml"
    )


def test_feed_has_every_required_field(tmp_path: Path) -> None:
    catalog = open_catalog(tmp_path)
    first = catalog.record(make_episode(tmp_path, 1, title=TRICKY_TITLE))
    second = catalog.record(make_episode(tmp_path, 2, licence="v (Piper): CC0"))
    cover(tmp_path)
    podcast = settings()
    path = write_feed(tmp_path, podcast)
    assert path == tmp_path / "feed.xml" and not list(tmp_path.glob(".*.part"))
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    channel = parsed.feed
    assert channel.title == GOOD["title"]
    assert channel.link == GOOD["link"]
    assert channel.subtitle == GOOD["description"]
    assert channel.language == "de"
    # feedparser folds itunes:author into the owner's name: read it with lxml
    tree = etree.parse(str(path))
    assert tree.findtext(f"channel/{{{ITUNES}}}author") == GOOD["author"]
    assert channel.publisher_detail == {"name": "Redaktion", "email": "audio@example.org"}
    assert channel.image.href == "https://audio.example.org/podcast/cover.jpg"
    assert [tag.term for tag in channel.tags] == ["News", "Daily News"]
    # feedparser reads only "yes"/"clean"; Apple's current spelling is "false"
    assert tree.findtext(f"channel/{{{ITUNES}}}explicit") == "false"
    assert channel.podcast_guid == podcast_guid("audio.example.org/podcast/feed.xml")
    assert channel.podcast_locked == {"owner": "audio@example.org"}
    assert tree.findtext(f"channel/{{{PODCAST}}}locked") == "yes"
    assert len(parsed.entries) == 2
    by_guid = {entry.id: entry for entry in parsed.entries}
    for recorded in (first, second):
        item = by_guid[recorded.guid]
        episode = recorded.episode
        assert item.guidislink is False
        assert item.title == episode.title
        [enclosure] = item.enclosures
        audio = tmp_path / episode.files.audio
        assert enclosure.href == f"https://audio.example.org/podcast/{audio.name}"
        assert int(enclosure.length) == audio.stat().st_size
        assert enclosure.type == "audio/mpeg"
        assert item.itunes_duration == hms(episode.duration_ms) == "00:00:06"
        published = email.utils.parsedate_to_datetime(item.published)
        assert published.isoformat() == episode.published
        assert item.podcast_chapters["url"].endswith(f"{episode.slug}.chapters.json")
        assert item.podcast_chapters["type"] == "application/json+chapters"
        assert item.podcast_person == {"role": "narrator", "group": "cast"}
    # the CC BY voice is credited in the description, the CC0 one needs no credit
    assert "Stimme: de_DE-test-medium (Piper): CC BY 4.0" in by_guid[first.guid].summary
    assert "Stimme:" not in by_guid[second.guid].summary
    # the title with &, <, quotes and an emoji comes back exactly
    assert by_guid[first.guid].title == TRICKY_TITLE
    for item in tree.iter("item"):
        kinds = {t.get("type"): t.get("url") for t in item.iter(f"{{{PODCAST}}}transcript")}
        assert set(kinds) == {"text/vtt", "application/x-subrip"}
        assert kinds["text/vtt"].endswith(".vtt") and kinds["application/x-subrip"].endswith(".srt")
    assert tree.find("channel/item/title").text in (TRICKY_TITLE, "Artikel Nummer 2")


def test_removed_episode_leaves_the_feed_and_regeneration_keeps_the_guid(tmp_path: Path) -> None:
    catalog = open_catalog(tmp_path)
    one = catalog.record(make_episode(tmp_path, 1))
    catalog.record(make_episode(tmp_path, 2))
    podcast = settings(image="https://cdn.example.org/cover.jpg")
    regenerated = dataclasses.replace(one.episode, title="Neu vertont", size_bytes=0)
    catalog.record(regenerated)
    catalog.remove("artikel-2")
    parsed = feedparser.parse(write_feed(tmp_path, podcast).read_bytes())
    assert [(e.id, e.title) for e in parsed.entries] == [(one.guid, "Neu vertont")]


def test_bad_cover_is_refused_and_the_old_feed_stays(tmp_path: Path) -> None:
    open_catalog(tmp_path).record(make_episode(tmp_path, 1))
    (tmp_path / "feed.xml").write_bytes(b"old")
    cover(tmp_path, (800, 800))
    with pytest.raises(ConfigError, match="800x800 px"):
        write_feed(tmp_path, settings())
    assert (tmp_path / "feed.xml").read_bytes() == b"old"


def test_refresh_rebuilds_only_what_was_published(tmp_path: Path) -> None:
    from tts.publish import publish, refresh

    catalog = open_catalog(tmp_path)
    catalog.record(make_episode(tmp_path, 1))
    podcast = settings(image="https://cdn.example.org/cover.jpg")
    assert refresh(tmp_path, podcast) == []  # nothing published yet: nothing appears
    assert not (tmp_path / "feed.xml").exists()
    written = publish(tmp_path, podcast)
    assert {p.name for p in written} >= {"feed.xml", "index.html", "artikel-1.html"}
    catalog.record(make_episode(tmp_path, 2))
    refresh(tmp_path, podcast)
    assert len(feedparser.parse((tmp_path / "feed.xml").read_bytes()).entries) == 2
    assert "artikel-2.html" in (tmp_path / "index.html").read_text("utf-8")
