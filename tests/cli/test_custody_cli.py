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


def _drop_triggers_and_cut(case: Path, keep: int) -> None:
    """An attacker with the database file: drop the triggers, remove the newest entries
    and every head that covers them."""
    with sqlite3.connect(case / "case.sqlite3") as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")]
        for name in names:
            db.execute(f'DROP TRIGGER "{name}"')
        db.execute("DELETE FROM custody_custodyentryitem WHERE entry_id >= ?", [keep])
        db.execute("DELETE FROM custody_custodyentry WHERE seq >= ?", [keep])
        db.execute("DELETE FROM custody_custodyhead WHERE size > ?", [keep])


def test_publish_cosign_and_verify_since_find_a_rolled_back_log(case: Path, tmp_path: Path) -> None:
    head = tmp_path / "head.txt"
    published = run("--case", str(case), "custody", "publish", "--out", str(head))
    assert published.returncode == 0, published.stderr
    assert "signed head, size 3" in published.stdout and "fingerprint" in published.stdout
    assert head.read_text(encoding="utf-8").count("\n") == 5  # origin, size, root, blank, sig

    witness = tmp_path / "ngo"
    made = run("custody", "witness-key", "ngo.example/w1", "--out", str(witness))
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "ngo.key").stat().st_mode & 0o077 == 0
    line = tmp_path / "cosig.txt"
    cosigned = run(
        "custody", "cosign", str(head), "--key", str(tmp_path / "ngo.key"),
        "--log-key", str(case / "keys" / "custody.pub"), "--out", str(line),
    )  # fmt: skip
    assert cosigned.returncode == 0, cosigned.stderr
    with head.open("a", encoding="utf-8") as fh:
        fh.write(line.read_text(encoding="utf-8"))

    added = run("--case", str(case), "evidence", "add", str(_one(tmp_path)))
    assert added.returncode == 0, added.stderr
    ok = run(
        "--case", str(case), "verify", "--since", str(head),
        "--witness-key", str(tmp_path / "ngo.pub"),
    )  # fmt: skip
    assert ok.returncode == 0, ok.stdout
    assert "cosigned by witness ngo.example/w1" in ok.stdout

    latest = tmp_path / "latest.txt"
    assert run("--case", str(case), "custody", "publish", "--out", str(latest)).returncode == 0
    _drop_triggers_and_cut(case, keep=3)  # the later add and its head are gone
    alone = run("--case", str(case), "verify", "--no-items")
    assert alone.returncode == 0, alone.stdout  # the shorter log is self-consistent
    cut = run("--case", str(case), "verify", "--no-items", "--since", str(latest))
    assert cut.returncode == 1
    assert "signs 4 entries but the log now has 3" in cut.stdout


def test_cosign_refuses_a_head_the_log_key_did_not_sign(case: Path, tmp_path: Path) -> None:
    head = tmp_path / "head.txt"
    assert run("--case", str(case), "custody", "publish", "--out", str(head)).returncode == 0
    assert run("custody", "witness-key", "w", "--out", str(tmp_path / "w")).returncode == 0
    other = tmp_path / "other"
    assert run("init", str(other)).returncode == 0
    assert run("--case", str(other), "custody", "publish").returncode == 1  # empty log
    run("--case", str(other), "evidence", "add", str(_one(tmp_path)))
    refused = run(
        "custody", "cosign", str(head), "--key", str(tmp_path / "w.key"),
        "--log-key", str(other / "keys" / "custody.pub"),
    )  # fmt: skip
    assert refused.returncode == 1 and "not cosigned" in refused.stderr


def _one(tmp_path: Path) -> Path:
    path = tmp_path / "later.txt"
    path.write_text("a later fictional document\n", encoding="utf-8")
    return path
