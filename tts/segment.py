"""Sentences and the pause plan: an Article becomes the spoken Script."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from tts.article import Article, Script, Utterance

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"])")


def split_sentences(text: str) -> list[str]:
    """German sentences of one paragraph, in order, as written."""
    text = " ".join(text.split())
    return [part for part in _SENTENCE_END.split(text) if part]


@dataclass(frozen=True)
class Pauses:
    """Silence after an utterance, in milliseconds, by what ends it."""

    sentence: int = 350
    question: int = 400
    exclamation: int = 400
    colon: int = 300
    clause: int = 150
    paragraph: int = 700
    section: int = 1200
    title: int = 900
    heading: int = 600


def _sentence_pause(sentence: str, pauses: Pauses) -> int:
    end = sentence.rstrip("\"'“”«»‚‘’›‹ )")[-1:]
    if end == "?":
        return pauses.question
    if end == "!":
        return pauses.exclamation
    if end == ":":
        return pauses.colon
    return pauses.sentence


def plan_script(
    article: Article,
    pauses: Pauses,
    speak: Callable[[str], str],
) -> Script:
    """Utterances for the headline, teaser, each heading and each sentence, with their pauses.

    `speak` turns a written sentence into its spoken form (the normaliser).
    """
    utterances: list[Utterance] = []

    def add(written: str, section: int, pause: int, kind: str) -> None:
        spoken = speak(written)
        if spoken.strip():
            utterances.append(Utterance(spoken, written, section, pause, kind))

    add(article.title, 0, pauses.title, "title")
    if article.teaser:
        for sentence in split_sentences(article.teaser):
            add(sentence, 0, _sentence_pause(sentence, pauses), "teaser")
        _stretch_last(utterances, pauses.paragraph)
    for index, section in enumerate(article.sections):
        if index > 0:
            _stretch_last(utterances, pauses.section)
        if section.heading and index > 0:
            add(section.heading, index, pauses.heading, "heading")
        for paragraph in section.paragraphs:
            for sentence in split_sentences(paragraph):
                add(sentence, index, _sentence_pause(sentence, pauses), "sentence")
            _stretch_last(utterances, pauses.paragraph)
    if utterances:
        last = utterances[-1]
        utterances[-1] = Utterance(last.text, last.written, last.section_index, 0, last.kind)
    return Script(article.title, article.chapter_titles, utterances)


def _stretch_last(utterances: list[Utterance], pause: int) -> None:
    """Make the pause after the last utterance at least `pause` (paragraph/section ends)."""
    if utterances and utterances[-1].pause_after_ms < pause:
        last = utterances[-1]
        utterances[-1] = Utterance(last.text, last.written, last.section_index, pause, last.kind)
