"""Piper inference, work per core: every variant on the same utterances, side by side.

    .venv/bin/python bench/bench_synth.py [--rounds 3] [--voice PATH.onnx] [--article FILE]

Not a test: it prints a markdown table for bench/RESULTS.md ("Piper inference"). The voice is
the bench voice (Piper medium architecture, random weights: it costs what a real voice costs).
The utterances are the script of the article (`tts script`), the reference article by default.

Each variant runs in a fresh process (so its peak memory is its own) that loads the voice,
warms it up with one sentence and then times the synthesis of all utterances. A round runs
every variant once, in an order rotated per round; each variant's ratio to the baseline is
taken within its round, and the medians over the rounds are reported, because the machine is
shared and its load changes from minute to minute.

Variants: the engine's defaults, one session with onnxruntime's threads, one sentence at a
time (baseline); two sentences at a time from two threads, one onnxruntime thread each, in
one session ("lanes"); one thread; batches of 2, 4, 8 sentences of
similar length (padding at most 20 %); graph optimisation levels; memory pattern off, arena
off; the parallel execution mode; thread spinning off; and a plain multiprocessing pool of
2 processes with one single-threaded session each (longest sentences first).

Then a check of batched against unbatched audio with the noise off (noise_scale = noise_w = 0,
where the model is deterministic), and whether the default noise makes repeated runs differ.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from proctree import run

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_VOICE = ROOT.parent / "shared" / "voices" / "bench" / "de_DE-bench-medium.onnx"
DEFAULT_ARTICLE = ROOT.parent / "shared" / "seed" / "ntv-article.txt"

BASELINE = "defaults: 1 sentence at a time, 2 threads (baseline)"
# name -> (Tuning fields, worker processes)
VARIANTS: dict[str, tuple[dict[str, Any], int]] = {
    BASELINE: ({}, 1),
    "2 lanes x 1 thread, one session": ({"lanes": 2}, 1),
    "1 thread": ({"threads": 1}, 1),
    "batch 2": ({"batch": 2}, 1),
    "batch 4": ({"batch": 4}, 1),
    "batch 8": ({"batch": 8}, 1),
    "optimisation basic": ({"optimization": "basic"}, 1),
    "optimisation extended": ({"optimization": "extended"}, 1),
    "memory pattern off": ({"mem_pattern": False}, 1),
    "arena off": ({"arena": False}, 1),
    "execution mode parallel": ({"parallel": True}, 1),
    "spinning off": ({"spinning": False}, 1),
    "2 processes x 1 thread": ({"threads": 1}, 2),
}


def utterances(article: Path) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "tts", "script", str(article)],
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in result.stdout.splitlines() if line and not line.startswith("##")]


# ---------------------------------------------------------------- worker side

_ENGINE: Any = None


def _engine(voice: Path, tuning: dict[str, Any], noise: bool = True) -> Any:
    from tts.config import VoiceSettings
    from tts.synth.piper import PiperEngine, Tuning
    from tts.voices import find_voice

    settings = VoiceSettings()
    if not noise:
        settings = dataclasses.replace(settings, noise_scale=0.0, noise_w_scale=0.0)
    return PiperEngine(find_voice(str(voice), voice.parent), settings, tuning=Tuning(**tuning))


def _init(voice: str, tuning: dict[str, Any]) -> None:
    global _ENGINE
    _ENGINE = _engine(Path(voice), tuning)
    _ENGINE.synthesize("Warmlaufen.")


def _say(text: str) -> float:
    assert _ENGINE is not None
    return float(_ENGINE.synthesize(text).duration_ms) / 1000


def worker(voice: Path, tuning: dict[str, Any], processes: int, texts: list[str]) -> None:
    """One variant, timed after loading and warming up; prints JSON for the parent."""
    if processes == 1:
        engine = _engine(voice, tuning)
        engine.synthesize("Warmlaufen.")
        start = time.perf_counter()
        if engine.concurrency > 1:  # as tts/pipeline.py calls it: sentences from threads
            with ThreadPoolExecutor(engine.concurrency) as lanes:
                clips = list(lanes.map(engine.synthesize, texts))
        else:
            clips = engine.synthesize_many(texts)
        audio = sum(clip.duration_ms for clip in clips) / 1000
        wall = time.perf_counter() - start
    else:
        context = multiprocessing.get_context("fork")
        with context.Pool(processes, initializer=_init, initargs=(str(voice), tuning)) as pool:
            pool.map(_say, ["Warmlaufen."] * processes, chunksize=1)
            start = time.perf_counter()
            longest_first = sorted(texts, key=len, reverse=True)  # no idle core at the end
            audio = sum(pool.imap_unordered(_say, longest_first, chunksize=1))
            wall = time.perf_counter() - start
    print(json.dumps({"wall": wall, "audio": audio}))


# ---------------------------------------------------------------- parent side


def measure(voice: Path, article: Path, rounds: int, texts: list[str]) -> list[str]:
    names = list(VARIANTS)
    walls: dict[str, list[float]] = {name: [] for name in names}
    ratios: dict[str, list[float]] = {name: [] for name in names}
    peaks: dict[str, list[float]] = {name: [] for name in names}
    audio: dict[str, float] = {}
    texts_file = Path(f"/tmp/bench-synth-{os.getpid()}.json")
    texts_file.write_text(json.dumps(texts), "utf-8")
    try:
        for round_index in range(rounds):
            shift = round_index * 5 % len(names)
            order = names[shift:] + names[:shift]
            results: dict[str, float] = {}
            for name in order:
                tuning, processes = VARIANTS[name]
                command = [sys.executable, __file__, "--voice", str(voice), "--worker"]
                command += [json.dumps([tuning, processes]), "--texts", str(texts_file)]
                measured = run(command)
                if measured.returncode:
                    raise SystemExit(f"{name} failed:\n{measured.stderr[-3000:]}")
                data = json.loads(measured.stdout.strip().splitlines()[-1])
                results[name] = data["wall"]
                audio[name] = data["audio"]
                walls[name].append(data["wall"])
                peaks[name].append(measured.tree_peak_mb)
                print(
                    f"  round {round_index + 1}: {name}: {data['wall']:.2f} s, "
                    f"{measured.tree_peak_mb:.0f} MB",
                    file=sys.stderr,
                    flush=True,
                )
            for name in names:
                ratios[name].append(results[name] / results[BASELINE])
    finally:
        texts_file.unlink(missing_ok=True)
    seconds = audio[BASELINE]
    lines = [
        f"{len(texts)} utterances of {article.name} ({seconds:.0f} s of audio), "
        f"{rounds} rounds, {os.cpu_count()} cores, load average at the end "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}.",
        "",
        "| variant | wall s (median) | RTF | time / baseline (median of rounds) | per round "
        "| peak memory of the tree, MB |",
        "|---|---|---|---|---|---|",
    ]
    for name in names:
        wall = statistics.median(walls[name])
        lines.append(
            f"| {name} | {wall:.2f} | {wall / audio[name]:.4f} | "
            f"{statistics.median(ratios[name]):.2f} | "
            f"{' '.join(f'{r:.2f}' for r in ratios[name])} | "
            f"{statistics.median(peaks[name]):.0f} |"
        )
    return [*lines, ""]


def equality(voice: Path, texts: list[str]) -> list[str]:
    """Batched vs unbatched with the noise off, and repeated runs with the default noise."""
    import numpy as np

    single = _engine(voice, {}, noise=False).synthesize_many(texts)
    batched = _engine(voice, {"batch": 4}, noise=False).synthesize_many(texts)
    same_length = all(
        len(a.samples) == len(b.samples) for a, b in zip(single, batched, strict=True)
    )
    tails: list[int] = []
    body_diff = 0.0
    for a, b in zip(single, batched, strict=True):
        diff = np.abs(a.samples - b.samples)
        differing = np.nonzero(diff > 1e-5)[0]
        tail = len(diff) - int(differing[0]) if len(differing) else 0
        tails.append(tail)
        if len(diff) > tail:
            body_diff = max(body_diff, float(diff[: len(diff) - tail].max()))
    rate = single[0].sample_rate
    rms = [float(np.sqrt(np.mean(np.square(c.samples)))) for c in single]
    rms_b = [float(np.sqrt(np.mean(np.square(c.samples)))) for c in batched]
    energy = max(abs(x - y) / x for x, y in zip(rms, rms_b, strict=True))
    noisy = _engine(voice, {})
    first, second = noisy.synthesize_many(texts[:3]), noisy.synthesize_many(texts[:3])
    repeat_same = all(
        len(a.samples) == len(b.samples) and bool(np.array_equal(a.samples, b.samples))
        for a, b in zip(first, second, strict=True)
    )
    quiet = _engine(voice, {}, noise=False)
    again = quiet.synthesize_many(texts[:3])
    quiet_same = all(
        bool(np.array_equal(a.samples, b.samples)) for a, b in zip(single[:3], again, strict=True)
    )
    padded = sum(1 for tail in tails if tail)
    return [
        "Batched (4, padding ≤ 20 %) against unbatched, noise off, every utterance: "
        f"lengths {'equal' if same_length else 'DIFFERENT'}; samples equal to "
        f"{body_diff:.1g} except the last {max(tails)} samples "
        f"({max(tails) * 1000 / rate:.0f} ms) of the {padded} of {len(tails)} sentences that "
        "were padded (the decoder's receptive field sees padding after them instead of its "
        f"own zero padding); RMS per clip within {energy:.1%}.",
        "",
        f"Repeated runs: with the default noise (noise_scale 0.667, noise_w 0.8) "
        f"{'identical' if repeat_same else 'different (VITS samples noise; durations vary too)'}; "
        f"with the noise off {'identical' if quiet_same else 'DIFFERENT'}.",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--voice", type=Path, default=DEFAULT_VOICE)
    parser.add_argument("--article", type=Path, default=DEFAULT_ARTICLE)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--every", type=int, default=1, help="use every n-th utterance only (a loaded machine)"
    )
    parser.add_argument("--only", nargs="*", help="run only these variants (and the baseline)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--texts", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help="also write the markdown here")
    args = parser.parse_args()
    if args.worker:
        tuning, processes = json.loads(args.worker)
        worker(args.voice, tuning, processes, json.loads(args.texts.read_text("utf-8")))
        return
    if args.only:
        for name in list(VARIANTS):
            if name != BASELINE and name not in args.only:
                del VARIANTS[name]
    texts = utterances(args.article)[:: args.every]
    lines = [*measure(args.voice, args.article, args.rounds, texts), *equality(args.voice, texts)]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", "utf-8")


if __name__ == "__main__":
    main()
