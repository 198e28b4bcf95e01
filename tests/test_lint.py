"""The code stays ruff-clean and strictly typed: checked with the tests, so main cannot drift."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True
    )


def test_ruff_check_is_clean() -> None:
    result = run("ruff", "check", "tts", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    result = run("mypy")  # settings in pyproject.toml: strict, on tts/
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_library_prints_nothing_and_reads_no_environment() -> None:
    """Only the CLI may talk to a terminal, and only the settings loader reads the environment:
    a CMS or a batch worker gets its progress as events and its configuration as Settings."""
    import ast

    offenders = []
    for path in sorted((ROOT / "tts").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            line = f"{name}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                modules = []
            if name != "tts/cli.py" and {m.split(".")[0] for m in modules} & {"rich", "typer"}:
                offenders.append(f"{line}: imports rich or typer")
            attribute = node.attr if isinstance(node, ast.Attribute) else ""
            if name != "tts/config.py" and attribute in ("environ", "getenv"):
                offenders.append(f"{line}: reads the environment")
            called = node.func if isinstance(node, ast.Call) else None
            if name != "tts/cli.py" and isinstance(called, ast.Name) and called.id == "print":
                offenders.append(f"{line}: prints")
    assert offenders == []
