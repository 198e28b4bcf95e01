"""Utterances -> clips, through the clip cache.

One Piper session uses every core through onnxruntime's own threads: measured on 2 cores it is
as fast as a pool of single-threaded worker processes (bench/bench_synth.py), without loading
the model once per worker.
"""

from __future__ import annotations

from collections.abc import Callable

from tts.synth import Clip, Engine
from tts.synth.cache import ClipCache


def render(
    texts: list[str],
    engine: Engine,
    cache: ClipCache | None = None,
    advance: Callable[[int], None] | None = None,
) -> list[Clip]:
    """A clip per text, in order; `advance(n)` reports n more texts done (for a progress bar)."""
    clips: list[Clip] = []
    for text in texts:
        key = ClipCache.key(engine.identity, text) if cache else ""
        clip = cache.get(key, engine.sample_rate) if cache else None
        if clip is None:
            clip = engine.synthesize(text)
            if cache:
                cache.put(key, clip)
        clips.append(clip)
        if advance:
            advance(1)
    return clips
