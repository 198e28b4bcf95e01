"""The user lexicon and the `tts normalize` command."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tts.cli import app
from tts.errors import InputError
from tts.normalize import Lexicon, Normalizer, normalize


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_replacement_text_is_normalised_like_the_rest(tmp_path: Path) -> None:
    lexicon = Lexicon.load(write(tmp_path / "lex.tsv", "# names\nMerz\tMärtz\nPKW\tPkw\n"))
    assert normalize("Merz kam am 3. Mai.", lexicon) == "Märtz kam am dritten Mai."
    assert normalize("Ein PKW", lexicon) == "Ein P k w"


def test_phonemes_pass_through_untouched(tmp_path: Path) -> None:
    lexicon = Lexicon.load(write(tmp_path / "lex.tsv", "Kim Jong Un\t[[ kˈɪm dʒˈɔŋ ˈʊn 2 ]]\n"))
    spoken = Normalizer(lexicon)("Kim Jong Un kam 2024.")
    assert spoken == "[[ kˈɪm dʒˈɔŋ ˈʊn 2 ]] kam zweitausendvierundzwanzig."


def test_whole_words_only_and_case_sensitive(tmp_path: Path) -> None:
    lexicon = Lexicon.load(write(tmp_path / "lex.tsv", "Rom\tRohm\nbad\tbaad\n"))
    assert normalize("Rom, Romantik, rom", lexicon) == "Rohm, Romantik, rom"
    assert normalize("Bad und bad", lexicon) == "Baad und baad"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("Merz Märtz\n", "expected 'word<TAB>replacement'"),
        ("Merz\t\n", "expected 'word<TAB>replacement'"),
        ("Merz\t[[ mɛrts\n", "one block"),
        ("Merz\tMärz\nMerz\tMärtz\n", "listed twice"),
    ],
)
def test_bad_lexicon_names_file_line_and_problem(
    tmp_path: Path, content: str, problem: str
) -> None:
    path = write(tmp_path / "lex.tsv", content)
    with pytest.raises(InputError, match=problem) as error:
        Lexicon.load(path)
    assert str(path) in str(error.value)


def test_three_fields_are_an_error_not_part_of_the_replacement(tmp_path: Path) -> None:
    path = write(tmp_path / "lex.tsv", "Trump\tTramp\textra\n")
    with pytest.raises(InputError) as error:
        Lexicon.load(path)
    assert str(error.value) == (
        f"lexicon {path}: line 1: 3 tab-separated fields, expected 2 (word<TAB>replacement)"
    )


def test_trailing_whitespace_is_not_a_field(tmp_path: Path) -> None:
    lexicon = Lexicon.load(write(tmp_path / "lex.tsv", "Merz\tMärtz\t \n"))
    assert lexicon.entries == {"Merz": "Märtz"}


def test_every_bad_line_at_once(tmp_path: Path) -> None:
    path = write(
        tmp_path / "lex.tsv",
        "# Namen\n"
        "Merz\tMärtz\n"
        "Scholz Scholtz\n"
        "Trump\tTramp\textra\n"
        "\n"
        "Macron\t[[ makʁˈɔ̃\n"
        "Merz\tMerts\n"
        "Habeck\t[[ ]]\n"
        "Lindner\tLintner\n",
    )
    with pytest.raises(InputError) as error:
        Lexicon.load(path)
    assert str(error.value) == (
        f"lexicon {path}: 5 bad lines: "
        "line 3: expected 'word<TAB>replacement', got 'Scholz Scholtz'; "
        "line 4: 3 tab-separated fields, expected 2 (word<TAB>replacement); "
        "line 6: phonemes must be one block '[[ ... ]]', got '[[ makʁˈɔ̃'; "
        "line 7: 'Merz' is listed twice with different replacements (first on line 2); "
        "line 8: the phoneme block '[[ ]]' is empty"
    )
    assert "\n" not in str(error.value)


def test_a_file_wrong_throughout_lists_its_first_lines_and_counts_the_rest(
    tmp_path: Path,
) -> None:
    path = write(tmp_path / "lex.csv", "".join(f"Wort{n},Ersatz{n}\n" for n in range(100)))
    with pytest.raises(InputError) as error:
        Lexicon.load(path)
    message = str(error.value)
    assert message.startswith(f"lexicon {path}: 100 bad lines: line 1: ")
    assert "line 20: " in message and "line 21: " not in message
    assert message.endswith("; and 80 more")


def test_two_phoneme_blocks_are_not_one(tmp_path: Path) -> None:
    path = write(tmp_path / "lex.tsv", "Kim Jong Un\t[[ kˈɪm ]] Jong [[ ˈʊn ]]\n")
    with pytest.raises(InputError, match="line 1: phonemes must be one block"):
        Lexicon.load(path)


def test_phonemes_are_checked_against_the_voice(tmp_path: Path, test_voice: Path) -> None:
    """The real test voice's phoneme set (Piper's default map) through PiperEngine.phonemes."""
    from tts.config import VoiceSettings
    from tts.synth.piper import PiperEngine
    from tts.voices import find_voice

    engine = PiperEngine(find_voice(str(test_voice), tmp_path), VoiceSettings())
    assert engine.phonemes is not None and {"ʁ", "ˈ", " ", "\u0303"} <= engine.phonemes
    good = Lexicon.load(write(tmp_path / "gut.tsv", "Macron\t[[ makʁˈɔ̃ ]]\nMerz\tMärtz\n"))
    good.check_phonemes(engine.phonemes)
    path = write(
        tmp_path / "lex.tsv",
        "# Namen\nMacron\t[[ makʁˈɔ̃ ]]\nXi\t[[ ɕˈi ☃ ]]\nMerz\tMärtz\nTschüss\t[[ tʃʏs\u200b ]]\n",
    )
    lexicon = Lexicon.load(path)
    with pytest.raises(InputError) as error:
        lexicon.check_phonemes(engine.phonemes)
    assert str(error.value) == (
        f"lexicon {path}: phonemes the voice does not know: "
        "line 3 (Xi): ☃; line 5 (Tschüss): U+200B"
    )


def test_espeak_does_not_check_phonemes() -> None:
    from tts.synth.espeak import EspeakEngine

    assert EspeakEngine().phonemes is None


def test_missing_or_binary_lexicon(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        Lexicon.load(tmp_path / "none.tsv")
    (tmp_path / "bin.tsv").write_bytes(b"\xff\xfe\x00a")
    with pytest.raises(InputError, match="not UTF-8"):
        Lexicon.load(tmp_path / "bin.tsv")


def test_cli_one_line_out_per_line_in_including_empty_lines() -> None:
    result = CliRunner().invoke(app, ["normalize"], input="Am 3. Mai\n\n1,5 km\n \nUSA\n")
    assert result.exit_code == 0
    assert result.output.split("\n")[:-1] == [
        "Am dritten Mai",
        "",
        "eins Komma fünf Kilometer",
        "",
        "U S A",
    ]


def test_cli_argument_and_lexicon(tmp_path: Path) -> None:
    path = write(tmp_path / "lex.tsv", "Merz\tMärtz\n")
    result = CliRunner().invoke(app, ["normalize", "--lexicon", str(path), "Merz: 5 €"])
    assert result.exit_code == 0
    assert result.output == "Märtz: fünf Euro\n"


def test_cli_bad_lexicon_is_one_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path / "lex.tsv", "no tab here\n")
    result = CliRunner().invoke(app, ["normalize", "--lexicon", str(path), "x"])
    assert result.exit_code == 1
    assert "Error: lexicon" in result.output and "line 1" in result.output


def test_script_and_config_use_the_lexicon(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Merz trifft Macron in Paris\n\nMerz sprach von Freundschaft.\n", "utf-8")
    lexicon = tmp_path / "aussprache.tsv"
    lexicon.write_text("Merz\tMärtz\nMacron\t[[ makʁˈɔ̃ ]]\n", "utf-8")
    by_flag = CliRunner().invoke(
        app, ["script", "--spoken", "--lexicon", str(lexicon), str(article)]
    )
    assert by_flag.exit_code == 0, by_flag.output
    assert by_flag.output.splitlines()[1:3] == [
        "Märtz trifft [[ makʁˈɔ̃ ]] in Paris.",
        "Märtz sprach von Freundschaft.",
    ]
    config = tmp_path / "tts.toml"
    config.write_text('[episode]\nlexicon = "aussprache.tsv"\n', "utf-8")
    by_config = CliRunner().invoke(
        app, ["script", "--spoken", "--config", str(config), str(article)]
    )
    assert by_config.output == by_flag.output


def test_synth_stops_on_unknown_phonemes_before_any_audio(tmp_path: Path, test_voice: Path) -> None:
    """Through the real pipeline: the check runs once the voice is open, nothing is written."""
    article = write(tmp_path / "a.txt", "Bahn fährt wieder\n\nDie Bahn fährt ab Montag wieder.\n")
    lexicon = write(tmp_path / "lex.tsv", "Bahn\t[[ bˈaːn ☃ ]]\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "synth",
            str(article),
            "-o",
            str(out),
            "--voice",
            str(test_voice),
            "--lexicon",
            str(lexicon),
        ],
    )
    assert result.exit_code == 1, result.output
    assert result.output == (
        f"Error: lexicon {lexicon}: phonemes the voice does not know: line 1 (Bahn): ☃\n"
    )
    assert not out.exists() or list(out.iterdir()) == []
