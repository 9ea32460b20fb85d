"""Read a ``records`` export of dadkhah as the list it came from, so that it imports again.

``dadkhah export records`` writes, for every record, the export's own columns
(``record_id``, ``source``, the normalized fields …) and the list's values as given,
one ``raw.HEADER`` column per header of the original file (docs/exports.md). A file
whose headers are exactly that is read here as the original list: its columns are
the ``raw.`` ones without the prefix, each record keeps its row number in the
original file, and the apostrophe the CSV export put before a value that a
spreadsheet would run as a formula (:mod:`dadkhah.core.csvsafe`) is taken off. The
import then reads the columns as it read the original, so the records come back
with the same raw values and the same normalized fields (tests/cli/test_export_cli.py).

One export may hold several sources; a source is one list, so such a file is refused
(export one with ``--where source=NAME``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import chain

from dadkhah.core.csvsafe import FORMULA_START
from dadkhah.pipelines.importing.headers import Mapping
from dadkhah.pipelines.importing.readers import SourceRow, Table, Value
from dadkhah.pipelines.importing.validate import fail

RAW = "raw."
#: The columns a records export writes besides the raw ones (dadkhah.pipelines.export).
_NEEDED = frozenset({"record_id", "source", "source_version", "source_record_id"})


def _export_columns() -> frozenset[str]:
    from dadkhah.pipelines.export import TABLES

    return frozenset(c.name for c in TABLES["records"].columns)


def is_records_export(headers: list[str]) -> bool:
    """Whether ``headers`` are those of a records export: its columns and ``raw.`` ones."""
    raw = [h for h in headers if h.startswith(RAW)]
    others = {h for h in headers if not h.startswith(RAW)}
    return bool(raw) and _NEEDED <= others and others <= _export_columns()


def maps_export_columns(mapping: Mapping | None) -> bool:
    """Whether a mapping reads a records export by its ``raw.`` columns, as it is.

    Such a mapping (the way before this module) names the export's own headers, so
    the file is read as written, not as the original list.
    """
    if mapping is None:
        return False
    return any(h.startswith(RAW) for h in (*mapping.columns.values(), *mapping.raw_only))


def _unquote(value: Value, csv: bool) -> Value:
    """A raw value as given: without the apostrophe the CSV export added before a formula."""
    if csv and isinstance(value, str) and len(value) > 1 and value[0] == "'":
        if value[1] in FORMULA_START:
            return value[1:]
    return value


def _text(value: Value) -> str:
    return "" if value is None else str(value)


def _scan(table: Table, name: str) -> list[str]:
    """The raw headers with a value in some row; refuse a second source version."""
    filled: dict[str, None] = {}
    source: tuple[str, str] | None = None
    try:
        for row in table.rows:
            this = (_text(row.values.get("source")), _text(row.values.get("source_version")))
            if source is None:
                source = this
            elif this != source:
                raise fail(
                    "export_several_sources",
                    name,
                    row=row.number,
                    detail=f"{source[0]} v{source[1]} and {this[0]} v{this[1]}",
                )
            for key, value in row.values.items():
                if key.startswith(RAW) and key not in filled and _text(value) != "":
                    filled[key] = None
    finally:
        table.close()
    return list(filled)


def as_original_list(table: Table, *, reopen: Callable[[], Table]) -> Table:
    """``table`` read as the original list when it is a records export; else ``table``.

    A records export has a ``raw.`` column for every header of every list the user
    could read; the columns that hold no value in this file are not the list's and
    are left out. That takes one reading of the file before the import's own.

    Args:
        reopen: Opens the same file again, for that first reading.

    Raises:
        ImportFileError: the export holds more than one source version.
    """
    first = next(table.rows, None)
    if first is None:
        return table
    headers = list(table.headers) or list(first.values)
    if not is_records_export(headers):
        table.rows = chain([first], table.rows)
        return table
    name = table.path.name
    try:
        filled = _scan(reopen(), name)
    except BaseException:
        table.close()
        raise
    csv = table.format in ("csv", "tsv")
    view = Table(
        path=table.path,
        format=table.format,
        rows=iter(()),
        headers=[h.removeprefix(RAW) for h in filled],
        encoding=table.encoding,
        delimiter=table.delimiter,
        sheet=table.sheet,
        sheets=table.sheets,
        total_bytes=table.total_bytes,
    )
    view._position = table._position
    view._closers.append(table.close)
    view.seen_headers = set(view.headers)
    keep = set(filled)

    def rows() -> Iterator[SourceRow]:
        for row in chain([first], table.rows):
            values = {
                key.removeprefix(RAW): _unquote(value, csv)
                for key, value in row.values.items()
                if key in keep
            }
            number = _text(row.values.get("row_number"))
            yield SourceRow(int(number) if number.isdigit() else row.number, values, row.problems)

    view.rows = rows()
    return view
