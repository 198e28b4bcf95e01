"""The [podcast] table: every required key checked, each with its own error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tts.errors import ConfigError
from tts.publish.settings import REQUIRED, podcast_settings

GOOD: dict[str, Any] = {
    "title": "Beispiel-Zeitung zum Hören",
    "link": "https://example.org/",
    "description": "Artikel, vorgelesen.",
    "author": "Beispiel-Zeitung",
    "owner_name": "Redaktion",
    "owner_email": "audio@example.org",
    "image": "cover.jpg",
    "category": "News",
    "subcategory": "Daily News",
    "base_url": "https://audio.example.org/podcast/",
}
PATH = Path("tts.toml")


def test_good_table_gives_settings_with_defaults() -> None:
    settings = podcast_settings(GOOD, PATH)
    assert settings.language == "de" and settings.explicit is False
    assert settings.feed_url == "https://audio.example.org/podcast/feed.xml"
    assert settings.url("cover.jpg") == "https://audio.example.org/podcast/cover.jpg"
    assert settings.url("https://cdn.example.org/x.jpg") == "https://cdn.example.org/x.jpg"


@pytest.mark.parametrize("key", REQUIRED)
def test_each_missing_required_key_is_named(key: str) -> None:
    table = {k: v for k, v in GOOD.items() if k != key}
    with pytest.raises(ConfigError) as caught:
        podcast_settings(table, PATH)
    assert str(caught.value).startswith(f"tts.toml [podcast]: {key} is missing")


def test_base_url_flag_overrides_and_fills_in() -> None:
    table = {k: v for k, v in GOOD.items() if k != "base_url"}
    settings = podcast_settings(table, PATH, base_url="http://127.0.0.1:8000")
    assert settings.feed_url == "http://127.0.0.1:8000/feed.xml"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("explicit", "no", "explicit must be true or false"),
        ("owner_email", "redaktion", "owner_email is not an e-mail address"),
        ("link", "example.org", "link must be an http\\(s\\) URL"),
        ("category", "Nachrichten", "category 'Nachrichten' is not an Apple Podcasts category"),
        ("subcategory", "Politik", "subcategory 'Politik' is not one of 'News'"),
        ("title", "", "title must be a non-empty string"),
        ("language", "deutsch!", "language must be a code"),
        ("colour", "blue", "unknown setting 'colour'"),
    ],
)
def test_bad_values_are_named(key: str, value: Any, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        podcast_settings({**GOOD, key: value}, PATH)


def test_the_shipped_example_config_is_valid() -> None:
    from tts.config import load_settings
    from tts.publish import podcast_for

    example = Path(__file__).parent.parent / "tts.toml.example"
    podcast = podcast_for(load_settings(example))
    assert podcast.feed_url == "https://audio.example.org/podcast/feed.xml"
    assert podcast_for(load_settings(example), "http://127.0.0.1:8000").base_url == (
        "http://127.0.0.1:8000"
    )
