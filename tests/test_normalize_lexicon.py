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
