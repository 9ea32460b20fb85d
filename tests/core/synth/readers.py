"""Read a generated list back with the format's own library (openpyxl, odfpy, json, csv)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any


def lists_toml(case: Path) -> dict[str, Any]:
    return tomllib.loads((case / "lists.toml").read_text(encoding="utf-8"))


def read_list(case: Path, entry: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """The headers and the records of one list, values as the library gives them."""
    path = case / entry["file"]
    fmt = entry["format"]
    if fmt == "csv":
        with path.open(encoding=entry["encoding"], newline="") as fh:
            rows = list(csv.reader(fh))
        headers = rows[0]
        return headers, [dict(zip(headers, r, strict=True)) for r in rows[1:]]
    if fmt == "json":
        data = json.loads(path.read_text(encoding="utf-8"))
        assert isinstance(data, list)
        return list(data[0]) if data else [], data
    if fmt == "jsonl":
        recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        headers: list[str] = []
        for r in recs:
            headers += [k for k in r if k not in headers]
        return headers, recs
    if fmt == "xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        ws = wb.worksheets[0]
        rows_x = [list(r) for r in ws.iter_rows(values_only=True)]
        wb.close()
        headers = [str(h) for h in rows_x[0]]
        # Empty trailing cells are not written, so a row may be shorter than the header.
        return headers, [
            dict(zip(headers, r + [None] * (len(headers) - len(r)), strict=True))
            for r in rows_x[1:]
        ]
    if fmt == "ods":
        from odf import teletype
        from odf.opendocument import load
        from odf.table import Table, TableCell, TableRow

        doc = load(str(path))
        table = doc.spreadsheet.getElementsByType(Table)[0]
        rows_o: list[list[Any]] = []
        for tr in table.getElementsByType(TableRow):
            row: list[Any] = []
            for cell in tr.getElementsByType(TableCell):
                text = teletype.extractText(cell)
                row.append(text if text != "" else None)
            rows_o.append(row)
        headers = [str(h) for h in rows_o[0]]
        return headers, [dict(zip(headers, r, strict=True)) for r in rows_o[1:]]
    raise AssertionError(f"unknown format {fmt}")


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)
