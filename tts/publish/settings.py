"""The [podcast] table of tts.toml: what the feed says about the show as a whole.

Checked key by key when the feed is built, so a missing or mistyped value is one clear line
naming the file, the table and the key, instead of a feed that podcast directories reject.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tts.errors import ConfigError

REQUIRED = (
    "title",
    "link",
    "description",
    "author",
    "owner_name",
    "owner_email",
    "image",
    "category",
    "base_url",
)


@dataclass(frozen=True)
class PodcastSettings:
    """The channel of the feed. `image` is an absolute URL or a file name in the output
    directory (published under `base_url`); `base_url` is where the output directory is served."""

    title: str
    link: str
    description: str
    author: str
    owner_name: str
    owner_email: str
    image: str
    category: str
    base_url: str
    subcategory: str = ""
    explicit: bool = False
    language: str = "de"
    locked: bool = True

    @property
    def feed_url(self) -> str:
        return self.url("feed.xml")

    def url(self, name: str) -> str:
        """The public URL of a file in the output directory (names are relative to it)."""
        if urlsplit(name).scheme in ("http", "https"):
            return name
        return f"{self.base_url.rstrip('/')}/{name.lstrip('/')}"


@cache
def categories() -> dict[str, tuple[str, ...]]:
    """Apple Podcasts' categories and their subcategories (tts/data/podcast_categories.json)."""
    text = (resources.files("tts") / "data" / "podcast_categories.json").read_text("utf-8")
    return {name: tuple(subs) for name, subs in json.loads(text).items()}


def podcast_settings(
    table: dict[str, Any], path: Path, *, base_url: str | None = None
) -> PodcastSettings:
    """PodcastSettings from the [podcast] table of `path`; `base_url` (the --base-url flag)
    overrides the table's. ConfigError naming file, table and key for the first bad key."""
    where = f"{path} [podcast]"
    known = [item.name for item in fields(PodcastSettings)]
    unknown = sorted(set(table) - set(known))
    if unknown:
        raise ConfigError(f"{where}: unknown setting {unknown[0]!r}; known: {', '.join(known)}")
    values = dict(table)
    if base_url:
        values["base_url"] = base_url
    for key in REQUIRED:
        value = values.get(key)
        if value is None:
            hint = " (or pass --base-url)" if key == "base_url" else ""
            raise ConfigError(f'{where}: {key} is missing; set {key} = "…"{hint}')
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}: {key} must be a non-empty string, not {value!r}")
        values[key] = value.strip()
    for key in ("subcategory", "language"):
        if key in values and not isinstance(values[key], str):
            raise ConfigError(f"{where}: {key} must be a string, not {values[key]!r}")
    for key in ("explicit", "locked"):
        if key in values and not isinstance(values[key], bool):
            raise ConfigError(f"{where}: {key} must be true or false, not {values[key]!r}")
    for key in ("link", "base_url"):
        _check_url(values[key], where, key)
    if urlsplit(values["image"]).scheme:
        _check_url(values["image"], where, "image")
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", values["owner_email"]):
        raise ConfigError(
            f"{where}: owner_email is not an e-mail address: {values['owner_email']!r}"
        )
    if not re.fullmatch(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*", values.get("language", "de")):
        raise ConfigError(f'{where}: language must be a code such as "de" or "de-AT"')
    _check_category(values["category"], values.get("subcategory", ""), where)
    return PodcastSettings(**values)


def _check_url(value: str, where: str, key: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{where}: {key} must be an http(s) URL, not {value!r}")


def _check_category(category: str, subcategory: str, where: str) -> None:
    known = categories()
    if category not in known:
        raise ConfigError(
            f"{where}: category {category!r} is not an Apple Podcasts category; "
            f"known: {', '.join(known)}"
        )
    if subcategory and subcategory not in known[category]:
        allowed = ", ".join(known[category]) or "none"
        raise ConfigError(
            f"{where}: subcategory {subcategory!r} is not one of {category!r}: {allowed}"
        )
