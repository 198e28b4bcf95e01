"""German sentence boundaries, decided on the written text.

Piper and espeak-ng end a sentence at every dot, so "am 3. Oktober" or "z. B." would get a
sentence pause. Here a dot ends a sentence only when the token before it and the word after it
agree: an ordinary word followed by a capital ends a sentence; an ordinal, an initial or an
abbreviation that may end a sentence ends one only before a typical sentence start ("Platz 3.
Im Vorjahr"), unless a label noun or a word of amount shows the number is a cardinal ("Platz 3.
Trainer Roth", "stieg auf 250. Experten"); "usw." and "etc." close an enumeration and end one
before any capital; one that closes a name or a date ("e.V.", "& Co.", "v. Chr.") ends one
before any capital but an acronym ("& Co. KG"); a full stop after a bracket that closed after an
abbreviation ("(3 Mrd.). Bereinigt") is an ordinary end; words joined by an inner dot
("Dipl.Ing.", "Co.KG.") are an abbreviation read like their last part, unless that part is a
name ("J.Chr.Bachs.": initials glued to it); titles and phrase abbreviations never end a
sentence. Nothing inside a matched pair of quotes („…“, »…«, ‹…›) or brackets is a boundary. A
footnote mark ("erfolgen.[6]") or emoji ("Großartig! 👍") right after the end belongs to the
sentence. After an end mark a dash or a bar opens the next piece ("gesperrt. | Bild: Simon"),
and a link's lower-case label closing the text stands alone ("gegeben. zum Artikel"). The
language data (abbreviations, sentence starts, label nouns, words of amount, list markers) is in
tts/data/*.tsv.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from tts import langdata

# Terminal punctuation, with any closing quotes/brackets, further terminals and footnote marks
# ("erfolgen.[6]") glued to it.
_CLUSTER = re.compile(r"[.!?…]+(?:[\"'“”«»‚‘’›‹)\]]|[.!?…])*(?:\[\d{1,3}\])*")
_OPENERS = "\"'„“«»‚‘‹›(["
_CLOSERS = "\"'“”«»‘’›‹)]"
# A straight quote may be closed by a typographic one ("Es war mega für uns.“), as pages mix them.
# Swiss single guillemets pair like double ones: "‹Geht raus und holt euch diesen Sieg›."
_PAIRS = {
    "„": "“”",
    "“": "”",
    "»": "«",
    "«": "»",
    "‹": "›",
    "›": "‹",
    "‚": "‘’",
    "(": ")",
    "[": "]",
    '"': '"“”',
}
_NUMBERED = r"(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]|\(\w{1,4}\)"
_AMBIGUOUS_TOKEN = re.compile(
    r"(?:\d{1,3}\.?[-–/])?[-–]?\d{1,3}"  # ordinal-like number: "am 3. Oktober", "2./3. Juli"
    r"|\d{1,2}\.(?:0?[1-9]|1[0-2])"  # day and month: "am 26.11. Die" (not a time: "14.30")
    r"|[IVXLC]{1,7}"  # Roman numeral: "Ludwig XIV. Er"
    r"|[^\W\d_]"  # initial: "Walter F. Müller"
    r"|(?:[^\W\d_]\.-)+[^\W\d_]"  # initials of a double first name: "H.-J. Müller"
    r"|(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}"  # dotted abbreviation not in the list: "U.S."
)
# How the splitter reads each type of abbreviations.tsv (sentence_abbreviations.tsv overrides).
_BEHAVIOUR = {"title": "never", "phrase": "never"}
_VOWELS = frozenset("aeiouäöüyAEIOUÄÖÜY")
# A hashtag or mention after an end mark starts the next sentence ("Unterschiede? #semibk").
_TAG_SIGILS = "#@"
# Unicode categories of emoji: symbols, modifiers, variation selectors and joiners.
_EMOJI = frozenset({"So", "Sk", "Mn", "Cf"})
_NEXT_TOKEN = re.compile(r"\s+(\S+)")
# An e-mail or web address, which may start a sentence in lower case.
_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.\w|www\.|https?://")
# The marker of a run-in list item, "1.)", "2)", "3.", "b.": its label, then its punctuation.
_RUN_IN_MARKER = re.compile(r"(?<!\S)(\d{1,3}|[a-z])(\.\)|[.)])(?=\s)")
# Dashes: never a run-in bullet ("- Die Regierung - so heißt es - will …"); after an end mark,
# a dash and a space open the next sentence ("Was nun? – Abwarten, sagt sie.").
_DASHES = "-–—"
# After an end mark, a dash or a vertical bar (a caption's credit: "… gesperrt. | Bild: Simon")
# and a space open the next piece; the word after them decides.
_SEPARATORS = _DASHES + "|"
# Inside brackets, a numbering mark rather than a note: "(1)", "(a)", "(iv)", "[12b]".
_NUMBERING = re.compile(r"\d*[^\W\d_]?|[ivxIVX]+")
# A bracket or quote closed after an abbreviation's dot, then a full stop: "(auf 3 Mrd.). Die".
_CLOSED_THEN_END = re.compile(r"[\"'“”«»‚‘’›‹)\]][.!?]")
# An acronym, also in the plural ("KG", "KGs"), which goes on with the name a "final" one ends.
_ACRONYM = re.compile(r"[A-ZÄÖÜ]{2,}s?")
# An author's initials closing a text after its last sentence: "… bis Dienstag, 7. Oktober. htz".
_AUTHOR_INITIALS = re.compile(r"[a-zäöü]{2,4}")
# A link's label closing a text after its last sentence, in lower case and without punctuation:
# "… hat es noch nicht gegeben. zum Artikel". Only after an ordinary word's full stop, so "am 3.
# nicht" or "ca. drei" are untouched.
_TRAILING_LABEL = re.compile(r"[a-zäöü][^\W\d_]*(?: [^\W\d_]+){0,2}")
# Words joined by a dot without a space, an abbreviated compound title or firm ("Dipl.Ing",
# "Co.KG"): an abbreviation, never an ordinary word, when a dot ends it.
_DOTTED_COMPOUND = re.compile(r"(?:[^\W\d_]+\.)+[^\W\d_]+")
# A bracketed one-word tag in lower case ending a short line, a dateline: "Hamburg (ots)",
# "Berlin (dpa/lnw)"; not an aside ending a wrapped line ("wie die Stadt (siehe oben)").
_LOWER_NOTE = re.compile(r"\([a-zäöü][^()\s]{0,15}\)")
_DATELINE_WORDS = 4
# Sentence-start classes after which a line break is not a sentence break ("während der\nersten").
_CONTINUING = frozenset({"article", "determiner", "preposition", "conjunction", "subjunction"})


@dataclass(frozen=True)
class _Abbreviations:
    pattern: re.Pattern[str]
    behaviours: dict[str, str]


@cache
def _abbreviations() -> _Abbreviations:
    """One regex over all written forms, and the behaviour of each by squashed lowercase form:
    abbreviations.tsv's type mapped by _BEHAVIOUR, overridden by sentence_abbreviations.tsv.

    Forms match as written or capitalised ("z. B.", "Z. B."), never in other cases, so the
    title "Mag." is not the verb in "…, das er mag. Die …".
    """
    forms: set[str] = set()
    behaviours: dict[str, str] = {}
    for written, _spoken, kind, *_ in langdata.rows("abbreviations"):
        forms.add(written)
        behaviours.setdefault(_squash(written), _BEHAVIOUR.get(kind, "start"))
    for written, behaviour, *_ in langdata.rows("sentence_abbreviations"):
        forms.add(written)
        behaviours[_squash(written.lstrip("-"))] = behaviour
    alternatives = []
    for written in forms:
        if written.startswith("-"):  # a compound ending follows letters: "Goethestr."
            variants, before = {written[1:]}, r"(?<![\d_.])"
        else:
            variants, before = {written, written[:1].upper() + written[1:]}, r"(?<![\w.])"
        for variant in variants:
            parts = [re.escape(part.strip()) for part in variant.split(".") if part.strip()]
            alternatives.append(before + r"\.\s?".join(parts) + r"\.")
    alternatives.sort(key=len, reverse=True)
    return _Abbreviations(re.compile("|".join(alternatives)), behaviours)


def _squash(written: str) -> str:
    return "".join(written.split()).lower()


@cache
def sentence_starts(*classes: str) -> frozenset[str]:
    """Lowercase words of tts/data/sentence_starts.tsv, of the given classes (all when none)."""
    return frozenset(
        word
        for word, kind, *_ in langdata.rows("sentence_starts")
        if not classes or kind in classes
    )


@cache
def _label_nouns() -> frozenset[str]:
    return frozenset(row[0] for row in langdata.rows("label_nouns"))


@cache
def _quantity_words() -> frozenset[str]:
    return frozenset(row[0] for row in langdata.rows("quantity_words"))


@cache
def _months() -> frozenset[str]:
    """Month names and their variants, lowercase: a number before one is a day ("bis 3. Mai")."""
    names: set[str] = set()
    for _number, name, *variants in langdata.rows("months"):
        names.add(name.lower())
        names.update(v.strip().lower() for field in variants for v in field.split(",") if v)
    return frozenset(names)


@cache
def _weekdays() -> frozenset[str]:
    """Weekday abbreviations ("Di"): before a date or a time ("am Di. 5. Mai") they go on."""
    return frozenset(row[0] for row in langdata.rows("weekdays"))


@cache
def _vowelless_words() -> frozenset[str]:
    """Words written without a vowel that are words, not abbreviations ("Lkw", "Kfz")."""
    return frozenset(row[0] for row in langdata.rows("acronyms") if not _VOWELS & set(row[0]))


@cache
def _bullets() -> str:
    return "".join(row[0] for row in langdata.rows("list_markers"))


@cache
def _list_item() -> re.Pattern[str]:
    """A list marker at the start of a line: a bullet, a number, a letter, or both."""
    bullets = re.escape(_bullets())
    return re.compile(rf"(?:[{bullets}]\s*(?:{_NUMBERED})?|{_NUMBERED})(?=\s|$)")


def split_sentences(text: str) -> list[str]:
    """German sentences of one paragraph, in order, as written (whitespace collapsed).

    A blank line, a list item on a new line, a line ending in "?", "!" or a full stop, a
    heading-like line (no closing punctuation, ending in a capitalised word) or a column of
    one-word lines also ends a sentence; other line breaks are spaces. Each item of a run-in
    list ("1.) Erstens 2.) Zweitens") is a sentence.
    """
    sentences: list[str] = []
    for block in _blocks(text):
        for item in _run_in_items(block):
            sentences.extend(_split_block(item))
    return sentences


def _blocks(text: str) -> list[str]:
    """Runs of lines that may belong to one sentence, each joined with single spaces."""
    blocks: list[list[str]] = []
    previous = ""
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if line and previous and not _breaks_between(previous, line):
            blocks[-1].append(line)
        elif line:
            blocks.append([line])
        previous = line
    return [" ".join(lines) for lines in blocks]


def _breaks_between(previous: str, line: str) -> bool:
    """Whether a single line break between two non-empty lines ends a sentence by itself.

    It does before a list item; after a line whose last mark ends a sentence whatever follows
    ("… gern Tennis." then "spielen"); between two one-word lines (a column of words, as in an
    exercise sheet); and after a heading-like line (ending in a capitalised word or a number)
    before a capital, a lower-case tag after a dateline's place not counting ("Hamburg (ots)");
    and after a line ending in a colon before a capital, a label line ("Referentin:" +
    "Copyright …"). A line ending in an article, preposition or conjunction goes on, and so does
    one ending in a noun that names a number before a line opening with one ("unter der
    Rufnummer" + "03338 3610 bzw. …").
    """
    if _list_item().match(line) or _ends_sentence(previous):
        return True
    starts_upper = line.lstrip(_OPENERS)[:1]
    if previous[-1] == ":" and starts_upper.isupper():
        return True  # a label line: "Prof. Dr. Kurth, Referentin:" + "Copyright …"
    words = previous.split()
    if 1 < len(words) <= _DATELINE_WORDS and _LOWER_NOTE.fullmatch(words[-1]):
        words.pop()  # a dateline's tag: "Hamburg (ots)" ends in "Hamburg"
    last_word = words[-1].strip(_OPENERS + _CLOSERS + ",;")
    if (
        not last_word
        or previous[-1] in ".!?…:;,-–"
        or last_word.lower() in sentence_starts(*_CONTINUING)
    ):
        return False
    if starts_upper.isdigit() and _names_a_number(last_word):
        return False  # the number is the label's: "unter der Rufnummer" + "03338 3610 bzw. …"
    if " " not in previous and " " not in line:
        return True
    return (last_word[0].isupper() or last_word[0].isdigit()) and (
        starts_upper.isupper() or starts_upper.isdigit()
    )


def _names_a_number(word: str) -> bool:
    """A label noun ("Nummer", "Linie") or a compound ending in one of five or more letters
    ("Rufnummer", "Buslinie"): the number after it is its value, not a new line's start."""
    labels = _label_nouns()
    return word in labels or any(
        len(label) >= 5 and word.endswith(label.lower()) and len(word) > len(label)
        for label in labels
    )


def _ends_sentence(line: str) -> bool:
    """Whether the line ends in "?" or "!", or in a dot after an ordinary word (not after an
    abbreviation, a number or an initial, which may go on: "am 3." + "Oktober"), with no quote
    or bracket closing after it."""
    ends = [m for m in _CLUSTER.finditer(line) if m.end() == len(line)]
    if not ends:
        return False
    marks = ends[0].group()
    if "…" in marks or ".." in marks or any(char in _CLOSERS for char in marks):
        return False  # "„Kommst du mit?“" + "fragte sie." goes on
    if "?" in marks or "!" in marks:
        return True
    return ends[0].start() not in _abbreviation_ends(line) and not _token_behaviour(
        line, ends[0].start()
    )


def _run_in_items(block: str) -> list[str]:
    """The items of a run-in list that opens the block ("1.) Erstens 2.) Zweitens", "a. … b. …",
    "• … • …"), each a sentence even without closing punctuation; else the block itself.

    A further marker counts on from the one before (2 after 1, b after a, the same bullet) and
    follows a word that ends an item, so "1. FC Köln gewann gegen den 2. Bundesligisten" is no
    list: "den" goes on.
    """
    bounds = [0, *(_numbered_cuts(block) or _bullet_cuts(block)), len(block)]
    return [block[start:end].strip() for start, end in pairwise(bounds)]


def _numbered_cuts(block: str) -> list[int]:
    first = _RUN_IN_MARKER.match(block)
    if not first:
        return []
    cuts, label = [], first.group(1)
    for marker in _RUN_IN_MARKER.finditer(block, first.end()):
        if (
            marker.group(2) == first.group(2)
            and marker.group(1) == _after(label)
            and _ends_item(block[: marker.start()])
        ):
            cuts.append(marker.start())
            label = marker.group(1)
    return cuts


def _bullet_cuts(block: str) -> list[int]:
    bullet = block[:1]
    if not bullet or bullet not in _bullets() or bullet in _DASHES:
        return []
    return [
        m.start()
        for m in re.finditer(rf"(?<=\s){re.escape(bullet)}(?=\s)", block)
        if _ends_item(block[: m.start()])
    ]


def _after(label: str) -> str:
    """The next list label: "2" after "1", "b" after "a"."""
    return str(int(label) + 1) if label.isdigit() else chr(ord(label) + 1)


def _ends_item(text: str) -> bool:
    """Whether `text` may end a list item: in a word or number that does not lead on."""
    words = text.split()
    return (
        bool(words)
        and words[-1][-1].isalnum()
        and words[-1].lower() not in sentence_starts(*_CONTINUING)
    )


def protected_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every matched pair of quotes or brackets; unmatched marks protect nothing.

    A mark that can both open and close (", “, «) closes an open pair unless a space precedes it.
    """
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else " "
        opening = char in _PAIRS and (char in "„‚([" or before.isspace() or before in _OPENERS)
        depth = next((d for d in reversed(range(len(stack))) if char in _PAIRS[stack[d][0]]), None)
        if depth is not None and not (opening and before.isspace()):
            spans.append((stack[depth][1], index + 1))
            del stack[depth:]
        elif opening:
            stack.append((char, index))
    return spans


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < position < end - 1 for start, end in spans)


def _split_block(text: str) -> list[str]:
    spans = protected_spans(text)
    abbreviations = _abbreviation_ends(text)
    sentences: list[str] = []
    start = 0
    for match in _CLUSTER.finditer(text):
        if match.end() < len(text) and not text[match.end()].isspace():
            continue
        if _inside(match.end() - 1, spans) or _only_list_marker(text[start : match.start()]):
            continue
        if match.start() and text[match.start() - 1] in "([":
            continue  # an aside in brackets: "kamen immerhin 16 (!) Kollegen"
        end = _past_emoji(text, match.end())
        if _is_boundary(text, match, end, abbreviations.get(match.start())):
            sentences.append(text[start:end].strip())
            start = end
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return [note for sentence in sentences for note in _notes_apart(sentence)]


def _notes_apart(sentence: str) -> list[str]:
    """A bracketed note followed by another stands alone: "(Foto: dpa) (Archivbild)" are two,
    as are "(Beifall) (Zurufe)"; a note before text stays with it ("(dpa) Die Regierung …"),
    and so does a numbering mark ("(1) (a) Der Antrag …")."""
    notes: list[str] = []
    while sentence[:1] in "([":
        end = next((e for s, e in protected_spans(sentence) if s == 0), 0)
        if (
            not end
            or not sentence[end:].lstrip().startswith(("(", "["))
            or _NUMBERING.fullmatch(sentence[1 : end - 1])
        ):
            break
        notes.append(sentence[:end])
        sentence = sentence[end:].lstrip()
    return [*notes, sentence]


@dataclass(frozen=True)
class _Abbreviation:
    behaviour: str
    start: int


def _abbreviation_ends(text: str) -> dict[int, _Abbreviation]:
    """Position of each dot that belongs to an abbreviation -> the abbreviation.

    Dots inside a multi-part abbreviation ("z." of "z. B.") never end a sentence.
    """
    table = _abbreviations()
    ends: dict[int, _Abbreviation] = {}
    for match in table.pattern.finditer(text):
        for dot in (m.start() + match.start() for m in re.finditer(r"\.", match.group())):
            ends[dot] = _Abbreviation("never", match.start())
        behaviour = table.behaviours.get(_squash(match.group()), "never")
        ends[match.end() - 1] = _Abbreviation(behaviour, match.start())
    return ends


def _only_list_marker(sentence: str) -> bool:
    """The sentence so far is just "1", "a" or "• 3": the dot after it is the marker's own."""
    sentence = sentence.strip()
    return not sentence or bool(_list_item().fullmatch(sentence + "."))


def _past_emoji(text: str, position: int) -> int:
    """Past the emoji that follow an end mark: they close the sentence ("Großartig! 👍")."""
    while match := _NEXT_TOKEN.match(text, position):
        categories = {unicodedata.category(char) for char in match.group(1)}
        if "So" not in categories or categories - _EMOJI or _list_item().match(match.group(1)):
            break
        position = match.end()
    return position


def _is_boundary(
    text: str, cluster: re.Match[str], end: int, abbreviation: _Abbreviation | None
) -> bool:
    marks = cluster.group()
    rest = text[end:].lstrip()
    if rest[:1] in _SEPARATORS and rest[1:2].isspace():
        rest = rest[1:].lstrip()
    if rest[:1] in "([":
        note = next((e for s, e in protected_spans(rest) if s == 0), 0)
        if note and not rest[note:].strip():
            return True  # a closing note stands alone: "… Prozent. (dts Nachrichtenagentur)"
        if note and _next_word(rest[note:].lstrip().lstrip(_OPENERS))[:1].islower():
            return False  # the sentence goes on after a bracket: "„Entscheidung!?“ (19.6.) lädt"
    if "." in marks and _AUTHOR_INITIALS.fullmatch(rest):
        return True
    if (
        marks == "."
        and _TRAILING_LABEL.fullmatch(rest)
        and abbreviation is None
        and _token_behaviour(text, cluster.start()) is None
    ):
        return True
    rest = rest.lstrip(_OPENERS)
    word = _next_word(rest)
    if not word and rest[:1] == "§":
        word = "§"  # a sentence may start with a section sign: "§ 339 StGB besagt:"
    if not word:
        return False
    capital = word[0].isupper() or word[0].isdigit() or word == "§"
    # A hashtag, a mention, an address or a brand such as "iPhone" starts a sentence in lower case.
    odd_start = (
        word[0] in _TAG_SIGILS
        or (word[0].islower() and word[1:] != word[1:].lower())
        or bool(_ADDRESS.match(rest))
    )
    if "?" in marks or "!" in marks:
        return capital or odd_start
    if "…" in marks or ".." in marks:
        return capital and not text[: cluster.start()].endswith(("(", "["))  # "[…]" omits
    behaviour = abbreviation.behaviour if abbreviation else _token_behaviour(text, cluster.start())
    if _CLOSED_THEN_END.search(marks):  # "(auf 3 Mrd.). Bereinigt": the end is after the bracket
        behaviour = None
    if behaviour == "numbered":  # "Art. 5" is an abbreviation, "eine eigene Art." a word
        behaviour = "start" if word[0].isdigit() else None
    if behaviour is None:
        return capital or odd_start
    if not capital or behaviour == "never":
        return False
    if behaviour == "closing":
        return True
    if behaviour == "final":  # an acronym goes on with the name: "& Co. KG"
        return not _ACRONYM.fullmatch(word)
    starts = word.lower() in sentence_starts()
    if abbreviation and behaviour == "enumeration":
        return starts and _word_before(text, abbreviation.start)[:1].isupper()
    token = _token_before(text, cluster.start())
    if token.isdigit() and word.lower() not in _months() and word not in _label_nouns():
        before = _word_before(text, cluster.start() - len(token))
        if before in _label_nouns() or before.lower() in _quantity_words():
            return True  # "auf Platz 3. Trainer Roth", "stieg auf 250. Experten": a cardinal
    return starts


def _token_behaviour(text: str, position: int) -> str | None:
    """The behaviour "start" when the token before the dot at `position` may or may not end a
    sentence (an ordinal-looking number, a Roman numeral, an initial, a weekday, an abbreviation
    missing from the lists: dotted, "U.S.", or without a vowel, "Jg.", "Dipl.-Kfm."); None for
    an ordinary word."""
    token = _token_before(text, position)
    if _AMBIGUOUS_TOKEN.fullmatch(token) or token in _weekdays():
        return "start"
    if _DOTTED_COMPOUND.fullmatch(token):  # "Dipl.Ing", "Co.KG": read as its last part is
        last_part = token.rsplit(".", 1)[-1]
        known = _abbreviations().behaviours.get(_squash(last_part + "."))
        if known is None and _is_name_word(last_part):
            return None  # initials glued to a name, "Freund J.Chr.Bachs. Eingewoben": a word
        return known or "start"
    last = token.rsplit(".-", 1)[-1]  # "Dipl.-Kfm": the part after an abbreviated prefix
    if (
        last.isalpha()
        and not last.isupper()
        and not _VOWELS & set(last)
        and last not in _vowelless_words()
    ):
        return "start"
    return None


def _is_name_word(part: str) -> bool:
    """A capitalised word of four or more letters with a vowel ("Bachs"), not an abbreviation's
    part ("Ing", "KG", "Kfm")."""
    return len(part) >= 4 and part[0].isupper() and part[1:].islower() and bool(_VOWELS & set(part))


def _next_word(rest: str) -> str:
    """The word `rest` starts with, with a hashtag's or mention's sigil ("" if none)."""
    match = re.match(rf"[{_TAG_SIGILS}]?[^\W_]+", rest)
    return match.group() if match else ""


def _word_before(text: str, position: int) -> str:
    words = text[:position].split()
    return words[-1] if words else ""


def _token_before(text: str, position: int) -> str:
    """The token that the terminal punctuation at `position` follows, "" after a closing mark."""
    start = position
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    token = text[start:position]
    if token[-1:] and token[-1] in _CLOSERS:
        return ""
    return token.lstrip(_OPENERS)
