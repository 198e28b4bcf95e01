"""Publishing: the episode catalogue, side-cars, the podcast feed, listener pages, a server.

The CLI commands are thin layers over the calls here:

    podcast = podcast_for(settings, base_url)          # [podcast] of tts.toml, checked
    publish(settings.output_dir, podcast)              # feed.xml, index.html, <slug>.html
    open_catalog(output_dir).episodes() / .remove(x)   # `tts episodes list|remove`
    serve(output_dir, host, port)                      # `tts serve`
    embed_snippet(output_dir, id_or_slug, base_url)    # `tts embed`
"""

from __future__ import annotations

from pathlib import Path

from tts.config import Settings
from tts.publish.catalog import CATALOG_FILE, Catalog, Entry, open_catalog
from tts.publish.feed import FEED_FILE, write_feed
from tts.publish.pages import embed_snippet, write_pages
from tts.publish.server import serve
from tts.publish.settings import PodcastSettings, podcast_settings
from tts.publish.transcript import write_sidecars


def podcast_for(settings: Settings, base_url: str | None = None) -> PodcastSettings:
    """The [podcast] table of the settings' file, checked; `base_url` (--base-url) wins."""
    return podcast_settings(dict(settings.podcast), Path(settings.source), base_url=base_url)


def publish(output_dir: Path, podcast: PodcastSettings) -> list[Path]:
    """Everything a listener needs, from the catalogue alone: the feed first, then the pages;
    the paths written (each put into place atomically)."""
    return [write_feed(output_dir, podcast), *write_pages(output_dir, podcast)]


def refresh(output_dir: Path, podcast: PodcastSettings | None) -> list[Path]:
    """After an episode is added or removed: rebuild what was published before (the feed when
    it exists and [podcast] is set, the pages when the index exists); the paths written."""
    written: list[Path] = []
    if podcast is not None and (output_dir / FEED_FILE).exists():
        written.append(write_feed(output_dir, podcast))
    if (output_dir / "index.html").exists():
        written.extend(write_pages(output_dir, podcast))
    return written


__all__ = [
    "CATALOG_FILE",
    "FEED_FILE",
    "Catalog",
    "Entry",
    "PodcastSettings",
    "embed_snippet",
    "open_catalog",
    "podcast_for",
    "podcast_settings",
    "publish",
    "refresh",
    "serve",
    "write_feed",
    "write_pages",
    "write_sidecars",
]
