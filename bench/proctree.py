"""Run a command and measure it the way a user feels it: wall time, CPU time of the whole
process tree, and peak memory of the whole tree (ffmpeg and worker processes included).

Memory is sampled from /proc every few milliseconds: the sum of the resident sets of the
process and all its descendants, and the largest single process. A short-lived ffmpeg can
slip between two samples, so the sum is a lower bound; RUSAGE_CHILDREN's largest ru_maxrss is
reported too (os.wait4 on this run), as the exact peak of the largest single process.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Measured:
    wall_s: float
    cpu_s: float  # user + system of the whole tree (descendants that were waited for)
    tree_peak_mb: float  # sampled sum over the tree
    largest_peak_mb: float  # from wait4's rusage: the largest single process of the tree
    returncode: int
    stdout: str
    stderr: str


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
        except OSError:
            continue
        found.extend(int(child) for child in text.split())
    return found


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss(pid: int) -> tuple[int, int]:
    """(sum, largest) resident bytes of `pid` and all its descendants, right now."""
    total = largest = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        rss = _rss(current)
        total += rss
        largest = max(largest, rss)
        stack.extend(_children(current))
    return total, largest


def run(
    command: list[str],
    *,
    env: dict[str, str] | None = None,
    stdin_path: Path | None = None,
    cwd: Path | None = None,
    interval: float = 0.005,
) -> Measured:
    peak = [0, 0]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        stdin = stdin_path.open("rb") if stdin_path else None
        start = time.perf_counter()
        process = subprocess.Popen(
            command,
            env=env,
            cwd=cwd,
            stdin=stdin or subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                total, largest = tree_rss(process.pid)
                peak[0] = max(peak[0], total)
                peak[1] = max(peak[1], largest)
                done.wait(interval)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)  # this run's own tree, not earlier ones
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
        if stdin:
            stdin.close()
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    return Measured(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        tree_peak_mb=peak[0] / 2**20,
        largest_peak_mb=max(peak[1] / 2**20, usage.ru_maxrss / 1024),
        returncode=process.returncode,
        stdout=stdout,
        stderr=stderr,
    )
