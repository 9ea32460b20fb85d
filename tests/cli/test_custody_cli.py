"""The custody commands end to end, in subprocesses: corrections, publishing heads and
detecting a rolled-back log with `verify --since`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_evidence_cli import run


@pytest.fixture
def case(tmp_path: Path) -> Path:
    root = tmp_path / "case"
    assert run("init", str(root), "--name", "Custody CLI").returncode == 0
    files = tmp_path / "files"
    files.mkdir()
    for i in range(3):
        (files / f"doc{i}.txt").write_text(f"fictional document {i}\n", encoding="utf-8")
    added = run("--case", str(root), "evidence", "add", str(files), "--collected-by", "A")
    assert added.returncode == 0, added.stderr
    return root


def _sha(case: Path, name: str) -> str:
    with sqlite3.connect(case / "case.sqlite3") as db:
        return db.execute(
            "SELECT sha256 FROM evidence_evidenceitem WHERE original_name = ?", [name]
        ).fetchone()[0]


def test_evidence_correct_logs_the_change_and_verify_passes(case: Path) -> None:
    sha = _sha(case, "doc1.txt")
    result = run(
        "--case", str(case), "evidence", "correct", sha[:12], "--field", "collected_by",
        "--value", "B", "--reason", "the scan log names B", "--actor", "legal-1",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "collected_by: B" in result.stdout
    verified = run("--case", str(case), "verify")
    assert verified.returncode == 0, verified.stdout


def test_evidence_correct_refuses_a_custody_field_that_follows_from_the_bytes(
    case: Path,
) -> None:
    result = run(
        "--case", str(case), "evidence", "correct", _sha(case, "doc0.txt"),
        "--field", "size", "--value", "1", "--reason", "r",
    )  # fmt: skip
    assert result.returncode == 1 and "'size' cannot be corrected" in result.stderr
