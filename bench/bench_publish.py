"""Publishing at catalogue scale: recording N episodes, then the feed and the pages from it.

Baseline in the same run: writing each episode's JSON record atomically (what the pipeline
already does per episode), so the catalogue's cost reads as a ratio, not as machine-dependent
seconds. Run from the repository root: python -m bench.bench_publish [N]
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import time
from pathlib import Path

from tests.publishing import make_episode
from tts.episode import episode_json
from tts.files import write_atomic
from tts.publish.catalog import open_catalog
from tts.publish.feed import write_feed
from tts.publish.pages import write_pages
from tts.publish.settings import podcast_settings

TABLE = {
    "title": "Bench",
    "link": "https://example.org/",
    "description": "Bench feed.",
    "author": "Bench",
    "owner_name": "Bench",
    "owner_email": "bench@example.org",
    "image": "https://example.org/cover.jpg",
    "category": "News",
    "base_url": "https://audio.example.org/",
}


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder)
        base = make_episode(output, 1)
        size = (output / base.files.audio).stat().st_size
        episodes = [
            dataclasses.replace(
                base, id=f"{n:016x}", slug=f"folge-{n}", size_bytes=size, audio_sha256="a" * 64
            )
            for n in range(count)
        ]
        started = time.perf_counter()
        for episode in episodes:
            write_atomic(output / f"{episode.slug}.json", episode_json(episode))
        baseline = time.perf_counter() - started

        catalog = open_catalog(output)
        started = time.perf_counter()
        for episode in episodes:
            catalog.record(episode)
        recording = time.perf_counter() - started

        podcast = podcast_settings(TABLE, Path("bench.toml"))
        started = time.perf_counter()
        feed = write_feed(output, podcast)
        feeding = time.perf_counter() - started
        started = time.perf_counter()
        write_pages(output, podcast)
        paging = time.perf_counter() - started

    print(f"episodes: {count}")
    print(f"baseline, JSON records written atomically: {baseline:.3f} s")
    print(f"catalog.record, one transaction each:      {recording:.3f} s "
          f"({recording / baseline:.2f}x baseline)")  # fmt: skip
    print(f"feed.xml from the catalogue:               {feeding:.3f} s "
          f"({feeding / baseline:.2f}x baseline, {feed.name})")  # fmt: skip
    print(f"pages from the catalogue:                  {paging:.3f} s "
          f"({paging / baseline:.2f}x baseline)")  # fmt: skip


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
