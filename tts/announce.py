"""The spoken frame of an episode: the intro that opens it and the outro that closes it.

The intro template is what reads the headline: by default the kicker, then the title
("{kicker}\\n{title}"), so the headline is read exactly once; a newsroom can make it
"{site}: {title}." or switch it off with "". The outro says that the voice is synthetic, which
the EU AI Act (Art. 50) asks of many publishers, and names the source when there is one:
"Dieser Text wurde von einer künstlichen Stimme vorgelesen. Quelle: {source}.".

Templates are read line by line and sentence by sentence; a sentence whose fields are all empty
(no source known, no kicker) is left out, so nobody hears "Quelle: .".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tts.article import Article, Script
from tts.config import Settings
from tts.errors import ConfigError
from tts.segment import ScriptPlan, split_sentences

FIELDS = ("title", "kicker", "rubric", "site", "source", "author", "date")
_FIELD = re.compile(r"\{([^{}]*)\}")


def announced_script(article: Article, settings: Settings, speak: Callable[[str], str]) -> Script:
    """Intro, teaser, sections, outro: the whole Script of an episode."""
    plan = ScriptPlan(settings.pauses, speak)
    values = field_values(article, settings)
    for text, kind in render("intro", settings.intro, values):
        pause = {"title": plan.pauses.title, "kicker": plan.pauses.kicker}.get(kind)
        plan.add(text, kind, 0, pause or plan.sentence_pause(text))
    plan.rest(plan.pauses.title)
    plan.body(article)
    last_section = plan.utterances[-1].section_index if plan.utterances else 0
    plan.rest(plan.pauses.section)
    for text, _ in render("outro", settings.outro, values):
        plan.add(text, "outro", last_section, plan.sentence_pause(text))
    return plan.script(article)


def field_values(article: Article, settings: Settings) -> dict[str, str]:
    """What the template fields stand for; the source falls back to the site."""
    site = article.site or settings.site
    return {
        "title": article.title,
        "kicker": article.kicker,
        "rubric": article.rubric,
        "site": site,
        "source": article.source or site,
        "author": article.author or settings.author,
        "date": _german_date(article.date),
    }


def render(setting: str, template: str, values: dict[str, str]) -> list[tuple[str, str]]:
    """(text, kind) for each sentence of the template that has something to say.

    The kind is 'title' for the sentence holding the title, 'kicker' for one that is just the
    kicker, else the setting's name ('intro', 'outro').
    """
    pieces: list[tuple[str, str]] = []
    for line in template.split("\n"):
        for sentence in split_sentences(line.strip()) if line.strip() else []:
            fields = _FIELD.findall(sentence)
            unknown = [field for field in fields if field not in values]
            if unknown:
                known = ", ".join(f"{{{field}}}" for field in FIELDS)
                raise ConfigError(
                    f"[episode] {setting}: unknown field {{{unknown[0]}}} in {template!r}; "
                    f"known: {known}"
                )
            if fields and not any(values[field] for field in fields):
                continue
            text = _FIELD.sub(lambda match: values[match.group(1)], sentence).strip()
            if "title" in fields:
                kind = "title"
            elif fields == ["kicker"] and text == values["kicker"]:
                kind = "kicker"
            else:
                kind = setting
            pieces.append((text, kind))
    return pieces


def _german_date(iso: str) -> str:
    """'2025-03-14' -> '14.03.2025', the way a German reader says it."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    return f"{match.group(3)}.{match.group(2)}.{match.group(1)}" if match else iso
