"""Sentence splitting: tts.segment vs pysbd vs syntok vs a naive regex, on the same cases.

    .venv/bin/python bench/sbd_bench.py [CASES.jsonl ...] [--tags]

Default cases: tests/data/sbd_cases.jsonl and sbd_cases_round2.jsonl. A case counts when the
sentence list matches exactly (whitespace ignored, as in ../shared/eval/sbd_score.py). pysbd and
syntok are the `bench` extra (pip install -e '.[bench]'); a missing one is skipped. Not a test:
it only prints a table.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

Splitter = Callable[[str], list[str]]
DATA = Path(__file__).parent.parent / "tests" / "data"
DEFAULT_CASES = [DATA / "sbd_cases.jsonl", DATA / "sbd_cases_round2.jsonl"]


def ours() -> Splitter:
    from tts.segment import split_sentences

    return split_sentences


def pysbd() -> Splitter:
    import pysbd as lib

    segmenter = lib.Segmenter(language="de", clean=False)
    return lambda text: [s.strip() for s in segmenter.segment(text) if s.strip()]


def syntok() -> Splitter:
    from syntok import segmenter

    def split(text: str) -> list[str]:
        return [
            text[sentence[0].offset : sentence[-1].offset + len(sentence[-1].value)].strip()
            for paragraph in segmenter.analyze(text)
            for sentence in paragraph
            if sentence
        ]

    return split


def naive() -> Splitter:
    boundary = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])")
    return lambda text: [s.strip() for s in boundary.split(text) if s.strip()]


SYSTEMS = {"tts.segment": ours, "pysbd": pysbd, "syntok": syntok, "naive": naive}


def squash(sentences: list[str]) -> list[str]:
    return ["".join(s.split()) for s in sentences]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("cases", nargs="*", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--tags", action="store_true", help="also show accuracy per tag")
    args = parser.parse_args()
    cases = [
        json.loads(line)
        for path in args.cases
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]
    print(f"{len(cases)} cases from {', '.join(str(p) for p in args.cases)}\n")
    print(f"{'system':12} {'exact':>14} {'ms/case':>8}")
    per_tag: dict[str, dict[str, list[int]]] = {}
    for name, make in SYSTEMS.items():
        try:
            split = make()
        except ImportError:
            print(f"{name:12} {'not installed':>14}")
            continue
        hits, tags = 0, defaultdict(lambda: [0, 0])
        started = time.perf_counter()
        for case in cases:
            hit = squash(split(case["text"])) == squash(case["sentences"])
            hits += hit
            for tag in case.get("tags", []):
                tags[tag][0] += hit
                tags[tag][1] += 1
        ms = 1000 * (time.perf_counter() - started) / len(cases)
        print(f"{name:12} {hits:4}/{len(cases):<4} {100 * hits / len(cases):5.1f}% {ms:8.2f}")
        per_tag[name] = tags
    if args.tags:
        names = list(per_tag)
        print(f"\n{'tag':28}" + "".join(f"{n:>13}" for n in names))
        for tag in sorted({t for tags in per_tag.values() for t in tags}):
            cells = "".join(f"{per_tag[n][tag][0]:>6}/{per_tag[n][tag][1]:<6}" for n in names)
            print(f"{tag:28}{cells}")


if __name__ == "__main__":
    main()
