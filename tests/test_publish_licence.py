"""The voice's licence line from its model card or catalogue entry; "unknown" when unstated."""

from __future__ import annotations

from pathlib import Path

from tts.voices.catalogue import VoiceEntry
from tts.voices.licence import ESPEAK_LICENCE, UNKNOWN, needs_credit, voice_licence

CARD = """# Model card for kerstin (low)

* Language: de_DE (German, Germany)
* Speakers: 1
* Quality: low
* Samplerate: 16,000Hz

## Dataset

* URL: https://www.thorsten-voice.de/
* License: CC BY 4.0

## Training

Finetuned from the English lessac voice.
"""


def test_model_card_beside_the_model(tmp_path: Path) -> None:
    model = tmp_path / "de_DE-kerstin-low.onnx"
    model.write_bytes(b"")
    (tmp_path / "de_DE-kerstin-low.MODEL_CARD").write_text(CARD, "utf-8")
    line = voice_licence("piper", "de_DE-kerstin-low", model)
    assert line == "de_DE-kerstin-low (Piper): CC BY 4.0 (dataset: https://www.thorsten-voice.de/)"
    assert needs_credit(line)


def test_plain_model_card_name_and_cc0(tmp_path: Path) -> None:
    model = tmp_path / "v.onnx"
    (tmp_path / "MODEL_CARD").write_text(CARD.replace("CC BY 4.0", "CC0"), "utf-8")
    line = voice_licence("piper", "v", model)
    assert line.startswith("v (Piper): CC0") and not needs_credit(line)


def test_catalogue_entry_when_there_is_no_card(tmp_path: Path) -> None:
    entry = VoiceEntry("v", {"files": {}, "license": "CC BY-SA 4.0"})
    assert voice_licence("piper", "v", tmp_path / "v.onnx", entry) == "v (Piper): CC BY-SA 4.0"


def test_unknown_when_nothing_states_it(tmp_path: Path) -> None:
    (tmp_path / "v.MODEL_CARD").write_text("# Model card\n\nTrained by someone.\n", "utf-8")
    assert voice_licence("piper", "v", tmp_path / "v.onnx", VoiceEntry("v", {})) == UNKNOWN
    assert voice_licence("piper", "v", None) == UNKNOWN
    see = CARD.replace("CC BY 4.0", "See URL")
    (tmp_path / "v.MODEL_CARD").write_text(see, "utf-8")
    line = voice_licence("piper", "v", tmp_path / "v.onnx")
    assert line == "v (Piper): unknown (see https://www.thorsten-voice.de/)" and needs_credit(line)


def test_espeak_has_its_own_licence() -> None:
    assert voice_licence("espeak", "de") == ESPEAK_LICENCE
    assert not needs_credit(ESPEAK_LICENCE)


def test_licence_for_an_open_piper_engine_reads_its_card(test_voice: Path, tmp_path: Path) -> None:
    from tts.config import VoiceSettings
    from tts.synth.espeak import EspeakEngine
    from tts.synth.piper import PiperEngine
    from tts.voices.licence import licence_for
    from tts.voices.local import find_voice

    voices = tmp_path / "voices"
    voices.mkdir()
    for path in test_voice.parent.iterdir():
        (voices / path.name).write_bytes(path.read_bytes())
    engine = PiperEngine(find_voice(test_voice.name.removesuffix(".onnx"), voices), VoiceSettings())
    assert licence_for(engine) == UNKNOWN
    (voices / f"{engine.voice}.MODEL_CARD").write_text(CARD, "utf-8")
    assert licence_for(engine).startswith(f"{engine.voice} (Piper): CC BY 4.0")
    assert licence_for(EspeakEngine()) == ESPEAK_LICENCE
