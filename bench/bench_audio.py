"""Audio assembly and encoding: the old path (whole episode in memory, pyloudnorm/scipy, four
ffmpeg calls) against the streaming one (tts/audio.py), side by side in the same run.

Each case runs in a fresh process, so peak RSS is its own; old and new alternate per episode.
The old path is the tts/audio.py of commit 5c6b8c5 (write_episode_audio on assemble +
encode_mp3), loaded from git. Clips come from a lazy generator (as synthesis yields them):
"synthetic" is speech-like (a glottal pulse train through formant resonances, syllable
envelopes, sentences of 2-7 s, deterministic), "espeak" cycles 40 real espeak-ng sentences.

    python bench/bench_audio.py                  # all cases, table on stdout
    python bench/bench_audio.py --minutes 5 60   # episode lengths
    python bench/bench_audio.py --case new --minutes 5 --source synthetic   # one, as JSON

Figures go to bench/RESULTS.md, section "Audio assembly and encoding".
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
OLD_COMMIT = "5c6b8c5"
RATE = 22050
SENTENCES = [
    "Die Bahn nimmt den Fernverkehr im Norden wieder auf.",
    "Nach dem Sturm waren am Montag mehrere Strecken gesperrt.",
    "Reisende sollten sich vor der Fahrt über ihre Verbindung informieren.",
    "Der Schaden an den Oberleitungen ist größer als zunächst angenommen.",
    "Bis zum Abend soll der Verkehr wieder weitgehend nach Plan laufen.",
    "Ein Sprecher der Bahn sagte, man arbeite mit Hochdruck an der Reparatur.",
    "In Hamburg und Bremen fielen zahlreiche Regionalzüge aus.",
    "Die Fahrgastverbände kritisierten die Informationspolitik des Unternehmens.",
]


def old_audio_module() -> ModuleType:
    """The old tts/audio.py from git, without its jingle import (no jingles here)."""
    source = subprocess.run(
        ["git", "show", f"{OLD_COMMIT}:tts/audio.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    source = source.replace("    from tts.jingles import add_jingles\n", "")
    source = source.replace(
        "add_jingles(assemble(gathered, list(pauses_ms), settings), jingles, settings)",
        "assemble(gathered, list(pauses_ms), settings)",
    )
    path = Path(tempfile.mkdtemp()) / "old_audio.py"
    path.write_text(source, "utf-8")
    spec = importlib.util.spec_from_file_location("old_audio", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_audio"] = module
    spec.loader.exec_module(module)
    return module


def synthetic_clip(rng: np.random.Generator) -> npt.NDArray[np.float32]:
    """2-7 s of speech-like sound: pulses at a wandering pitch with a glottal slope, three
    formants, breath noise, syllables (true peak about 16 dB over the loudness, like speech)."""
    seconds = rng.uniform(2.0, 7.0)
    n = int(RATE * seconds)
    pitch = 110 + 25 * np.sin(2 * np.pi * rng.uniform(0.2, 0.5) * np.arange(n) / RATE)
    phase = np.cumsum(pitch / RATE)
    pulses = np.diff(np.floor(phase), prepend=0.0)
    noise = rng.standard_normal(n) * 0.05
    freqs = np.fft.rfftfreq(n, 1 / RATE)
    formants = ((600, 120), (1700, 200), (2800, 300))
    shape = sum(1 / (1 + ((freqs - f) / bw) ** 2) for f, bw in formants)
    tilt = 1 / (1 + (freqs / 300) ** 2)  # the glottal pulse's -12 dB/octave slope
    spectrum = np.fft.rfft(pulses) * tilt * 2 + np.fft.rfft(noise)
    voiced = np.fft.irfft(spectrum * shape, n)
    syllables = np.clip(np.sin(2 * np.pi * rng.uniform(3.5, 5.0) * np.arange(n) / RATE), 0, None)
    clip = voiced * syllables**0.7
    peaked: npt.NDArray[np.float32] = (0.3 * clip / np.max(np.abs(clip))).astype(np.float32)
    return peaked


class Source:
    """Lazy clips, timing the time spent making them (it stands for synthesis)."""

    def __init__(self, kind: str, minutes: float) -> None:
        self.kind, self.seconds = kind, minutes * 60
        self.making = 0.0
        self.exhausted_at = 0.0
        self.pauses: list[int] = []
        self._espeak: list[np.ndarray] = []
        if kind == "espeak":
            from tts.synth.espeak import EspeakEngine

            engine = EspeakEngine()
            words = " ".join(SENTENCES).split()
            rng = np.random.default_rng(1)
            for index in range(40):
                start = int(rng.integers(0, len(words) - 12))
                text = " ".join(words[start : start + int(rng.integers(6, 14))]) + "."
                self._espeak.append(engine.synthesize(f"{SENTENCES[index % 8]} {text}").samples)
        rng = np.random.default_rng(7)
        total, index = 0.0, 0
        self.lengths: list[int] = []
        while total < self.seconds:
            pause = int(rng.choice([300, 400, 500, 900, 1200]))
            self.pauses.append(pause)
            total += pause / 1000 + (len(self._espeak[index % 40]) / RATE if self._espeak else 4.5)
            index += 1

    def clips(self) -> Iterator[Any]:
        from tts.synth import Clip

        rng = np.random.default_rng(3)
        for index in range(len(self.pauses)):
            began = time.perf_counter()
            samples = self._espeak[index % 40] if self._espeak else synthetic_clip(rng)
            clip = Clip(samples, RATE)
            self.making += time.perf_counter() - began
            yield clip
        self.exhausted_at = time.perf_counter()


def count_ffmpeg(log: Path) -> list[int]:
    """Count ffmpeg processes started from here on (not imageio's one '-version' check);
    each runs under /usr/bin/time, which
    appends its peak RSS (KB) to `log` (a forked child's own ru_maxrss would count the
    parent's pages it inherited before exec)."""
    calls = [0]
    original = subprocess.Popen.__init__

    def counting(self: subprocess.Popen[Any], args: Any, *rest: Any, **kw: Any) -> None:
        if isinstance(args, list) and "ffmpeg" in str(args[0]) and "-version" not in args:
            calls[0] += 1
            args = ["/usr/bin/time", "-a", "-o", str(log), "-f", "%M", *args]
        original(self, args, *rest, **kw)

    subprocess.Popen.__init__ = counting  # type: ignore[method-assign]
    return calls


def run_case(case: str, minutes: float, kind: str) -> dict[str, Any]:
    from tts.config import AudioSettings

    module: Any
    if case == "old":
        module = old_audio_module()
    else:
        import tts.audio as module
    source = Source(kind, minutes)
    log = Path(tempfile.mkdtemp()) / "ffmpeg-rss.txt"
    calls = count_ffmpeg(log)
    directory = Path(tempfile.mkdtemp(dir=ROOT / "output" if (ROOT / "output").is_dir() else None))
    target = directory / "bench.mp3"
    began = time.perf_counter()
    encoded = module.write_episode_audio(source.clips(), source.pauses, target, AudioSettings())
    finished = time.perf_counter()
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_rss = max(int(line) for line in log.read_text().split()) / 1024
    result = {
        "case": case,
        "source": kind,
        "minutes": round(encoded.duration_ms / 60000, 1),
        "clips": len(source.pauses),
        "total_s": round(finished - began - source.making, 2),
        "during_clips_s": round(source.exhausted_at - began - source.making, 2),
        "after_last_clip_s": round(finished - source.exhausted_at, 2),
        "ffmpeg_calls": calls[0],
        "peak_rss_mb": round(self_rss),
        "largest_ffmpeg_rss_mb": round(child_rss),
        "mp3_mb": round(target.stat().st_size / 2**20, 1),
        "lufs": encoded.loudness.integrated_lufs,
        "dbtp": encoded.loudness.true_peak_dbtp,
    }
    target.unlink()
    directory.rmdir()
    return result


def import_time(case: str) -> float:
    """Median wall time of importing the module in a fresh interpreter (5 runs)."""
    if case == "old":
        old_audio_module()  # writes the file; import it by path in the child
        code = (
            "import importlib.util,sys,glob;"
            "p=sorted(glob.glob('/tmp/*/old_audio.py'),key=__import__('os').path.getmtime)[-1];"
            "s=importlib.util.spec_from_file_location('old_audio',p);"
            "m=importlib.util.module_from_spec(s);sys.modules['old_audio']=m;"
            "s.loader.exec_module(m)"
        )
    else:
        code = "import tts.audio"
    times = []
    for _ in range(5):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        times.append(time.perf_counter() - began)
    return float(np.median(times))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", choices=["old", "new"])
    parser.add_argument("--minutes", type=float, nargs="+", default=[5.0, 60.0])
    parser.add_argument("--source", nargs="+", default=["synthetic", "espeak"])
    parser.add_argument("--pairs", type=int, default=1)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.minutes[0], args.source[0])))
        return
    print(
        f"# {platform.node()} {platform.processor()} {os.cpu_count()} cores, "
        f"python {platform.python_version()}, numpy {np.__version__}"
    )
    rows = []
    for kind in args.source:
        for minutes in args.minutes:
            for _ in range(args.pairs):
                for case in ("old", "new"):
                    out = subprocess.run(
                        [
                            sys.executable,
                            __file__,
                            "--case",
                            case,
                            "--minutes",
                            str(minutes),
                            "--source",
                            kind,
                        ],
                        capture_output=True,
                        text=True,
                        check=True,
                        cwd=ROOT,
                    ).stdout
                    rows.append(json.loads(out.strip().splitlines()[-1]))
                    print(json.dumps(rows[-1]), flush=True)
    keys = [
        "source",
        "minutes",
        "case",
        "clips",
        "total_s",
        "during_clips_s",
        "after_last_clip_s",
        "ffmpeg_calls",
        "peak_rss_mb",
        "largest_ffmpeg_rss_mb",
        "mp3_mb",
        "lufs",
        "dbtp",
    ]
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(str(row[k]) for k in keys) + " |")
    for case in ("old", "new"):
        print(
            f"import time of tts.audio ({case}): {import_time(case):.2f} s "
            "(wall, fresh interpreter, median of 5)"
        )


if __name__ == "__main__":
    main()
