"""Inputs a hostile tester tried: UTF-16 without a byte-order mark, URLs we cannot fetch.

Real files on disk through read_article and `tts script`; each refusal is one line naming
the input and the problem.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tts.cli import app
from tts.errors import InputError
from tts.ingest import read_article

ARTICLE = """Stadt sperrt Brücke über die Saale

Die Brücke in Halle wird ab Montag für Autos gesperrt. Gutachter hatten „erhebliche Schäden“ \
festgestellt. Die Reparatur kostet 2,5 Millionen €.

Fußgänger dürfen weiter über die Brücke gehen.
"""


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_with_or_without_bom_is_read(codec: str, tmp_path: Path) -> None:
    path = tmp_path / "bruecke.txt"
    path.write_bytes(ARTICLE.encode(codec))
    article, source = read_article(path)
    assert source.text == ARTICLE
    assert article.title == "Stadt sperrt Brücke über die Saale"
    assert "„erhebliche Schäden“" in article.text
    if codec != "utf-16":  # with a BOM, charset-normalizer names it as it likes
        assert source.encoding == codec


def test_utf16_without_bom_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "bruecke.txt"
    path.write_bytes(ARTICLE.encode("utf-16-le"))
    result = CliRunner().invoke(app, ["script", str(path)])
    assert result.exit_code == 0, result.output
    assert "Fußgänger dürfen weiter über die Brücke gehen." in result.output


def test_cut_off_utf16_is_named_as_utf16(tmp_path: Path) -> None:
    path = tmp_path / "halb.txt"
    path.write_bytes(ARTICLE.encode("utf-16-le")[:-1])  # an odd number of bytes
    with pytest.raises(InputError) as caught:
        read_article(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: looks like UTF-16-LE text without a byte-order mark")
    assert "binary" not in message


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        bytes(4096),
        (b"\x01\x00" * 2000),  # zeros on one side, but control characters
    ],
)
def test_binary_data_is_still_binary(data: bytes, tmp_path: Path) -> None:
    path = tmp_path / "bild.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match="binary data, not a text article"):
        read_article(path)


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("ftp://example.org/artikel.txt", "ftp"),
        ("FTP://example.org/artikel.txt", "ftp"),
        ("file:///tmp/artikel.txt", "file"),
        ("gopher://example.org/1/artikel", "gopher"),
    ],
)
def test_unsupported_url_scheme_has_its_own_message(url: str, scheme: str) -> None:
    with pytest.raises(InputError) as caught:
        read_article(url)
    assert (
        str(caught.value) == f"{url}: unsupported URL scheme '{scheme}'; use http(s), a file or -"
    )


def test_unsupported_url_scheme_through_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["synth", "ftp://example.org/a.txt", "-o", str(out), "--engine", "espeak"]
    )
    assert result.exit_code == 1
    assert result.output == (
        "Error: ftp://example.org/a.txt: unsupported URL scheme 'ftp'; use http(s), a file or -\n"
    )
    assert not out.exists() or list(out.iterdir()) == []


def test_a_file_whose_name_has_a_colon_is_still_a_file(tmp_path: Path) -> None:
    path = tmp_path / "notiz:2026.txt"
    path.write_text(ARTICLE, "utf-8")
    assert read_article(str(path))[0].title == "Stadt sperrt Brücke über die Saale"
