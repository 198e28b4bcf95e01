"""cProfile for every thread of a run: `python bench/profile_run.py OUT.pstats -m tts synth …`.

`python -m cProfile` sees only the main thread, and `tts synth` synthesises in a thread of its
own so that assembly overlaps it. Here each new thread gets its own profiler (through
threading.setprofile), and all of them are merged into one stats file at the end.
"""

from __future__ import annotations

import cProfile
import pstats
import runpy
import sys
import threading
from pathlib import Path
from types import FrameType
from typing import Any

_PROFILES: list[cProfile.Profile] = []


def _start_thread_profile(frame: FrameType, event: str, arg: Any) -> None:
    sys.setprofile(None)
    profile = cProfile.Profile()
    _PROFILES.append(profile)
    profile.enable()


def main() -> None:
    if len(sys.argv) < 4 or sys.argv[2] != "-m":
        raise SystemExit(__doc__)
    out = Path(sys.argv[1])
    module = sys.argv[3]
    sys.argv = [module, *sys.argv[4:]]
    threading.setprofile(_start_thread_profile)
    main_profile = cProfile.Profile()
    code = 0
    main_profile.enable()
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 0
    finally:
        main_profile.disable()
        for profile in _PROFILES:
            profile.disable()
        stats = pstats.Stats(main_profile)
        for profile in _PROFILES:
            try:
                stats.add(profile)
            except TypeError:  # a thread that never ran a profiled call
                continue
        stats.dump_stats(str(out))
    raise SystemExit(code)


if __name__ == "__main__":
    main()
