"""The Dask executor on a real cluster: `dask scheduler` and two `dask worker` processes on
127.0.0.1, started as a newsroom would start them. Same episodes as the local pool,
byte-identical audio (the test voice is deterministic), the voice loaded once per worker."""

from __future__ import annotations

import hashlib
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import distributed
import pytest

from tts.batch import BatchOptions, BatchReport, run_batch
from tts.cluster import DaskSynthesiser
from tts.config import Settings, load_settings
from tts.errors import ConfigError
from tts.synth.pool import EngineSpec, Job

DATA = Path(__file__).parent / "data"
ARTICLES = [
    DATA / "pasted_article.txt",
    DATA / "schulweg.md",
    DATA / "html" / "zeit.html",
    Path(__file__).parent.parent / "examples" / "hitzesommer.txt",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("dask")
    address = f"tcp://127.0.0.1:{free_port()}"
    dask = [sys.executable, "-m"]
    processes = [
        subprocess.Popen(
            [
                *dask,
                "distributed.cli.dask_scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                address.rsplit(":", 1)[1],
                "--no-dashboard",
            ],
            stdout=subprocess.DEVNULL,
            stderr=(work / "scheduler.log").open("w"),
        )
    ]
    for number in range(2):
        processes.append(
            subprocess.Popen(
                [
                    *dask,
                    "distributed.cli.dask_worker",
                    address,
                    "--nthreads",
                    "1",
                    "--host",
                    "127.0.0.1",
                    "--no-dashboard",
                    "--local-directory",
                    str(work / f"worker-{number}"),
                ],
                stdout=subprocess.DEVNULL,
                stderr=(work / f"worker-{number}.log").open("w"),
            )
        )
    try:
        client = distributed.Client(address, timeout=60)
        client.wait_for_workers(2, timeout=60)
        client.close()
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def batch_in(work: Path, voice: Path, **options: object) -> tuple[BatchReport, Path]:
    folder = work / "artikel"
    if not folder.exists():
        folder.mkdir(parents=True)
        for article in ARTICLES:
            shutil.copy(article, folder / article.name)
        (folder / "kaputt.txt").write_bytes(b"\x00\x01\x02 not an article \xff\xfe")
    settings: Settings = load_settings().with_overrides(
        voice=str(voice), output_dir=work / "out", cache_dir=work / "cache"
    )
    return run_batch([str(folder)], settings, BatchOptions(**options)), work / "out"  # type: ignore[arg-type]


def audio(out: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in out.glob("*.mp3")}


def test_the_cluster_makes_the_same_episodes_as_the_local_pool(
    tmp_path: Path, test_voice: Path, scheduler: str
) -> None:
    local, local_out = batch_in(tmp_path / "local", test_voice, workers=2)
    remote, remote_out = batch_in(tmp_path / "remote", test_voice, scheduler=scheduler)
    assert remote.executor == f"dask {scheduler}"
    assert [(r.title, r.status, r.duration_ms, r.chapters) for r in remote.rows] == [
        (r.title, r.status, r.duration_ms, r.chapters) for r in local.rows
    ]
    assert remote.exit_code == local.exit_code == 1  # the broken article, on both
    assert remote.synthesised == local.synthesised == remote.sentences > 0
    assert len(audio(remote_out)) == 4
    assert audio(remote_out) == audio(local_out)  # byte-identical MP3s

    again, _ = batch_in(tmp_path / "remote", test_voice, scheduler=scheduler)
    assert [row.status for row in again.rows].count("unchanged") == 4
    assert again.synthesised == 0


def test_each_worker_loads_the_voice_once(test_voice: Path, scheduler: str) -> None:
    from tts.config import VoiceSettings
    from tts.voices import find_voice

    spec = EngineSpec("piper", find_voice(str(test_voice), test_voice.parent), VoiceSettings())
    jobs = [Job(f"k{n}", f"Das ist der Satz Nummer {n}.") for n in range(24)]
    for _ in range(2):  # a second batch finds the voice already open
        synthesiser = DaskSynthesiser(scheduler, spec)
        results = list(synthesiser.run(jobs))
        synthesiser.close()
        assert sorted(done.key for done in results) == sorted(job.key for job in jobs)
        assert all(done.data and not done.error for done in results)
    client = distributed.Client(scheduler, timeout=30)
    try:
        loads = client.run(_loads, synthesiser.plugin_name)
    finally:
        client.close()
    assert list(loads.values()) == [1, 1]


def _loads(name: str, dask_worker: object = None) -> int:
    return int(dask_worker.plugins[name].loads)  # type: ignore[attr-defined]


def test_an_unreachable_scheduler_is_one_clear_error(test_voice: Path) -> None:
    started = time.monotonic()
    address = f"tcp://127.0.0.1:{free_port()}"
    with pytest.raises(ConfigError, match=rf"--scheduler {address}: cannot reach the Dask"):
        DaskSynthesiser(address, EngineSpec("espeak"), connect_timeout_s=2)
    assert time.monotonic() - started < 30
