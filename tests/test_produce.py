"""The library call, without the CLI: tts.produce on text, HTML and an Article, episode
identity across re-runs and same-headline collisions, events, errors, and the record."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import tts
from tts.article import Article, Section
from tts.config import VoiceSettings
from tts.episode import read_episode
from tts.errors import InputError
from tts.events import Event
from tts.synth.identity import known_identity
from tts.synth.piper import PiperEngine
from tts.voices import find_voice

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"


@pytest.fixture
def settings(tmp_path: Path, test_voice: Path) -> tts.Settings:
    return tts.Settings(
        voice=str(test_voice), output_dir=tmp_path / "out", cache_dir=tmp_path / "cache"
    )


def test_produce_text(settings: tts.Settings) -> None:
    text = "Wetter am Wochenende\n\nAm Samstag scheint die Sonne. Am Sonntag regnet es.\n"
    result = tts.produce(text, settings)
    episode = result.episode
    assert result.status == "produced"
    assert episode.title == "Wetter am Wochenende"
    assert episode.identity.startswith("sha256:") and len(episode.id) == 16
    assert result.audio_path == settings.output_dir / "wetter-am-wochenende.mp3"
    assert result.audio_path.stat().st_size == episode.size_bytes > 0
    assert episode.published is None  # the article has no date: none is invented
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", episode.produced_at)


def test_produce_html_file_and_article(settings: tts.Settings, tmp_path: Path) -> None:
    page = tmp_path / "seite.html"
    page.write_text(
        '<html lang="de"><head><title>Neue Brücke</title>'
        '<link rel="canonical" href="https://example.org/bruecke"></head><body><article>'
        "<h1>Neue Brücke eröffnet</h1><p>Die Brücke ist 300 Meter lang. Sie kostete viel.</p>"
        "<p>Autos dürfen sie ab Montag nutzen. Fußgänger schon heute.</p></article></body></html>",
        "utf-8",
    )
    from_html = tts.produce(page, settings).episode
    assert from_html.identity == "url:https://example.org/bruecke"  # canonical URL first
    article = Article(
        title="Ein Artikel aus dem CMS",
        sections=[Section(None, ["Er kommt als Objekt. Nicht als Datei."])],
        date="2026-12-01",
    )
    from_article = tts.produce(article, settings).episode
    assert from_article.published == "2026-12-01"
    assert {from_html.id, from_article.id} == {e.id for e in _episodes(settings.output_dir)}


def test_same_headline_two_files_and_a_rerun_keeps_names(
    settings: tts.Settings, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Das Wetter am Wochenende\n\nIm Norden regnet es.\n", "utf-8")
    second.write_text("Das Wetter am Wochenende\n\nIm Süden scheint die Sonne.\n", "utf-8")
    one = tts.produce(first, settings).episode
    two = tts.produce(second, settings).episode
    assert one.id != two.id
    assert one.slug == "das-wetter-am-wochenende"
    assert two.slug == f"das-wetter-am-wochenende-{two.id[:6]}"
    other_audio = (settings.output_dir / two.files.audio).read_bytes()
    first.write_text("Das Wetter am Wochenende\n\nIm Norden regnet es weiter.\n", "utf-8")
    again = tts.produce(first, settings).episode
    assert (again.id, again.slug, again.files) == (one.id, one.slug, one.files)
    assert (settings.output_dir / two.files.audio).read_bytes() == other_audio
    names = sorted(p.name for p in settings.output_dir.glob("*.mp3"))
    assert names == sorted([one.files.audio, two.files.audio])


def test_unchanged_article_is_not_made_again(settings: tts.Settings, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Kurz gemeldet\n\nEin Satz steht hier.\n", "utf-8")
    made = tts.produce(article, settings)
    events: list[Event] = []
    again = tts.produce(article, settings, on_event=events.append)
    assert again.status == "unchanged" and again.episode == made.episode
    assert not [e for e in events if e.stage == "synthesis"]
    forced = tts.produce(article, settings, force=True)
    assert forced.status == "produced" and forced.episode.id == made.episode.id


def test_unchanged_is_told_without_loading_the_voice_and_a_new_voice_file_redoes_it(
    tmp_path: Path, test_voice: Path
) -> None:
    voice = tmp_path / "voices" / "de_DE-probe-x_low.onnx"
    voice.parent.mkdir()
    voice.write_bytes(test_voice.read_bytes())
    config = Path(f"{test_voice}.json").read_text("utf-8")
    Path(f"{voice}.json").write_text(config, "utf-8")
    settings = tts.Settings(
        voice=str(voice), output_dir=tmp_path / "out", cache_dir=tmp_path / "cache"
    )
    engine = PiperEngine(find_voice(str(voice), voice.parent), VoiceSettings())
    assert known_identity(settings) == engine.identity  # the files tell what loading would
    article = tmp_path / "a.txt"
    article.write_text("Kurz gemeldet\n\nEin Satz steht hier.\n", "utf-8")
    tts.produce(article, settings)
    events: list[Event] = []
    assert tts.produce(article, settings, on_event=events.append).status == "unchanged"
    assert [e.stage for e in events] == ["done"]  # no "voice": the model was never opened
    Path(f"{voice}.json").write_text(config.replace("{", '{"note": "retrained", ', 1), "utf-8")
    events.clear()
    assert tts.produce(article, settings, on_event=events.append).status == "produced"
    assert "voice" in [e.stage for e in events]


def test_an_unchanged_run_does_not_normalise_and_what_shapes_the_script_redoes_it(
    settings: tts.Settings, tmp_path: Path
) -> None:
    """The fingerprint is made of what the script comes from, so a warm run never imports the
    normaliser, numpy or Pillow (checked in a fresh interpreter); a new lexicon entry,
    template or pause still makes the episode again."""
    import dataclasses

    article = tmp_path / "a.txt"
    article.write_text("Kurz gemeldet\n\nDie WHO tagt in Genf.\n", "utf-8")
    lexicon = tmp_path / "lexikon.tsv"
    lexicon.write_text("Genf\tGenf\n", "utf-8")
    settings = dataclasses.replace(settings, lexicon=lexicon)
    tts.produce(article, settings)
    probe = (
        "import sys, pathlib, dataclasses, tts\n"
        f"s = dataclasses.replace(tts.Settings(voice={settings.voice!r},"
        f" output_dir=pathlib.Path({str(settings.output_dir)!r}),"
        f" cache_dir=pathlib.Path({str(settings.cache_dir)!r})),"
        f" lexicon=pathlib.Path({str(lexicon)!r}))\n"
        f"r = tts.produce(pathlib.Path({str(article)!r}), s)\n"
        "print(r.status, *(m in sys.modules for m in ('tts.normalize', 'numpy', 'PIL')))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert run.stdout.split() == ["unchanged", "False", "False", "False"]
    lexicon.write_text("Genf\tSchenf\n", "utf-8")
    assert tts.produce(article, settings).status == "produced"
    changed = dataclasses.replace(settings, outro="Ende.")
    assert tts.produce(article, changed).status == "produced"
    slower = dataclasses.replace(changed, pauses=dataclasses.replace(changed.pauses, title=1500))
    assert tts.produce(article, slower).status == "produced"
    assert tts.produce(article, slower).status == "unchanged"


def test_events_arrive_in_order_with_totals(settings: tts.Settings) -> None:
    events: list[Event] = []
    result = tts.produce("Titel hier\n\nEins. Zwei. Drei.\n", settings, on_event=events.append)
    stages = [e.stage for e in events]
    order = ["voice", "synthesis", "assembly", "levelling", "encoding", "writing", "done"]
    firsts = [stages.index(stage) for stage in order]
    assert firsts == sorted(firsts), stages
    synthesis = [e for e in events if e.stage == "synthesis"]
    total = len(result.episode.utterances)
    assert [e.done for e in synthesis] == list(range(1, total + 1))
    assert {e.total for e in synthesis} == {total}
    assert events[-1] == Event("done", message=result.episode.files.audio)


def test_errors_are_the_projects_own_and_name_the_file(
    settings: tts.Settings, tmp_path: Path
) -> None:
    with pytest.raises(InputError, match=r"nirgends\.txt: no such file"):
        tts.produce(tmp_path / "nirgends.txt", settings)
    assert not settings.output_dir.exists()  # nothing made for an input that cannot be read
    huge = tmp_path / "riesig.txt"
    huge.write_text("Titel\n\n" + "Ein Satz. " * 30_000, "utf-8")
    with pytest.raises(tts.TTSError, match=r"riesig\.txt: 300,007 characters.*max_chars"):
        tts.produce(huge, settings)


def test_the_record_round_trips_and_paths_are_relative(settings: tts.Settings) -> None:
    episode = tts.produce("Titel hier\n\nEin Satz.\n", settings).episode
    path = settings.output_dir / episode.files.metadata
    assert read_episode(path) == episode
    assert tts.Episode.from_dict(episode.to_dict()) == episode
    assert all("/" not in name for name in episode.files.names())
    data = path.read_text("utf-8")
    assert '"format": 1' in data and '"extra"' not in data


def test_stale_part_files_of_a_killed_run_are_removed(settings: tts.Settings) -> None:
    settings.output_dir.mkdir(parents=True)
    stale = settings.output_dir / ".titel-hier.0123abcd.mp3.part"
    stale.write_bytes(b"half an mp3")
    other = settings.output_dir / ".anderer-titel.0123abcd.mp3.part"
    other.write_bytes(b"another episode's")
    tts.produce("Titel hier\n\nEin Satz.\n", settings)
    assert not stale.exists() and other.exists()


def test_readme_python_example_runs_as_written(tmp_path: Path) -> None:
    """The README's "Use it from Python" example, verbatim, on the bundled example article."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Use it from Python", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    work = tmp_path / "cms"
    (work / "examples").mkdir(parents=True)
    for example in (ROOT / "examples").iterdir():
        (work / "examples" / example.name).write_bytes(example.read_bytes())
    environment = {**os.environ, "TTS_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=work, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    (record,) = [p for p in (work / "output").glob("*.json") if ".chapters." not in p.name]
    assert read_episode(record).files.audio in result.stdout


def _episodes(output_dir: Path) -> list[tts.Episode]:
    from tts.episode import episodes_in

    return list(episodes_in(output_dir))


def test_lanes_give_the_clips_in_order_and_cache_each(settings: tts.Settings) -> None:
    """Two sentences at a time (Piper's lanes), a window ahead of assembly: the clips come
    out in the script's order, the same as one at a time, and each is cached once."""
    import numpy as np

    from tts.pipeline import _synthesised, prepare
    from tts.synth.cache import ClipCache
    from tts.synth.piper import Tuning

    text = (DATA / "pasted_article.txt").read_text("utf-8")
    script = prepare(text, settings).script
    files = find_voice(settings.voice, settings.output_dir)
    clips = {}
    for lanes in (1, 2):
        engine = PiperEngine(files, VoiceSettings(), tuning=Tuning(lanes=lanes))
        cache = ClipCache(settings.cache_dir / str(lanes))
        events: list[Event] = []
        clips[lanes] = list(_synthesised(script, engine, cache, events.append))
        assert [e.done for e in events] == list(range(1, len(script.utterances) + 1))
        assert cache.stats.writes == len({u.text for u in script.utterances})
    assert len(clips[2]) == len(script.utterances) > 10
    for one, two in zip(clips[1], clips[2], strict=True):
        assert np.array_equal(one.samples, two.samples)
