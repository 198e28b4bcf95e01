"""The podcast feed: RSS 2.0 with the itunes and podcast namespaces, from the catalogue alone.

Built as an lxml tree (never by joining strings, so `&`, `<`, quotes and emoji are escaped by
the serialiser) and written to output/feed.xml under a temporary name, then renamed: a reader
sees the old feed or the new one, never half of one, and the XML is never edited in place.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone
from email.utils import format_datetime
from pathlib import Path

from lxml import etree
from PIL import Image, UnidentifiedImageError

from tts import __version__
from tts.errors import ConfigError, OutputError
from tts.files import write_atomic
from tts.publish.catalog import Catalog, Entry, open_catalog
from tts.publish.pages import web_url
from tts.publish.settings import PodcastSettings
from tts.voices.licence import needs_credit

FEED_FILE = "feed.xml"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
MIN_IMAGE_PX = 1400
MAX_IMAGE_PX = 3000
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def podcast_guid(feed_url: str) -> str:
    """podcast:guid: UUIDv5 of the feed URL without its scheme and trailing slashes."""
    bare = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", feed_url).rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def hms(duration_ms: int) -> str:
    """itunes:duration as HH:MM:SS."""
    seconds = round(duration_ms / 1000)
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _clean(text: str) -> str:
    """Characters XML 1.0 cannot carry at all (control codes) are dropped, not escaped."""
    return _NOT_XML.sub("", text)


def _add(
    parent: etree._Element, tag: str, text: str | None = None, /, **attributes: str
) -> etree._Element:
    element = etree.SubElement(parent, tag, {k: _clean(v) for k, v in attributes.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _i(tag: str) -> str:
    return f"{{{ITUNES}}}{tag}"


def _p(tag: str) -> str:
    return f"{{{PODCAST}}}{tag}"


def check_image(podcast: PodcastSettings, output_dir: Path) -> None:
    """A cover that is a file in the output directory must be a square of 1400 to 3000 px (the
    Apple Podcasts rule); a URL elsewhere cannot be checked offline and is taken as it is."""
    if re.match(r"https?://", podcast.image):
        return
    path = output_dir / podcast.image
    try:
        with Image.open(path) as image:
            width, height = image.size
    except (OSError, UnidentifiedImageError) as error:
        raise ConfigError(
            f"{path}: the podcast image ([podcast] image) cannot be read ({error}); put a "
            f"square JPEG or PNG of at least {MIN_IMAGE_PX} px into the output directory"
        ) from error
    if width != height or not MIN_IMAGE_PX <= width <= MAX_IMAGE_PX:
        raise ConfigError(
            f"{path}: the podcast image is {width}x{height} px; podcast apps need a square of "
            f"{MIN_IMAGE_PX} to {MAX_IMAGE_PX} px"
        )


def build_feed(
    entries: list[Entry], podcast: PodcastSettings, now: datetime | None = None
) -> bytes:
    """The feed document for these catalogue entries (newest first), as UTF-8 bytes."""
    nsmap = {"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM}
    rss = etree.Element("rss", {"version": "2.0"}, nsmap=nsmap)
    channel = _add(rss, "channel")
    _add(channel, "title", podcast.title)
    _add(channel, "link", podcast.link)
    _add(channel, "description", podcast.description)
    _add(channel, "language", podcast.language)
    _add(channel, "generator", f"artikel-tts {__version__}")
    stamp = now or datetime.now(timezone.utc)
    _add(channel, "lastBuildDate", format_datetime(stamp))
    _add(channel, f"{{{ATOM}}}link", href=podcast.feed_url, rel="self", type="application/rss+xml")
    image_url = podcast.url(podcast.image)
    image = _add(channel, "image")
    _add(image, "url", image_url)
    _add(image, "title", podcast.title)
    _add(image, "link", podcast.link)
    _add(channel, _i("author"), podcast.author)
    owner = _add(channel, _i("owner"))
    _add(owner, _i("name"), podcast.owner_name)
    _add(owner, _i("email"), podcast.owner_email)
    _add(channel, _i("image"), href=image_url)
    category = _add(channel, _i("category"), text=podcast.category)
    if podcast.subcategory:
        _add(category, _i("category"), text=podcast.subcategory)
    _add(channel, _i("explicit"), "true" if podcast.explicit else "false")
    _add(channel, _i("type"), "episodic")
    _add(channel, _p("guid"), podcast_guid(podcast.feed_url))
    _add(channel, _p("locked"), "yes" if podcast.locked else "no", owner=podcast.owner_email)
    for entry in entries:
        _item(channel, entry, podcast)
    return etree.tostring(rss, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _item(channel: etree._Element, entry: Entry, podcast: PodcastSettings) -> None:
    episode = entry.episode
    files = episode.files
    item = _add(channel, "item")
    _add(item, "title", episode.title)
    _add(item, _i("title"), episode.title)
    description = episode.description or episode.title
    if needs_credit(episode.voice_licence):
        description = f"{description}\n\nStimme: {episode.voice_licence}"
    _add(item, "description", description)
    _add(item, "link", web_url(episode.url) or podcast.url(f"{episode.slug}.html"))
    _add(item, "guid", entry.guid, isPermaLink="false")
    _add(item, "pubDate", format_datetime(entry.date))
    if episode.author:
        _add(item, _i("author"), episode.author)
    _add(
        item,
        "enclosure",
        url=podcast.url(files.audio),
        length=str(episode.size_bytes),
        type="audio/mpeg",
    )
    _add(item, _i("duration"), hms(episode.duration_ms))
    _add(item, _i("episodeType"), "full")
    _add(item, _i("explicit"), "true" if podcast.explicit else "false")
    if files.cover:
        _add(item, _i("image"), href=podcast.url(files.cover))
    if files.chapters:
        _add(
            item, _p("chapters"), url=podcast.url(files.chapters), type="application/json+chapters"
        )
    if files.transcript_vtt:
        _add(
            item,
            _p("transcript"),
            url=podcast.url(files.transcript_vtt),
            type="text/vtt",
            language=episode.language or podcast.language,
            rel="captions",
        )
    if files.transcript_srt:
        _add(
            item,
            _p("transcript"),
            url=podcast.url(files.transcript_srt),
            type="application/x-subrip",
            language=episode.language or podcast.language,
            rel="captions",
        )
    _add(
        item, _p("person"), f"{episode.voice} (synthetische Stimme)", role="narrator", group="cast"
    )


def write_feed(output_dir: Path, podcast: PodcastSettings, catalog: Catalog | None = None) -> Path:
    """Build output/feed.xml from the catalogue and put it into place atomically; its path."""
    check_image(podcast, output_dir)
    entries = (catalog or open_catalog(output_dir)).episodes()
    target = output_dir / FEED_FILE
    try:
        write_atomic(target, build_feed(entries, podcast))
    except OSError as error:
        raise OutputError(f"{target}: cannot write the feed ({error.strerror or error})") from error
    return target
