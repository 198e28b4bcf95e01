"""Synthesis on a Dask distributed cluster, for batches one machine cannot finish in time.

    pip install 'artikel-tts[dask]'
    tts batch artikel/ --scheduler tcp://scheduler:8786

Why Dask (not Ray): it is a plain pip install on every machine, its scheduler and workers
are two commands (`dask scheduler`, `dask worker ADDRESS`) with no cluster manager, it runs
Python functions as tasks with priorities (article by article, longest sentences first), and
`LocalCluster` tests it in-process; Ray's actors would fit too, but bring a much larger runtime.

The voice is loaded once per worker by a WorkerPlugin, not once per task. The plugin carries
the voice files themselves (model and config, sent once per worker when the batch
registers it), so a worker machine needs the package but no voices directory, and it speaks
exactly the voice whose checksum is in the client's cache keys.

Results come back as bytes (the encoded clip with its checksum, ~88 kB per second of audio)
that the client verifies and writes into its own sentence cache; `produce` then runs on the
client, which alone writes the output directory and its catalogue. No shared file system is
needed, and none is trusted: SQLite over NFS is unsafe, and a half-written file on a share
would be seen by every machine. The cost is the transfer, small beside synthesis (a few
hundred kB per sentence against a second or more of compute).
"""

from __future__ import annotations

import hashlib
import importlib
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tts.errors import ConfigError, TTSError
from tts.synth import Clip, Engine
from tts.synth.cache import decode_clip, encode_clip
from tts.synth.pool import Done, EngineSpec, Job, in_turn
from tts.voices import VoiceFiles

_CONNECT_TIMEOUT_S = 20
_dask: Any = importlib.import_module("distributed")  # ImportError: the [dask] extra is missing


@dataclass(frozen=True)
class _VoiceBytes:
    name: str
    model: bytes
    config: bytes


class VoicePlugin(_dask.WorkerPlugin):  # type: ignore[misc]  # an untyped base class
    """Opens the batch's voice once on each worker; tasks find it by the plugin's name."""

    def __init__(self, spec: EngineSpec, voice: _VoiceBytes | None) -> None:
        self.spec = spec
        self.voice = voice
        self.engine: Engine | None = None
        self.loads = 0  # voices opened by this plugin on its worker: 1
        self.lock = threading.Lock()  # one synthesis at a time per worker (espeak is global)

    def setup(self, worker: Any) -> None:
        spec = self.spec
        if self.voice is not None:
            directory = Path(worker.local_directory) / "artikel-tts-voice"
            directory.mkdir(parents=True, exist_ok=True)
            stem = hashlib.sha256(self.voice.model).hexdigest()[:16]
            model, config = directory / f"{stem}.onnx", directory / f"{stem}.onnx.json"
            model.write_bytes(self.voice.model)
            config.write_bytes(self.voice.config)
            files = VoiceFiles(self.voice.name, model, config, downloadable=False)
            spec = replace(spec, files=files)
        self.engine = spec.open()
        self.loads += 1

    def __getstate__(self) -> dict[str, Any]:
        return {"spec": self.spec, "voice": self.voice}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["spec"], state["voice"])  # type: ignore[misc]


def synthesise_on_worker(plugin_name: str, text: str) -> tuple[bytes | None, int, str]:
    """A Dask task: (encoded clip, its duration in ms, "") or (None, 0, the error)."""
    plugin: VoicePlugin = _dask.get_worker().plugins[plugin_name]
    assert plugin.engine is not None, "the voice plugin did not set up"
    try:
        with plugin.lock:
            clip: Clip = plugin.engine.synthesize(text)
    except TTSError as error:
        return None, 0, str(error)
    return encode_clip(clip), clip.duration_ms, ""


class DaskSynthesiser:
    """The batch's Synthesiser on a Dask cluster (see the module docstring)."""

    def __init__(
        self, address: str, spec: EngineSpec, connect_timeout_s: float = _CONNECT_TIMEOUT_S
    ) -> None:
        try:
            self._client: Any = _dask.Client(address, timeout=connect_timeout_s)
        except (OSError, TimeoutError) as error:
            raise ConfigError(
                f"--scheduler {address}: cannot reach the Dask scheduler ({error}); start it "
                "with `dask scheduler` and check the address"
            ) from None
        self.address = address
        voice = None
        if spec.kind == "piper" and spec.files is not None:
            voice = _VoiceBytes(
                spec.files.name, spec.files.model.read_bytes(), spec.files.config.read_bytes()
            )
        digest = hashlib.sha256(repr((spec.kind, spec.settings, spec.threads)).encode())
        digest.update(voice.model if voice else b"espeak")
        self.plugin_name = f"artikel-tts-voice-{digest.hexdigest()[:16]}"
        self._futures: list[Any] = []
        if not self._everywhere(self.plugin_name):
            self._client.register_plugin(VoicePlugin(spec, voice), name=self.plugin_name)

    def _everywhere(self, name: str) -> bool:
        """Every connected worker has the voice open already (a previous batch loaded it)."""
        present = self._client.run(_has_plugin, name)
        return bool(present) and all(present.values())

    def run(self, jobs: Sequence[Job]) -> Iterator[Done]:
        """All jobs submitted at once, in turn (pool.in_turn; a higher Dask priority runs
        earlier)."""
        ordered = in_turn(jobs)
        futures = {
            self._client.submit(
                synthesise_on_worker,
                self.plugin_name,
                job.text,
                key=f"artikel-tts-clip-{job.key}",
                priority=len(ordered) - rank,
                pure=False,
            ): job
            for rank, job in enumerate(ordered)
        }
        self._futures = list(futures)
        return self._results(futures)

    def _results(self, futures: dict[Any, Job]) -> Iterator[Done]:
        for future in _dask.as_completed(futures):
            job = futures[future]
            data, audio_ms, error = future.result()
            future.release()
            if data is not None and decode_clip(data) is None:
                data, error = None, "the clip arrived damaged (checksum)"
            yield Done(job.key, audio_ms, stored=False, data=data, error=error)

    def close(self, cancel: bool = False) -> None:
        """Disconnect; `cancel` drops this batch's queued tasks. The cluster keeps running."""
        if cancel and self._futures:
            self._client.cancel(self._futures)
        self._futures = []
        self._client.close()


def _has_plugin(name: str, dask_worker: Any = None) -> bool:
    return dask_worker is not None and name in dask_worker.plugins
