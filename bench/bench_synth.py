"""Synthesis speed and memory with a voice of real cost (the bench voice: Piper medium
architecture, random weights). Not a test: it prints figures, as ratios to a baseline measured
in the same run, because these machines are noisy.

    .venv/bin/python bench/bench_synth.py [--voice PATH.onnx] [--article examples/x.txt]

1. Piper inference, same utterances, three ways:
   single-threaded session (the baseline), one session with onnxruntime using every core
   (what `tts synth` does), and a process pool with one single-threaded session per core.
2. `tts synth` end to end on an example article: cold clip cache vs warm cache, and the share
   of wall time spent outside synthesis (assembly, loudness, MP3, tags), with peak RSS.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).parent.parent
DEFAULT_VOICE = ROOT.parent / "shared" / "voices" / "bench" / "de_DE-bench-medium.onnx"
SENTENCES = [
    "Der Stadtrat hat am Dienstag nach langer Debatte ein neues Verkehrskonzept beschlossen.",
    "Es sieht zweiundvierzig Kilometer neue oder verbreiterte Radwege vor.",
    "Die Verwaltung rechnet mit rund zehntausend zusätzlichen Fahrten pro Tag.",
    "Kritik kommt vom Einzelhandel, der um Parkplätze in der Innenstadt fürchtet.",
    "Die ersten Bauarbeiten sollen im Frühjahr beginnen.",
    "Wärmer waren nur die Sommer zweitausenddrei und zweitausendachtzehn.",
    "Feuerwehren rückten zu mehr als tausendfünfhundert Einsätzen aus.",
    "Viele Betriebe stehen mit dem Rücken zur Wand, sagte der Verbandspräsident.",
] * 2

_WORKER = None


def _engine(voice: Path, threads: int):
    from tts.config import VoiceSettings
    from tts.synth.piper import PiperEngine
    from tts.voices import find_voice

    return PiperEngine(find_voice(str(voice), voice.parent), VoiceSettings(), threads=threads)


def _init(voice: str) -> None:
    global _WORKER
    _WORKER = _engine(Path(voice), 1)
    _WORKER.synthesize("Warmlaufen.")


def _say(text: str) -> float:
    assert _WORKER is not None
    return _WORKER.synthesize(text).duration_ms / 1000


def in_process(voice: Path, threads: int) -> tuple[float, float]:
    engine = _engine(voice, threads)
    engine.synthesize("Warmlaufen.")
    start = time.perf_counter()
    audio = sum(engine.synthesize(text).duration_ms for text in SENTENCES) / 1000
    return time.perf_counter() - start, audio


def pooled(voice: Path, workers: int) -> tuple[float, float]:
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(str(voice),)) as pool:
        list(pool.map(_say, ["Warmlaufen."] * workers))
        start = time.perf_counter()
        audio = sum(pool.map(_say, SENTENCES))
        return time.perf_counter() - start, audio


def end_to_end(voice: Path, article: Path) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "TTS_CACHE_DIR": str(Path(scratch) / "cache")}
        command = [
            sys.executable,
            "-m",
            "tts",
            "synth",
            str(article),
            "-o",
            scratch,
            "--voice",
            str(voice),
        ]
        timings = []
        for _ in range(2):
            start = time.perf_counter()
            subprocess.run(command, check=True, env=env, capture_output=True)
            timings.append(time.perf_counter() - start)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    cold, warm = timings
    print(f"\ntts synth {article.name}: cold cache {cold:.2f} s, warm cache {warm:.2f} s")
    print(f"  warm/cold = {warm / cold:.2f} (the warm run is everything but synthesis)")
    print(f"  peak RSS of one run: {peak_mb:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--voice", type=Path, default=DEFAULT_VOICE)
    parser.add_argument("--article", type=Path, default=ROOT / "examples" / "radweg-stadtrat.txt")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    print(f"{len(SENTENCES)} utterances, voice {args.voice.name}, {cores} cores\n")
    base_time, audio = in_process(args.voice, 1)
    rows = [("1 session, 1 thread (baseline)", base_time, audio)]
    rows.append((f"1 session, {cores} threads (tts synth)", *in_process(args.voice, cores)))
    rows.append((f"pool of {cores} processes x 1 thread", *pooled(args.voice, cores)))
    print(f"{'configuration':40} {'wall s':>7} {'audio s':>8} {'RTF':>6} {'speed-up':>9}")
    for name, wall, seconds in rows:
        print(
            f"{name:40} {wall:7.2f} {seconds:8.1f} {wall / seconds:6.3f} {base_time / wall:8.2f}x"
        )
    end_to_end(args.voice, args.article)


if __name__ == "__main__":
    main()
