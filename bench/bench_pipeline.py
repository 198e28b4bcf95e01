"""The whole pipeline against bare Piper (issue 13): `tts synth` from a text file to a tagged
MP3 against `python -m piper -m VOICE -f out.wav < text`, same voice, same text file.

    .venv/bin/python bench/bench_pipeline.py [--pairs 5] [--voice PATH.onnx] [--out FILE.md]

Not a test. Runs alternate A B A B so that the machine's load (it is shared) hits both sides
alike; every ratio is taken within a pair, and the medians of the pairs are reported.

- cold: `tts synth` with a fresh sentence cache (TTS_CACHE_DIR=a new directory) and a fresh
  output directory, against bare piper; the reference article and a ~5,000-character article;
- warm: the same article again into the same output directory with the same cache, and one
  sentence edited, as fractions of the cold run of the same pair;
- peak memory of the whole process tree (ffmpeg included, sampled from /proc) and of its
  largest process (exact, from wait4), against piper's;
- real-time factor: wall seconds per second of audio produced;
- a profile of one cold run (cProfile, gprof-style attribution of each function's own time to
  the pipeline stage that called it; every thread) and `python -X importtime`;
- start-up of `tts --help` and `tts normalize "…"` (targets 0.3 s and 0.6 s).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from proctree import Measured, run

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "seed" / "ntv-article.txt"
DEFAULT_VOICE = SHARED / "voices" / "bench" / "de_DE-bench-medium.onnx"
PYTHON = sys.executable
LONG_TARGET = 5000
CODE: dict[str, str] = {}  # {"PYTHONPATH": tree} when --code runs an older checkout of tts


# ---------------------------------------------------------------- articles


def long_article(target: int = LONG_TARGET) -> str:
    """A ~5,000-character article in the reference's pasted shape, built from the project's own
    texts (the reference is someone else's and is not copied): the Radweg example, with body
    paragraphs of the pasted test articles added as sections before its source line."""
    base = (ROOT / "examples" / "radweg-stadtrat.txt").read_text("utf-8").splitlines()
    cut = next(i for i, line in enumerate(base) if line.startswith("Quelle:"))
    lines = base[:cut]
    for source in sorted((ROOT / "tests" / "data" / "pasted").glob("*.txt")):
        paragraphs = [
            line.strip()
            for line in source.read_text("utf-8").splitlines()
            if len(line.strip()) > 120 and not line.startswith(("(", "#", "Quelle"))
        ]
        if len("\n".join(lines)) + len(paragraphs[0] if paragraphs else "") > target:
            break
        lines += ["", f"Weitere Meldung {source.stem.split('-')[-1].title()}", ""]
        for paragraph in paragraphs:
            if len("\n".join(lines)) + len(paragraph) > target:
                break
            lines += [paragraph, ""]
    lines += ["", *base[cut:]]
    return "\n".join(lines).rstrip() + "\n"


def edited(text: str) -> str:
    """The same article with one sentence changed: the first long paragraph's first sentence
    gets a short tail ('…, hieß es.')."""
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if len(line) > 150 and ". " in line:
            lines[index] = line.replace(". ", ", hieß es. ", 1)
            return "\n".join(lines) + "\n"
    raise SystemExit("no paragraph to edit")


# ---------------------------------------------------------------- commands


@dataclass(frozen=True)
class Run:
    measured: Measured
    audio_s: float

    @property
    def rtf(self) -> float:
        return self.measured.wall_s / self.audio_s if self.audio_s else float("nan")


def _checked(measured: Measured, what: str) -> Measured:
    if measured.returncode != 0:
        raise SystemExit(f"{what} failed ({measured.returncode}):\n{measured.stderr[-2000:]}")
    return measured


def tts_synth(
    article: Path, out: Path, cache: Path, voice: Path, prefix: list[str] | None = None
) -> Run:
    env = {**os.environ, "TTS_CACHE_DIR": str(cache), "NO_COLOR": "1", **CODE}
    command = [*(prefix or [PYTHON]), "-m", "tts", "synth", str(article), "-o", str(out)]
    command += ["--voice", str(voice), "--no-fallback"]
    measured = _checked(run(command, env=env, cwd=out.parent), "tts synth")
    return Run(measured, _episode_seconds(out))


def _episode_seconds(out: Path) -> float:
    for path in sorted(out.glob("*.json")):
        if path.name.endswith(".chapters.json"):
            continue
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and "duration_ms" in data:
            return float(data["duration_ms"]) / 1000
    return 0.0


def bare_piper(article: Path, out: Path, voice: Path) -> Run:
    wav = out / "out.wav"
    command = [PYTHON, "-m", "piper", "-m", str(voice), "-f", str(wav)]
    measured = _checked(run(command, stdin_path=article, cwd=out), "piper")
    with wave.open(str(wav)) as handle:
        seconds = handle.getnframes() / handle.getframerate()
    return Run(measured, seconds)


# ---------------------------------------------------------------- comparisons


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def cold_vs_piper(
    name: str, article: Path, voice: Path, pairs: int, scratch: Path, with_warm: bool
) -> list[str]:
    rows: list[dict[str, float]] = []
    edited_path = scratch / f"{article.stem}-edited.txt"
    edited_path.write_text(edited(article.read_text("utf-8")), "utf-8")
    for pair in range(pairs):
        base = scratch / f"{article.stem}-{pair}"
        out, cache, piper_out = base / "out", base / "cache", base / "piper"
        for path in (out, cache, piper_out):
            path.mkdir(parents=True)
        row: dict[str, float] = {}

        steps = [
            partial(_ours, row, article, edited_path, out, cache, voice, with_warm),
            partial(_theirs, row, article, piper_out, voice),
        ]
        for step in steps if pair % 2 == 0 else steps[::-1]:
            step()
        rows.append(row)
        print(
            f"  {name} pair {pair + 1}: " + ", ".join(f"{k}={v:.3g}" for k, v in row.items()),
            file=sys.stderr,
            flush=True,
        )
        shutil.rmtree(base, ignore_errors=True)
    return _cold_table(name, article, rows, with_warm)


def _ours(
    row: dict[str, float],
    article: Path,
    edited_path: Path,
    out: Path,
    cache: Path,
    voice: Path,
    with_warm: bool,
) -> None:
    cold = tts_synth(article, out, cache, voice)
    row.update(
        cold=cold.measured.wall_s,
        cold_cpu=cold.measured.cpu_s,
        cold_tree=cold.measured.tree_peak_mb,
        cold_largest=cold.measured.largest_peak_mb,
        cold_rtf=cold.rtf,
        audio=cold.audio_s,
    )
    if with_warm:
        warm = tts_synth(article, out, cache, voice)
        row["warm"] = warm.measured.wall_s
        row["warm_tree"] = warm.measured.tree_peak_mb
        changed = tts_synth(edited_path, out, cache, voice)
        row["edited"] = changed.measured.wall_s


def _theirs(row: dict[str, float], article: Path, piper_out: Path, voice: Path) -> None:
    piper = bare_piper(article, piper_out, voice)
    row.update(
        piper=piper.measured.wall_s,
        piper_cpu=piper.measured.cpu_s,
        piper_tree=piper.measured.tree_peak_mb,
        piper_largest=piper.measured.largest_peak_mb,
        piper_rtf=piper.rtf,
        piper_audio=piper.audio_s,
    )


def _cold_table(
    name: str, article: Path, rows: list[dict[str, float]], with_warm: bool
) -> list[str]:
    def med(key: str) -> float:
        return median([row[key] for row in rows])

    def ratios(top: str, bottom: str) -> list[float]:
        return [row[top] / row[bottom] for row in rows]

    def fmt(values: list[float]) -> str:
        return " ".join(f"{value:.2f}" for value in values)

    chars = len(article.read_text("utf-8"))
    lines = [
        f"#### {name} ({chars} characters, {len(rows)} pairs; our audio "
        f"{med('audio'):.0f} s, piper's {med('piper_audio'):.0f} s)",
        "",
        "| | `tts synth` | bare piper | ratio (median of pairs) | per-pair ratios | target |",
        "|---|---|---|---|---|---|",
        f"| cold wall | {med('cold'):.2f} s | {med('piper'):.2f} s | "
        f"{median(ratios('cold', 'piper')):.2f} | {fmt(ratios('cold', 'piper'))} | ≤ 0.9 |",
        f"| cold CPU (tree) | {med('cold_cpu'):.2f} s | {med('piper_cpu'):.2f} s | "
        f"{median(ratios('cold_cpu', 'piper_cpu')):.2f} | "
        f"{fmt(ratios('cold_cpu', 'piper_cpu'))} | |",
        f"| cores busy (CPU/wall) | {med('cold_cpu') / med('cold'):.2f} | "
        f"{med('piper_cpu') / med('piper'):.2f} | | | |",
        f"| peak memory, whole tree | {med('cold_tree'):.0f} MB | {med('piper_tree'):.0f} MB | "
        f"{median(ratios('cold_tree', 'piper_tree')):.2f} | "
        f"{fmt(ratios('cold_tree', 'piper_tree'))} | ≤ 1.2 |",
        f"| peak memory, largest process | {med('cold_largest'):.0f} MB | "
        f"{med('piper_largest'):.0f} MB | {median(ratios('cold_largest', 'piper_largest')):.2f} | "
        f"{fmt(ratios('cold_largest', 'piper_largest'))} | ≤ 1.2 |",
        f"| real-time factor (wall / audio) | {med('cold_rtf'):.3f} | {med('piper_rtf'):.3f} | "
        f"| | |",
    ]
    if with_warm:
        lines += [
            f"| warm (same article again) | {med('warm'):.2f} s | | "
            f"{median(ratios('warm', 'cold')):.3f} of cold | {fmt(ratios('warm', 'cold'))} "
            "| ≤ 0.05 |",
            f"| one sentence edited | {med('edited'):.2f} s | | "
            f"{median(ratios('edited', 'cold')):.3f} of cold | {fmt(ratios('edited', 'cold'))} "
            f"| ≤ 0.10 |",
            f"| warm, peak memory of tree | {med('warm_tree'):.0f} MB | | | | |",
        ]
    return [*lines, ""]


# ---------------------------------------------------------------- engine tunings

TUNINGS: dict[str, dict[str, object]] = {
    "engine defaults": {},
    "spinning off": {"spinning": False},
    "arena off": {"arena": False},
    "memory pattern off": {"mem_pattern": False},
    "2 lanes x 1 thread": {"lanes": 2},
}


def tunings(
    article: Path, voice: Path, rounds: int, scratch: Path, only: list[str] | None = None
) -> list[str]:
    """The whole pipeline (library call, fresh cache) with differently tuned engines, in
    rotated rounds: what onnxruntime's settings do when assembly and encoding share the cores."""
    names = ["engine defaults", *(name for name in TUNINGS if name in (only or TUNINGS))]
    names = list(dict.fromkeys(names))
    rows: dict[str, list[tuple[float, float, float]]] = {name: [] for name in names}
    ratios: dict[str, list[float]] = {name: [] for name in names}
    for index in range(rounds):
        order = names[index % len(names) :] + names[: index % len(names)]
        walls: dict[str, float] = {}
        for name in order:
            base = scratch / f"tuning-{index}-{names.index(name)}"
            command = [PYTHON, str(ROOT / "bench" / "produce_with.py"), json.dumps(TUNINGS[name])]
            command += [str(voice), str(article), str(base / "out"), str(base / "cache")]
            measured = _checked(run(command, env={**os.environ, **CODE}), name)
            rows[name].append((measured.wall_s, measured.cpu_s, measured.tree_peak_mb))
            walls[name] = measured.wall_s
            print(f"  tuning round {index + 1}: {name}: {measured.wall_s:.2f} s", file=sys.stderr)
            shutil.rmtree(base, ignore_errors=True)
        for name in names:
            ratios[name].append(walls[name] / walls["engine defaults"])
    lines = [
        f"`produce()` on {article.name} with a fresh cache, {rounds} rotated rounds:",
        "",
        "| engine | wall s | CPU s | peak memory, tree | wall / defaults (median) | per round |",
        "|---|---|---|---|---|---|",
    ]
    for name in names:
        wall, cpu, peak = (median([row[k] for row in rows[name]]) for k in range(3))
        lines.append(
            f"| {name} | {wall:.2f} | {cpu:.2f} | {peak:.0f} MB | {median(ratios[name]):.2f} | "
            f"{' '.join(f'{r:.2f}' for r in ratios[name])} |"
        )
    return [*lines, ""]


# ---------------------------------------------------------------- start-up


def startup(repeats: int) -> list[str]:
    commands = {
        "tts --help": [PYTHON, "-m", "tts", "--help"],
        'tts normalize "…"': [PYTHON, "-m", "tts", "normalize", "Am 3. Mai kostete es 5 €."],
    }
    targets = {"tts --help": 0.3, 'tts normalize "…"': 0.6}
    lines = ["| command | median wall | runs | target |", "|---|---|---|---|"]
    for name, command in commands.items():
        walls = [
            _checked(run(command, env={**os.environ, **CODE}), name).wall_s for _ in range(repeats)
        ]
        lines.append(
            f"| `{name}` | {median(walls):.2f} s | {' '.join(f'{w:.2f}' for w in walls)} "
            f"| ≤ {targets[name]} s |"
        )
    lines.append("")
    for name, command in commands.items():
        measured = _checked(run([PYTHON, "-X", "importtime", *command[1:]]), name)
        lines += [f"Slowest imports of `{name}` (cumulative, first 12):", "", "```"]
        lines += [f"{ms:8.0f} ms  {module}" for ms, module in slowest_imports(measured.stderr, 12)]
        lines += ["```", ""]
    return lines


_IMPORT = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S+)")


def slowest_imports(stderr: str, count: int) -> list[tuple[float, str]]:
    """The most expensive imports, by cumulative time, skipping a package's own submodules
    when the package itself is listed (so the list names what to make lazy)."""
    entries = []
    for line in stderr.splitlines():
        match = _IMPORT.match(line)
        if match:
            entries.append((int(match[2]) / 1000, len(match[3]) // 2, match[4]))
    entries.sort(key=lambda entry: -entry[0])
    chosen: list[tuple[float, str]] = []
    for ms, _, module in entries:
        if any(module.startswith(other + ".") for _, other in chosen):
            continue
        if any(other.startswith(module + ".") for _, other in chosen) and not module.startswith(
            "tts"
        ):
            continue
        chosen.append((ms, module))
        if len(chosen) == count:
            break
    return chosen


def import_total(stderr: str) -> float:
    total = 0.0
    for line in stderr.splitlines():
        match = _IMPORT.match(line)
        if match and not match[3]:
            total += int(match[2]) / 1000000
    return total


# ---------------------------------------------------------------- profile

STAGES: list[tuple[str, list[str]]] = [
    (
        "import",
        ["*:<module>", "<frozen importlib._bootstrap>", "<frozen importlib._bootstrap_external>"],
    ),
    ("main thread waiting for synthesis", ["tts/pipeline.py:_synthesised"]),
    ("synthesis thread waiting for assembly", ["tts/pipeline.py:_put"]),
    (
        "voice load",
        [
            "tts/synth/select.py",
            "tts/voices/",
            "tts/synth/piper.py:__post_init__",
            "tts/synth/piper.py:__init__",
            "tts/synth/identity.py",
            "tts/synth/piper.py:_load_session",
        ],
    ),
    (
        "ingest + normalise",
        [
            "tts/ingest/",
            "tts/normalize/",
            "tts/segment/",
            "tts/announce.py",
            "tts/episode.py:build_script",
            "tts/produce.py:prepare",
            "tts/pipeline.py:prepare",
            "tts/pipeline.py:_prepare",
            "tts/pipeline.py:build_script",
            "tts/pipeline.py:read_source",
        ],
    ),
    (
        "synthesis",
        [
            "tts/synth/piper.py",
            "tts/synth/render.py",
            "tts/synth/pool.py",
            "tts/synth/espeak.py",
            "tts/pipeline.py:work",
        ],
    ),
    ("sentence cache", ["tts/synth/cache.py"]),
    (
        "encode (ffmpeg)",
        [
            "tts/audio.py:encode_mp3",
            "tts/audio.py:_encode_measured",
            "tts/audio.py:_level_and_encode",
            "tts/audio.py:_blocks",
            "tts/audio.py:_encode",
            "tts/audio.py:measure_file",
            "tts/audio.py:decode_audio",
            "tts/audio.py:_encoder_shift",
            "tts/audio.py:encode",
            "tts/encode.py",
        ],
    ),
    ("assembly + loudness", ["tts/audio.py", "tts/jingles.py", "tts/loudness.py"]),
    (
        "tags + metadata + cover",
        [
            "tts/pipeline.py:_write_tags",
            "tts/pipeline.py:_cover",
            "tts/tags.py",
            "tts/cover.py",
            "tts/publish/",
            "tts/article.py",
        ],
    ),
]


def _stage_of(func: tuple[str, int, str]) -> str | None:
    filename, _, name = func
    path = filename.replace(os.sep, "/")
    for stage, specs in STAGES:
        for spec in specs:
            where, _, what = spec.partition(":")
            if where == "*":
                if name == what:
                    return stage
            elif (where in path) and (not what or what == name):
                return stage
    return None


def profile_table(article: Path, voice: Path, scratch: Path) -> list[str]:
    out, cache = scratch / "profile-out", scratch / "profile-cache"
    out.mkdir()
    cache.mkdir()
    stats_path = scratch / "profile.pstats"
    prefix = [PYTHON, "-X", "importtime", str(ROOT / "bench" / "profile_run.py"), str(stats_path)]
    profiled = tts_synth(article, out, cache, voice, prefix=prefix)
    plain_out, plain_cache = scratch / "plain-out", scratch / "plain-cache"
    plain_out.mkdir()
    plain_cache.mkdir()
    plain = tts_synth(article, plain_out, plain_cache, voice)
    stats = pstats.Stats(str(stats_path))
    table: dict[
        tuple[str, int, str],
        tuple[int, int, float, float, dict[tuple[str, int, str], tuple[int, int, float, float]]],
    ]
    table = stats.stats  # type: ignore[attr-defined]
    memo: dict[tuple[str, int, str], dict[str, float]] = {}

    def attribution(
        func: tuple[str, int, str], visiting: frozenset[tuple[str, int, str]]
    ) -> dict[str, float]:
        if func in memo:
            return memo[func]
        stage = _stage_of(func)
        if stage:
            result = {stage: 1.0}
        else:
            callers = table[func][4]
            weights = {
                c: edge[3] for c, edge in callers.items() if c not in visiting and c in table
            }
            total = sum(weights.values())
            if not weights or total <= 0:
                result = {"other (cli, main)": 1.0}
            else:
                result = {}
                for caller, weight in weights.items():
                    for name, share in attribution(caller, visiting | {func}).items():
                        result[name] = result.get(name, 0.0) + share * weight / total
        memo[func] = result
        return result

    sys.setrecursionlimit(100000)
    seconds: dict[str, float] = {}
    for func, (_, _, tottime, _, _) in table.items():
        for name, share in attribution(func, frozenset()).items():
            seconds[name] = seconds.get(name, 0.0) + tottime * share
    profiled_total = sum(seconds.values())
    imports = import_total(profiled.measured.stderr)
    lines = [
        f"Cold run of `tts synth` on {article.name}, profiled: "
        f"{profiled.measured.wall_s:.2f} s wall "
        f"(unprofiled run right after: {plain.measured.wall_s:.2f} s; `-X importtime` alone counts "
        f"{imports:.2f} s of imports). Own time of every function, given to the stage that "
        "called it. Every thread is profiled (bench/profile_run.py), so when synthesis runs in a "
        "thread beside assembly the rows add up to more than the wall time; work in other "
        "processes (ffmpeg, workers) shows as the wait for it:",
        "",
        "| stage | seconds | share |",
        "|---|---|---|",
    ]
    for stage, _ in [*STAGES, ("other (cli, main)", [])]:
        value = seconds.get(stage, 0.0)
        lines.append(f"| {stage} | {value:.2f} | {value / profiled_total:.0%} |")
    lines += [f"| total (profiled) | {profiled_total:.2f} | |", ""]
    lines += ["Slowest imports of the cold `tts synth` run (cumulative, first 15):", "", "```"]
    lines += [f"{ms:8.0f} ms  {m}" for ms, m in slowest_imports(profiled.measured.stderr, 15)]
    lines += ["```", ""]
    return lines


# ---------------------------------------------------------------- main


def machine(code: Path | None) -> list[str]:
    import onnxruntime

    load = os.getloadavg()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    return [
        f"- {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, git "
        f"{commit}{f' (tts run from {code})' if code else ''}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, onnxruntime "
        f"{onnxruntime.__version__}, load average at start "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        "(the machine is shared with other agents: only same-run ratios mean anything)",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--voice", type=Path, default=DEFAULT_VOICE)
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--long-pairs", type=int, default=None, help="pairs for the long article")
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--out", type=Path, help="also write the markdown here")
    parser.add_argument("--skip-long", action="store_true")
    parser.add_argument("--tuning-rounds", type=int, default=0, help="A/B engine tunings too")
    parser.add_argument("--tunings", nargs="*", choices=list(TUNINGS), help="only these tunings")
    parser.add_argument(
        "--code", type=Path, help="run tts from this source tree (e.g. `git archive` of a baseline)"
    )
    args = parser.parse_args()
    if args.code:
        CODE["PYTHONPATH"] = str(args.code.resolve())
    lines = machine(args.code)
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as name:
        scratch = Path(name)
        long_path = scratch / "langer-artikel.txt"
        long_path.write_text(long_article(), "utf-8")
        lines += ["##### Start-up", "", *startup(args.startup_runs)]
        lines += ["##### Cold, warm, edited against bare piper", ""]
        lines += cold_vs_piper(
            "reference article", REFERENCE, args.voice, args.pairs, scratch, True
        )
        if not args.skip_long:
            lines += cold_vs_piper(
                "~5,000-character article",
                long_path,
                args.voice,
                args.long_pairs or args.pairs,
                scratch,
                False,
            )
        if args.tuning_rounds:
            lines += ["##### Engine tunings in the whole pipeline", ""]
            lines += tunings(REFERENCE, args.voice, args.tuning_rounds, scratch, args.tunings)
        lines += ["##### Profile of a cold run", "", *profile_table(REFERENCE, args.voice, scratch)]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", "utf-8")


if __name__ == "__main__":
    main()
