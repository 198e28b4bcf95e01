"""The words rules put into the spoken form ("minus", "Komma", "Uhr", "Punkt" ...), from
tts/data/words.tsv, so that no German word is spelled out in the rule modules."""

from __future__ import annotations

from tts.langdata import mapping

WORDS: dict[str, str] = mapping("words")
