"""`tts batch` and `tts cache` as a newsroom runs them: real processes, real exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


def tts(*args: str, cwd: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TTS_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "tts", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_batch_summary_json_exit_codes_feed_and_the_cache_commands(
    tmp_path: Path, test_voice: Path
) -> None:
    folder = tmp_path / "artikel"
    folder.mkdir()
    shutil.copy(DATA / "schulweg.md", folder / "schulweg.md")
    shutil.copy(ROOT / "examples" / "radweg-stadtrat.txt", folder / "radweg.txt")
    (folder / "kaputt.txt").write_bytes(b"\x00\x01\x02 kein Artikel \xff")
    config = tmp_path / "tts.toml"
    example = (ROOT / "tts.toml.example").read_text("utf-8")
    config.write_text(
        example.replace('image = "cover.jpg"', 'image = "https://x.example/c.jpg"'), "utf-8"
    )
    cache = tmp_path / "cache"
    common = ("-o", "out", "--voice", str(test_voice), "--config", str(config))

    first = tts("batch", "artikel", *common, "--json", "report.json", cwd=tmp_path, cache=cache)
    assert first.returncode == 1, first.stderr  # one article failed, the others are done
    assert "Article" in first.stdout and "Status" in first.stdout
    assert "3 articles: 2 produced, 0 unchanged, 1 failed" in first.stdout
    assert "kaputt.txt" in first.stdout.splitlines()[-1]  # the failure, named, on one line
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert report["exit_code"] == 1
    assert sorted(row["status"] for row in report["articles"]) == ["failed", *["produced"] * 2]
    assert len(list((tmp_path / "out").glob("*.mp3"))) == 2

    info = tts("cache", "info", "--config", str(config), cwd=tmp_path, cache=cache)
    assert info.returncode == 0, info.stderr
    assert f"cache:    {cache}" in info.stdout
    entries = int(info.stdout.split("entries:")[1].split()[0].replace(",", ""))
    assert entries == report["totals"]["synthesised"] > 0

    (folder / "kaputt.txt").unlink()
    again = tts("batch", "artikel", *common, "--feed", cwd=tmp_path, cache=cache)
    assert again.returncode == 0, again.stderr
    assert "2 articles: 0 produced, 2 unchanged, 0 failed" in again.stdout
    feed = feedparser.parse(str(tmp_path / "out" / "feed.xml"))
    assert len(feed.entries) == 2 and not feed.bozo

    cleared = tts("cache", "clear", "--config", str(config), cwd=tmp_path, cache=cache)
    assert cleared.returncode == 0
    assert f"removed {entries:,} cached sentences" in cleared.stdout
    assert not list(cache.rglob("*.clip"))


def test_a_batch_that_cannot_start_exits_2(tmp_path: Path, test_voice: Path) -> None:
    (tmp_path / "leer").mkdir()
    result = tts("batch", "leer", "--voice", str(test_voice), cwd=tmp_path, cache=tmp_path / "c")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Error: no articles to convert: give files, directories, globs or @list"
    ]
    missing = tts("batch", "@fehlt.txt", cwd=tmp_path, cache=tmp_path / "c")
    assert missing.returncode == 2
    assert "fehlt.txt: cannot read the list of articles" in missing.stderr


def test_a_bad_cache_size_is_refused_before_any_work(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Titel\n\nEin Satz.\n", "utf-8")
    result = tts("batch", "a.txt", "--cache-size", "viel", cwd=tmp_path, cache=tmp_path / "c")
    assert result.returncode == 1
    assert "--cache-size" in result.stderr and "viel" in result.stderr
    assert not (tmp_path / "output").exists()
