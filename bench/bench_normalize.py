"""Normalisation speed: characters per second on a long German news article, one core.
Not a test: it prints figures, with a baseline measured in the same run (a plain regex pass
that tokenises the same text), because these machines are noisy.

    .venv/bin/python bench/bench_normalize.py [--article FILE] [--repeat N]

The default article (normalize_article.txt, made up for this) has paragraphs dense in numbers,
dates, money, units, abbreviations and acronyms, repeated to 10,000 characters, and normalised
sentence by sentence as the synth pipeline does. Target: a 10,000-character article in under 50 ms.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tts.normalize import normalize

PARAGRAPHS = (Path(__file__).parent / "normalize_article.txt").read_text("utf-8").splitlines()
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])")
_TOKEN = re.compile(r"\w+|[^\w\s]")


def article(target: int = 10_000) -> str:
    """The made-up article, its paragraphs repeated until it has `target` characters."""
    text, i = "", 0
    while len(text) < target:
        text += PARAGRAPHS[i % len(PARAGRAPHS)] + "\n"
        i += 1
    return text[:target].rsplit(" ", 1)[0]


def sentences(text: str) -> list[str]:
    """A rough split (the real one is tts.segment): what normalize() gets, one at a time."""
    return [s for line in text.splitlines() for s in _SENTENCE_END.split(line) if s]


def best_of(
    repeat: int, work: Callable[[], object], clock: Callable[[], float] = time.perf_counter
) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = clock()
        work()
        times.append(clock() - start)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, help="UTF-8 text file instead of the built-in one")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    text = args.article.read_text("utf-8") if args.article else article()
    parts = sentences(text)
    chars = len(text)
    for part in parts:  # warm the caches once, as a long-running synth would be
        normalize(part)

    best, median = best_of(args.repeat, lambda: [normalize(p) for p in parts])
    base_best, _ = best_of(args.repeat, lambda: [_TOKEN.findall(p) for p in parts])
    # CPU time of this process: what the rules cost, without the other agents' load.
    cpu_best, _ = best_of(args.repeat, lambda: [normalize(p) for p in parts], time.process_time)
    per_10k = best * 1000 * 10_000 / chars
    print(f"article: {chars} characters, {len(parts)} sentences, best of {args.repeat} runs")
    print(
        f"normalize: {chars / best:,.0f} chars/s, {per_10k:.1f} ms per 10,000 chars (median "
        f"{median * 1000 * 10_000 / chars:.1f} ms); target < 50 ms"
    )
    print(
        f"normalize, CPU time of this process: {cpu_best * 1000 * 10_000 / chars:.1f} ms "
        "per 10,000 chars"
    )
    print(
        f"baseline (regex tokenising the same sentences): {chars / base_best:,.0f} chars/s; "
        f"normalize takes {best / base_best:.0f}x as long"
    )
    sys.exit(0)


if __name__ == "__main__":
    main()
