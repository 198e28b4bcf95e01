"""One article written as HTML, Markdown and plain text: the same Article, the same script."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from typer.testing import CliRunner

from tts.cli import app
from tts.ingest import read_article

DATA = Path(__file__).parent / "data"
FILES = [DATA / "html" / "schulweg.html", DATA / "schulweg.md", DATA / "schulweg.txt"]


def _fields(path: Path) -> dict[str, object]:
    article, _ = read_article(path)
    fields = dataclasses.asdict(article)
    del fields["image"], fields["url"]  # where the picture and page are differs by format
    return fields


def test_same_article_in_every_format() -> None:
    html, markdown, text = (_fields(path) for path in FILES)
    assert html == markdown == text
    assert text["title"] == "Neue Ampel soll Schulweg sicherer machen"
    assert text["kicker"] == "Verkehr in Lindenau"
    assert (text["author"], text["date"], text["source"]) == (
        "Marie Beispiel",
        "2025-03-14",
        "lindenauer-rundschau.de",
    )
    sections = text["sections"]
    assert [s["heading"] for s in sections] == [
        None,
        "Eltern sammelten Unterschriften",
        "Bauarbeiten in den Ferien",
    ]
    assert sections[0]["paragraphs"][-3:] == [
        "Ein breiterer Gehweg auf der Westseite",
        "Tempo 30 vor der Schule",
        "Zwei neue Fahrradständer am Eingang",
    ]


def test_same_script_in_every_format() -> None:
    outputs = []
    for path in FILES:
        result = CliRunner().invoke(app, ["script", str(path)])
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    assert outputs[0] == outputs[1] == outputs[2]
    assert outputs[0].splitlines()[-2:] == [
        "Dieser Text wurde von einer künstlichen Stimme vorgelesen.",
        "Quelle: lindenauer-rundschau.de.",
    ]
