"""Cover art: the article's image or the configured one, as a square 1400–3000 px RGB JPEG,
embedded as APIC and kept beside the episode. Real Pillow, real HTTP on loopback."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from mutagen.id3 import ID3
from PIL import Image
from typer.testing import CliRunner

from tests.web_server import WebServer
from tts.article import Article, Section
from tts.cli import app
from tts.config import Settings
from tts.cover import cover_art, square_jpeg
from tts.errors import ConfigError, InputError


def png(width: int, height: int, mode: str = "RGB", color: object = (0, 128, 0)) -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), color).save(out, "PNG")
    return out.getvalue()


def opened(jpeg: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(jpeg))
    assert image.format == "JPEG" and image.mode == "RGB"
    return image


@pytest.mark.parametrize(
    ("size", "side"), [((800, 600), 1400), ((4000, 3000), 3000), ((2000, 1800), 1800)]
)
def test_square_and_in_apple_range(size: tuple[int, int], side: int) -> None:
    assert opened(square_jpeg(png(*size), "bild.png")).size == (side, side)


def test_centre_crop() -> None:
    image = Image.new("RGB", (3000, 1500), (255, 0, 0))
    image.paste((0, 0, 255), (750, 0, 2250, 1500))  # the centre square is blue
    out = io.BytesIO()
    image.save(out, "PNG")
    cover = opened(square_jpeg(out.getvalue(), "breit.png"))
    for corner in ((5, 5), (1494, 5), (5, 1494), (1494, 1494)):
        red, _, blue = cover.getpixel(corner)
        assert blue > 200 and red < 40, corner


def test_transparent_image_on_white() -> None:
    cover = opened(square_jpeg(png(1500, 1500, "RGBA", (0, 0, 0, 0)), "logo.png"))
    assert min(cover.getpixel((700, 700))) > 240


def test_not_an_image() -> None:
    with pytest.raises(InputError, match=r"kaputt\.jpg: not an image"):
        square_jpeg(b"<html>404</html>", "kaputt.jpg")


def article(image: str) -> Article:
    return Article(title="T", sections=[Section(None, ["A."])], image=image)


def test_article_image_from_a_url_or_a_file(tmp_path: Path) -> None:
    (tmp_path / "bild.png").write_bytes(png(600, 400))
    with WebServer() as server:
        server.page("bild.png", png(1600, 900), "image/png")
        warnings: list[str] = []
        from_url = cover_art(article(server.url("bild.png")), Settings(), warnings.append)
        from_file = cover_art(article(str(tmp_path / "bild.png")), Settings(), warnings.append)
        assert warnings == []
        assert opened(from_url).size == (1400, 1400)  # 900 px, scaled up
        assert opened(from_file).size == (1400, 1400)


def test_unavailable_article_image_warns_and_falls_back(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(png(3200, 3200))
    with WebServer() as server:
        url = server.url("fehlt.jpg")
        warnings: list[str] = []
        assert cover_art(article(url), Settings(), warnings.append) is None
        assert warnings == [f"{url}: the server answered 404 Not Found; the episode has no cover"]
        settings = Settings(cover=tmp_path / "logo.png")
        cover = cover_art(article(url), settings, warnings.append)
        assert warnings[-1].endswith("; using the configured cover")
        assert opened(cover).size == (3000, 3000)


def test_configured_cover_missing_or_not_an_image(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"\[episode\] cover: .*logo\.png: no such image file"):
        cover_art(article(""), Settings(cover=tmp_path / "logo.png"), print)
    (tmp_path / "notiz.jpg").write_text("kein Bild", "utf-8")
    with pytest.raises(ConfigError, match=r"notiz\.jpg: not an image"):
        cover_art(article(""), Settings(cover=tmp_path / "notiz.jpg"), print)


def test_synth_embeds_the_cover_and_keeps_it_beside_the_episode(
    tmp_path: Path, test_voice: Path
) -> None:
    (tmp_path / "titelbild.png").write_bytes(png(1000, 800))
    story = tmp_path / "geschichte.md"
    story.write_text(
        "---\nimage: titelbild.png\n---\n# Ein kurzer Titel\n\nEin Satz.\n\nNoch einer.\n",
        "utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["synth", str(story), "-o", str(out), "--voice", str(test_voice)]
    )
    assert result.exit_code == 0, result.output
    (picture,) = ID3(out / "ein-kurzer-titel.mp3").getall("APIC")
    assert picture.mime == "image/jpeg" and picture.type == 3
    assert opened(picture.data).size == (1400, 1400)
    assert (out / "ein-kurzer-titel.jpg").read_bytes() == picture.data
    meta = json.loads((out / "ein-kurzer-titel.json").read_text("utf-8"))
    assert meta["files"]["cover"] == "ein-kurzer-titel.jpg"  # relative to the output directory
    assert meta["image"] == str(tmp_path / "titelbild.png")
