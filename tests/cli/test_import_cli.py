"""`dadkhah import` as users and scripts call it, including a kill in the middle."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.dadkhah_process import cli_env, run_cli

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "import"


env = cli_env
run = run_cli


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


def counts(case: Path) -> tuple[int, int, int]:
    with sqlite3.connect(case / "case.sqlite3") as db:
        return tuple(  # type: ignore[return-value]
            db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("sources_source", "sources_record", "evidence_evidenceitem")
        )


def test_import_prints_what_it_did(case: Path) -> None:
    result = run(
        "--case", str(case), "import", str(DATA / "good_fa_cp1256.csv"), "--source", "regional"
    )
    assert result.returncode == 0, result.stderr
    assert (
        "Imported 3 records from good_fa_cp1256.csv as version 1 of source 'regional'"
        in result.stdout
    )
    assert "encoding cp1256" in result.stdout
    assert "'نام خانوادگي' -> family_name" in result.stdout
    assert counts(case) == (1, 3, 1)
    again = run(
        "--case", str(case), "import", str(DATA / "good_fa_cp1256.csv"), "--source", "regional"
    )
    assert again.returncode == 0 and "is unchanged" in again.stdout
    assert counts(case) == (1, 3, 1)


def test_dry_run_prints_columns_sample_and_problems_and_writes_nothing(case: Path) -> None:
    result = run(
        "--case", str(case), "import", str(DATA / "warnings.csv"), "--source", "w", "--dry-run"
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Dry run of warnings.csv" in out and "Nothing was written" in out
    assert "'death_date' -> death_date" in out
    assert "Sample of normalized rows (2):" in out and '"record_id": "1"' in out
    assert "value 'Atlantis': warning: the place is not in the gazetteer" in out
    assert counts(case) == (0, 0, 0)


def test_a_rejected_import_lists_every_problem_on_stderr_and_exits_1(case: Path) -> None:
    result = run("--case", str(case), "import", str(DATA / "dup_id.csv"), "--source", "d")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "dup_id.csv was NOT imported" in result.stderr
    assert "dup_id.csv, row 4, column 'record_id', value '7': error:" in result.stderr
    assert counts(case) == (0, 0, 0)


def test_skip_invalid_writes_the_rejected_rows(case: Path, tmp_path: Path) -> None:
    path = tmp_path / "dup_id.csv"
    path.write_bytes((DATA / "dup_id.csv").read_bytes())
    result = run("--case", str(case), "import", str(path), "--source", "d", "--skip-invalid")
    assert result.returncode == 0, result.stderr
    assert f"1 rows rejected, written to {path}.rejected.csv" in result.stdout
    assert counts(case) == (1, 2, 1)


def test_a_mapping_file_is_used(case: Path) -> None:
    result = run(
        "--case", str(case), "import", str(DATA / "custom_headers.csv"), "--source", "c",
        "--mapping", str(DATA / "custom_mapping.toml"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "'Name of victim' -> full_name" in result.stdout


def test_a_missing_file_is_an_error_with_a_sentence(case: Path) -> None:
    result = run("--case", str(case), "import", "nope.csv", "--source", "x")
    assert result.returncode == 1
    assert "nope.csv: error: the file cannot be read (No such file or directory)" in result.stderr


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
    big = _big_list(tmp_path / "big.csv", 60_000)  # about 4 MB: a progress bar is drawn
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
    assert counts(case) == (1, 60_000, 1)
