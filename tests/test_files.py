"""Atomic writes: a file is whole or untouched, temporaries are hidden and cleaned up."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.readonly import read_only_directory
from tts.errors import OutputError
from tts.files import ensure_writable_directory, temporary_path, write_atomic


def test_temporary_path_is_hidden_unique_and_beside_the_target(tmp_path: Path) -> None:
    final = tmp_path / "folge.mp3"
    first, second = temporary_path(final), temporary_path(final)
    assert first != second
    assert first.parent == tmp_path
    assert first.name.startswith(".folge.") and first.name.endswith(".mp3.part")


def test_write_atomic_replaces_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.json"
    target.parent.mkdir()
    target.write_text("alt")
    write_atomic(target, b"neu")
    assert target.read_bytes() == b"neu"
    assert [p.name for p in target.parent.iterdir()] == ["a.json"]


def test_write_atomic_failure_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "a.json"
    target.mkdir(parents=True)  # a directory where the file should go: the rename fails
    with pytest.raises(OSError):
        write_atomic(target, b"neu")
    assert target.is_dir()
    assert [p.name for p in target.parent.iterdir()] == ["a.json"]


def test_writable_directory_is_created_or_named(tmp_path: Path) -> None:
    ensure_writable_directory(tmp_path / "neu" / "tief", "output directory", "fix", OutputError)
    assert (tmp_path / "neu" / "tief").is_dir()
    blocker = tmp_path / "datei"
    blocker.write_text("x")
    with pytest.raises(OutputError, match=r"datei: the output directory is not a directory; fix"):
        ensure_writable_directory(blocker, "output directory", "fix", OutputError)


def test_read_only_directory_is_refused(tmp_path: Path) -> None:
    with read_only_directory(tmp_path / "fest") as locked:
        with pytest.raises(OutputError, match=r"fest: the output directory is not writable; fix"):
            ensure_writable_directory(locked, "output directory", "fix", OutputError)
        assert list(locked.iterdir()) == []
