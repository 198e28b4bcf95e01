"""Plain text as pasted from a news page: roles by position and form, clutter left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tts.article import Article, Section
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
        (
            '"Geduldig bleiben" EZB lässt Leitzins unverändert',
            '"Geduldig bleiben"',
            "EZB lässt Leitzins unverändert",
        ),
        (
            'Forscherin über Hitzesommer "Die Städte sind nicht vorbereitet"',
            "Forscherin über Hitzesommer",
            '"Die Städte sind nicht vorbereitet"',
        ),
        ("„Wir schaffen das“ sagt die Kanzlerin", "", "„Wir schaffen das“ sagt die Kanzlerin"),
        ('"Spiegel" Chef tritt zurück', "", '"Spiegel" Chef tritt zurück'),
        ("Haushalt 2027 Wo der Bund sparen will", "Haushalt 2027", "Wo der Bund sparen will"),
        (
            "Nach heftigen Regenfällen Hochwasser trifft mehrere Dörfer",
            "Nach heftigen Regenfällen",
            "Hochwasser trifft mehrere Dörfer",
        ),
        (
            "Bauern blockieren neue Straßen Polizei greift ein",
            "",
            "Bauern blockieren neue Straßen Polizei greift ein",
        ),
        (
            "Sicher durch den Winter Fünf Tipps bei Glätte",
            "Sicher durch den Winter",
            "Fünf Tipps bei Glätte",
        ),
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


PASTED = sorted((DATA / "pasted").glob("*.txt"))
PASTED_CLUTTER = (
    "Bildrechte",
    "Merkliste",
    "+++",
    "Registrierung",
    "©",
    "Podcasts gibt",
    "Newslettern",
    "anhören",
    "Vorlesen",
    "Audio",
    "Video",
    "Hören Sie",
    "Player",
    "Lesezeit",
    "Lesedauer",
    "Merkliste",
    "Link kopieren",
    "Mehr zum Thema",
    "Mehr aus",
    "Lesen Sie",
    "Auch interessant",
    "Verwendete Quellen",
    "Kommentare",
    "Startseite",
    "Schlagworte",
    "Themen",
    "Stand:",
    "Aktualisiert",
    "Bildrechte",
    "Bild:",
    "Foto",
    "©",
    "Anzeige",
    "Newsletter",
    "Von Max",
    "berichtet",
    "Mit Informationen",
    "Im Programm",
    "Sendung:",
    "Quellen",
    "X.com",
    "WhatsApp",
    "Diskutieren",
    "Veröffentlicht",
)


# Clutter words that an article itself says ("legt ein Foto in den Staub des Mondes").
ARTICLE_WORDS = {
    "nzz-mond": {"Foto"},
    "bdzv-handelsblatt": {"Anzeige"},  # "seien die Anzeigen bei der Werbung … zurückgegangen"
    "nordkurier-inflation": {"berichtet"},
    "saarbruecker-unwetter": {"berichtet"},
}

# Pages of round P3 the rules still read wrongly (tests/data/pasted/README.md): strict, so that
# a fix shows.
KNOWN_MISSES = {
    "sueddeutsche-gesetze": "a date stamp and a one-word kicker stuck to the headline's line; "
    "a caption without a credit read as the teaser",
    "waz-online-einbrueche": "the headline pasted twice with the rubric stuck to it; the "
    "rubric cannot be told from the kicker by form",
}


def _pasted(path: Path) -> object:
    if path.stem in KNOWN_MISSES:
        return pytest.param(
            path, id=path.stem, marks=pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[path.stem])
        )
    return pytest.param(path, id=path.stem)


@pytest.mark.parametrize("path", [_pasted(path) for path in PASTED])
def test_pasted_script_is_exactly_the_article(path: Path) -> None:
    """Texts of the seed's shape copied from other sites (own texts), written before the rules
    were tuned: different player wordings, captions and credits, link boxes, bylines, stamps,
    trailing boxes; the expected output is the article and nothing else.

    Scored before any rule was changed for them: the 12 of the phrase rules' rounds; 11 with
    clutter wordings clutter.tsv did not have (rbb-mietspiegel … zdf-warnstreik), 0 of 11
    before the structural rules; 6 after them (br24-lawine, derstandard-wohnen, merkur-wiesn,
    mopo-altona, tagesspiegel-friedrichstrasse, wiwo-inflation), 1 of 6, none with content
    lost; 4 in the seed's shape (ntv-interview, ntv-liste, ntv-wahl, ntv-zinsen), 2 of 4. The
    rounds from real pages (tests/data/pasted/README.md): P1 0 of 6, P2 0 of 6, P3 1 of 6."""
    result = CliRunner().invoke(app, ["script", str(path)])
    assert result.exit_code == 0, result.output
    expected = path.with_suffix(".script").read_text("utf-8")
    assert result.output == expected
    body = result.output.split("Dieser Text wurde von einer künstlichen Stimme")[0]
    for clutter in set(PASTED_CLUTTER) - ARTICLE_WORDS.get(path.stem, set()):
        assert clutter not in body, clutter


@pytest.mark.parametrize(
    ("line", "kicker"),
    [
        ("Rentenpaket: Koalition streitet über das Rentenniveau", "Rentenpaket"),
        ("Windräder im Staatswald: Landtag streitet über Abstände", "Windräder im Staatswald"),
        ("Die Regierung, die Opposition und die Länder sagen: Nein", ""),
        ("Grüne: zu zögerlich", ""),
    ],
)
def test_headline_with_colon_is_kicker_and_title(line: str, kicker: str) -> None:
    """The colon a page hides between kicker and title comes along when the headline is copied."""
    article = parse_text(f"{line}\n\nErster Absatz mit Inhalt.\n\nZweiter Absatz mit Inhalt.\n")
    if kicker:
        assert (article.kicker, f"{article.kicker}: {article.title}") == (kicker, line)
    else:
        assert (article.kicker, article.title) == ("", line)


def test_question_headings_but_not_interview_questions() -> None:
    article = parse_text(
        "Eine Überschrift ohne Punkt\n\nDer Vorspann der Meldung.\n\nErster Absatz.\n\n"
        "Was ändert sich für Mieter?\n\nDie Miete steigt langsamer.\n"
    )
    assert [s.heading for s in article.sections] == [None, "Was ändert sich für Mieter?"]
    interview = parse_text(
        "Ein Gespräch über Schlaf\n\nDer Vorspann des Interviews.\n\n"
        + "".join(f"Frage Nummer {n}?\n\nDie Antwort darauf, Nummer {n}.\n\n" for n in range(3))
    )
    assert [s.heading for s in interview.sections] == [None]
    assert interview.sections[0].paragraphs[0] == "Frage Nummer 0?"


def test_link_box_goes_but_not_the_heading_after_it() -> None:
    """A box's linked headlines follow its label; after a blank line, a lone short line is the
    next section's heading, not a link."""
    article = parse_text(
        "Eine Überschrift ohne Punkt\n\nDer Vorspann.\n\nErster Absatz.\n\n"
        "Mehr zum Thema\nKlima: Warum es regnet\nWetter: Wo es glatt wird\n\n"
        "Zweiter Absatz.\n\nMehr zum Thema\n\nEin Zwischentitel\n\nDritter Absatz.\n"
    )
    assert [(s.heading, s.paragraphs) for s in article.sections] == [
        (None, ["Erster Absatz.", "Zweiter Absatz."]),
        ("Ein Zwischentitel", ["Dritter Absatz."]),
    ]


def test_teaser_line_between_paragraphs_is_not_a_heading() -> None:
    """A box pasted as 'Kicker Headline' between paragraphs links elsewhere: sections have no
    kickers."""
    article = parse_text(
        "Eine Überschrift ohne Punkt\n\nDer Vorspann.\n\nErster Absatz.\n\n"
        "Streik bei der Bahn Was Fahrgäste jetzt wissen müssen\n\nZweiter Absatz.\n"
    )
    assert [(s.heading, s.paragraphs) for s in article.sections] == [
        (None, ["Erster Absatz.", "Zweiter Absatz."])
    ]


def test_breadcrumb_above_kicker_and_headline() -> None:
    article = parse_text(
        "Nachrichten\nThüringen\n\nTrinkwasser\nTalsperren so leer wie lange nicht\n\n"
        "Der Vorspann.\n\nErster Absatz.\n"
    )
    assert (article.rubric, article.kicker, article.title) == (
        "Nachrichten / Thüringen",
        "Trinkwasser",
        "Talsperren so leer wie lange nicht",
    )


def test_dash_inside_a_paragraph_is_not_a_bullet() -> None:
    article = parse_text("Titel der Meldung\n\nVorspann.\n\nIn der Chemie- und Stahlindustrie.\n")
    assert article.sections[0].paragraphs == ["In der Chemie- und Stahlindustrie."]


def test_stamp_of_several_pieces() -> None:
    article = parse_text(
        "Titel der Meldung\n\n26.11.2026 · Von Jens Beispiel\n\nVorspann.\n\nErster Absatz.\n"
    )
    assert (article.date, article.author, article.teaser) == (
        "2026-11-26",
        "Jens Beispiel",
        "Vorspann.",
    )


# Structural rules: page furniture by its form and position, whatever its wording.


def _read(article_text: str) -> list[tuple[str | None, list[str]]]:
    article = parse_text(article_text)
    return [(s.heading, s.paragraphs) for s in article.sections]


def test_headline_is_the_longest_line_at_the_top_and_what_follows_it_is_furniture() -> None:
    article = parse_text(
        "Berlin\n\nMietspiegel 2027\nVergleichsmieten steigen um fast sechs Prozent\n\n"
        "Exklusiv für Leser\nMaria Beispiel, Reporterin\n\nDo 26.11.26 | 10:12 Uhr\n\n"
        "Der Vorspann.\n\nErster Absatz.\n\nZweiter Absatz.\n"
    )
    assert (article.rubric, article.kicker, article.title, article.teaser) == (
        "Berlin",
        "Mietspiegel 2027",
        "Vergleichsmieten steigen um fast sechs Prozent",
        "Der Vorspann.",
    )
    assert [s.paragraphs for s in article.sections] == [["Erster Absatz.", "Zweiter Absatz."]]


def test_caption_over_the_teaser_goes_with_its_credit() -> None:
    article = parse_text(
        "Eine Überschrift ohne Punkt\n\nHören statt lesen\n\n"
        "Ältere Menschen sind bei Hitze gefährdet.\nFotocredit: Beispiel / Agentur\n\n"
        "Der Vorspann. Mit zwei Sätzen.\n\nErster Absatz.\n"
    )
    assert article.teaser == "Der Vorspann. Mit zwei Sätzen."


def test_teaser_over_a_credit_without_caption_stays() -> None:
    article = parse_text(
        "Eine Überschrift ohne Punkt\n\nDer Vorspann. Er hat zwei Sätze.\n\n"
        "Bild: dpa/Beispiel\n\nErster Absatz.\n\nZweiter Absatz.\n"
    )
    assert article.teaser == "Der Vorspann. Er hat zwei Sätze."


@pytest.mark.parametrize(
    "between",
    [
        "Wellen an der Kaimauer.\nBeispiel/Agentur\n\n",  # a credit stuck to its caption
        "Audio starten\nDie Reform im Überblick\n\n",  # a player and its title
        "Teilen\n\nAuf X teilen\n\n",  # share buttons
        "Zu sehen: Abendschau | 26.11.2026\n\n",  # a broadcast stamp
        "Alles zur Reform\nWas Mieter wissen müssen\nWarum Vermieter klagen\n\n",  # a link list
    ],
)
def test_furniture_between_paragraphs_is_not_read(between: str) -> None:
    text = f"Titel der Meldung\n\nVorspann.\n\nErster Absatz.\n\n{between}Zweiter Absatz.\n"
    assert _read(text) == [(None, ["Erster Absatz.", "Zweiter Absatz."])]


def test_heading_set_apart_after_a_list_of_links() -> None:
    text = (
        "Titel der Meldung\n\nVorspann.\n\nErster Absatz.\n\n"
        "Alles zur Reform\nWas Mieter wissen müssen\n\nWas ändert sich?\n\nZweiter Absatz.\n"
    )
    assert _read(text) == [
        (None, ["Erster Absatz."]),
        ("Was ändert sich?", ["Zweiter Absatz."]),
    ]


def test_heading_after_a_link_list_in_text_without_blank_lines() -> None:
    text = (
        "Titel der Meldung\nVorspann.\nErster Absatz.\n"
        "Lesen Sie dazu auch\nFeuerwehr: Neue Drehleiter\nUrsache noch unklar\nZweiter Absatz.\n"
    )
    assert _read(text) == [(None, ["Erster Absatz."]), ("Ursache noch unklar", ["Zweiter Absatz."])]


def test_nothing_after_the_last_paragraph_is_read() -> None:
    text = (
        "Titel der Meldung\n\nVorspann.\n\nErster Absatz.\n\nLetzter Absatz.\n\n"
        "Beitrag von Lisa Beispiel\n\nWeitere Ratgeber\nSonnenbrand: Was hilft wirklich?\n"
        "Ventilator oder Klimaanlage: Was ist besser?\n"
    )
    assert _read(text) == [(None, ["Erster Absatz.", "Letzter Absatz."])]


def test_after_the_source_line_only_more_paragraphs_are_read() -> None:
    tail = "Quelle: dpa\n\nThema: Wetter\n\nSie haben einen Fehler entdeckt. Schreiben Sie uns.\n"
    assert _read(f"Titel der Meldung\n\nVorspann.\n\nAbsatz.\n\n{tail}") == [(None, ["Absatz."])]
    chart = "Quelle: Statistisches Bundesamt\n\nZweiter Absatz.\n\nDritter Absatz.\n"
    assert _read(f"Titel der Meldung\n\nVorspann.\n\nAbsatz.\n\n{chart}") == [
        (None, ["Absatz.", "Zweiter Absatz.", "Dritter Absatz."])
    ]


def test_content_that_looks_short_is_kept() -> None:
    text = (
        "Titel der Meldung\n\nVorspann.\n\nVon Max Beispiel\n\nWas ändert sich für Mieter?\n\n"
        "Die Miete steigt.\n\n„Das ist kein Freibrief.“\n\nZu den Warnzeichen gehören:\n"
        "- Kopfschmerzen\n- Schwindel\n\nArtikel 5\n\nDer Absatz zu Artikel 5.\n"
    )
    assert _read(text) == [
        (None, []),
        (
            "Was ändert sich für Mieter?",
            [
                "Die Miete steigt.",
                "„Das ist kein Freibrief.“",
                "Zu den Warnzeichen gehören:",
                "Kopfschmerzen",
                "Schwindel",
            ],
        ),
        ("Artikel 5", ["Der Absatz zu Artikel 5."]),
    ]


def test_comment_count_over_the_teaser_does_not_end_the_article() -> None:
    article = parse_text(
        "Eine Überschrift ohne Punkt\n\nKommentare (3)\n\nDer Vorspann.\n\nErster Absatz.\n"
    )
    assert (article.teaser, _read("Titel\n\nKommentare (3)\n\nVorspann.\n\nAbsatz.\n")) == (
        "Der Vorspann.",
        [(None, ["Absatz."])],
    )


def test_long_headline_is_not_joined_to_the_teaser_in_unwrapped_text() -> None:
    article = parse_text(
        "Lokales\nGroßbrand in Scheune: Feuerwehr kämpft die ganze Nacht\n"
        "In der Nacht zum Donnerstag ist in Beispielstadt eine Scheune abgebrannt, sagt die "
        "Polizei, und niemand wurde verletzt.\nDas Feuer war gegen 23 Uhr bemerkt worden.\n"
    )
    assert (article.rubric, article.kicker, article.title) == (
        "Lokales",
        "Großbrand in Scheune",
        "Feuerwehr kämpft die ganze Nacht",
    )


def test_box_of_lines_stuck_together_between_paragraphs_is_not_read() -> None:
    """Where blank lines part the paragraphs, an embed's title, notice and button stick
    together: a box, not text."""
    embed = (
        "Dritte Partei\nHier finden Sie Inhalte aus sozialen Netzwerken. Wenn Sie diese Inhalte "
        "anzeigen lassen, werden Daten an Dritte übertragen.\nInhalt laden\n\n"
    )
    text = f"Titel der Meldung\n\nVorspann.\n\nErster Absatz.\n\n{embed}Zweiter Absatz.\n"
    assert _read(text) == [(None, ["Erster Absatz.", "Zweiter Absatz."])]


def test_caption_of_two_sentences_stuck_to_its_credit_over_the_teaser() -> None:
    article = parse_text(
        "Eine Überschrift ohne Punkt\n\nAnna Beispiel\n\n"
        "Ein Radfahrer auf der Straße. Die Pläne liegen auf Eis.\n© Zeitung/Beispiel Foto\n\n"
        "Der Vorspann der Meldung. Er hat zwei Sätze.\n\nErster Absatz.\n"
    )
    assert article.teaser == "Der Vorspann der Meldung. Er hat zwei Sätze."


def test_label_with_colon_goes_with_its_links() -> None:
    text = (
        "Titel der Meldung\n\nVorspann.\n\nErster Absatz.\n\nMehr über Verkehr in Berlin:\n\n"
        "Tempo 30 auf Hauptstraßen: Was der Senat plant\nNeue Tram nach Moabit\n\nZur Startseite\n"
    )
    assert _read(text) == [(None, ["Erster Absatz."])]


def test_a_chart_source_in_the_middle_is_not_the_article_source() -> None:
    article = parse_text(
        "Titel der Meldung\n\nVorspann.\n\nErster Absatz.\n\nGrafik: So stiegen die Preise\n"
        "Quelle: Statistisches Bundesamt\n\nZweiter Absatz.\n\nDritter Absatz.\n"
    )
    assert article.source == ""
    assert _read_article(article) == [
        (None, ["Erster Absatz.", "Zweiter Absatz.", "Dritter Absatz."])
    ]


def _read_article(article: Article) -> list[tuple[str | None, list[str]]]:
    return [(s.heading, s.paragraphs) for s in article.sections]


def test_status_line_before_the_teaser_is_not_the_teaser() -> None:
    article = parse_text(
        "Eine Überschrift ohne Punkt\n\nVideo-Player lädt …\n\nDer Vorspann.\n\nErster Absatz.\n"
    )
    assert article.teaser == "Der Vorspann."


def test_caption_apart_from_its_credit() -> None:
    """Over the teaser a sentence right before a credit is the caption, a blank line between
    them or not; in the body a one-sentence paragraph a blank line parts from a credit stays
    (a picture without caption)."""
    article = parse_text(
        "Politik\n\nEine Überschrift ohne Punkt\n\n00:00\nDiese Audioversion wurde künstlich "
        "generiert. Mehr Infos\n\nDer Kanzler am Rednerpult.\n\n(Foto: Agentur)\n\n"
        "Der Vorspann.\n\nErster Absatz.\n\nVerletzt wurde niemand.\n\nFoto: Agentur\n\n"
        "Letzter Absatz.\n"
    )
    assert article.teaser == "Der Vorspann."
    assert _read_article(article) == [
        (None, ["Erster Absatz.", "Verletzt wurde niemand.", "Letzter Absatz."])
    ]


def test_photo_source_is_a_credit_and_background_is_read() -> None:
    """'Quelle: Archivfoto …' is a picture's credit, never the article's source; a
    'Hintergrund:' box and an 'Update vom …' paragraph are the article's own prose."""
    article = parse_text(
        "Stadt baut neue Brücke über den Fluss\n\n"
        "Der Stadtrat hat den Neubau beschlossen. Die Arbeiten beginnen im Frühjahr.\n\n"
        "Die alte Brücke am Hafen. Foto: Max Beispiel\n\n"
        "Die neue Brücke soll 2028 fertig sein.\n\n"
        "Quelle: Archivfoto Stadtverwaltung\n\n"
        "Hintergrund: Die alte Brücke ist seit 1960 in Betrieb.\n\n"
        "Update vom 3. Dezember: Der Bund gibt 12 Millionen Euro dazu.\n"
    )
    assert article.source == ""
    assert [p for s in article.sections for p in s.paragraphs] == [
        "Die neue Brücke soll 2028 fertig sein.",
        "Hintergrund: Die alte Brücke ist seit 1960 in Betrieb.",
        "Update vom 3. Dezember: Der Bund gibt 12 Millionen Euro dazu.",
    ]


def test_caption_with_credit_at_its_end_is_dropped() -> None:
    article = parse_text(
        "Titel der Meldung hier\n\nErster Absatz mit Inhalt. Noch ein Satz.\n\n"
        "Die Grabung am Kersbacher Kreuz. Foto: Ralf Beispiel\n\n"
        "Ein Helfer im Einsatz. Bildrechte: MDR | Foto: Anna Beispiel\n\n"
        "Zweiter Absatz bleibt erhalten.\n"
    )
    assert article.sections == [Section(None, ["Zweiter Absatz bleibt erhalten."])]
