"""The spoken frame: the intro template reads the headline (once), the outro discloses the
synthetic voice and names the source; both can be changed or switched off in tts.toml."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tts.article import Article, Section
from tts.cli import app
from tts.config import Settings, load_settings
from tts.errors import ConfigError
from tts.pipeline import build_script

ARTICLE = Article(
    title="Neue Brücke für Radfahrer",
    kicker="Stadtverkehr",
    teaser="Die Stadt baut eine Brücke über den Kanal.",
    sections=[
        Section(None, ["Sie soll im Herbst fertig sein."]),
        Section("Kosten", ["Das Land zahlt die Hälfte."]),
    ],
    source="beispiel.de, dpa",
    site="beispiel.de",
    date="2025-03-14",
)


def lines(article: Article = ARTICLE, **changes: object) -> list[tuple[str, str, int]]:
    settings = dataclasses.replace(Settings(), **changes)
    script = build_script(article, settings)
    return [(u.written, u.kind, u.section_index) for u in script.utterances]


def test_default_intro_reads_kicker_and_headline_once_and_outro_discloses() -> None:
    assert lines() == [
        ("Stadtverkehr", "kicker", 0),
        ("Neue Brücke für Radfahrer", "title", 0),
        ("Die Stadt baut eine Brücke über den Kanal.", "teaser", 0),
        ("Sie soll im Herbst fertig sein.", "sentence", 0),
        ("Kosten", "heading", 1),
        ("Das Land zahlt die Hälfte.", "sentence", 1),
        ("Dieser Text wurde von einer künstlichen Stimme vorgelesen.", "outro", 1),
        ("Quelle: beispiel.de, dpa.", "outro", 1),
    ]


def test_pauses_around_the_frame() -> None:
    script = build_script(ARTICLE, Settings())
    pauses = [u.pause_after_ms for u in script.utterances]
    defaults = Settings().pauses
    assert pauses[:2] == [defaults.kicker, defaults.title]
    assert pauses[-3:] == [defaults.section, defaults.sentence, 0]


def test_custom_intro() -> None:
    got = lines(intro="{site}: {title}.\nVon {author}.")
    assert got[:2] == [
        ("beispiel.de: Neue Brücke für Radfahrer.", "title", 0),
        ("Die Stadt baut eine Brücke über den Kanal.", "teaser", 0),
    ]  # no author known: that sentence is left out; the kicker is not in this template


def test_switched_off() -> None:
    got = lines(intro="", outro="")
    assert got[0] == ("Die Stadt baut eine Brücke über den Kanal.", "teaser", 0)
    assert got[-1] == ("Das Land zahlt die Hälfte.", "sentence", 1)


def test_no_source_no_source_sentence_and_site_stands_in() -> None:
    unknown = dataclasses.replace(ARTICLE, source="", site="")
    disclosure = "Dieser Text wurde von einer künstlichen Stimme vorgelesen."
    assert lines(unknown)[-1] == (disclosure, "outro", 1)
    assert lines(unknown, site="meine-zeitung.de")[-1] == (
        "Quelle: meine-zeitung.de.",
        "outro",
        1,
    )


def test_date_field_is_read_the_german_way() -> None:
    assert lines(outro="Stand: {date}.")[-1] == ("Stand: 14.03.2025.", "outro", 1)


def test_unknown_field_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"\[episode\] intro: unknown field \{titel\}"):
        lines(intro="{titel}.")


def test_templates_from_tts_toml(tmp_path: Path) -> None:
    config = tmp_path / "tts.toml"
    config.write_text(
        '[episode]\nintro = "{title}."\noutro = "Gelesen von einer künstlichen Stimme."\n', "utf-8"
    )
    settings = load_settings(config)
    script = build_script(ARTICLE, settings)
    assert script.utterances[0].written == "Neue Brücke für Radfahrer."
    assert script.utterances[-1].written == "Gelesen von einer künstlichen Stimme."


def test_script_command_shows_the_frame(tmp_path: Path) -> None:
    article = tmp_path / "a.md"
    article.write_text("# Ein Titel hier\n\nEin Satz.\n\nNoch ein Satz.\n", "utf-8")
    Path("tts.toml").write_text('[episode]\nsite = "beispiel.de"\n', "utf-8")
    result = CliRunner().invoke(app, ["script", str(article)])
    assert result.output == (
        "## Ein Titel hier\n"
        "Ein Titel hier\n"
        "Ein Satz.\n"
        "Noch ein Satz.\n"
        "Dieser Text wurde von einer künstlichen Stimme vorgelesen.\n"
        "Quelle: beispiel.de.\n"
    )
