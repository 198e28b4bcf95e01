"""The pause plan: an Article becomes the spoken Script, one utterance per sentence or heading.

Pauses are chosen by what ends an utterance (a full stop, a question, a clause cut, the end of
a paragraph or section, the headline), so the episode breathes like a person reading it.
ScriptPlan is the builder: plan_script uses it for the article, and a caller can add more
utterances (an intro, an outro) with `add` before and after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from tts.article import Article, Script, Section, Utterance
from tts.segment.clauses import split_long
from tts.segment.sentences import split_sentences

_TRAILING = "\"'“”„«»‚‘’›‹)] "
_FINAL = ".!?…:;"  # a sentence-final mark the voice can read


@dataclass(frozen=True)
class Pauses:
    """Silence after an utterance, in milliseconds, by what ends it ([pauses] in tts.toml).

    A longer pause wins: a sentence that ends a paragraph gets the paragraph pause.
    `max_sentence_chars` is not a pause: sentences longer than it are read as clauses.
    """

    sentence: int = 400
    question: int = 450
    exclamation: int = 450
    colon: int = 350
    clause: int = 200
    paragraph: int = 750
    section: int = 1300
    kicker: int = 350
    title: int = 1000
    heading: int = 700
    max_sentence_chars: int = 250


class ScriptPlan:
    """Utterances in reading order; `add` one, `rest` to lengthen the pause after the last."""

    def __init__(self, pauses: Pauses, speak: Callable[[str], str]) -> None:
        self.pauses = pauses
        self.speak = speak
        self.utterances: list[Utterance] = []

    def add(self, written: str, kind: str, section: int, pause: int) -> None:
        """One utterance, unless it has nothing to say once normalised.

        Headlines, kickers and headings have no closing punctuation; the voice would end them
        on a rising, unfinished note, so they get a full stop. Clauses keep their comma: there
        the unfinished note is right.
        """
        spoken = self.speak(written).strip()
        if spoken and kind != "clause" and spoken.rstrip(_TRAILING)[-1:] not in _FINAL:
            spoken += "."
        if spoken:
            self.utterances.append(Utterance(spoken, written, section, pause, kind))

    def rest(self, pause: int) -> None:
        """Make the pause after the last utterance at least `pause` (paragraph, section end)."""
        if self.utterances and self.utterances[-1].pause_after_ms < pause:
            self._set_last_pause(pause)

    def paragraph(self, text: str, section: int, kind: str = "sentence") -> None:
        """Each sentence of a paragraph (long ones as clauses), then the paragraph pause."""
        for sentence in split_sentences(text):
            *clauses, last = split_long(sentence, self.pauses.max_sentence_chars)
            for clause in clauses:
                self.add(clause, "clause", section, self.pauses.clause)
            self.add(last, kind, section, self.sentence_pause(last))
        self.rest(self.pauses.paragraph)

    def headline(self, article: Article) -> None:
        if article.kicker:
            self.add(article.kicker, "kicker", 0, self.pauses.kicker)
        self.add(article.title, "title", 0, self.pauses.title)

    def body(self, article: Article) -> None:
        """Teaser, then each section's heading and paragraphs: everything after the headline."""
        if article.teaser:
            self.paragraph(article.teaser, 0, kind="teaser")
        for index, section in enumerate(article.sections):
            self.section(index, section, article.title)

    def section(self, index: int, section: Section, title: str) -> None:
        """A section's heading (unless it repeats the headline) and its paragraphs."""
        if index > 0:
            self.rest(self.pauses.section)
        if section.heading and section.heading.casefold() != title.casefold():
            self.add(section.heading, "heading", index, self.pauses.heading)
        for paragraph in section.paragraphs:
            self.paragraph(paragraph, index)

    def sentence_pause(self, sentence: str) -> int:
        end = sentence.rstrip(_TRAILING)[-1:]
        if end == "?":
            return self.pauses.question
        if end == "!":
            return self.pauses.exclamation
        if end == ":":
            return self.pauses.colon
        return self.pauses.sentence

    def script(self, article: Article) -> Script:
        """The finished Script: nothing follows the last utterance, so no pause after it."""
        if self.utterances:
            self._set_last_pause(0)
        return Script(article.title, article.chapter_titles, list(self.utterances))

    def _set_last_pause(self, pause: int) -> None:
        self.utterances[-1] = replace(self.utterances[-1], pause_after_ms=pause)


def plan_script(article: Article, pauses: Pauses, speak: Callable[[str], str]) -> Script:
    """Kicker, headline, teaser, then each section's heading and sentences, with their pauses.

    `speak` turns a written sentence into its spoken form (the normaliser); it runs per
    utterance after splitting, so each utterance keeps its written form for transcripts.
    """
    plan = ScriptPlan(pauses, speak)
    plan.headline(article)
    plan.body(article)
    return plan.script(article)
