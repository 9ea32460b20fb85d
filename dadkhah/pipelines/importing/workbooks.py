"""Workbook readers (XLSX, ODS): zip limits first, saved values only, streamed rows.

A workbook is a zip of XML parts. Before anything is unpacked the zip's
directory is checked: the number of parts, their total unpacked size and the
compression ratio of each large part (a zip bomb packs gigabytes of zeros in
kilobytes). Python's zipfile never yields more bytes than a part declares, so
the declared sizes bound what is read. XML is parsed by defusedxml, which
refuses DTDs, entity definitions and external references (billion laughs,
XXE). Formulas are never evaluated: a formula cell's value is the one the
spreadsheet program saved; a formula with no saved value is refused.
"""

from __future__ import annotations

import math
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException

from dadkhah.pipelines.importing.readers import (
    EXTRA_PREFIX,
    Limits,
    ReadOptions,
    SourceRow,
    Table,
    Value,
    cell_value,
    make_headers,
)
from dadkhah.pipelines.importing.validate import ImportFileError, Problem, fail, problem

warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")


def check_zip(path: Path, limits: Limits, kind: str) -> None:
    """Refuse a workbook whose zip directory promises too much.

    Raises:
        ImportFileError: zip_invalid, zip_too_large or zip_ratio.
    """
    name = path.name
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise fail("zip_invalid", name, detail=kind) from exc
    if len(infos) > limits.max_zip_entries:
        raise fail("zip_too_large", name, detail=f"{len(infos):,} parts")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise fail("zip_invalid", name, detail=f"{kind} (it is encrypted)")
        total += info.file_size
        if info.file_size > limits.ratio_floor_bytes:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_zip_ratio:
                raise fail(
                    "zip_ratio",
                    name,
                    detail=f"{ratio:,.0f} to 1 ({info.filename}; limit {limits.max_zip_ratio:g})",
                )
    if total > limits.max_unzipped_bytes:
        raise fail(
            "zip_too_large",
            name,
            detail=f"{total:,} bytes (limit {limits.max_unzipped_bytes:,})",
        )


# A part is unpacked while its rows are read: damaged bytes surface then, as a CRC
# mismatch (BadZipFile), a bad deflate stream (zlib.error), a short part (EOFError),
# an unknown compression method (NotImplementedError) or an encryption flag (RuntimeError).
DAMAGED_PART = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
)


def _damaged(exc: Exception, name: str, kind: str) -> ImportFileError:
    return fail("zip_invalid", name, detail=f"{kind}: a damaged part ({exc})")


def _count(text: str | None, name: str, row: int) -> int:
    """An ODS repeat count (ODF 1.2 §9.1.3, §9.1.4: a positive integer), 1 when absent."""
    try:
        value = int(text or 1)
    except ValueError:
        value = 0
    if value < 1:
        raise fail("zip_invalid", name, row=row, detail=f"ODS: repeat count {text!r}")
    return value


def _xml_error(exc: Exception, name: str, kind: str) -> ImportFileError:
    if isinstance(exc, DefusedXmlException):
        return fail("xml_forbidden", name, detail=type(exc).__name__)
    return fail("zip_invalid", name, detail=f"{kind}: {exc}")


def start_rows(
    cells_iter: Iterator[tuple[int, list[Value], dict[int, bool]]],
    table: Table,
    limits: Limits,
) -> None:
    """Read up to the header (the first non-blank row); set the table's headers and rows."""
    for number, cells, formulas in cells_iter:
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells) and not formulas:
            continue
        table.headers = make_headers(list(cells), file=table.path.name, row=number, limits=limits)
        table.rows = _workbook_rows(cells_iter, table.headers, table.path.name, limits)
        return
    raise fail("file_empty", table.path.name, detail="no header row")


def _workbook_rows(
    cells_iter: Iterator[tuple[int, list[Value], dict[int, bool]]],
    headers: list[str],
    name: str,
    limits: Limits,
) -> Iterator[SourceRow]:
    """SourceRows under the header, with the problems of formula cells and extra cells."""
    width = len(headers)
    for number, cells, formulas in cells_iter:
        if number > limits.max_rows:
            raise fail("too_many_rows", name, detail=f"{limits.max_rows:,}")
        blank = all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)
        if blank and not formulas:
            continue
        found: list[Problem] = []
        for col, has_value in sorted(formulas.items()):
            if col >= width:
                continue
            code = "formula_cached" if has_value else "formula_without_value"
            found.append(problem(code, name, row=number, column=headers[col], value=cells[col]))
        extra = [
            i
            for i in range(width, len(cells))
            if (cells[i] is not None and str(cells[i]).strip() != "") or i in formulas
        ]
        if extra:
            found.append(
                problem(
                    "row_too_long",
                    name,
                    row=number,
                    value=cells[extra[0]],
                    detail=f"a value in column {extra[0] + 1}, beyond the {width} headed columns",
                )
            )
        values: dict[str, Value] = {
            h: (cells[i] if i < len(cells) else None) for i, h in enumerate(headers)
        }
        if extra:  # kept for the rejected-rows file
            for i in range(width, len(cells)):
                values[f"{EXTRA_PREFIX}{i + 1}"] = cells[i]
        yield SourceRow(number, values, found)


# --- XLSX ---------------------------------------------------------------------------


def open_xlsx(path: Path, options: ReadOptions, limits: Limits) -> Table:
    """Open the first sheet (or the mapping's ``sheet``) of an XLSX workbook.

    Two read-only views of the same workbook are read in step: one with the
    saved values (``data_only=True``), one that shows which cells hold a
    formula, so that a formula with no saved value is refused instead of read
    as an empty cell.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    name = path.name
    check_zip(path, limits, "XLSX")
    # openpyxl leaves the file open when it fails half-way through a workbook: it reads
    # from handles opened here, closed here whatever happens (found by tests/fuzz).
    handles: list[Any] = []

    def book(data_only: bool) -> Any:
        handles.append(open(path, "rb"))  # closed by the table, or below
        return load_workbook(handles[-1], read_only=True, data_only=data_only, keep_links=False)

    try:
        try:
            wb_values, wb_formulas = book(True), book(False)
        except BaseException:
            for fh in handles:
                fh.close()
            raise
    except (DefusedXmlException, ParseError) as exc:
        raise _xml_error(exc, name, "XLSX") from exc
    except (
        *DAMAGED_PART,
        InvalidFileException,
        KeyError,
        LookupError,
        ValueError,
        TypeError,
    ) as exc:
        raise fail("zip_invalid", name, detail="XLSX") from exc  # LookupError: <?xml encoding=?
    sheets = list(wb_values.sheetnames)
    sheet = options.sheet if options.sheet is not None else (sheets[0] if sheets else None)
    if sheet is None or sheet not in sheets:
        for closer in (wb_values.close, wb_formulas.close, *(fh.close for fh in handles)):
            closer()
        listed = ", ".join(repr(s) for s in sheets) or "none"
        raise fail("sheet_missing", name, detail=f"{sheet!r} (its sheets: {listed})")
    ws_values = wb_values[sheet]
    ws_formulas = wb_formulas[sheet]
    for ws in (ws_values, ws_formulas):
        ws.reset_dimensions()  # never trust the <dimension> a writer declared
    table = Table(path=path, format="xlsx", rows=iter(()), headers=[], sheet=sheet, sheets=sheets)
    table._closers.extend([*(fh.close for fh in handles), wb_values.close, wb_formulas.close])
    try:
        start_rows(_xlsx_cells(ws_values, ws_formulas, name), table, limits)
    except BaseException:
        table.close()
        raise
    return table


def _xlsx_cells(
    ws_values: Any, ws_formulas: Any, name: str
) -> Iterator[tuple[int, list[Value], dict[int, bool]]]:
    try:
        pairs = zip(ws_values.iter_rows(values_only=True), ws_formulas.iter_rows(), strict=False)
        for number, (values, cells) in enumerate(pairs, start=1):
            row = [cell_value(v) for v in values]
            formulas: dict[int, bool] = {}
            for i, cell in enumerate(cells):
                if getattr(cell, "data_type", None) == "f":
                    formulas[i] = i < len(row) and row[i] is not None
            yield number, row, formulas
    except (DefusedXmlException, ParseError) as exc:
        raise _xml_error(exc, name, "XLSX") from exc
    except DAMAGED_PART as exc:
        raise _damaged(exc, name, "XLSX") from exc
    except (ValueError, TypeError, LookupError, AttributeError) as exc:  # KeyError, IndexError
        # openpyxl reads a cell's attributes as it goes: a nonsense type or style
        # fails here, after the workbook opened (found by tests/fuzz).
        raise fail("zip_invalid", name, detail=f"XLSX: a cell it cannot read ({exc})") from exc


# --- ODS ----------------------------------------------------------------------------

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ROW = _TABLE + "table-row"
_CELLS = (_TABLE + "table-cell", _TABLE + "covered-table-cell")
_SHEET = _TABLE + "table"


def _ods_text(elem: Element) -> str:
    """The text of a cell's paragraphs (ODF 1.2 §6.1: text:s, text:tab, text:line-break)."""

    def walk(node: Element, out: list[str]) -> None:
        if node.text:
            out.append(node.text)
        for child in node:
            tag = child.tag
            if tag == _TEXT + "s":
                out.append(" " * int(child.get(_TEXT + "c", "1") or 1))
            elif tag == _TEXT + "tab":
                out.append("\t")
            elif tag == _TEXT + "line-break":
                out.append("\n")
            elif tag == _OFFICE + "annotation":
                pass  # a comment on the cell, not its value
            else:
                walk(child, out)
            if child.tail:
                out.append(child.tail)

    paragraphs = []
    for p in elem:
        if p.tag in (_TEXT + "p", _TEXT + "h"):
            out: list[str] = []
            walk(p, out)
            paragraphs.append("".join(out))
    return "\n".join(paragraphs)


def _ods_cell(cell: Element) -> tuple[Value, bool, bool]:
    """(value, is a formula, has a saved value)."""
    kind = cell.get(_OFFICE + "value-type")
    formula = cell.get(_TABLE + "formula") is not None
    value: Value
    if kind in ("float", "percentage", "currency"):
        text = cell.get(_OFFICE + "value", "")
        try:
            number = float(text)
            if not math.isfinite(number):
                raise ValueError(text)  # NaN and Infinity stay text: JSON has no such numbers
            value = (
                int(number)
                if number.is_integer() and "." not in text and "e" not in text.lower()
                else number
            )
        except ValueError:
            value = text
    elif kind == "date":
        value = cell.get(_OFFICE + "date-value", "")
        if value.endswith("T00:00:00"):
            value = value[:10]
    elif kind == "time":
        value = cell.get(_OFFICE + "time-value", "")
    elif kind == "boolean":
        value = cell.get(_OFFICE + "boolean-value", "false") == "true"
    else:
        text = _ods_text(cell)
        if kind is None and text == "":
            return None, formula, False
        value = cell.get(_OFFICE + "string-value") or text
    return value, formula, kind is not None


def open_ods(path: Path, options: ReadOptions, limits: Limits) -> Table:
    """Open the first sheet (or the mapping's ``sheet``) of an ODS workbook, streamed."""
    name = path.name
    check_zip(path, limits, "ODS")
    zf = None
    try:
        zf = zipfile.ZipFile(path)
        content = zf.open("content.xml")
    except (KeyError, *DAMAGED_PART) as exc:
        if zf is not None:
            zf.close()
        raise fail("zip_invalid", name, detail="ODS") from exc
    table = Table(path=path, format="ods", rows=iter(()), headers=[], sheet=options.sheet)
    table._closers.extend([zf.close, content.close])
    table._position = lambda: content._fileobj.tell() if hasattr(content, "_fileobj") else 0
    cells = _ods_cells(content, table, options.sheet, limits)
    try:
        first = next(cells)
    except StopIteration:
        table.close()
        if table.sheets and options.sheet is None:
            raise fail("file_empty", name, detail="the first sheet is empty") from None
        listed = ", ".join(repr(s) for s in table.sheets) or "none"
        if options.sheet is not None:
            raise fail(
                "sheet_missing", name, detail=f"{options.sheet!r} (its sheets: {listed})"
            ) from None
        raise fail("file_empty", name, detail="no sheet") from None
    except ImportFileError:
        table.close()
        raise

    def chained() -> Iterator[tuple[int, list[Value], dict[int, bool]]]:
        yield first
        yield from cells

    try:
        start_rows(chained(), table, limits)
    except BaseException:
        table.close()
        raise
    return table


def _ods_cells(
    content: Any, table: Table, wanted: str | None, limits: Limits
) -> Iterator[tuple[int, list[Value], dict[int, bool]]]:
    from defusedxml.ElementTree import iterparse

    name = table.path.name
    stack: list[Element] = []
    in_sheet = False
    done = False
    number = 0
    try:
        for event, elem in iterparse(content, events=("start", "end")):
            if event == "start":
                if elem.tag == _SHEET:
                    sheet_name = elem.get(_TABLE + "name", "")
                    table.sheets.append(sheet_name)
                    if not done and (wanted is None or sheet_name == wanted):
                        in_sheet = True
                        table.sheet = sheet_name
                stack.append(elem)
                continue
            stack.pop()
            if elem.tag == _SHEET and in_sheet:
                in_sheet = False
                done = True
                return
            if elem.tag != _ROW:
                if elem.tag == _SHEET and stack:
                    stack[-1].remove(elem)  # a sheet we skip: free it
                continue
            if not in_sheet:
                continue
            repeat = _count(elem.get(_TABLE + "number-rows-repeated"), name, number + 1)
            row: list[Value] = []
            formulas: dict[int, bool] = {}
            for cell in elem:
                if cell.tag not in _CELLS:
                    continue
                times = _count(cell.get(_TABLE + "number-columns-repeated"), name, number + 1)
                value, formula, saved = _ods_cell(cell)
                if value is None and not formula:
                    if times > limits.max_columns:
                        times = limits.max_columns  # trailing empty cells to the sheet's edge
                    row.extend([None] * times)
                else:
                    if len(row) + times > limits.max_columns * 2:
                        raise fail(
                            "too_many_columns", name, row=number + 1, detail=f"{len(row) + times:,}"
                        )
                    for _ in range(times):
                        if formula:
                            formulas[len(row)] = saved
                        row.append(value)
            while row and row[-1] is None and (len(row) - 1) not in formulas:
                row.pop()
            if stack:
                stack[-1].remove(elem)  # keep memory bounded: the row is done
            if not row and not formulas:
                number += repeat  # empty rows, possibly a million to the sheet's edge
                continue
            if number + repeat > limits.max_rows:
                raise fail("too_many_rows", name, detail=f"{limits.max_rows:,}")
            for _ in range(repeat):
                number += 1
                yield number, list(row), dict(formulas)
    except (DefusedXmlException, ParseError) as exc:
        raise _xml_error(exc, name, "ODS") from exc
    except DAMAGED_PART as exc:
        raise _damaged(exc, name, "ODS") from exc
    except LookupError as exc:  # an XML declaration naming an unknown encoding
        raise fail("zip_invalid", name, detail=f"ODS: {exc}") from exc
