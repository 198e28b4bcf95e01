"""The editor's review: every rewritten or guessed place, with its kind and the risky ones
marked. Sentences are made up for the tests."""

from __future__ import annotations

from tts.normalize import Lexicon, normalize
from tts.normalize.review import Rewrite, lines, review


def places(text: str) -> list[tuple[str, str, bool]]:
    return [(r.written, r.kind, r.ambiguous) for r in review(text)]


def test_each_rewrite_names_its_kind() -> None:
    text = "Am 3. Oktober 1990 um 14.30 Uhr kostete es in 10115 Berlin 5,99 € inkl. USt."
    assert places(text) == [
        ("3. Oktober 1990", "date", False),
        ("14.30 Uhr", "time", False),
        ("10115", "postal code", True),
        ("5,99 €", "money", False),
        ("inkl", "abbreviation", False),
        ("USt", "abbreviation", False),
    ]


def test_offsets_point_into_the_text_and_spoken_forms_are_the_normalisers() -> None:
    text = "Infos unter www.adac.de, Tel. 0800 123456, und Trump kam."
    found = review(text)
    assert all(text[r.start : r.end] == r.written for r in found)
    spoken = normalize(text).replace(",", "")
    assert all(r.spoken in spoken for r in found)
    assert [(r.written, r.kind) for r in found] == [
        ("www.adac.de", "web address"),
        ("Tel", "abbreviation"),
        ("0800 123456", "phone number"),
        ("Trump", "foreign name"),
    ]


def test_risky_decisions_are_marked() -> None:
    found = {r.written: r for r in review("Das Spiel endete 20:15.")}
    found.update({r.written: r for r in review("Einlass ist 19:30 bei 1899 Hoffenheim.")})
    assert found["20:15"].kind == "score" and found["20:15"].ambiguous
    assert found["19:30"].kind == "time" and found["19:30"].ambiguous
    assert found["1899"].kind == "year" and found["1899"].ambiguous
    assert found["1899"].reason


def test_sure_decisions_are_not_marked() -> None:
    found = review("Bayern gewann 3:1 und feierte um 20.15 Uhr mit der NATO.")
    kinds = {r.written: (r.kind, r.ambiguous) for r in found}
    assert kinds["3:1"] == ("score", False)
    assert kinds["20.15 Uhr"] == ("time", False)
    assert kinds["NATO"] == ("acronym", False)


def test_unknown_foreign_names_and_unlisted_acronyms_are_flagged() -> None:
    found = {r.written: r for r in review("Er traf Boulos und die KCNA in Kyjiw.")}
    assert found["Boulos"].kind == "unknown name" and found["Boulos"].ambiguous
    assert found["Boulos"].spoken == "Boulos"
    assert found["KCNA"].kind == "acronym" and found["KCNA"].ambiguous
    assert found["Kyjiw"].kind == "foreign name" and not found["Kyjiw"].ambiguous


def test_plain_text_has_nothing_to_review() -> None:
    assert review("Die Sitzung wurde vertagt.") == []


def test_a_lexicon_entry_is_its_own_kind() -> None:
    found = review("Merz sprach.", Lexicon({"Merz": "Märtz"}))
    assert found == [Rewrite(0, 4, "Merz", "Märtz", "lexicon")]


def test_lines_mark_the_risky_places() -> None:
    text_lines = lines(review("Das Spiel endete 20:15."))
    assert text_lines == ["  ? 20:15 -> zwanzig zu fünfzehn   [score: could also be a time of day]"]
    assert lines(review("Bayern gewann 3:1.")) == ["    3:1 -> drei zu eins   [score]"]
