"""Where the normaliser rewrote or guessed, for an editor: `review(text)` lists every written
form that is read differently from how it is written (a date, a score, an abbreviation ...)
and the names it left alone but a German voice may misread, each with its kind and an
`ambiguous` flag on the decisions that could have gone the other way (score or time, year or
count, an acronym spelled or read as a word, a name not in the data). An editor checks those
few spots and fixes a wrong one with the user lexicon.

The places come from comparing the words of the text with the words of its spoken form, so
the review always describes what `normalize` really does; the kind is then read off the
written form. Nothing is printed: the CLI formats the list.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tts.normalize import abbreviations, grammar, names
from tts.normalize.acronyms import pronounceable
from tts.normalize.lexicon import Lexicon
from tts.normalize.pipeline import run
from tts.normalize.vocabulary import WORDS


@dataclass(frozen=True)
class Rewrite:
    """One place of the text: what is written there, what the voice will say, of which kind,
    and whether the reading was a guess an editor should check (`reason` says why)."""

    start: int  # offsets of `written` in the reviewed text
    end: int
    written: str
    spoken: str
    kind: str
    ambiguous: bool = False
    reason: str = ""


_TOKEN = re.compile(r"\S+")
_EDGE = re.compile(r"^[^\w@#§%€$£¥&+°]+|[^\w%€$£¥°]+$")
_CLOCK = re.compile(r"\b(\d{1,2})[:.](\d{2})\b")
_SCORE = re.compile(r"\b\d{1,3}:\d{1,3}\b")
_DATE = re.compile(r"\b\d{1,2}\.\s?(?:\d{1,2}\.|[A-ZÄÖÜ][a-zäöü]+)")
_YEAR_RANGE = re.compile(r"\b1[1-9]\d\d\b")
_ORDINAL = re.compile(r"\b\d+\.")
_ROMAN = re.compile(r"\b[IVXLC]+\b")
_FRACTION = re.compile(r"\d/\d|[½¼¾⅓⅔]")
_DIGITS = re.compile(r"\d")
_WEB = re.compile(r"@\w|www\.|://|\w\.(?:de|com|org|net|eu|at|ch|info)\b")
_TAG = re.compile(r"(?<!\w)#\w")
_MONEY = re.compile(r"[€$£¥]|\b(?:EUR|USD|CHF|GBP|DM|Euro|Dollar|Franken|Pfund|Cent)\b")
_PERCENT = re.compile(r"%|‰")
_PHONE_DIGITS = 6
_CAPS = re.compile(r"^[A-ZÄÖÜ]{2,}[a-zäöü]?$|^[A-ZÄÖÜ][a-zäöü]?[A-ZÄÖÜ]+$")
# Letter patterns German spelling rarely has: a name with them is likely read wrongly.
_FOREIGN = re.compile(
    r"sh|th|ee|oo|ou|ea|ay|oy|[^aeiouäöü]y|y$|w$|j$|cz|sz|rz|ij|ć|č|š|ž|ł|ń|ś|ź|ż|ő|ű|ø|å|æ|ñ|ç|ğ|ş|ı"
    r"|[éèêëáàâãíìîóòôõúùû]"
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_MONTH_NAMES = "|".join(sorted(grammar.MONTHS, key=len, reverse=True))
_FORM = re.compile(
    rf"\b\d{{1,2}}\.\s?(?:\d{{1,2}}\.(?:\d{{2,4}})?|(?i:{_MONTH_NAMES})\b(?:\s\d{{4}})?)"
    r"|\b\d{1,2}[.:]\d{2}\s?[Uu]hr\b|\b\d{1,3}:\d{1,3}(?:\s?\(\d{1,3}:\d{1,3}\))?"
    r"|(?<![\w.])(?:[^\W\d_]{1,2}\.\s?){2,}"
    r"|\d[\d.,]*\s?(?:%|€|\$|£|[^\W\d_]{1,3}(?:/[^\W\d_]{1,3})?\b)"
    r"|(?:\+|\(?0)\d[\d /()-]{4,}\d"
)


def _tokens(text: str) -> list[tuple[int, int, str]]:
    """Words with their offsets; punctuation at their edges is not a word the voice says."""
    out = []
    for match in _TOKEN.finditer(text):
        core = _EDGE.sub("", match.group(0))
        if core:
            offset = match.group(0).find(core)
            out.append((match.start() + offset, match.start() + offset + len(core), core))
    return out


def _kind(written: str, spoken: str, text: str, start: int) -> tuple[str, bool, str]:
    """(kind, ambiguous, reason) of one rewritten place."""
    if _WEB.search(written):
        return "web address", False, ""
    if _TAG.search(written):
        return "hashtag", False, ""
    if written.rstrip(".").split()[0] in names.PRONUNCIATIONS or names.is_listed(
        written.rstrip(".")
    ):
        return "foreign name", False, ""
    if _SCORE.search(written) and f" {WORDS['ratio']} " in f" {spoken} ":
        match = _CLOCK.search(written)
        could_be_time = bool(match and int(match.group(1)) < 24 and int(match.group(2)) < 60)
        reason = "could also be a time of day" if could_be_time else ""
        return "score", could_be_time, reason
    if _CLOCK.search(written) and WORDS["o_clock"] in spoken.split():
        guessed = not re.search(r"\b[Uu]hr\b", written)
        return "time", guessed, "no 'Uhr': could also be a score" if guessed else ""
    if _DATE.search(written) and any(grammar.is_month(w) for w in spoken.split()):
        return "date", False, ""
    if _MONEY.search(written) and _DIGITS.search(written):
        return "money", False, ""
    if _PERCENT.search(written):
        return "percentage", False, ""
    digits = sum(c.isdigit() for c in written)
    if digits >= _PHONE_DIGITS and re.search(r"(?:^|\s)[+(]?0\d", written):
        return "phone number", False, ""
    if re.fullmatch(r"\d{5}", written) and len(spoken.split()) == 5:
        return "postal code", True, "five digits read one by one: a postal code, not a count"
    if re.fullmatch(r"11\d", written) and len(spoken.split()) == 3:
        return "phone number", False, ""
    if _YEAR_RANGE.fullmatch(written):
        year = "hundert" in spoken and not spoken.startswith(("tausend", "ein"))
        kind = "year" if year else "count"
        return kind, True, "1100-1999: read as a year" if year else "1100-1999: read as a count"
    if _FRACTION.search(written):
        return "fraction", False, ""
    if _ORDINAL.search(written) and _DIGITS.search(written):
        return "ordinal", False, ""
    if _DIGITS.search(written):
        return "number", False, ""
    if _ROMAN.search(written) and any(w[:1].isupper() for w in spoken.split()[1:]):
        return "roman numeral", False, ""
    word = written.strip(".")
    if _CAPS.match(word) and word not in abbreviations.BARE:
        listed = spoken != " ".join(word)
        guessed = len(word) > 3 and not listed
        reason = "read as a word" if pronounceable(word) else "spelled letter by letter"
        return "acronym", guessed, reason if guessed else ""
    if written.endswith(".") or written in abbreviations.BARE:
        return "abbreviation", False, ""
    return "symbol", False, ""


def _changes(opcodes: Sequence[tuple[str, int, int, int, int]]) -> list[list[int]]:
    """Changed stretches [written i1, i2, spoken j1, j2]. Words the rules add after one
    unchanged word belong to the change before it ("14.30 Uhr" -> "vierzehn Uhr dreißig")."""
    spans: list[list[int]] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            continue
        before = opcodes[index - 1] if index else None
        glued = (
            tag == "insert"
            and before is not None
            and before[0] == "equal"
            and before[2] - before[1] == 1
            and spans
            and spans[-1][1] == before[1]
        )
        if glued:
            spans[-1][1], spans[-1][3] = i2, j2
        else:
            spans.append([i1, i2, j1, j2])
    return spans


def _split(span: list[int], written: list[tuple[int, int, str]], text: str) -> list[list[int]]:
    """A change over several written forms split into one per form (a word, or the words of
    one date, amount, phone number ...), the spoken words shared out by how many each form
    has when read alone."""
    i1, i2, j1, j2 = span
    if i2 - i1 < 2 or j2 - j1 < 1:
        return [span]
    forms = _forms(text)
    groups: list[list[int]] = []
    for i in range(i1, i2):
        inside = next((f for f in forms if f[0] <= written[i][0] < f[1]), None)
        if groups and inside is not None and written[groups[-1][0]][0] >= inside[0]:
            groups[-1][1] = i + 1
        else:
            groups.append([i, i + 1])
    out, j = [], j1
    for n, (a, b) in enumerate(groups):
        alone = len(run(text[written[a][0] : written[b - 1][1]]).split())
        stop = j2 if n == len(groups) - 1 else min(j2, j + alone)
        out.append([a, b, j, stop])
        j = stop
    return out


def _forms(text: str) -> list[tuple[int, int]]:
    """Written forms that span several words: a date, a time, a measure, an abbreviation."""
    return [m.span() for m in _FORM.finditer(text)]


def _regroup(
    spans: list[list[int]], written: list[tuple[int, int, str]], text: str
) -> list[list[int]]:
    """Each change widened to the written forms it touches, and changes in one form merged
    ("3. Oktober 1990": the unchanged month in between is part of the date)."""
    forms = _forms(text)
    widened = []
    for i1, i2, j1, j2 in spans:
        if i1 == i2:
            widened.append([i1, i2, j1, j2])
            continue
        lo, hi = written[i1][0], written[i2 - 1][1]
        for fs, fe in forms:
            if fs < hi and lo < fe:
                lo, hi = min(lo, fs), max(hi, fe)
        a = min(i for i, w in enumerate(written) if w[1] > lo)
        b = max(i for i, w in enumerate(written) if w[0] < hi) + 1
        widened.append([a, b, j1, j2])
    merged: list[list[int]] = []
    for span in sorted(widened):
        if merged and span[0] < merged[-1][1] and span[0] != span[1]:
            last = merged[-1]
            last[1], last[2], last[3] = (
                max(last[1], span[1]),
                min(last[2], span[2]),
                max(last[3], span[3]),
            )
        else:
            merged.append(span)
    return merged


def _unknown_names(text: str, covered: list[tuple[int, int]]) -> list[Rewrite]:
    """Capitalised words left as written that look foreign and have no pronunciation entry."""
    out = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        if not word[:1].isupper() or any(s <= match.start() < e for s, e in covered):
            continue
        if names.is_listed(word) or grammar.is_common_noun(word) or _CAPS.match(word):
            continue
        if _FOREIGN.search(word.lower()):
            out.append(
                Rewrite(
                    match.start(),
                    match.end(),
                    word,
                    word,
                    "unknown name",
                    True,
                    "not in pronunciations.tsv: check how the voice says it",
                )
            )
    return out


def review(text: str, lexicon: Lexicon | None = None) -> list[Rewrite]:
    """Every place of `text` (one sentence or line) the normaliser reads differently from how
    it is written, and every foreign-looking name it leaves alone, in text order."""
    spoken_text = run(text, lexicon)
    written = _tokens(text)
    spoken = [t[2] for t in _tokens(spoken_text)]
    matcher = difflib.SequenceMatcher(None, [w[2] for w in written], spoken, autojunk=False)
    out: list[Rewrite] = []
    spans = [p for span in _changes(matcher.get_opcodes()) for p in _split(span, written, text)]
    for i1, i2, j1, j2 in _regroup(spans, written, text):
        if i1 == i2:
            continue  # a word the rules added with nothing written in its place
        start, end = written[i1][0], written[i2 - 1][1]
        form, said = text[start:end], " ".join(spoken[j1:j2])
        if lexicon is not None and any(w in lexicon.entries for w in form.split()):
            out.append(Rewrite(start, end, form, said, "lexicon"))
            continue
        dotted = form + "." if text[end : end + 1] == "." else form
        kind, ambiguous, reason = _kind(dotted, said, text, start)
        out.append(Rewrite(start, end, form, said, kind, ambiguous, reason))
    covered = [(r.start, r.end) for r in out]
    out.extend(_unknown_names(text, covered))
    return sorted(out, key=lambda r: r.start)


def lines(rewrites: list[Rewrite]) -> list[str]:
    """The review as text lines for a terminal, risky places marked "?" and first explained:
    `  ? 20:15 -> zwanzig zu fünfzehn   [score: could also be a time of day]`."""
    out = []
    for r in rewrites:
        mark = "?" if r.ambiguous else " "
        note = f"{r.kind}: {r.reason}" if r.reason else r.kind
        out.append(f"  {mark} {r.written} -> {r.spoken}   [{note}]")
    return out
