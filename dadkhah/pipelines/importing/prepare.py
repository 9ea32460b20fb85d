"""Read, recognize, check and normalize a list file, row by row, without writing anything.

`prepare` opens the file, assigns its columns to fields and yields one
`PreparedRow` per row: the record id, the raw values exactly as read, the
normalized form and the row's problems. The caller (the import service, a
dry run, the benchmark) decides what to write. Nothing here touches the case.
"""

from __future__ import annotations

import json
import multiprocessing
import signal
from collections import deque
from collections.abc import Iterator
from itertools import chain, islice
from pathlib import Path
from typing import Any, Final, cast

from dadkhah.core.record import NormalizedRecord
from dadkhah.pipelines.importing.assistant import LOOKAHEAD_ROWS, Reading, assess, first_rows
from dadkhah.pipelines.importing.exported import as_original_list, maps_export_columns
from dadkhah.pipelines.importing.headers import CALENDAR_FIELDS, ColumnResolver, Columns, Mapping
from dadkhah.pipelines.importing.hostile import text_problems
from dadkhah.pipelines.importing.normalize import (
    RowNormalizer,
    infer_column_calendar,
    place_match,
)
from dadkhah.pipelines.importing.readers import (
    DEFAULT_LIMITS,
    Limits,
    SourceRow,
    Table,
    Value,
    open_table,
    value_text,
)
from dadkhah.pipelines.importing.record_ids import IDENTIFYING_FIELDS, ContentIds
from dadkhah.pipelines.importing.report import SAMPLE_ROWS, ImportReport
from dadkhah.pipelines.importing.validate import ImportFileError, Problem, fail, problem

MAX_RECORD_ID = 100  # Record.source_record_id's max_length
JSON_HEADER_RECORDS = 100


ENCODER: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
CHUNK_ROWS = 2_000  # rows normalized at a time (one task for a worker process)
WINDOW = 4  # chunks in flight per worker: bounds memory while workers run ahead


class PreparedRow:
    """One row, ready to become a record (unless it has a fatal problem).

    ``raw_json`` and ``normalized_json`` are what the database stores; the
    ``normalized`` dict is decoded from them on demand.
    """

    __slots__ = (
        "_normalized",
        "normalized_json",
        "number",
        "problems",
        "raw",
        "raw_json",
        "record_id",
    )

    def __init__(
        self,
        number: int,
        record_id: str,
        raw: dict[str, Value],
        raw_json: str,
        normalized_json: str,
        problems: list[Problem],
    ) -> None:
        self.number = number
        self.record_id = record_id
        self.raw = raw
        self.raw_json = raw_json
        self.normalized_json = normalized_json
        self.problems = problems
        self._normalized: NormalizedRecord | None = None

    @property
    def normalized(self) -> NormalizedRecord:
        """The normalized form, decoded from ``normalized_json``."""
        if self._normalized is None:
            self._normalized = cast("NormalizedRecord", json.loads(self.normalized_json))
        return self._normalized

    @property
    def fatal(self) -> bool:
        return any(p.fatal for p in self.problems)


Chunk = list[tuple[int, dict[str, Value]]]
Done = list[tuple[str, str, list[Problem]]]


def normalize_chunk(normalizer: RowNormalizer, by_field: dict[str, str], chunk: Chunk) -> Done:
    """(raw JSON, normalized JSON, warnings) for each (row number, values) of a chunk."""
    encode = ENCODER.encode
    out: Done = []
    pairs = list(by_field.items())
    for number, values in chunk:
        try:  # the common case, a CSV row: every header present, every value text
            fields = {f: values[h].strip() for f, h in pairs}  # type: ignore[union-attr]
        except (KeyError, AttributeError):
            fields = {f: value_text(values.get(h)) for f, h in pairs}
        normalized, warnings = normalizer.text(number, fields)
        out.append((encode(values), normalized, warnings))
    return out


_WORKER: RowNormalizer | None = None


def _worker_init(normalizer: RowNormalizer) -> None:
    global _WORKER
    # A forked worker inherits its parent's signal handlers; the pool stops its
    # workers with SIGTERM, which must end them, whatever the parent catches.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER = normalizer


def _worker_run(by_field: dict[str, str], chunk: Chunk) -> Done:
    assert _WORKER is not None
    return normalize_chunk(_WORKER, by_field, chunk)


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
        self._pool: Any = None
        self._workers = 0
        self.mapping = mapping
        self.limits = limits
        options = mapping.read_options() if mapping is not None else None
        self.table: Table = open_table(self.path, options=options, limits=limits)
        if not maps_export_columns(mapping):
            try:
                self.table = as_original_list(
                    self.table, reopen=lambda: open_table(self.path, options=options, limits=limits)
                )
            except BaseException:
                self.table.close()  # a refused file is never left open
                raise
        self.resolver = ColumnResolver(mapping, file=self.path.name)
        self.columns: Columns
        self._first: list[SourceRow] | None = None
        self.reading: Reading | None = None
        json_like = self.table.format in ("json", "jsonl")
        try:
            # The first rows are read before the columns are decided: their values
            # confirm or question the headers. They are chained back in `rows`.
            # For JSON the keys of the first records name the columns (later new
            # keys are added as they appear).
            self._first = list(islice(self.table.rows, JSON_HEADER_RECORDS))
            if not json_like and len(self._first) == JSON_HEADER_RECORDS:
                self._first += first_rows(self.table, LOOKAHEAD_ROWS - JSON_HEADER_RECORDS)
        except BaseException:
            self.table.close()
            raise
        if json_like and not self._first:
            self.table.close()
            raise fail("file_empty", self.path.name, detail="no record")
        self.columns = self.resolver.columns
        try:
            headers = list(self.table.headers)
            self.reading = assess(headers, self._first, mapping=mapping, file=self.path.name)
            error = self.reading.error()
            if error is not None:
                raise error
            self.columns = self.resolver.add_all(headers, chosen=self.reading.chosen())
        except ImportFileError as exc:
            self.table.close()
            exc.preparation = self  # type: ignore[attr-defined]  # what was read, for the report
            raise
        except BaseException:
            self.table.close()
            raise
        self.column_calendars = self._column_calendars()
        self.normalizer = RowNormalizer(
            columns=self.columns,
            file=self.path.name,
            calendar=mapping.calendar if mapping is not None else None,
            column_calendars=self.column_calendars,
        )

    def _column_calendars(self) -> dict[str, str]:
        """The calendar of each date column, where one is known.

        The mapping's [calendars] first, then a calendar the header names
        ("Date of death (Jalali)"); where neither is given and the mapping names
        no calendar for the whole file, the one the column's first values show
        (`infer_column_calendar`).
        """
        given = self.mapping.calendars if self.mapping is not None else {}
        file_wide = self.mapping.calendar if self.mapping is not None else None
        hints = {c.header: c.calendar for c in self.reading.columns} if self.reading else {}
        out: dict[str, str] = {}
        for name in CALENDAR_FIELDS:
            header = self.columns.by_field.get(name)
            if header is None:
                continue
            calendar = given.get(name) or hints.get(header)
            if calendar is None and file_wide is None:
                values = [value_text(row.values.get(header)) for row in self._first or ()]
                calendar = infer_column_calendar([v for v in values if v])
            if calendar is not None:
                out[name] = calendar
        return out

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
        doubtful = dict((c.header, q) for c, q in self.reading.doubtful()) if self.reading else {}
        unheld = {c.header: c.unheld for c in self.reading.columns} if self.reading else {}
        kept = {c.header: c.kept for c in self.reading.columns} if self.reading else {}
        for header in self.columns.unused:
            if header in doubtful:
                found.append(
                    problem("column_unsure", self.path.name, column=header, detail=doubtful[header])
                )
            else:
                # A column known to hold what dadkhah keeps no field for says so.
                what = unheld.get(header)
                detail = (
                    "" if what is None else f"it holds {what}, which dadkhah keeps no field for"
                )
                detail = kept.get(header) or detail  # the same values as another column
                found.append(problem("column_unused", self.path.name, column=header, detail=detail))
        return found

    def start_workers(self, workers: int) -> None:
        """Normalize in ``workers`` processes (fork) while this one reads and writes.

        Call before any database transaction opens. Does nothing where fork is
        not available or ``workers`` < 1; rows are then normalized in this process.
        """
        if workers < 1 or self._pool is not None:
            return
        try:
            context = multiprocessing.get_context("fork")
        except ValueError:
            return
        place_match("Tehran", "city")  # load the gazetteer once, before the fork
        self._pool = context.Pool(workers, initializer=_worker_init, initargs=(self.normalizer,))
        self._workers = workers

    def rows(self) -> Iterator[PreparedRow]:
        """Each row of the file once, with its problems (duplicate ids included)."""
        source_rows = self.table.rows
        if self._first is not None:
            source_rows = chain(self._first, source_rows)
            self._first = None
        pending: deque[tuple[list[tuple[int, str, dict[str, Value], list[Problem]]], Any]] = deque()
        window = WINDOW * max(1, self._workers)
        try:
            for metas, chunk in self._chunks(source_rows):
                by_field = dict(self.columns.by_field)
                if self._pool is None:
                    pending.append((metas, normalize_chunk(self.normalizer, by_field, chunk)))
                else:
                    pending.append((metas, self._pool.apply_async(_worker_run, (by_field, chunk))))
                while len(pending) > (window if self._pool is not None else 0):
                    yield from self._merge(*pending.popleft())
            while pending:
                yield from self._merge(*pending.popleft())
        finally:
            self.close()

    @staticmethod
    def _merge(
        metas: list[tuple[int, str, dict[str, Value], list[Problem]]], done: Any
    ) -> Iterator[PreparedRow]:
        results: Done = done if isinstance(done, list) else done.get()
        for (number, record_id, values, found), (raw_json, norm_json, warnings) in zip(
            metas, results, strict=True
        ):
            if warnings:
                found.extend(warnings)
            yield PreparedRow(number, record_id, values, raw_json, norm_json, found)

    def _chunks(
        self, source_rows: Iterator[SourceRow]
    ) -> Iterator[tuple[list[tuple[int, str, dict[str, Value], list[Problem]]], Chunk]]:
        """Rows in chunks, with their record ids checked (ids are checked here, in order)."""
        seen: set[str] = set()
        id_header = self.columns.by_field.get("record_id")
        content_ids = ContentIds()
        json_like = self.table.format in ("json", "jsonl")
        known = len(self.table.headers)
        metas: list[tuple[int, str, dict[str, Value], list[Problem]]] = []
        chunk: Chunk = []
        for row in source_rows:
            if json_like and len(self.table.headers) != known:
                for header in self.table.headers[known:]:
                    self.resolver.add(header)
                known = len(self.table.headers)
            found = row.problems
            values = row.values
            number = row.number
            if id_header is None:  # made from the row's names and birth (record_ids.py)
                by_field = self.columns.by_field.items()
                record_id = content_ids(
                    {f: value_text(values.get(h)) for f, h in by_field if f in IDENTIFYING_FIELDS}
                )
            else:
                v = values.get(id_header)
                record_id = v.strip() if type(v) is str else value_text(v)
                if record_id in seen or record_id == "" or len(record_id) > MAX_RECORD_ID:
                    record_id = self._bad_id(record_id, number, id_header, found)
                else:
                    seen.add(record_id)
            found.extend(text_problems(values, self.path.name, number, tabular=not json_like))
            metas.append((number, record_id, values, found))
            chunk.append((number, values))
            if len(chunk) >= CHUNK_ROWS:
                yield metas, chunk
                metas, chunk = [], []
        if chunk:
            yield metas, chunk

    def _bad_id(self, record_id: str, number: int, column: str, found: list[Problem]) -> str:
        name = self.path.name
        if record_id == "":
            found.append(problem("record_id_empty", name, row=number, column=column))
            return f"row:{number}"
        if len(record_id) > MAX_RECORD_ID:
            found.append(
                problem(
                    "record_id_too_long", name, row=number, column=column, value=record_id,
                    detail=str(MAX_RECORD_ID),
                )
            )  # fmt: skip
            return record_id[:MAX_RECORD_ID]
        found.append(
            problem(
                "record_id_duplicate", name, row=number, column=column, value=record_id,
                detail=repr(record_id),
            )
        )  # fmt: skip
        return record_id

    def close(self) -> None:
        self.table.close()
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


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
