"""Cover art: the article's image, or the configured default, as podcast apps want it.

Apple Podcasts asks for a square RGB JPEG of 1400 to 3000 pixels a side; anything else is
centre-cropped to a square and scaled into that range. An article image that cannot be had
costs the episode its cover, not the episode (a warning); a configured cover that is missing or
not an image is an error, because someone set it on purpose.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tts.article import Article
from tts.config import Settings
from tts.errors import ConfigError, InputError, OutputError
from tts.files import write_atomic
from tts.ingest.fetch import fetch, is_url

if TYPE_CHECKING:  # Pillow is imported only when there is an image to make a cover of
    from PIL import Image

MIN_SIDE = 1400
MAX_SIDE = 3000
_QUALITY = 88
_MAX_IMAGE_BYTES = 30 * 1024 * 1024


def cover_art(article: Article, settings: Settings, warn: Callable[[str], None]) -> bytes | None:
    """The episode's cover as JPEG bytes, or None when there is none to be had."""
    if article.image:
        try:
            return square_jpeg(_image_bytes(article.image, settings.fetch_timeout), article.image)
        except InputError as error:
            instead = "using the configured cover" if settings.cover else "the episode has no cover"
            warn(f"{error}; {instead}")
    if settings.cover is None:
        return None
    try:
        return square_jpeg(_read(settings.cover), str(settings.cover))
    except InputError as error:
        raise ConfigError(f"[episode] cover: {error}") from None


def square_jpeg(data: bytes, name: str) -> bytes:
    """`data` (any image Pillow reads) centre-cropped to a square of 1400–3000 px, as JPEG."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        raise InputError(f"{name}: not an image Pillow can read") from None
    image = _rgb(image)
    side = min(image.size)
    left, top = (image.width - side) // 2, (image.height - side) // 2
    target = max(MIN_SIDE, min(MAX_SIDE, side))
    square = image.crop((left, top, left + side, top + side))
    if target != side:
        square = square.resize((target, target), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    square.save(out, "JPEG", quality=_QUALITY, optimize=True)
    return out.getvalue()


def save_cover(jpeg: bytes, path: Path) -> None:
    """Write the cover beside the episode (for a feed), atomically like the episode's files."""
    try:
        write_atomic(path, jpeg)
    except OSError as error:
        raise OutputError(f"{path}: cannot write the cover ({error.strerror})") from None


def _rgb(image: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no transparency, and podcast apps reject CMYK."""
    from PIL import Image

    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _image_bytes(image: str, timeout: float) -> bytes:
    if is_url(image):
        return fetch(image, timeout=timeout, max_bytes=_MAX_IMAGE_BYTES).data
    if image.startswith("data:"):
        raise InputError("the article's image is inline data, not a file")
    return _read(Path(image))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such image file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read the image ({error.strerror or error})") from None
