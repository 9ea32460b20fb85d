"""The custody commands end to end, in process (CliRunner) on a real case folder: corrections,
publishing heads and detecting a rolled-back log with `verify --since`.

The case's folder (keys, evidence store) is real; its tables are the test database's, so
that these run on SQLite and on PostgreSQL alike. The exit codes of the real entry point
are tested in a subprocess in tests/cli/test_evidence_cli.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cli.in_process import invoke

pytestmark = pytest.mark.django_db


run = invoke


def _new_case(root: Path, settings: Any, name: str = "Custody CLI") -> Path:
    from dadkhah.core.case import init_case

    settings.CASE = init_case(root, name=name)  # the custody entries are signed by its key
    return root


@pytest.fixture
def case(tmp_path: Path, settings: Any) -> Path:
    root = _new_case(tmp_path / "case", settings)
    _add_three(root, tmp_path)
    return root


def test_a_new_case_verifies_before_anything_is_written(tmp_path: Path, settings: Any) -> None:
    # `init` makes the custody key pair: verify checks the empty log against its public key.
    root = _new_case(tmp_path / "new", settings)
    result = run("--case", str(root), "verify")
    assert result.exit_code == 0, result.output
    assert "0 entries" in result.stdout and "VERIFIED" in result.stdout


def _add_three(root: Path, tmp_path: Path) -> None:
    files = tmp_path / "files"
    files.mkdir()
    for i in range(3):
        (files / f"doc{i}.txt").write_text(f"fictional document {i}\n", encoding="utf-8")
    added = run("--case", str(root), "evidence", "add", str(files), "--collected-by", "A")
    assert added.exit_code == 0, added.output


def _sha(name: str) -> str:
    from dadkhah.web.evidence.models import EvidenceItem

    return str(EvidenceItem.objects.get(original_name=name).sha256)


def test_evidence_correct_logs_the_change_and_verify_passes(case: Path) -> None:
    sha = _sha("doc1.txt")
    result = run(
        "--case", str(case), "evidence", "correct", sha[:12], "--field", "collected_by",
        "--value", "B", "--reason", "the scan log names B", "--actor", "legal-1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "collected_by: B" in result.stdout
    verified = run("--case", str(case), "verify")
    assert verified.exit_code == 0, verified.output


def test_evidence_correct_refuses_a_custody_field_that_follows_from_the_bytes(
    case: Path,
) -> None:
    result = run(
        "--case", str(case), "evidence", "correct", _sha("doc0.txt"),
        "--field", "size", "--value", "1", "--reason", "r",
    )  # fmt: skip
    assert result.exit_code == 1 and "'size' cannot be corrected" in result.stderr


def _drop_triggers_and_cut(keep: int) -> None:
    """An attacker with the database: drop the triggers, remove the newest entries
    and every head that covers them (the test's transaction puts all back after)."""
    from django.db import connection

    from dadkhah.web.custody import triggers

    with connection.cursor() as cur:
        for sql in triggers.drop_sql(connection.vendor):
            cur.execute(sql)
        cur.execute("DELETE FROM custody_custodyentryitem WHERE entry_id >= %s", [keep])
        cur.execute("DELETE FROM custody_custodyentry WHERE seq >= %s", [keep])
        cur.execute("DELETE FROM custody_custodyhead WHERE size > %s", [keep])


def test_publish_cosign_and_verify_since_find_a_rolled_back_log(case: Path, tmp_path: Path) -> None:
    head = tmp_path / "head.txt"
    published = run("--case", str(case), "custody", "publish", "--out", str(head))
    assert published.exit_code == 0, published.output
    assert "signed head, size 3" in published.stdout and "fingerprint" in published.stdout
    assert head.read_text(encoding="utf-8").count("\n") == 5  # origin, size, root, blank, sig

    witness = tmp_path / "ngo"
    made = run("custody", "witness-key", "ngo.example/w1", "--out", str(witness))
    assert made.exit_code == 0, made.output
    assert (tmp_path / "ngo.key").stat().st_mode & 0o077 == 0
    line = tmp_path / "cosig.txt"
    cosigned = run(
        "custody", "cosign", str(head), "--key", str(tmp_path / "ngo.key"),
        "--log-key", str(case / "keys" / "custody.pub"), "--out", str(line),
    )  # fmt: skip
    assert cosigned.exit_code == 0, cosigned.output
    with head.open("a", encoding="utf-8") as fh:
        fh.write(line.read_text(encoding="utf-8"))

    added = run("--case", str(case), "evidence", "add", str(_one(tmp_path)))
    assert added.exit_code == 0, added.output
    ok = run(
        "--case", str(case), "verify", "--since", str(head),
        "--witness-key", str(tmp_path / "ngo.pub"),
    )  # fmt: skip
    assert ok.exit_code == 0, ok.output
    assert "cosigned by witness ngo.example/w1" in ok.stdout

    latest = tmp_path / "latest.txt"
    assert run("--case", str(case), "custody", "publish", "--out", str(latest)).exit_code == 0
    _drop_triggers_and_cut(keep=3)  # the later add and its head are gone
    alone = run("--case", str(case), "verify", "--no-items")
    assert alone.exit_code == 0, alone.output  # the shorter log is self-consistent
    cut = run("--case", str(case), "verify", "--no-items", "--since", str(latest))
    assert cut.exit_code == 1
    assert "signs 4 entries but the log now has 3" in cut.stdout


def test_cosign_refuses_a_head_the_log_key_did_not_sign(tmp_path: Path, settings: Any) -> None:
    # The two cases share the test database: the other case publishes first, while the
    # log is empty, and the first case's head is then signed by its own key only.
    other = _new_case(tmp_path / "other", settings, name="Other")
    assert run("--case", str(other), "custody", "publish").exit_code == 1  # empty log
    case = _new_case(tmp_path / "case", settings)
    _add_three(case, tmp_path)
    head = tmp_path / "head.txt"
    assert run("--case", str(case), "custody", "publish", "--out", str(head)).exit_code == 0
    assert run("custody", "witness-key", "w", "--out", str(tmp_path / "w")).exit_code == 0
    refused = run(
        "custody", "cosign", str(head), "--key", str(tmp_path / "w.key"),
        "--log-key", str(other / "keys" / "custody.pub"),
    )  # fmt: skip
    assert refused.exit_code == 1 and "not cosigned" in refused.stderr
    # The case's own key does cosign it: the refusal above is the key's, not the files'.
    accepted = run(
        "custody", "cosign", str(head), "--key", str(tmp_path / "w.key"),
        "--log-key", str(case / "keys" / "custody.pub"),
    )  # fmt: skip
    assert accepted.exit_code == 0, accepted.output


def _one(tmp_path: Path) -> Path:
    path = tmp_path / "later.txt"
    path.write_text("a later fictional document\n", encoding="utf-8")
    return path
