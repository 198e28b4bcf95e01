"""Build tts/data/nouns_wiktionary.tsv.gz from the `german-nouns` package (a development
tool, not imported by the library): `pip install --no-deps german-nouns`, then
`python -m tts.normalize.nounlex_build`.

german-nouns (Gregor Weichbrodt, from de.wiktionary.org, CC BY-SA 4.0) lists ~100,000 nouns
with gender and forms. It cannot be a run-time dependency: it requires wiktionary-de-parser,
which pins lxml < 5 against trafilatura's lxml 6. The derived file keeps only what the
normaliser asks: every nominative singular, nominative and dative plural with its gender,
as one line each; where the hand list and the ending rules (nouns.tsv, noun_suffixes.tsv)
already give the same gender, the gender column is left empty (the file only says "a common
noun", which tells a place name after a number from a noun). The file carries the same licence.
"""

from __future__ import annotations

import csv
import gzip
import io
from importlib import resources
from pathlib import Path

from tts.normalize import grammar

_TARGET = Path(__file__).resolve().parent.parent / "data" / "nouns_wiktionary.tsv.gz"
_HEADER = (
    "# Derived from german-nouns 1.2.5 (github.com/gambolputty/german-nouns, compiled from\n"
    "# de.wiktionary.org), licence CC BY-SA 4.0; built by tts/normalize/nounlex_build.py.\n"
    "# form\tgender (empty: as the ending rules say)\tplural (1)\n"
)


def forms() -> dict[str, tuple[str, bool]]:
    """Every noun form of german-nouns -> (gender, is plural); singulars win."""
    text = (resources.files("german_nouns") / "nouns.csv").read_text("utf-8")
    reader = csv.reader(io.StringIO(text))
    index = {name: i for i, name in enumerate(next(reader))}
    genders = [index["genus"], index["genus 1"]]
    singular = index["nominativ singular"]
    plurals = [index[n] for n in ("nominativ plural", "nominativ plural 1", "dativ plural")]
    out: dict[str, tuple[str, bool]] = {}
    for row in reader:
        gender = row[genders[0]] or row[genders[1]]
        word = row[singular] or row[0]
        if gender not in ("m", "f", "n") or not word[:1].isupper() or " " in word:
            continue
        out[word] = (gender, False)
        for i in plurals:
            if row[i] and row[i] != word and " " not in row[i]:
                out.setdefault(row[i], (gender, True))
    return out


def _without_wiktionary(word: str) -> tuple[str | None, bool]:
    """What the normaliser says of a listed form whose gender column is empty: the hand list,
    else the ending rules (grammar.noun_of's order), so the file only holds what they miss."""
    known = grammar.noun_info(word)
    return (known[0], known[1]) if known else grammar._by_ending(word)


def main() -> int:
    """Write the file; the number of forms it holds."""
    lines = []
    for word, (gender, plural) in sorted(forms().items()):
        same = _without_wiktionary(word) == (gender, plural)
        lines.append(f"{word}\t{'' if same else gender}\t{int(plural)}\n")
    with gzip.open(_TARGET, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(_HEADER)
        out.writelines(lines)
    return len(lines)


if __name__ == "__main__":
    main()
