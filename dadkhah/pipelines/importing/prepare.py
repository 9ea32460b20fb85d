"""Read, recognize, check and normalize a list file, row by row, without writing anything.

`prepare` opens the file, assigns its columns to fields and yields one
`PreparedRow` per row: the record id, the raw values exactly as read, the
normalized form and the row's problems. The caller (the import service, a
dry run, the benchmark) decides what to write. Nothing here touches the case.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from dadkhah.pipelines.importing.headers import ColumnResolver, Columns, Mapping
from dadkhah.pipelines.importing.normalize import RowNormalizer
from dadkhah.pipelines.importing.readers import (
    DEFAULT_LIMITS,
    Limits,
    SourceRow,
    Table,
    Value,
    open_table,
)
from dadkhah.pipelines.importing.report import SAMPLE_ROWS, ImportReport
from dadkhah.pipelines.importing.validate import ImportFileError, Problem, fail, problem

MAX_RECORD_ID = 100  # Record.source_record_id's max_length
JSON_HEADER_RECORDS = 100


@dataclass
class PreparedRow:
    """One row, ready to become a record (unless it has a fatal problem)."""

    number: int
    record_id: str
    raw: dict[str, Value]
    normalized: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)

    @property
    def fatal(self) -> bool:
        return any(p.fatal for p in self.problems)


def _text(value: Value) -> str:
    """A raw value as text for the normalizers (the raw value itself is kept as read)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class Preparation:
    """An opened, recognized file whose rows can be read once."""

    def __init__(
        self,
        path: Path,
        *,
        mapping: Mapping | None = None,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.path = Path(path)
        self.mapping = mapping
        self.limits = limits
        options = mapping.read_options() if mapping is not None else None
        self.table: Table = open_table(self.path, options=options, limits=limits)
        self.resolver = ColumnResolver(mapping, file=self.path.name)
        self.columns: Columns
        self._first: list[SourceRow] | None = None
        if self.table.format in ("json", "jsonl"):
            # The keys of the first records name the columns (later new keys are added).
            try:
                self._first = list(islice(self.table.rows, JSON_HEADER_RECORDS))
            except BaseException:
                self.table.close()
                raise
            if not self._first:
                self.table.close()
                raise fail("file_empty", self.path.name, detail="no record")
        self.columns = self.resolver.columns
        try:
            self.columns = self.resolver.add_all(list(self.table.headers))
        except ImportFileError as exc:
            self.table.close()
            exc.preparation = self  # type: ignore[attr-defined]  # what was read, for the report
            raise
        except BaseException:
            self.table.close()
            raise
        self.normalizer = RowNormalizer(
            columns=self.columns,
            file=self.path.name,
            calendar=mapping.calendar if mapping is not None else None,
        )

    def describe(self, report: ImportReport) -> None:
        """Fill in how the file was read and which columns were recognized."""
        t = self.table
        report.format, report.encoding, report.delimiter = t.format, t.encoding, t.delimiter
        report.sheet, report.sheets = t.sheet, list(t.sheets)
        report.columns = dict(self.columns.by_field)
        report.unused_columns = list(self.columns.unused)
        report.ids_generated = self.columns.ids_generated

    def file_problems(self) -> list[Problem]:
        """Problems of the file as a whole that do not stop the import (warnings)."""
        found = []
        if self.columns.ids_generated:
            found.append(problem("ids_generated", self.path.name))
        for header in self.columns.unused:
            found.append(problem("column_unused", self.path.name, column=header))
        return found

    def rows(self) -> Iterator[PreparedRow]:
        """Each row of the file once, with its problems (duplicate ids included)."""
        seen: set[str] = set()
        id_header = self.columns.by_field.get("record_id")
        by_field = self.columns.by_field
        json_like = self.table.format in ("json", "jsonl")
        name = self.path.name
        source_rows = self.table.rows
        if self._first is not None:
            source_rows = chain(self._first, source_rows)
            self._first = None
        known = len(self.table.headers)
        try:
            for row in source_rows:
                if json_like and len(self.table.headers) != known:
                    for header in self.table.headers[known:]:
                        self.resolver.add(header)
                    known = len(self.table.headers)
                found = row.problems
                values = row.values
                if id_header is None:
                    record_id = f"row:{row.number}"
                else:
                    record_id = _text(values.get(id_header))
                    if record_id == "":
                        found.append(
                            problem("record_id_empty", name, row=row.number, column=id_header)
                        )
                        record_id = f"row:{row.number}"
                    elif len(record_id) > MAX_RECORD_ID:
                        found.append(
                            problem(
                                "record_id_too_long",
                                name,
                                row=row.number,
                                column=id_header,
                                value=record_id,
                                detail=str(MAX_RECORD_ID),
                            )
                        )
                        record_id = record_id[:MAX_RECORD_ID]
                    elif record_id in seen:
                        found.append(
                            problem(
                                "record_id_duplicate",
                                name,
                                row=row.number,
                                column=id_header,
                                value=record_id,
                                detail=repr(record_id),
                            )
                        )
                    else:
                        seen.add(record_id)
                fields = {f: _text(values.get(h)) for f, h in by_field.items()}
                normalized, warnings = self.normalizer(row.number, fields)
                found.extend(warnings)
                yield PreparedRow(row.number, record_id, values, normalized, found)
        finally:
            self.table.close()

    def close(self) -> None:
        self.table.close()


def prepare(
    path: Path, *, mapping: Mapping | None = None, limits: Limits = DEFAULT_LIMITS
) -> Preparation:
    """Open and recognize a list file (see `Preparation`).

    Raises:
        ImportFileError: The file cannot be imported at all.
    """
    return Preparation(path, mapping=mapping, limits=limits)


def describe_failure(exc: ImportFileError, report: ImportReport) -> None:
    """Put a file problem in the report, with what was read of the file before it."""
    prep = getattr(exc, "preparation", None)
    if prep is not None:
        prep.describe(report)
    report.add_problem(exc.problem)


def sample_row(row: PreparedRow) -> dict[str, Any]:
    """The view of a row shown in a dry run: id, row number, raw and normalized."""
    return {
        "row": row.number,
        "record_id": row.record_id,
        "raw": row.raw,
        "normalized": row.normalized,
    }


def dry_run(
    path: Path,
    *,
    source: str,
    mapping: Mapping | None = None,
    limits: Limits = DEFAULT_LIMITS,
    report: ImportReport | None = None,
) -> ImportReport:
    """Read and check a whole file, write nothing; return what an import would do."""
    report = report or ImportReport(file=path.name, source=source)
    report.status = "dry_run"
    try:
        prep = prepare(path, mapping=mapping, limits=limits)
    except ImportFileError as exc:
        describe_failure(exc, report)
        return report
    prep.describe(report)
    for item in prep.file_problems():
        report.add_problem(item)
    try:
        for row in prep.rows():
            report.rows_read += 1
            for item in row.problems:
                report.add_problem(item)
            if row.fatal:
                report.rows_rejected += 1
            else:
                report.records_imported += 1
            if len(report.sample) < SAMPLE_ROWS:
                report.sample.append(sample_row(row))
    except ImportFileError as exc:
        report.add_problem(exc.problem)
        return report
    if report.records_imported == 0 and not report.has_fatal:
        report.add_problem(problem("file_empty", path.name, detail="no row to import"))
    return report
