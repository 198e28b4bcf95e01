"""The publishing commands as a user types them: synth, feed, episodes list|remove, embed."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
from typer.testing import CliRunner

from tts.cli import app

ROOT = Path(__file__).parent.parent


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_synth_then_feed_list_embed_and_remove(tmp_path: Path, test_voice: Path) -> None:
    config = tmp_path / "tts.toml"
    shutil.copy(ROOT / "tts.toml.example", config)
    text = config.read_text("utf-8").replace(
        'image = "cover.jpg"', 'image = "https://x.example/c.jpg"'
    )
    config.write_text(text, "utf-8")
    out = tmp_path / "out"
    articles = []
    for name, title in (("a", "Erste Meldung"), ("b", "Zweite Meldung")):
        article = tmp_path / f"{name}.txt"
        article.write_text(f"{title}\n\nEin Satz über {name}. Noch ein Satz.\n", "utf-8")
        articles.append(article)
        code, output = run(
            "synth",
            str(article),
            "-o",
            str(out),
            "--voice",
            str(test_voice),
            "--config",
            str(config),
        )
        assert code == 0, output
    code, output = run(
        "feed", "-o", str(out), "--config", str(config), "--base-url", "https://h.example/p/"
    )
    assert code == 0, output
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert sorted(entry.title for entry in parsed.entries) == ["Erste Meldung", "Zweite Meldung"]
    assert all(e.enclosures[0].href.startswith("https://h.example/p/") for e in parsed.entries)
    code, listing = run("episodes", "list", "-o", str(out), "--config", str(config))
    assert code == 0 and len(listing.splitlines()) == 2, listing
    slugs = sorted(line.split("\t")[0] for line in listing.splitlines())
    assert slugs == ["erste-meldung", "zweite-meldung"]
    code, snippet = run(
        "embed", "erste-meldung", "-o", str(out), "--base-url", "https://h.example/p"
    )
    assert code == 0 and 'src="https://h.example/p/erste-meldung.mp3"' in snippet, snippet
    code, output = run(
        "episodes", "remove", "erste-meldung", "-o", str(out), "--config", str(config)
    )
    assert code == 0, output
    assert not list(out.glob("erste-meldung*"))
    assert [e.title for e in feedparser.parse((out / "feed.xml").read_bytes()).entries] == [
        "Zweite Meldung"
    ]
    code, output = run(
        "episodes", "remove", "erste-meldung", "-o", str(out), "--config", str(config)
    )
    assert code == 1 and output.startswith("Error: ") and "erste-meldung" in output, output


def test_feed_names_a_missing_podcast_key(tmp_path: Path) -> None:
    config = tmp_path / "tts.toml"
    config.write_text('[podcast]\ntitle = "Nur ein Titel"\n', "utf-8")
    code, output = run("feed", "-o", str(tmp_path), "--config", str(config))
    assert code == 1, output
    (line,) = output.splitlines()
    assert line.startswith(f"Error: {config} [podcast]: ") and "missing" in line, line
