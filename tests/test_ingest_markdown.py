"""Markdown: front matter as metadata, '#' headline, '##'/'###' chapters, lists read item by item,
links as their text; code, images, tables and raw HTML not read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tts.article import Section
from tts.errors import InputError
from tts.ingest.markdown import parse_markdown

DOCUMENT = """---
title: Titel aus dem Front Matter
author: [Anna Beispiel, Ben Muster]
date: 2025-03-14
image: bilder/park.jpg
kicker: Stadtentwicklung
url: https://example.org/park
---

# Neuer Park am Fluss eröffnet

Der erste Absatz mit einem [Link](https://example.org) und `inline code`.

![Ein Bild](bild.jpg)

Zweiter Absatz
mit weichem Umbruch.

## Was geplant ist

- Punkt eins
- Punkt **zwei** mit Betonung

```python
print("nicht lesen")
```

    eingerückter Code, nicht lesen

| Spalte | Wert |
|--------|------|
| a      | 1    |

<div class="box">HTML, nicht lesen</div>

### Im Detail

1. Erstens hier.
2. Zweitens dort.

> Ein Zitat wird gelesen.

---

Quelle: beispiel.de, dpa
"""


def test_markdown_article() -> None:
    article = parse_markdown(DOCUMENT, "park.md")
    assert article.title == "Neuer Park am Fluss eröffnet"
    assert article.kicker == "Stadtentwicklung"
    assert article.teaser == "Der erste Absatz mit einem Link und inline code."
    assert article.sections == [
        Section(None, ["Zweiter Absatz mit weichem Umbruch."]),
        Section("Was geplant ist", ["Punkt eins", "Punkt zwei mit Betonung"]),
        Section("Im Detail", ["Erstens hier.", "Zweitens dort.", "Ein Zitat wird gelesen."]),
    ]
    assert (article.author, article.date, article.image, article.url) == (
        "Anna Beispiel und Ben Muster",
        "2025-03-14",
        "bilder/park.jpg",
        "https://example.org/park",
    )
    assert (article.source, article.site) == ("beispiel.de, dpa", "beispiel.de")
    assert "nicht lesen" not in article.text


def test_title_from_front_matter_without_headline() -> None:
    article = parse_markdown("---\ntitle: Nur im Front Matter\n---\n\nEin Satz.\n", "a.md")
    assert article.title == "Nur im Front Matter"
    assert article.sections == [Section(None, ["Ein Satz."])]


def test_no_front_matter_and_no_headline_uses_the_text_rules() -> None:
    article = parse_markdown("Kurze Überschrift\n\nEin Absatz folgt hier.\n", "b.md")
    assert article.title == "Kurze Überschrift"


@pytest.mark.parametrize(
    ("matter", "date"),
    [("date: 2025-03-14T09:30:00+01:00", "2025-03-14"), ("date: '14.03.2025'", "2025-03-14")],
)
def test_dates(matter: str, date: str) -> None:
    assert parse_markdown(f"---\n{matter}\n---\n# T\n\nA.\n", "c.md").date == date


def test_bad_front_matter_is_an_error() -> None:
    with pytest.raises(InputError, match=r"d\.md: the front matter is not valid YAML"):
        parse_markdown("---\ntitle: [unclosed\n---\n# T\n", "d.md")


def test_markdown_with_only_code_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"e\.md: nothing left to read"):
        parse_markdown("# Titel\n\n```\ncode\n```\n", "e.md")
