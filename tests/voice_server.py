"""A real HTTP server on 127.0.0.1 that serves a Piper voice catalogue like Hugging Face does.

`voices.json` and every file it lists live under one base URL, by relative path. The server
answers Range requests (206), and can misbehave on purpose: cut a response off halfway, fail
with a status once, or ignore Range. Every request is logged as (path, Range header).

Use it as a context manager: `with VoiceServer() as server: ...`.
"""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def catalogue_entry(key: str, files: dict[str, bytes], **fields: Any) -> dict[str, Any]:
    """One entry in the exact format of rhasspy/piper-voices' voices.json."""
    code, name, quality = key.split("-")
    family, region = code.split("_")
    entry = {
        "key": key,
        "name": name,
        "language": {
            "code": code,
            "family": family,
            "region": region,
            "name_native": {"de": "Deutsch", "en": "English"}.get(family, family),
            "name_english": {"de": "German", "en": "English"}.get(family, family),
            "country_english": {"DE": "Germany", "US": "United States"}.get(region, region),
        },
        "quality": quality,
        "num_speakers": 1,
        "speaker_id_map": {},
        "files": {
            path: {"size_bytes": len(data), "md5_digest": hashlib.md5(data).hexdigest()}
            for path, data in files.items()
        },
        "aliases": [],
    }
    entry.update(fields)
    return entry


def voice_files(key: str, model: bytes, config: dict[str, Any], card: str | None = None) -> dict:
    """The files of a voice under their official relative paths (family/code/name/quality/)."""
    code, name, quality = key.split("-")
    folder = f"{code.split('_')[0]}/{code}/{name}/{quality}"
    files = {
        f"{folder}/{key}.onnx": model,
        f"{folder}/{key}.onnx.json": json.dumps(config).encode(),
    }
    if card is not None:
        files[f"{folder}/MODEL_CARD"] = card.encode()
    return files


class VoiceServer:
    """Serves `files` (relative path -> bytes) plus `voices.json` built from `catalogue`."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.catalogue: dict[str, Any] = {}
        self.requests: list[tuple[str, str | None]] = []
        self.cut_once: dict[str, int] = {}  # path -> bytes sent before the connection drops
        self.cut_always: dict[str, int] = {}
        self.fail_once: dict[str, int] = {}  # path -> HTTP status answered once
        self.ignore_range = False
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def add_voice(self, key: str, files: dict[str, bytes], **fields: Any) -> None:
        self.files.update(files)
        self.catalogue[key] = catalogue_entry(key, files, **fields)

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def __enter__(self) -> VoiceServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _body(self, path: str) -> bytes | None:
        if path == "voices.json":
            return json.dumps(self.catalogue, indent=4).encode()
        return self.files.get(path)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?")[0].lstrip("/")
                requested = self.headers.get("Range")
                server.requests.append((path, requested))
                body = server._body(path)
                if path in server.fail_once:
                    self.send_error(server.fail_once.pop(path))
                    return
                if body is None:
                    self.send_error(404)
                    return
                start = 0
                if requested and not server.ignore_range:
                    start = int(requested.removeprefix("bytes=").split("-")[0])
                    if start >= len(body):
                        self.send_error(416)
                        return
                self.send_response(206 if start else 200)
                self.send_header("Content-Length", str(len(body) - start))
                if start:
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                self.end_headers()
                cut = server.cut_once.pop(path, None) or server.cut_always.get(path)
                self.wfile.write(body[start : start + cut] if cut else body[start:])
                self.close_connection = True

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

        return Handler


# The test catalogue: a German voice with a model card, a multi-speaker voice, an English
# voice, and a voice whose model does not match its catalogue checksum.
TEST_VOICE = "de_DE-test-medium"
EMOTIONAL_VOICE = "de_DE-thorsten_emotional-medium"
BROKEN_VOICE = "de_DE-broken-medium"
MODEL = (bytes(range(256)) * 2400)[:600_000]  # not a real model: downloads do not load it
EMOTIONS = ["amused", "angry", "disgusted", "drunk", "neutral", "sleepy", "surprised", "whisper"]
CARD = "# Model card for test (medium)\n\n* Language: de_DE (German, Germany)\n* License: CC0\n"


def piper_config(key: str, speakers: list[str] | None = None) -> dict[str, Any]:
    code = key.split("-")[0]
    return {
        "audio": {"sample_rate": 22050, "quality": key.split("-")[2]},
        "espeak": {"voice": code.split("_")[0]},
        "phoneme_type": "espeak",
        "num_symbols": 256,
        "num_speakers": len(speakers) if speakers else 1,
        "speaker_id_map": {name: number for number, name in enumerate(speakers or [])},
        "dataset": key.split("-")[1],
        "language": {"code": code},
    }


def serve_test_catalogue(server: VoiceServer) -> None:
    """Put the test catalogue on `server`."""
    server.add_voice(TEST_VOICE, voice_files(TEST_VOICE, MODEL, piper_config(TEST_VOICE), CARD))
    server.add_voice(
        EMOTIONAL_VOICE,
        voice_files(EMOTIONAL_VOICE, MODEL[:1000], piper_config(EMOTIONAL_VOICE, EMOTIONS)),
        num_speakers=len(EMOTIONS),
        speaker_id_map={name: number for number, name in enumerate(EMOTIONS)},
    )
    server.add_voice(
        "de_DE-thorsten-medium",
        voice_files("de_DE-thorsten-medium", MODEL[:2000], piper_config("de_DE-thorsten-medium")),
        aliases=["de-thorsten-medium"],
    )
    english = "en_US-lessac-medium"
    server.add_voice(english, voice_files(english, MODEL[:3000], piper_config(english)))
    server.add_voice(BROKEN_VOICE, voice_files(BROKEN_VOICE, MODEL, piper_config(BROKEN_VOICE)))
    model_path = next(path for path in server.files if path.endswith("broken-medium.onnx"))
    server.files[model_path] = MODEL[:-1] + b"X"  # same size, other bytes: only MD5 notices
