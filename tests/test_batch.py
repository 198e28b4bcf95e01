"""`run_batch` end to end on the test voice with the real worker pool, cache and catalogue:
inputs, failures, idempotence, one edited sentence, the lock, a kill halfway, and the pool's
scheduling."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.readonly import read_only_directory
from tts.batch import (
    BatchLocked,
    BatchOptions,
    BatchReport,
    BatchUsageError,
    expand_inputs,
    format_summary,
    output_lock,
    run_batch,
    write_json,
)
from tts.config import Settings, load_settings
from tts.events import Event
from tts.synth.cache import ClipCache
from tts.synth.pool import Job, in_turn, split_cores

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
ARTICLES = [
    DATA / "pasted_article.txt",
    DATA / "schulweg.md",
    DATA / "schulweg.txt",
    ROOT / "examples" / "radweg-stadtrat.txt",
]
EDITED = "Die Zugbindung ist aufgehoben."


def settings_for(work: Path, voice: Path) -> Settings:
    return load_settings().with_overrides(
        voice=str(voice), output_dir=work / "out", cache_dir=work / "cache"
    )


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """Five articles, one of them broken (binary data)."""
    folder = tmp_path / "artikel"
    (folder / "teil").mkdir(parents=True)
    for number, article in enumerate(ARTICLES):
        target = folder / ("teil" if number % 2 else "") / article.name
        target.write_bytes(article.read_bytes())
    (folder / "kaputt.txt").write_bytes(b"\x00\x01\x02 not an article \xff\xfe")
    return folder


def run(folder: Path, settings: Settings, **options: object) -> tuple[BatchReport, list[Event]]:
    events: list[Event] = []
    report = run_batch(
        [str(folder)],
        settings,
        BatchOptions(workers=2, **options),
        on_event=events.append,  # type: ignore[arg-type]
    )
    return report, events


def test_inputs_expand_dirs_globs_lists_and_stdin(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / ".versteckt").mkdir()
    for name in ("a/eins.txt", "a/b/zwei.md", "a/b/drei.html", "a/.versteckt/x.txt", "a/bild.png"):
        (tmp_path / name).write_text("x", "utf-8")
    (tmp_path / "liste.txt").write_text(
        "# heute\na/eins.txt   # doppelt\n\nhttps://example.org/artikel#teil\na/b\n", "utf-8"
    )
    os.chdir(tmp_path)
    found = expand_inputs(
        ["a", "a/*.txt", f"@{tmp_path / 'liste.txt'}", "fehlt.txt", "-", "@-"],
        stdin=io.StringIO("a/b/zwei.md\n"),
    )
    assert found == [  # each article once, in the order first named
        "a/b/drei.html",
        "a/b/zwei.md",
        "a/eins.txt",
        "https://example.org/artikel#teil",
        "fehlt.txt",  # kept: its row says it is missing, and the others go on
        "-",
    ]


def test_inputs_that_leave_nothing_to_do_are_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "leer").mkdir()
    with pytest.raises(BatchUsageError, match="no articles to convert"):
        expand_inputs([str(tmp_path / "leer")])
    with pytest.raises(BatchUsageError, match=r"fehlt\.txt: cannot read the list of articles"):
        expand_inputs([f"@{tmp_path / 'fehlt.txt'}"])
    with pytest.raises(BatchUsageError, match="only once"):
        expand_inputs(["-", "-"])


def test_batch_of_five_with_one_broken_then_unchanged_then_one_sentence_edited(
    tmp_path: Path, inputs: Path, test_voice: Path
) -> None:
    settings = settings_for(tmp_path, test_voice)
    first, events = run(inputs, settings)
    assert first.exit_code == 1
    assert sorted(row.status for row in first.rows) == ["failed"] + ["produced"] * 4
    (broken,) = first.failed
    assert broken.source.endswith("kaputt.txt")
    assert "kaputt.txt: binary data, not a text article" in broken.error
    assert len(list((tmp_path / "out").glob("*.mp3"))) == 4
    assert first.synthesised == first.sentences == first.cache.misses > 0
    summary = format_summary(first)
    assert summary.splitlines()[0].split() == ["Article", "Duration", "Chapters", "Wall", "Status"]
    assert "Bahn nimmt Fernverkehr im Norden wieder auf" in summary
    assert "4 produced, 0 unchanged, 1 failed" in summary
    assert f"failed: {broken.error}" in summary
    write_json(first, tmp_path / "report.json")
    record = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert record["exit_code"] == 1
    assert record["totals"]["produced"] == 4
    assert {row["status"] for row in record["articles"]} == {"produced", "failed"}
    assert not [event for event in events if "cache" in event.message]

    started = time.perf_counter()
    again, _ = run(inputs, settings)
    assert time.perf_counter() - started < 30
    assert sorted(row.status for row in again.rows) == ["failed"] + ["unchanged"] * 4
    assert again.synthesised == 0
    last = ClipCache(settings.cache_dir).info().last_run
    assert last is not None
    assert (last.hits, last.misses, last.writes) == (again.sentences, 0, 0)

    article = inputs / "pasted_article.txt"
    article.write_text(
        article.read_text("utf-8").replace(EDITED, "Die Zugbindung entfällt."), "utf-8"
    )
    edited, _ = run(inputs, settings)
    statuses = {Path(row.source).name: row.status for row in edited.rows}
    assert statuses == {
        "pasted_article.txt": "produced",
        "schulweg.md": "unchanged",
        "schulweg.txt": "unchanged",
        "radweg-stadtrat.txt": "unchanged",
        "kaputt.txt": "failed",
    }
    assert edited.synthesised == 1
    last = ClipCache(settings.cache_dir).info().last_run
    assert last is not None
    assert (last.misses, last.writes) == (1, 1)

    forced, _ = run(inputs, settings, force=True)
    assert [row.status for row in forced.rows].count("produced") == 4
    assert forced.synthesised == 0  # --force redoes the episodes, not the cached sentences


def test_a_corrupted_clip_is_synthesised_again(
    tmp_path: Path, inputs: Path, test_voice: Path
) -> None:
    settings = settings_for(tmp_path, test_voice)
    run(inputs, settings)
    clip = next((tmp_path / "cache" / "clips").rglob("*.clip"))
    clip.write_bytes(clip.read_bytes()[:-100])  # cut short, as by a full disk
    report, _ = run(inputs, settings, force=True)
    assert report.synthesised == 1
    assert report.cache.corrupt == 1
    assert report.exit_code == 1  # the broken article only


def test_an_unwritable_cache_is_one_warning_and_the_episodes_are_made(
    tmp_path: Path, inputs: Path, test_voice: Path
) -> None:
    with read_only_directory(tmp_path / "cache"):
        report, events = run(inputs, settings_for(tmp_path, test_voice))
    warnings = [event.message for event in events if "sentence cache" in event.message]
    assert len(warnings) == 1
    assert str(tmp_path / "cache") in warnings[0]
    assert [row.status for row in report.rows].count("produced") == 4


def test_a_second_batch_on_the_same_output_is_refused(tmp_path: Path, test_voice: Path) -> None:
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom pathlib import Path\nfrom tts.batch import output_lock\n"
            "with output_lock(Path(sys.argv[1])):\n    print('locked', flush=True)\n"
            "    time.sleep(60)\n",
            str(out),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with pytest.raises(BatchLocked) as refused:
            run_batch([str(DATA / "schulweg.txt")], settings_for(tmp_path, test_voice))
        message = str(refused.value)
        assert message.startswith(f"{out}: another `tts batch` is writing here (pid {holder.pid}")
        assert "-o DIR" in message
    finally:
        holder.kill()  # SIGKILL: the kernel drops the lock with the process
        holder.wait()
    with output_lock(out):
        pass


KILLED_RUN = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tts.batch import BatchOptions, run_batch
    from tts.config import load_settings
    work, voice = Path(sys.argv[1]), sys.argv[2]
    settings = load_settings().with_overrides(
        voice=voice, output_dir=work / "out", cache_dir=work / "cache"
    )
    run_batch([str(work / "artikel")], settings, BatchOptions(workers=2))
    """
)


def test_a_batch_killed_halfway_leaves_no_partial_files_and_the_rerun_finishes(
    tmp_path: Path, test_voice: Path
) -> None:
    folder = tmp_path / "artikel"
    folder.mkdir()
    text = (DATA / "pasted_article.txt").read_text("utf-8")
    for number in range(12):  # distinct sentences, so each article has its own synthesis
        folder.joinpath(f"artikel-{number:02d}.txt").write_text(
            text.replace("Norden", f"Norden {number + 2}. Bezirk").replace(
                "Sturm", f"Sturm Nummer {number + 2}"
            ),
            "utf-8",
        )
    out = tmp_path / "out"
    batch = subprocess.Popen([sys.executable, "-c", KILLED_RUN, str(tmp_path), str(test_voice)])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob("*.mp3")):
        if batch.poll() is not None:
            pytest.fail(f"the batch ended before it could be killed ({batch.returncode})")
        time.sleep(0.01)
    batch.send_signal(signal.SIGKILL)  # workers are left orphaned, as by kill -9
    batch.wait()
    records = {path.stem for path in out.glob("*.json") if ".chapters" not in path.name}
    finished = len(records)
    assert 0 < finished < 12, "kill it halfway"
    for mp3 in out.glob("*.mp3"):  # every MP3 there is a whole, recorded episode
        assert mp3.stem in records
    for clip in (tmp_path / "cache" / "clips").rglob("*.clip"):
        assert ClipCache(tmp_path / "cache").contains(clip.stem)

    settings = settings_for(tmp_path, test_voice)
    rerun = run_batch([str(folder)], settings, BatchOptions(workers=2))
    statuses = [row.status for row in rerun.rows]
    assert rerun.exit_code == 0
    assert statuses.count("unchanged") == finished
    assert statuses.count("produced") == 12 - finished
    assert rerun.synthesised < rerun.sentences  # the killed run's clips are reused
    assert not [path for path in out.iterdir() if path.name.endswith(".part")]


def test_ctrl_c_stops_the_batch_cleanly(tmp_path: Path, test_voice: Path) -> None:
    folder = tmp_path / "artikel"
    folder.mkdir()
    text = (DATA / "schulweg.txt").read_text("utf-8")
    for number in range(12):
        folder.joinpath(f"artikel-{number:02d}.txt").write_text(
            text.replace("Schulweg", f"Schulweg {number + 2}"), "utf-8"
        )
    out = tmp_path / "out"
    batch = subprocess.Popen([sys.executable, "-c", KILLED_RUN, str(tmp_path), str(test_voice)])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob("*.mp3")):
        if batch.poll() is not None:
            pytest.fail(f"the batch ended before Ctrl-C ({batch.returncode})")
        time.sleep(0.01)
    batch.send_signal(signal.SIGINT)
    assert batch.wait(60) != 0  # stopped, queued sentences dropped, workers ended
    assert not [path for path in out.iterdir() if path.name.endswith(".part")]
    records = {path.stem for path in out.glob("*.json") if ".chapters" not in path.name}
    assert {mp3.stem for mp3 in out.glob("*.mp3")} == records
    assert len(records) < 12
    with output_lock(out):  # released
        pass


def test_workers_times_threads_is_the_cores() -> None:
    assert split_cores(None, 2) == (2, 1)
    assert split_cores(1, 2) == (1, 2)
    assert split_cores(2, 8) == (2, 4)
    assert split_cores(3, 2) == (3, 1)  # more workers than cores: one thread each


def test_sentences_go_article_by_article_longest_first_and_once() -> None:
    jobs = [
        Job("a", "kurz.", 0),
        Job("b", "ein viel längerer Satz.", 0),
        Job("d", "der längste Satz von allen hier.", 1),
        Job("a", "kurz.", 1),  # the same sentence in a later article: done once, for the first
        Job("c", "mittel lang.", 1),
        Job("e", "mittel.", 2),
        Job("c", "mittel lang.", 0),  # needed by an earlier article too: it goes with that one
    ]
    assert [job.key for job in in_turn(jobs)] == ["b", "c", "a", "d", "e"]
