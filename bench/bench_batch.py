"""Batch throughput, worker scaling and the Dask executor, side by side in one run. Not a
test: it prints figures as ratios to baselines measured in the same run and round (the
machine is noisy and shared), with CPU seconds, which the other agents' load moves far less.

    .venv/bin/python bench/bench_batch.py [--articles 20] [--chars 3000] [--rounds 3]

Articles: about --chars characters each, built from the bundled examples, the shared seed
article and the test texts (paragraphs as written, each used once, so no two articles share
a sentence and the cache cannot help one article with another's work).

Each round runs every configuration once, in rotated order, on a cold cache and an empty
output directory:
- the bare `piper` CLI once per article in a loop (loads the voice every time, all cores
  through onnxruntime), fed each article's spoken script: the baseline;
- run_batch with 1 worker x 1 thread, 2 workers x 1 thread (the default on 2 cores) and
  1 worker x 2 threads;
- run_batch on a Dask LocalCluster of 2 single-threaded worker processes (started before
  the rounds, as a newsroom's cluster is up before the batch).
At the end, run_batch again on a finished output: every article unchanged.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT_VOICE = SHARED / "voices" / "bench" / "de_DE-bench-medium.onnx"


def paragraphs() -> list[str]:
    """Every paragraph of the bundled and shared texts, as written, each once."""
    from tts.errors import TTSError
    from tts.ingest import read_article

    sources = sorted(
        [
            *(ROOT / "examples").iterdir(),
            *(SHARED / "seed").glob("*.txt"),
            *(ROOT / "tests" / "data").glob("*.txt"),
            *(ROOT / "tests" / "data").glob("*.md"),
            *(ROOT / "tests" / "data" / "pasted").glob("*.txt"),
            *(ROOT / "tests" / "data" / "html").glob("*.html"),
        ]
    )
    seen: dict[str, None] = {}
    for source in sources:
        try:
            article, _ = read_article(source)
        except TTSError:
            continue
        for section in article.sections:
            for paragraph in section.paragraphs:
                if len(paragraph) > 80:
                    seen.setdefault(" ".join(paragraph.split()), None)
    return list(seen)


def build_articles(folder: Path, count: int, chars: int) -> list[Path]:
    pool = paragraphs()
    articles: list[Path] = []
    for number in range(count):
        body: list[str] = []
        while pool and sum(len(p) for p in body) < chars:
            body.append(pool.pop(0))
        if not body:
            raise SystemExit(f"only {number} articles of {chars} characters in the texts")
        path = folder / f"meldung-{number + 1:02d}.txt"
        path.write_text(f"Meldung {number + 1} des Tages\n\n" + "\n\n".join(body) + "\n", "utf-8")
        articles.append(path)
    return articles


def spoken_scripts(articles: list[Path], folder: Path) -> list[Path]:
    """Each article's spoken script (normalised text) for the bare piper CLI, one per line."""
    from tts.config import load_settings
    from tts.pipeline import prepare

    settings = load_settings()
    scripts = []
    for article in articles:
        prepared = prepare(article, settings)
        path = folder / f"{article.stem}.script.txt"
        path.write_text("\n".join(u.text for u in prepared.script.utterances) + "\n", "utf-8")
        scripts.append(path)
    return scripts


def piper_loop(scripts: list[Path], voice: Path, out: Path) -> tuple[float, float]:
    out.mkdir()
    piper = Path(sys.executable).with_name("piper")
    started = time.perf_counter()
    for script in scripts:
        subprocess.run(
            [
                str(piper),
                "-m",
                str(voice),
                "-i",
                str(script),
                "-f",
                str(out / f"{script.stem}.wav"),
            ],
            check=True,
            capture_output=True,
        )
    wall = time.perf_counter() - started
    audio = 0.0
    for path in out.iterdir():
        with wave.open(str(path)) as handle:
            audio += handle.getnframes() / handle.getframerate()
    return wall, audio


def batch(
    articles: Path, voice: Path, work: Path, workers: int | None = None, **options: object
) -> tuple[float, float, object]:
    from tts.batch import BatchOptions, run_batch
    from tts.config import load_settings

    settings = load_settings().with_overrides(
        voice=str(voice), output_dir=work / "out", cache_dir=work / "cache"
    )
    started = time.perf_counter()
    report = run_batch([str(articles)], settings, BatchOptions(workers=workers, **options))  # type: ignore[arg-type]
    wall = time.perf_counter() - started
    if report.exit_code:
        raise SystemExit(f"batch failed: {[row.error for row in report.failed]}")
    return wall, report.audio_ms / 1000, report


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the piper runs, the pool's
    workers): unlike the wall clock, barely moved by the other agents' load."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


CONFIGS = (
    "piper CLI per article",
    "batch 1 worker x 1 thread",
    "batch 2 workers x 1 thread",
    "batch 1 worker x 2 threads",
    "batch on Dask, 2 workers x 1 thread",
)


def one_run(
    name: str, folder: Path, scripts: list[Path], voice: Path, work: Path, scheduler: str
) -> tuple[float, float, float]:
    """(wall s, audio s, CPU s) of one configuration on a cold cache and empty output."""
    cpu = cpu_seconds()
    if name.startswith("piper"):
        wall, audio = piper_loop(scripts, voice, work)
    elif name.startswith("batch on Dask"):
        wall, audio, _ = batch(folder, voice, work, scheduler=scheduler)
    else:
        workers, threads = (int(part) for part in name.split()[1::3])
        wall, audio, _ = batch(folder, voice, work, workers, threads=threads)
    return wall, audio, cpu_seconds() - cpu


def main() -> None:
    from distributed import LocalCluster

    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--chars", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--voice", type=Path, default=DEFAULT_VOICE)
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    runs: dict[str, list[tuple[float, float, float, float]]] = {name: [] for name in CONFIGS}
    with (
        tempfile.TemporaryDirectory() as scratch,
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
    ):  # a newsroom's cluster is up before the batch: started outside the timing
        root = Path(scratch)
        folder = root / "artikel"
        folder.mkdir()
        articles = build_articles(folder, args.articles, args.chars)
        scripts = spoken_scripts(articles, root)
        sizes = [len(path.read_text("utf-8")) for path in articles]
        print(
            f"{len(articles)} articles, {min(sizes)}-{max(sizes)} characters, "
            f"{args.rounds} rounds in rotated order, {cores} cores",
            flush=True,
        )
        for round_ in range(args.rounds):
            order = CONFIGS[round_ % len(CONFIGS) :] + CONFIGS[: round_ % len(CONFIGS)]
            for name in order:
                work = root / f"{round_}-{name.replace(' ', '-')}"
                wall, audio, cpu = one_run(
                    name, folder, scripts, args.voice, work, cluster.scheduler_address
                )
                load = os.getloadavg()[0]
                runs[name].append((wall, audio, cpu, load))
                print(
                    f"round {round_ + 1}  {name:36s} {wall:7.1f} s wall {audio:7.1f} s audio "
                    f"{audio / wall:5.1f} audio-s/s  CPU {cpu:6.1f} s  load {load:.1f}",
                    flush=True,
                )
        again = time.perf_counter()
        _, _, report = batch(folder, args.voice, root / f"0-{CONFIGS[2].replace(' ', '-')}")
        assert all(row.status == "unchanged" for row in report.rows)  # type: ignore[attr-defined]
        unchanged_s = time.perf_counter() - again

    def ratios(slow: str, fast: str, column: int = 0) -> str:
        values = sorted(a[column] / b[column] for a, b in zip(runs[slow], runs[fast], strict=True))
        return f"{statistics.median(values):.2f}x (rounds: {', '.join(f'{v:.2f}' for v in values)})"

    def throughput(slow: str, fast: str) -> str:
        """Audio seconds per wall second, fast over slow: the batch's audio is longer than the
        loop's (intro, outro and pauses), so wall time alone undersells it."""
        values = sorted(
            (b[1] / b[0]) / (a[1] / a[0]) for a, b in zip(runs[slow], runs[fast], strict=True)
        )
        return f"{statistics.median(values):.2f}x (rounds: {', '.join(f'{v:.2f}' for v in values)})"

    print()
    print(f"batch 2x1 / piper loop, audio-s/s: {throughput(CONFIGS[0], CONFIGS[2])}  target 1.3x")
    print(f"piper CLI loop / batch 2x1, wall: {ratios(CONFIGS[0], CONFIGS[2])}")
    print(f"piper CLI loop / batch 2x1, CPU:  {ratios(CONFIGS[0], CONFIGS[2], 2)}")
    print(f"1 worker / 2 workers, wall:       {ratios(CONFIGS[1], CONFIGS[2])}  target >= 1.7x")
    print(f"1x2 threads / 2x1, wall:          {ratios(CONFIGS[3], CONFIGS[2])}")
    print(f"Dask 2x1 / local 2x1, wall:       {ratios(CONFIGS[4], CONFIGS[2])}  target <= 1.15x")
    print(f"batch again, all unchanged: {unchanged_s:.1f} s")
    loads = [run[3] for values in runs.values() for run in values]
    print(
        f"machine: {platform.machine()}, {cores} cores, load average {min(loads):.1f} to "
        f"{max(loads):.1f} during the runs (shared by other agents)"
    )


if __name__ == "__main__":
    main()
