"""`dadkhah import` as users and scripts call it, including a kill in the middle.

The command runs in this process (CliRunner) on the test database, each test on a new
case folder. The kill stays a subprocess on its own SQLite case: its point is the
process killed and the case file it leaves.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from dadkhah.cli.imports import PROGRESS_BYTES
from tests.cli.dadkhah_process import cli_env, run_cli
from tests.cli.in_process import case_for_commands, invoke

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "import"


env = cli_env
run = run_cli


@pytest.fixture
def case_dir(case_dir: Path, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new case folder (tests/conftest.py), the one the in-process commands work on."""
    return case_for_commands(case_dir, settings, monkeypatch)


@pytest.fixture(scope="module")
def empty_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("template") / "case"
    assert run("init", str(root)).returncode == 0
    return root


@pytest.fixture
def case(empty_case: Path, tmp_path: Path) -> Path:
    """A fresh copy of one initialised case (init and its migrations run once per module)."""
    root = tmp_path / "case"
    shutil.copytree(empty_case, root)
    return root


COUNTED = ("sources_source", "sources_record", "evidence_evidenceitem")


def counts(case: Path) -> tuple[int, int, int]:
    """Sources, records and evidence items in the case's own SQLite file (a subprocess's)."""
    with sqlite3.connect(case / "case.sqlite3") as db:
        return tuple(  # type: ignore[return-value]
            db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in COUNTED
        )


def db_counts() -> tuple[int, int, int]:
    """Sources, records and evidence items in the test database (the in-process command's)."""
    from django.db import connection

    with connection.cursor() as cur:
        found = []
        for t in COUNTED:
            cur.execute(f"SELECT COUNT(*) FROM {t}")
            found.append(cur.fetchone()[0])
    return tuple(found)  # type: ignore[return-value]


@pytest.mark.django_db
def test_import_prints_what_it_did(case_dir: Path) -> None:
    result = invoke(
        "--case", str(case_dir), "import", str(DATA / "good_fa_cp1256.csv"), "--source", "regional"
    )
    assert result.exit_code == 0, result.stderr
    assert (
        "Imported 3 records from good_fa_cp1256.csv as version 1 of source 'regional'"
        in result.stdout
    )
    assert "encoding cp1256" in result.stdout
    assert "'نام خانوادگي' -> family_name" in result.stdout
    assert db_counts() == (1, 3, 1)
    again = invoke(
        "--case", str(case_dir), "import", str(DATA / "good_fa_cp1256.csv"), "--source", "regional"
    )
    assert again.exit_code == 0 and "is unchanged" in again.stdout
    assert db_counts() == (1, 3, 1)


@pytest.mark.django_db
def test_dry_run_prints_columns_sample_and_problems_and_writes_nothing(case_dir: Path) -> None:
    result = invoke(
        "--case", str(case_dir), "import", str(DATA / "warnings.csv"), "--source", "w", "--dry-run"
    )
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Dry run of warnings.csv" in out and "Nothing was written" in out
    assert "'death_date' -> death_date" in out
    assert "Sample of normalized rows (2):" in out and '"record_id": "1"' in out
    assert "value 'Atlantis': warning: the place is not in the gazetteer" in out
    assert db_counts() == (0, 0, 0)


@pytest.mark.django_db
def test_a_rejected_import_lists_every_problem_on_stderr_and_exits_1(case_dir: Path) -> None:
    result = invoke("--case", str(case_dir), "import", str(DATA / "dup_id.csv"), "--source", "d")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "dup_id.csv was NOT imported" in result.stderr
    assert "dup_id.csv, row 4, column 'record_id', value '7': error:" in result.stderr
    assert db_counts() == (0, 0, 0)


@pytest.mark.django_db
def test_skip_invalid_writes_the_rejected_rows(case_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "dup_id.csv"
    path.write_bytes((DATA / "dup_id.csv").read_bytes())
    result = invoke("--case", str(case_dir), "import", str(path), "--source", "d", "--skip-invalid")
    assert result.exit_code == 0, result.stderr
    assert f"1 rows rejected, written to {path}.rejected.csv" in result.stdout
    assert db_counts() == (1, 2, 1)


@pytest.mark.django_db
def test_a_mapping_file_is_used(case_dir: Path) -> None:
    result = invoke(
        "--case", str(case_dir), "import", str(DATA / "custom_headers.csv"), "--source", "c",
        "--mapping", str(DATA / "custom_mapping.toml"),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "'Name of victim' -> full_name" in result.stdout


@pytest.mark.django_db
def test_a_missing_file_is_an_error_with_a_sentence(case_dir: Path) -> None:
    result = invoke("--case", str(case_dir), "import", "nope.csv", "--source", "x")
    assert result.exit_code == 1
    assert "nope.csv: error: the file cannot be read (No such file or directory)" in result.stderr


BIG_ROWS = 45_000


def _big_list(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("record_id,given_name,family_name,father_name,birth_year,death_date,city,prison\n")
        for i in range(rows):
            fh.write(
                f"{i},Ali{i % 997},Tabesh{i % 1009},Reza,{1330 + i % 20},1367/05/{1 + i % 28},Tehran,Evin\n"
            )
    return path


@pytest.mark.slow
def test_a_killed_import_leaves_the_case_as_it_was(case: Path, tmp_path: Path) -> None:
    # A subprocess: the point is a process killed mid-import and the case file it leaves.
    # 2.4 MiB: over PROGRESS_BYTES, so a progress bar is drawn; the import is all-or-nothing
    # and the kill comes at its first rows, so a larger list only makes the re-import longer.
    big = _big_list(tmp_path / "big.csv", BIG_ROWS)
    assert big.stat().st_size > PROGRESS_BYTES
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dadkhah",
            "--case",
            str(case),
            "import",
            str(big),
            "--source",
            "big",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env(),
        cwd=REPO,
    )
    # Wait until rows are being written (the progress bar shows a row count), then kill.
    assert proc.stderr is not None
    seen = b""
    deadline = time.monotonic() + 120
    while b"rows=" not in seen and time.monotonic() < deadline:
        chunk = os.read(proc.stderr.fileno(), 4096)
        if not chunk:
            break
        seen += chunk
    assert b"rows=" in seen, seen[-2000:]
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    # The case is as it was: no source, no record, no evidence item, no stored file.
    assert counts(case) == (0, 0, 0)
    assert not [p for p in (case / "evidence").rglob("*") if p.is_file() and ".tmp" not in p.parts]
    # And it still works: the same import now succeeds.
    result = run("--case", str(case), "import", str(big), "--source", "big")
    assert result.returncode == 0, result.stderr[-2000:]
    assert counts(case) == (1, BIG_ROWS, 1)
