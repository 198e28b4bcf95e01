"""Plain text as pasted from a news page -> Article.

The shape: rubric, kicker and headline, teaser, body paragraphs, section headings (a short
line without closing punctuation followed by prose), a source line. Clutter the phrase rules
know goes first (tts/ingest/clean.py); then the blocks get their roles by position and form,
and the page furniture the rules do not know goes by where it stands:

- over the head, a site's menu (four or more lines of a few words, stuck together, apart
  from what follows) and notices that speak to the reader ("Empfehlen Sie uns weiter",
  "Vielen Dank für Ihre Registrierung.") go;
- the headline is the longest of the short lines at the top (a kicker and a rubric over it,
  stamps, bylines and player labels under it); a headline ending in "!" or "?" ends the head,
  a kicker may keep its colon on a line of its own;
- between the headline and the teaser there is only furniture: every line that is not prose
  goes, a status line of a few words ('Video wird geladen …'), and a caption (a sentence with
  its credit right under it);
- in the body, a heading is one short line followed by prose; of a run of short lines (a
  link list, a caption with its credit, related headlines) at most the last is a heading, and
  only when a blank line sets it apart from the others; a label with a colon over such a run
  ('Mehr über Verkehr in Berlin:') goes with it;
- where blank lines part the paragraphs, lines stuck together that mix prose with short lines
  and end in furniture are a box (a caption and its credit, an embed with its button);
- after the last paragraph nothing is read: a heading needs prose under it, and after the
  source line ("Quelle: …") only a text that goes on for paragraphs is still the article
  (and then the source line was a chart's, not the article's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from tts import langdata
from tts.article import Article, Section
from tts.errors import InputError
from tts.ingest.clean import CREDIT, SOURCE, clean_lines, is_mark
from tts.ingest.furniture import is_credit, is_furniture, letter_words, sentences
from tts.segment.sentences import split_sentences

_MAX_HEADING_WORDS = 16
_MAX_HEADING_CHARS = 140
_HARD_WRAP_MIN = 50
_MAX_WRAP_WIDTH = 100  # a text with longer lines has one line per paragraph: none is wrapped
_MAX_HEAD_LINES = 4  # rubric (or a two-line breadcrumb), kicker, headline
_MAX_TOP_LINES = 8  # short lines at the top among which the headline is looked for
_MIN_TITLE_WORDS = 3  # a title group this long ends where the furniture under it begins
# ... unless the line right over the prose is this many times as long: the headline under a
# series label and a player ('Schaun mer mal', 'Video: …', then the headline)
_HEADLINE_OVER_LABEL = 3
_MAX_KICKER_WORDS = 5
_MAX_QUESTION_HEADINGS = 2  # more questions answered by prose make an interview
_MIN_PARAGRAPHS_AFTER_SOURCE = 2
_MAX_STATUS_WORDS = 5  # 'Video wird geladen …', 'Inhalte werden geladen...'
_ELLIPSIS = ("…", "...")
_MAX_BOX_CHARS = 300  # prose in a box: a caption, an embed's notice; longer is article text
_MAX_LABEL_WORDS = 8
_CLOSING = "\"'“”„«»‚‘’›‹)]"
_OPENING = '"„“«»‚‹›'
_CLOSING_QUOTES = '"“”«»‘’›‹'
_MIN_QUOTED_KICKER_WORDS = 2
_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")
_SENTENCE_END = re.compile(r"[.!?…:;,]$")
_WRAPPED_END = re.compile(r"[.!?…:;\"“”»«)]$")
_CRUMB = re.compile(r"(\d{1,2})\.\s+([^\s.!?]+(?:\s+[^\s.!?]+){0,2})")
_MIN_CRUMBS = 2
_MAX_NOTICE_SENTENCES = 2  # a notice, a card's teaser or a promo: one or two sentences
_MAX_NOTICE_LOOKAHEAD = 3  # under notices: a stamp and the headline, then prose
_MAX_CARD_BLOCKS = 6
_BREADCRUMB = re.compile(r"\s[|›>»/]\s")
_MIN_MENU_ITEMS = 4  # 'Home', 'Politik', 'Sport', 'Regional': a site's menu, a line each
_MAX_MENU_WORDS = 3  # 'Zeitung für Deutschland', 'Über uns'
_MIN_FINAL_HEADLINE_WORDS = 4  # 'Richterin muss ins Gefängnis!' ends the head; 'Was tun?' may not


@dataclass
class _Block:
    """A paragraph (or a short line) of the pasted text, and what stood around it."""

    text: str
    attached: bool = False  # no blank line between it and the block before
    after_drop: bool = False  # clutter the rules know was taken out right before it
    after_source: int | None = None  # the number of the source line right before it
    under_drop: bool = False  # ... and it follows that clutter with no blank line between
    over_drop: bool = False  # clutter follows it with no blank line between
    over_credit: bool = False  # a picture credit follows it with no blank line between
    before_credit: bool = False  # a picture credit is the next line after it (blank or not)

    @property
    def stuck_to_drop(self) -> bool:
        """Part of a stretch of furniture: no blank line parts it from clutter taken out."""
        return self.under_drop or self.over_drop


def parse_text(text: str, name: str = "<text>") -> Article:
    cleaned = clean_lines(text.split("\n"))
    blocks = _blocks(cleaned.lines)
    if not blocks:
        raise InputError(f"{name}: nothing left to read after removing page clutter")
    spaced = _spaced(blocks)
    blocks = _without_notices(_without_menu(_without_numbered_crumbs(blocks))) or blocks
    rubric, kicker, title, rest = _header(blocks, spaced)
    rest = _after_headline(rest, spaced)
    teaser = ""
    if len(rest) >= 2 and not _is_heading(rest[0].text):
        teaser, rest = _unbullet(rest[0].text), _after_teaser(rest[1:], spaced)
    body, charts = _without_tail(_without_boxes(rest, spaced))
    body = _without_cards(body, spaced)
    sources = [source for n, source in enumerate(cleaned.sources) if n not in charts]
    source = sources[0] if sources else ""
    return Article(
        title=title,
        kicker=kicker,
        teaser=teaser,
        rubric=rubric,
        sections=_sections(body, spaced),
        source=source,
        author=cleaned.author,
        date=iso_date(cleaned.date),
        site=site_of_source(source),
    )


def _blocks(lines: list[str]) -> list[_Block]:
    """One block per paragraph: a line of its own, or hard-wrapped lines joined.

    A list item ('- Punkt') is a block of its own; it keeps its marker until the sections are
    built, so that it is never taken for a heading. Lines are joined only in a text whose
    lines are all of a wrapped width: a text with longer lines has a paragraph on each line,
    and a long headline over the teaser is not the first half of it.
    """
    widths = [len(line) for line in lines if not is_mark(line)]
    wrapped = max(widths, default=0) <= _MAX_WRAP_WIDTH
    blocks: list[_Block] = []
    joinable = blank = dropped = under = False
    source: int | None = None
    for line in lines:
        if not line or is_mark(line):
            joinable = False
            blank = blank or not line
            under = bool(line) and not line.startswith(SOURCE)
            if line.startswith(SOURCE):
                source = int(line[len(SOURCE) :])
            elif line:
                if blocks and not dropped and line == CREDIT:
                    blocks[-1].before_credit = True
                if blocks and not blank:
                    blocks[-1].over_drop = True
                    blocks[-1].over_credit = blocks[-1].over_credit or line == CREDIT
                dropped = True
            continue
        if joinable and blocks and not _list_item(line):
            blocks[-1].text = f"{blocks[-1].text} {line}"
        else:
            attached = bool(blocks) and not blank
            blocks.append(_Block(line, attached, dropped, source, dropped and under))
        joinable = wrapped and len(line) >= _HARD_WRAP_MIN and not _WRAPPED_END.search(line)
        blank = dropped = under = False
        source = None
    return blocks


def _without_numbered_crumbs(blocks: list[_Block]) -> list[_Block]:
    """Without a breadcrumb copied as a numbered list at the top ("1. rosenheim24-de",
    "2. Welt", "3. Welt-News"): numbers counting from 1, a few words each, no sentence."""
    count = 0
    while count < len(blocks):
        match = _CRUMB.fullmatch(blocks[count].text)
        if not match or int(match.group(1)) != count + 1:
            break
        count += 1
    return blocks[count:] if count >= _MIN_CRUMBS else blocks


def _without_menu(blocks: list[_Block]) -> list[_Block]:
    """Without the site's menu copied at the top: four or more lines of a few words each,
    stuck together (no blank line between), with a blank line under the last ("BILD", "Home",
    "Politik", …, "Hamburg"). A rubric and a kicker stick to the headline under them; a menu
    stands apart from it, and its last word is no kicker."""
    count = 0
    while count < len(blocks) and (count == 0 or blocks[count].attached):
        block = blocks[count]
        if not _is_heading(block.text) or len(block.text.split()) > _MAX_MENU_WORDS:
            break
        count += 1
    if count < _MIN_MENU_ITEMS or count >= len(blocks) or blocks[count].attached:
        return blocks
    return blocks[count:]


def _without_notices(blocks: list[_Block]) -> list[_Block]:
    """Without the notices over the headline that speak to the reader ("Vielen Dank für Ihre
    Registrierung.", "Sie haben die deutsche Ausgabe ausgewählt.", a share bar's "Empfehlen
    Sie uns weiter" with its consent notes): short prose and short lines, each with a word of
    address, above the first short line that prose follows within a few lines. An article that
    starts with prose keeps it (its first sentence is the title)."""
    while blocks and is_furniture(blocks[0].text) and not _is_heading(blocks[0].text):
        blocks = blocks[1:]  # a ticker of other stories: "Zehnjährige stürzt … +++ Mann …"
    for index, block in enumerate(blocks[:_MAX_TOP_LINES]):
        text = _unbullet(block.text)
        if _addresses_reader(text) and sentences(text) <= _MAX_NOTICE_SENTENCES:
            continue  # a notice
        following = blocks[index + 1 : index + 1 + _MAX_NOTICE_LOOKAHEAD]
        if index and not _is_prose(block) and any(_is_prose(later) for later in following):
            return blocks[index:]
        return blocks
    return blocks


@cache
def _address_words() -> frozenset[str]:
    return frozenset(word for word, role, *_ in langdata.rows("ui_words") if role == "address")


def _addresses_reader(text: str) -> bool:
    """A word of address inside a sentence: "für Ihre Anmeldung", "wünschen Ihnen", "für dich"."""
    for sentence in split_sentences(text):
        for word in re.findall(r"[^\W\d_]+", sentence)[1:]:
            formal = word[0].isupper() and word.lower() in _address_words()
            if formal or (word in _address_words() and word.startswith(("d", "e"))):
                return True
    return False


def _promotes(text: str) -> bool:
    """A promo for the site's own newsletter, podcast or app, spoken to the reader or of "our"
    ("Sie wollen wissen, was in Ihrer Region los ist? Hier geht es zu unseren Newslettern.")."""
    words = {word.lower() for word in re.findall(r"[^\W\d_]+", text)}
    names_one = any(word.startswith(stem) for word in words for stem in _promo_stems())
    ours = bool(words & {"unser", "unsere", "unseren", "unserem", "unserer"})
    return names_one and (ours or _addresses_reader(text))


@cache
def _promo_stems() -> tuple[str, ...]:
    return tuple(word for word, role, *_ in langdata.rows("ui_words") if role == "promo")


def _without_cards(blocks: list[_Block], spaced: bool) -> list[_Block]:
    """Without the cards and promos after the article's end (where blank lines part the
    paragraphs): under furniture the rules took out (a rating or bookmark bar, a box label,
    a button), short blocks whose prose is stuck to its card's headline ("TikTok führt …" with
    its teaser right under it) or to a button ("… überall wo es Podcasts gibt." over "Jetzt
    abonnieren"). A paragraph of the article stands apart from its heading and its furniture."""
    if not spaced:
        return blocks
    for index in range(len(blocks) - 1, 0, -1):
        if not blocks[index].after_drop:
            continue
        tail = blocks[index:]
        prose = [(position, block) for position, block in enumerate(tail) if _is_prose(block)]
        if not prose or len(tail) > _MAX_CARD_BLOCKS:
            return blocks
        for position, block in prose:
            if sentences(block.text) > _MAX_NOTICE_SENTENCES or len(block.text) > _MAX_BOX_CHARS:
                return blocks
            headed = position and block.attached and not _is_prose(tail[position - 1])
            promo = block.after_drop and _promotes(block.text)
            if not (headed or block.over_drop or promo):
                return blocks
        return blocks[:index]
    return blocks


def _spaced(blocks: list[_Block]) -> bool:
    """Whether blank lines part the paragraphs: then a line stuck to the one before belongs to
    it (a credit to its caption, a link to the list), and a heading stands apart."""
    prose = [block for block in blocks[1:] if not _is_heading(block.text, allow_question=True)]
    return bool(prose) and sum(not block.attached for block in prose) * 2 >= len(prose)


@cache
def _bullet() -> re.Pattern[str]:
    markers = "".join(re.escape(row[0]) for row in langdata.rows("list_markers"))
    return re.compile(f"^[{markers}]\\s+(?=\\S)")


def _list_item(block: str) -> bool:
    return bool(_bullet().match(block))


def _unbullet(block: str) -> str:
    """A list item as read: without its bullet ('- Punkt eins' -> 'Punkt eins')."""
    return _bullet().sub("", block, count=1)


def _bare(block: str) -> str:
    return block.rstrip(_CLOSING + " ")


def looks_like_heading(block: str) -> bool:
    """Short, and no closing punctuation: how a heading looks in text without markup."""
    return _is_heading(block)


def _is_heading(block: str, *, allow_question: bool = False) -> bool:
    bare = _bare(block)
    if (
        not bare
        or _list_item(block)
        or len(block) > _MAX_HEADING_CHARS
        or len(block.split()) > _MAX_HEADING_WORDS
    ):
        return False
    if allow_question and bare.endswith(("?", "!")):
        return True
    return not _SENTENCE_END.search(bare)


def _header(blocks: list[_Block], spaced: bool) -> tuple[str, str, str, list[_Block]]:
    """(rubric, kicker, title, the blocks after the headline) from the short lines at the top.

    The headline is the longest of them (by its words, numbers aside) that is not furniture by
    its form; it is looked for above the first furniture the rules took out, once a line long
    enough for a title stands there. The line over it is the kicker, lines above that are the
    rubric (one line, or a breadcrumb: "Nachrichten", "Thüringen"). A single word over the
    headline is its kicker when it sticks to it, and the rubric when a blank line parts them
    ("Politik", blank, headline); so is a breadcrumb ("Nachrichten | Wirtschaft").
    """
    top: list[int] = []
    while (
        len(top) < min(_MAX_TOP_LINES, len(blocks) - 1)
        and _is_top_line(blocks, len(top))
        and not _list_item(blocks[len(top)].text)
    ):
        top.append(len(top))
        if _final_headline(blocks[top[-1]].text):
            break  # what follows an exclamation or a question headline is its teaser
    if not top:  # prose from the first line: its first sentence is the title, read once
        first = blocks[0].text
        match = re.match(r"(.{10,160}?[.!?])\s+(.*)", first + " ")
        if not match:
            return "", "", first, blocks[1:]
        title, remainder = match.group(1), match.group(2).strip()
        return "", "", title, ([_Block(remainder)] if remainder else []) + blocks[1:]
    at = _headline_index(blocks, top, spaced)
    above = [blocks[i].text for i in range(at) if not is_furniture(blocks[i].text)]
    above = above[-_MAX_HEAD_LINES + 1 :] if len(above) >= _MAX_HEAD_LINES else above
    title = blocks[at].text
    rubric = kicker = ""
    if above and blocks[at].after_drop:  # a player between them: what is over it is no kicker
        rubric, above = " / ".join(above[-_MAX_HEAD_LINES + 2 :]), []
    elif above and _bare(above[-1]).endswith(":"):  # 'Inflationsrate verschoben:'
        kicker, above = above[-1].rstrip().removesuffix(":").rstrip(), above[:-1]
        rubric = " / ".join(above)
    elif len(above) >= 2:
        rubric, kicker = " / ".join(above[:-1]), above[-1]
    elif len(above) == 1:
        single = len(above[0].split()) == 1 and not (at == 1 and blocks[1].attached)
        if single or _BREADCRUMB.search(above[0]):
            rubric = above[0]
        else:
            kicker = above[0]
    if not kicker or not rubric:
        colon_kicker, colon_title = split_colon(title)
        if colon_kicker:  # the headline has its kicker: the line over it is the rubric
            rubric, kicker, title = rubric or kicker, colon_kicker, colon_title
    if not kicker:
        kicker, title = split_kicker(title)
    return rubric, kicker, title, blocks[at + 1 :]


def _is_top_line(blocks: list[_Block], index: int) -> bool:
    """A short line of the head: a headline-like line, or a kicker with its colon."""
    return _is_heading(blocks[index].text, allow_question=True) or _colon_kicker(blocks, index)


def _colon_kicker(blocks: list[_Block], index: int) -> bool:
    """A kicker on a line of its own that keeps the page's colon ('Inflationsrate verschoben:')
    over a headline: a few words, and a headline-like line next."""
    text = _bare(blocks[index].text)
    return (
        text.endswith(":")
        and letter_words(text) <= _MAX_KICKER_WORDS
        and index + 1 < len(blocks)
        and _is_heading(blocks[index + 1].text, allow_question=True)
    )


def _final_headline(text: str) -> bool:
    """A headline that ends in '!' or '?' ends the head: the longer line under it is the teaser
    ('Richterin muss ins Gefängnis!' over 'Lüdenscheid schreibt Rechtsgeschichte: … !')."""
    return _bare(text).endswith(("!", "?")) and letter_words(text) >= _MIN_FINAL_HEADLINE_WORDS


def _headline_index(blocks: list[_Block], top: list[int], spaced: bool) -> int:
    best, best_words = -1, -1
    for index in top:
        block = blocks[index]
        words = letter_words(block.text)
        over_prose = index == top[-1] and words >= _HEADLINE_OVER_LABEL * best_words
        if index and block.after_drop and best_words >= _MIN_TITLE_WORDS and not over_prose:
            break  # the furniture under the title group begins
        if is_furniture(block.text) or _BREADCRUMB.search(block.text):
            continue
        if _colon_kicker(blocks, index):
            continue
        sticks = spaced and block.attached and index == best + 1
        kicker_over = sticks and best_words <= _MAX_KICKER_WORDS + 1 and words >= _MIN_TITLE_WORDS
        if words > best_words or (words == best_words and sticks) or kicker_over:
            best, best_words = index, words
    return best if best >= 0 else top[-1]


def _is_prose(block: _Block) -> bool:
    """A paragraph, or a list item that is a sentence; not a short line."""
    return not _is_heading(_unbullet(block.text), allow_question=True)


def _caption_at(blocks: list[_Block], index: int, spaced: bool) -> int:
    """How many blocks from `index` are a caption and its credit (0 if none): one sentence,
    with right under it a credit, or (where blank lines part the paragraphs) a short line stuck
    to it and set apart from what follows."""
    if index + 1 >= len(blocks) or not _is_prose(blocks[index]):
        return 0
    caption, credit = blocks[index], blocks[index + 1]
    if _list_item(caption.text) or _is_prose(credit) or not credit.attached:
        return 0
    if _list_item(credit.text) or _bare(credit.text).endswith(("?", "!")):
        return 0
    if sentences(caption.text) != 1:
        return 0
    stuck = spaced and (index + 2 >= len(blocks) or not blocks[index + 2].attached)
    if is_credit(credit.text) or stuck:
        return 2
    return 0


def _after_headline(blocks: list[_Block], spaced: bool) -> list[_Block]:
    """The blocks from the teaser on: what stands between the headline and the teaser is page
    furniture (bylines, stamps, players, status lines, captions and credits), never a heading.

    A caption there is a sentence with a credit under it (a blank line between them or not),
    or, where blank lines part the paragraphs, a few sentences stuck to a credit (the teaser
    stands apart)."""
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if (not _is_prose(block) and not _final_headline(block.text)) or _is_status(block.text):
            index += 1
            continue
        caption = _caption_at(blocks, index, spaced)
        if block.before_credit and sentences(block.text) == 1:
            caption = 1  # a caption with a blank line between it and its credit
        if not caption and spaced:
            group = _group_at(blocks, index)
            if _is_box(group) and (group[-1].over_credit or is_credit(group[-1].text)):
                caption = len(group)
        if not caption or index + caption >= len(blocks):
            break
        index += caption
    if index >= len(blocks):  # no prose: nothing to tell apart
        return blocks
    return blocks[index:]


def _is_status(text: str) -> bool:
    """A player's or an embed's status line before the teaser: a few words trailing off."""
    return text.rstrip().endswith(_ELLIPSIS) and letter_words(text) <= _MAX_STATUS_WORDS


def _after_teaser(blocks: list[_Block], spaced: bool) -> list[_Block]:
    """The body after the teaser. Short lines between the teaser and the first paragraph are
    furniture (byline, stamp, share bar) when there are several, when furniture the rules
    know stood there too, or when the line sticks to the teaser where blank lines part the
    paragraphs: a heading under the teaser stands alone. A question there is the first of an
    interview."""
    index = 0
    while index < len(blocks) and not _is_prose(blocks[index]):
        index += 1
    if index == 0 or index >= len(blocks):
        return blocks
    furniture = (
        index > 1
        or any(block.after_drop for block in blocks[: index + 1])
        or (spaced and blocks[0].attached)
    )
    if furniture and not _bare(blocks[index - 1].text).endswith("?"):
        return blocks[index:]
    if furniture:
        return blocks[index - 1 :]
    return blocks


def _without_tail(blocks: list[_Block]) -> tuple[list[_Block], set[int]]:
    """Without what follows the source line, unless the text goes on for paragraphs there:
    then the source line was a chart's in the middle of the article ('Quelle: Statistisches
    Bundesamt'); their numbers are the second part."""
    charts: set[int] = set()
    for index, block in enumerate(blocks):
        if block.after_source is None or index == 0:
            continue
        run = longest = 0
        for following in blocks[index:]:
            run = run + 1 if _is_prose(following) else 0
            longest = max(longest, run)
        if longest < _MIN_PARAGRAPHS_AFTER_SOURCE:
            return blocks[:index], charts
        charts.add(block.after_source)
    return blocks, charts


def _group_at(blocks: list[_Block], index: int) -> list[_Block]:
    """The lines from `index` on with no blank line between them."""
    end = index + 1
    while end < len(blocks) and blocks[end].attached:
        end += 1
    return blocks[index:end]


def _without_boxes(blocks: list[_Block], spaced: bool) -> list[_Block]:
    """Without boxes, where blank lines part the paragraphs (see _is_box)."""
    if not spaced:
        return blocks
    kept: list[_Block] = []
    index = 0
    while index < len(blocks):
        group = _group_at(blocks, index)
        if not _is_box(group):
            kept.extend(group)
        index += len(group)
    return kept


def _is_box(group: list[_Block]) -> bool:
    """Lines stuck together that mix prose with short lines and end in furniture: a caption
    with its credit, an embed's notice between its title and its button. Paragraphs stand
    apart, and a heading stuck to its paragraph has the paragraph last; a sentence announcing
    a list keeps its items."""
    prose = [block for block in group if _is_prose(block)]
    if not prose or sum(len(block.text) for block in prose) > _MAX_BOX_CHARS:
        return False
    if any(_announces_list(block.text) for block in prose):
        return False
    last = group[-1]
    if last.over_credit:
        return True
    if len(group) < 2:
        return False
    if not _is_prose(last):
        return not _list_item(last.text) and not _bare(last.text).endswith(("?", "!"))
    return not _is_prose(group[0]) and last.over_drop


def split_colon(line: str) -> tuple[str, str]:
    """Kicker and headline copied as one line with the colon a page hides between them
    ('Schlafforschung: Wer am Wochenende …'): the same kicker and title as the page's HTML.
    A long part before the colon is a statement, not a kicker; the line stays the headline."""
    before, colon, after = line.partition(": ")
    if not colon or len(before.split()) > _MAX_KICKER_WORDS or not _capitalised(after):
        return "", line
    return before.strip(), after.strip()


@cache
def _function_words() -> frozenset[str]:
    return frozenset(row[0] for row in langdata.rows("function_words"))


def split_kicker(line: str) -> tuple[str, str]:
    """Kicker and headline pasted into one line: 'Stärkung des Militärs Kim kündigt USA … an'.

    The kicker is a short noun phrase (lowercase words only function words, or adjectives
    between one and a noun) ending in a capitalised word. The headline starts either with a
    capitalised article or preposition ('Klimabilanz Der Sommer war …': mid-line, that can
    only start a sentence), or, after a kicker of two or more words, with a capitalised
    subject and a lowercase verb. A quotation of two or more words before a capitalised word
    is a kicker too ('"Geduldig bleiben" EZB lässt Leitzins unverändert'); a quotation that
    the headline opens is the headline's ('Forscherin über Hitzesommer "Die Städte sind nicht
    vorbereitet"'). When neither shape is clearly there, the whole line stays the headline.
    """
    words = line.split()
    quoted = _quoted_kicker(words)
    if quoted:
        return " ".join(words[:quoted]), " ".join(words[quoted:])
    function_words = _function_words()
    for k in range(1, min(7, len(words) - 2)):
        kicker, head = words[:k], words[k:]
        numbered = k >= 2 and kicker[-1].isdigit() and _capitalised(kicker[-2])  # 'Haushalt 2027'
        ends_kicker = _capitalised(kicker[-1]) or numbered
        if not (ends_kicker and _capitalised(head[0])) or kicker[-1].endswith(":"):
            continue  # 'Grüne: Zu zögerlich' is one line; split_colon splits at colons
        if kicker[-1].lower() in function_words or kicker[-1][:1] in _OPENING:
            continue
        lowercase = [w for w in kicker if not (_capitalised(w) or w.isdigit())]
        if not all(_kicker_word(kicker, i) for i, w in enumerate(kicker) if w in lowercase):
            continue
        starts_sentence = head[0].lstrip(_OPENING).lower() in function_words
        subject_verb = k >= 2 and bool(lowercase) and head[1][:1].islower()
        if starts_sentence or subject_verb:
            return " ".join(kicker), " ".join(head)
    return "", line


def _kicker_word(kicker: list[str], index: int) -> bool:
    """A lowercase word of a kicker: a function word, or an adjective between one and a noun
    ('Nach heftigen Regenfällen'); a verb makes the words a headline."""
    word = kicker[index].lower()
    if word in _function_words():
        return True
    return (
        0 < index < len(kicker) - 1
        and word.endswith(_ADJECTIVE_ENDINGS)
        and kicker[index - 1].lower() in _function_words()
        and _capitalised(kicker[index + 1])
    )


def _quoted_kicker(words: list[str]) -> int:
    """The number of words of a quotation that opens the line and is followed by a headline
    of its own (a capitalised word, then more), else 0."""
    if len(words) < _MIN_QUOTED_KICKER_WORDS + 2 or words[0][:1] not in _OPENING:
        return 0
    for k in range(_MIN_QUOTED_KICKER_WORDS, min(_MAX_KICKER_WORDS, len(words) - 2) + 1):
        if len(words[k - 1]) > 1 and words[k - 1][-1:] in _CLOSING_QUOTES:
            return k if _capitalised(words[k]) else 0
    return 0


def _capitalised(word: str) -> bool:
    return word.lstrip(_CLOSING)[:1].isupper()


def _sections(blocks: list[_Block], spaced: bool) -> list[Section]:
    """Paragraphs, split into sections at headings (a short line followed by prose).

    Short lines come in runs. A run that prose follows ends in the section's heading; the lines
    before it are furniture (a link list, a caption and its credit, a player), and so is the
    last one when it sticks to them with no blank line between, where blank lines part the
    paragraphs. A run that no prose follows is never read. The items of a list that a sentence
    announces ('Dazu gehören:') are read.

    A heading may end in '?' ('Was ändert sich für Mieter?'), unless there are many: then the
    text is an interview, and its questions are paragraphs. A line that is furniture by its form
    is never a heading, nor is a short line that splits into kicker and headline: that is a
    teaser for another article, pasted from a box between paragraphs.
    """
    questions = _allow_questions(blocks)
    sections = [Section(heading=None, paragraphs=[])]
    index = 0
    while index < len(blocks):
        caption = _caption_at(blocks, index, spaced)
        if caption:
            index += caption
            continue
        block = blocks[index]
        if _is_prose(block):
            sections[-1].paragraphs.append(_unbullet(block.text))
            index += 1
            continue
        end = index
        while end < len(blocks) and not _is_prose(blocks[end]):
            end += 1
        run = blocks[index:end]
        followed = end < len(blocks)
        paragraphs = sections[-1].paragraphs
        if paragraphs and _is_label(paragraphs[-1]):
            paragraphs.pop()  # 'Mehr über Verkehr in Berlin:' over a list of links
        elif paragraphs and _announces_list(paragraphs[-1]):
            last = run[-1]
            apart = followed and len(run) > 1 and spaced and not last.attached
            heading_after = apart and not _list_item(last.text)  # the list, then a heading
            items = run[:-1] if heading_after else run
            paragraphs.extend(_unbullet(item.text) for item in items)
            run = [last] if heading_after else []
        if run and followed:
            heading = run[-1]
            apart = not spaced or (
                not heading.attached if len(run) > 1 else not heading.stuck_to_drop
            )
            if apart:
                if _heading(heading.text, questions):
                    sections.append(Section(heading=heading.text, paragraphs=[]))
                elif not questions and _bare(heading.text).endswith(("?", "!")):
                    sections[-1].paragraphs.append(heading.text)  # a question in an interview
        index = end
    if not any(section.paragraphs for section in sections):
        return [Section(heading=None, paragraphs=[_unbullet(block.text) for block in blocks])]
    return sections


def _heading(text: str, questions: bool) -> bool:
    if _list_item(text) or is_furniture(text) or split_kicker(text)[0]:
        return False
    return _is_heading(text, allow_question=questions)


def _announces_list(paragraph: str) -> bool:
    """A sentence that ends in a colon ('Geplant sind außerdem:', 'Dazu gehören:'): it has a
    lowercase word other than a function word, a verb."""
    if not paragraph.endswith(":"):
        return False
    function_words = _function_words()
    return any(
        word[:1].islower() and word.strip(":,").lower() not in function_words
        for word in paragraph.split()
    )


def _is_label(paragraph: str) -> bool:
    """A box's label with a colon, no sentence: 'Mehr über Verkehr in Berlin:', 'Weitere
    Artikel aus dem Ressort Konjunktur:'."""
    return (
        paragraph.endswith(":")
        and len(paragraph.split()) <= _MAX_LABEL_WORDS
        and not _announces_list(paragraph)
    )


def _allow_questions(blocks: list[_Block]) -> bool:
    asked = [
        block
        for index, block in enumerate(blocks[:-1])
        if _is_heading(block.text, allow_question=True)
        and not _is_heading(block.text)
        and _is_prose(blocks[index + 1])
    ]
    return len(asked) <= _MAX_QUESTION_HEADINGS


_DATE = re.compile(r"(?<!\d)(\d{1,2})\.\s*(\d{1,2}(?=\.)|[^\W\d]+)\.?\s*(\d{4}|\d{2})(?!\d)")
_CENTURY = 2000  # a two-digit year ('26.11.26') is of this century


@cache
def _months() -> dict[str, int]:
    months: dict[str, int] = {}
    for number, name, *variants in langdata.rows("months"):
        for form in (name, *(v for field in variants for v in field.split(","))):
            if form.strip():
                months[form.strip().casefold()] = int(number)
    return months


def iso_date(stamp: str) -> str:
    """'26.11.2026, 14:30 Uhr', '26.11.26' or 'Montag, 3. März 2025' -> '2026-11-26' /
    '2025-03-03'."""
    match = _DATE.search(stamp)
    if not match:
        return ""
    day, month_text, year = match.groups()
    month = int(month_text) if month_text.isdigit() else _months().get(month_text.casefold(), 0)
    if not 1 <= month <= 12:
        return ""
    full_year = int(year) + (_CENTURY if len(year) == 2 else 0)
    return f"{full_year:04d}-{month:02d}-{int(day):02d}"


def site_of_source(source: str) -> str:
    """The site named in a source line ('ntv.de, mpa/AP' -> 'ntv.de')."""
    match = re.match(r"\s*([\w-]+(?:\.[\w-]+)*\.[a-z]{2,})\b", source)
    return match.group(1) if match else ""
