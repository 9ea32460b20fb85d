"""Write a list's rows as CSV, XLSX, ODS, JSON or JSON Lines, byte-identical for a seed.

Spreadsheet files are zip archives that carry the time they were written (in
each member's header and in their metadata); `fix_zip_times` rewrites them with
a fixed time so that the same seed gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from dadkhah.core import csvsafe
from dadkhah.core.synth.builders import Cell

FIXED_ZIP_TIME = (1988, 9, 1, 0, 0, 0)
FIXED_ISO = "1988-09-01T00:00:00Z"
FORMATS = ("csv", "xlsx", "ods", "json", "jsonl")

Rows = Sequence[Sequence[Cell]]


def _json_value(value: Cell) -> str | int | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_csv(
    path: Path, headers: Sequence[str], chunks: Iterable[Rows], encoding: str = "utf-8"
) -> int:
    """Write rows to a CSV file (RFC 4180 quoting, CRLF line ends); return the row count."""
    n = 0
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csvsafe.writer(fh)
        w.writerow(headers)
        for rows in chunks:
            # The csv module writes None as an empty field and str() of the rest
            # (a date as ISO 8601), the same as converting each cell first, only faster.
            w.writerows(rows)
            n += len(rows)
    return n


def write_json(path: Path, headers: Sequence[str], chunks: Iterable[Rows]) -> int:
    """Write rows as one JSON array of objects (missing values as null); return the count."""
    n = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("[")
        for rows in chunks:
            for row in rows:
                obj = {h: _json_value(v) for h, v in zip(headers, row, strict=True)}
                fh.write(("\n" if n == 0 else ",\n") + json.dumps(obj, ensure_ascii=False))
                n += 1
        fh.write("\n]\n")
    return n


def write_jsonl(path: Path, headers: Sequence[str], chunks: Iterable[Rows]) -> int:
    """Write rows as JSON Lines, one object a line, missing values left out; return the count."""
    n = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for rows in chunks:
            for row in rows:
                obj = {
                    h: _json_value(v) for h, v in zip(headers, row, strict=True) if v is not None
                }
                fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
                n += 1
    return n


def write_xlsx(path: Path, headers: Sequence[str], chunks: Iterable[Rows], title: str) -> int:
    """Write rows to an XLSX workbook (openpyxl, write-only mode); return the row count.

    Dates are real spreadsheet dates; everything else is text or a number.
    """
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.properties.title = title
    wb.properties.creator = "dadkhah synth"
    fixed = dt.datetime(1988, 9, 1)
    wb.properties.created = fixed
    ws = wb.create_sheet("list")
    ws.append(list(headers))
    n = 0
    for rows in chunks:
        for row in rows:
            ws.append(list(row))
            n += 1
    wb.save(path)
    fix_zip_times(path, rewrite=_fix_core_xml)
    return n


def _fix_core_xml(name: str, data: bytes) -> bytes:
    if name != "docProps/core.xml":
        return data
    text = data.decode("utf-8")
    text = re.sub(
        r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{FIXED_ISO}\g<2>", text
    )
    text = re.sub(
        r"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)", rf"\g<1>{FIXED_ISO}\g<2>", text
    )
    return text.encode("utf-8")


def write_ods(path: Path, headers: Sequence[str], chunks: Iterable[Rows], title: str) -> int:
    """Write rows to an OpenDocument spreadsheet (odfpy); return the row count.

    Dates are written as office:date-value cells, numbers as floats, the rest as strings.
    """
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="list")

    def add(values: Sequence[Cell]) -> None:
        tr = TableRow()
        for v in values:
            if v is None:
                cell = TableCell()
            elif isinstance(v, dt.date):
                cell = TableCell(valuetype="date", datevalue=v.isoformat())
                cell.addElement(P(text=v.isoformat()))
            elif isinstance(v, int):
                cell = TableCell(valuetype="float", value=str(v))
                cell.addElement(P(text=str(v)))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=v))
            tr.addElement(cell)
        table.addElement(tr)

    add(list(headers))
    n = 0
    for rows in chunks:
        for row in rows:
            add(row)
            n += 1
    doc.spreadsheet.addElement(table)
    from odf.dc import Title

    doc.meta.addElement(Title(text=title))
    buf = io.BytesIO()
    doc.write(buf)
    path.write_bytes(buf.getvalue())
    fix_zip_times(path, rewrite=_canonical_namespaces)
    return n


_ROOT_TAG = re.compile(rb"(<\?xml[^>]*\?>\s*<[\w:-]+)([^>]*)(>)")
_XMLNS = re.compile(rb'\s+xmlns:[\w-]+="[^"]*"')


def _canonical_namespaces(name: str, data: bytes) -> bytes:
    """Declare every ODF namespace, sorted, on each XML part's root element.

    odfpy collects namespace declarations in a class attribute shared by every
    document of the process, so the same content is declared differently
    depending on what was written before; a fixed declaration makes the bytes
    depend on the content alone.
    """
    if not name.endswith(".xml") or name.startswith("META-INF"):
        return data
    from odf.namespaces import nsdict

    decl = b"".join(
        f' xmlns:{prefix}="{uri}"'.encode()
        for uri, prefix in sorted(nsdict.items(), key=lambda kv: kv[1])
    )
    m = _ROOT_TAG.search(data)
    if m is None:
        return data
    attrs = _XMLNS.sub(b"", m.group(2))
    return data[: m.start()] + m.group(1) + decl + attrs + m.group(3) + data[m.end() :]


def fix_zip_times(path: Path, rewrite: Callable[[str, bytes], bytes] | None = None) -> None:
    """Rewrite a zip archive with a fixed time on every member, same order and compression.

    The first member keeps its compression (an ODS file's `mimetype` must stay
    stored and first, OpenDocument 1.2 part 3, section 3.3).
    """
    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if rewrite is not None:
                data = rewrite(info.filename, data)
            zi = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            zi.compress_type = info.compress_type
            zi.external_attr = info.external_attr
            zi.create_system = 3
            dst.writestr(zi, data)
    path.write_bytes(out.getvalue())


def write_list(
    path: Path,
    fmt: str,
    headers: Sequence[str],
    chunks: Iterable[Rows],
    *,
    encoding: str = "utf-8",
    title: str = "",
) -> int:
    """Write a list in one of FORMATS; return the number of records written."""
    if fmt == "csv":
        return write_csv(path, headers, chunks, encoding)
    if fmt == "json":
        return write_json(path, headers, chunks)
    if fmt == "jsonl":
        return write_jsonl(path, headers, chunks)
    if fmt == "xlsx":
        return write_xlsx(path, headers, chunks, title)
    if fmt == "ods":
        return write_ods(path, headers, chunks, title)
    raise ValueError(f"unknown list format {fmt!r}; expected one of {', '.join(FORMATS)}")
