"""One `produce` through the library call with a PiperEngine tuned as asked, for A/B runs of
the whole pipeline (bench_pipeline.py --tunings): onnxruntime's threads then share the
machine with assembly and encoding, which the synthesis-only bench does not show.

    python bench/produce_with.py '{"spinning": false}' VOICE.onnx ARTICLE OUTPUT_DIR CACHE_DIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    tuning_json, voice, article, output, cache = sys.argv[1:6]
    from tts.config import load_settings
    from tts.pipeline import produce
    from tts.synth.piper import PiperEngine, Tuning
    from tts.voices import find_voice

    settings = load_settings().with_overrides(
        voice=voice, output_dir=Path(output), cache_dir=Path(cache), fallback=False
    )
    model = Path(voice)
    files = find_voice(voice, model.parent)
    engine = PiperEngine(
        files, settings.settings_for(files.name), tuning=Tuning(**json.loads(tuning_json))
    )
    produce(Path(article), settings, engine=engine, force=True)


if __name__ == "__main__":
    main()
