"""Link list files without a case: read, normalize, link, name the clusters (`dadkhah link-files`).

The files are read and checked as `dadkhah import` reads them (the same readers,
mapping, validation and normalization, and the same refusals), numbered as a new
case would number their records, linked as `dadkhah link` links a case's records,
and each cluster is named by the public id a new case would give its person.
Nothing is written anywhere: no case, no database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dadkhah.core.errors import InputError
from dadkhah.core.linkage.clustering import Constraints
from dadkhah.core.linkage.schema import row_from_normalized, rows_to_table
from dadkhah.core.linkage.settings import LinkageSettings
from dadkhah.core.linkage.stable_ids import assign_stable_ids, next_public_number
from dadkhah.core.record import NormalizedRecord
from dadkhah.pipelines.importing.headers import Mapping, load_mapping
from dadkhah.pipelines.importing.prepare import PreparedRow, describe_failure, prepare
from dadkhah.pipelines.importing.readers import DEFAULT_LIMITS, Limits, check_regular_file
from dadkhah.pipelines.importing.report import ImportRejected, ImportReport
from dadkhah.pipelines.importing.validate import ImportFileError, problem

if TYPE_CHECKING:
    import pyarrow as pa

Echo = Callable[[str], object]


@dataclass(frozen=True)
class ListFile:
    """One list file to link.

    Attributes:
        path: The file (CSV, TSV, XLSX, ODS, JSON, JSON Lines).
        name: The list's name in the output (the file's stem).
        source: The list's short name as a source (letters, digits, - and _).
        mapping: A TOML mapping file for it, as `import --mapping` takes.
        duplicate_free: The list names each person once.
    """

    path: Path
    name: str
    source: str
    mapping: Path | None = None
    duplicate_free: bool = False


class ListRejected(InputError):
    """A list that `dadkhah import` would reject; ``report`` lists every problem."""

    def __init__(self, listed: ListFile, rejected: ImportRejected) -> None:
        super().__init__(str(rejected))
        self.list = listed
        self.report = rejected.report


@dataclass(frozen=True)
class ReadRecord:
    """A record as a new case would hold it: its number there, its list, id and row."""

    number: int
    source: str
    record_id: str
    row_number: int
    normalized: NormalizedRecord


def read_list(
    path: Path,
    *,
    source: str,
    mapping: Path | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[PreparedRow]:
    """Every row of a list file, read and normalized as `source_import` reads it.

    Raises:
        ImportRejected: What would reject the import (a file problem, a fatal row,
            no row at all); its ``report`` lists every problem.
    """
    report = ImportReport(file=path.name, source=source)
    try:
        parsed: Mapping | None = load_mapping(mapping) if mapping is not None else None
        report.size = check_regular_file(path, limits)
    except ImportFileError as exc:
        report.add_problem(exc.problem)
        raise ImportRejected(report) from exc
    try:
        prep = prepare(path, mapping=parsed, limits=limits)
    except ImportFileError as exc:
        describe_failure(exc, report)
        raise ImportRejected(report) from exc
    prep.describe(report)
    for item in prep.file_problems():
        report.add_problem(item)
    rows: list[PreparedRow] = []
    fatal = False
    try:
        for row in prep.rows():
            report.rows_read += 1
            for item in row.problems:
                report.add_problem(item)
            if row.fatal:
                fatal = True
            if fatal:
                continue  # keep reading to list every problem
            rows.append(row)
            report.records_imported += 1
    except ImportFileError as exc:
        report.add_problem(exc.problem)
        raise ImportRejected(report) from exc
    finally:
        prep.close()
    if fatal:
        raise ImportRejected(report)
    if not rows:
        report.add_problem(problem("file_empty", path.name, detail="no row could be imported"))
        raise ImportRejected(report)
    return rows


def read_lists(
    lists: Sequence[ListFile], *, echo: Echo = lambda _s: None, limits: Limits = DEFAULT_LIMITS
) -> list[ReadRecord]:
    """The records of every list, numbered from 1 in the order of the lists and their rows.

    Raises:
        ListRejected: A list `dadkhah import` would reject.
        InputError: Two lists with one source name.
    """
    records: list[ReadRecord] = []
    seen: dict[str, Path] = {}
    for listed in lists:
        if listed.source in seen:
            # A case would take the second for a new version of the first list.
            raise InputError(
                f"{listed.path} and {seen[listed.source]} both read as list "
                f"{listed.source!r}; rename one."
            )
        seen[listed.source] = listed.path
    for listed in lists:
        echo(f"Reading {listed.path} …")
        try:
            rows = read_list(
                listed.path, source=listed.source, mapping=listed.mapping, limits=limits
            )
        except ImportRejected as exc:
            raise ListRejected(listed, exc) from exc
        for row in rows:
            records.append(
                ReadRecord(
                    number=len(records) + 1,
                    source=listed.source,
                    record_id=row.record_id,
                    row_number=row.number,
                    normalized=row.normalized,
                )
            )
    return records


def link_files(
    lists: Sequence[ListFile],
    *,
    backend: str = "duckdb",
    settings: LinkageSettings | None = None,
    echo: Echo = lambda _s: None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[tuple[str, str, str | None]]:
    """Link list files and name each record's cluster.

    Args:
        lists: The lists, in the order a case would import them.
        backend: "duckdb" (default) or "spark".
        settings: Thresholds and blocking (the defaults when None).
        echo: Progress lines go here.
        limits: Size, ratio and depth limits of the readers.

    Returns:
        (list name, record id in the list, cluster id) of every record, by list
        short name and row: the public ids (P-000001, …) a new case linking
        these lists would give the persons.

    Raises:
        ListRejected: A list `dadkhah import` would reject.
        InputError: Nothing to link (no name anywhere).
    """
    from dadkhah.pipelines.linkage import check_table, link_table

    settings = settings or LinkageSettings()
    records = read_lists(lists, echo=echo, limits=limits)
    duplicate_free = {listed.source for listed in lists if listed.duplicate_free}
    table, exclusive = linkage_table(records, duplicate_free=duplicate_free)
    check_table(table, what="the case's records")
    echo(f"Linking {table.num_rows} records from {len(lists)} lists ({backend})…")
    result = link_table(
        table,
        settings=settings,
        backend=backend,
        constraints=Constraints(same=[], different=[], exclusive=exclusive, fixed={}),
    )
    ids = assign_stable_ids(result.clusters.labels, {}, next_number=next_public_number([]))
    new = sum(1 for c in ids.changes if c.kind == "new")
    echo(f"  {new} new persons, {len(ids.assignment)} records assigned")
    name_of = {listed.source: listed.name for listed in lists}
    ordered = sorted(records, key=lambda r: (r.source, r.row_number, r.number))
    return [(name_of[r.source], r.record_id, ids.assignment.get(r.number)) for r in ordered]


def linkage_table(
    records: Sequence[ReadRecord], *, duplicate_free: set[str]
) -> tuple[pa.Table, dict[int, str]]:
    """The linkage table of the records, and record → list of those of duplicate-free lists."""
    rows = [row_from_normalized(r.number, r.source, r.normalized) for r in records]
    exclusive = {r.number: r.source for r in records if r.source in duplicate_free}
    return rows_to_table(rows), exclusive
