"""Plain text as pasted from a news page: roles by position and form, clutter left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tts.article import Section
from tts.cli import app
from tts.ingest.text import parse_text, split_kicker

DATA = Path(__file__).parent / "data"


def test_pasted_article_roles() -> None:
    article = parse_text((DATA / "pasted_article.txt").read_text("utf-8"))
    assert article.rubric == "Panorama"
    assert article.kicker == "Nach dem Sturm"
    assert article.title == "Bahn nimmt Fernverkehr im Norden wieder auf"
    assert article.teaser == (
        "Zwei Tage nach dem Orkan fahren die ersten Fernzüge wieder. "
        "Auf einigen Strecken bleibt es aber bei Ausfällen."
    )
    assert article.source == "beispiel-nachrichten.de, dpa"
    assert article.site == "beispiel-nachrichten.de"
    assert [s.heading for s in article.sections] == [None, "Tickets bleiben gültig"]
    assert len(article.sections[0].paragraphs) == 2
    assert article.sections[1].paragraphs == [
        "Wer seine Reise wegen des Sturms verschoben hat, kann sein Ticket flexibel nutzen. "
        "Die Zugbindung ist aufgehoben."
    ]
    assert article.chapter_titles == [article.title, "Tickets bleiben gültig"]


def test_script_prints_chapters_and_utterances_without_clutter() -> None:
    result = CliRunner().invoke(app, ["script", str(DATA / "pasted_article.txt")])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "## Bahn nimmt Fernverkehr im Norden wieder auf\n"
        "Nach dem Sturm\n"
        "Bahn nimmt Fernverkehr im Norden wieder auf\n"
        "Zwei Tage nach dem Orkan fahren die ersten Fernzüge wieder.\n"
        "Auf einigen Strecken bleibt es aber bei Ausfällen.\n"
        "Die Deutsche Bahn hat den Fernverkehr zwischen Hamburg und Hannover am Morgen "
        "wieder aufgenommen.\n"
        "Reisende müssen aber weiter mit Verspätungen rechnen, teilte das Unternehmen mit.\n"
        "Auf der Strecke nach Bremen räumen Arbeiter noch umgestürzte Bäume von den Gleisen.\n"
        "Dort soll der Verkehr erst am Abend wieder rollen.\n"
        "## Tickets bleiben gültig\n"
        "Tickets bleiben gültig\n"
        "Wer seine Reise wegen des Sturms verschoben hat, kann sein Ticket flexibel nutzen.\n"
        "Die Zugbindung ist aufgehoben.\n"
        "Dieser Text wurde von einer künstlichen Stimme vorgelesen.\n"
        "Quelle: beispiel-nachrichten.de, dpa.\n"
    )
    for clutter in ("00:00", "generiert", "umgestürzter Baum", "Foto", "Newsletter", "E-Mail"):
        assert clutter not in result.output


def test_caption_before_credit_is_dropped_once() -> None:
    text = (
        "Titel der Meldung hier\n\nErster Absatz mit Inhalt. Noch ein Satz.\n\n"
        "Ein Bild vom Ort des Geschehens.\n(Foto: Agentur)\n\nZweiter Absatz bleibt erhalten.\n"
    )
    article = parse_text(text)
    assert article.teaser == "Erster Absatz mit Inhalt. Noch ein Satz."
    assert article.sections == [Section(None, ["Zweiter Absatz bleibt erhalten."])]


def test_hard_wrapped_paragraphs_are_joined() -> None:
    text = (
        "Eine Überschrift ohne Punkt\n\n"
        "Dies ist ein langer Absatz, der von einem Editor nach etwa\n"
        "siebzig Zeichen umbrochen wurde und trotzdem ein Absatz ist.\n\n"
        "Zweiter Absatz.\n"
    )
    article = parse_text(text)
    assert article.teaser == (
        "Dies ist ein langer Absatz, der von einem Editor nach etwa "
        "siebzig Zeichen umbrochen wurde und trotzdem ein Absatz ist."
    )


@pytest.mark.parametrize(
    ("line", "kicker", "title"),
    [
        (
            "Stärkung des Militärs Kim kündigt Gegenmaßnahmen an",
            "Stärkung des Militärs",
            "Kim kündigt Gegenmaßnahmen an",
        ),
        ("Klimabilanz Der Sommer war zu warm", "Klimabilanz", "Der Sommer war zu warm"),
        ("Neue Regeln Was sich im Januar ändert", "Neue Regeln", "Was sich im Januar ändert"),
        ("Kanzler Scholz reist nach Paris", "", "Kanzler Scholz reist nach Paris"),
        ("Trump droht der EU Zölle an", "", "Trump droht der EU Zölle an"),
        ("Kim Jong Un droht den USA", "", "Kim Jong Un droht den USA"),
        ("Die Bahn streikt erneut", "", "Die Bahn streikt erneut"),
    ],
)
def test_split_kicker(line: str, kicker: str, title: str) -> None:
    assert split_kicker(line) == (kicker, title)


def test_title_from_first_sentence_when_there_is_no_headline() -> None:
    article = parse_text("Ein Text ohne Überschrift beginnt gleich mit Prosa. Und geht weiter.\n")
    assert article.title == "Ein Text ohne Überschrift beginnt gleich mit Prosa."
    assert article.sections == [Section(None, ["Und geht weiter."])]


def test_date_and_author_lines_become_metadata() -> None:
    text = (
        "Politik\n\nEine Überschrift ohne Punkt\n\nVon Erika Musterfrau\n"
        "26.11.2026, 14:30 Uhr\n\nErster Absatz.\n\nZweiter Absatz.\n"
    )
    article = parse_text(text)
    assert (article.author, article.date) == ("Erika Musterfrau", "2026-11-26")
    assert article.teaser == "Erster Absatz."
