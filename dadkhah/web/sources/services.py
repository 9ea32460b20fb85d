"""Writes about sources: import a list file as a new source, or a new version of one.

One import is one database transaction (all or nothing): the source row, every
record, the comparison with the previous version, the evidence item of the
original file and its custody entry commit together or not at all, so a
fatal problem, a crash or a kill leaves the case as it was. Records are
inserted in large batches through the connection (``executemany`` with
parameters; values are never put into the SQL text): the ORM's one INSERT
per object would take hours for a million rows.
"""

from __future__ import annotations

import json
import re
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from dadkhah.core.case import Case
from dadkhah.core.errors import InputError
from dadkhah.core.evidence_store import hash_file
from dadkhah.pipelines.importing.headers import Mapping, load_mapping, synthetic_list_mapping
from dadkhah.pipelines.importing.prepare import (
    PreparedRow,
    describe_failure,
    prepare,
    sample_row,
)
from dadkhah.pipelines.importing.prepare import dry_run as dry_run_file
from dadkhah.pipelines.importing.readers import DEFAULT_LIMITS, Limits, check_regular_file
from dadkhah.pipelines.importing.rejected import RejectedWriter
from dadkhah.pipelines.importing.report import (
    MAX_LISTED_IDS,
    SAMPLE_ROWS,
    ImportRejected,
    ImportReport,
)
from dadkhah.pipelines.importing.validate import ImportFileError, Severity, fail, problem
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.modelutils import Confidentiality, Reliability
from dadkhah.web.people.models import Person
from dadkhah.web.sources.models import Record, Source
from dadkhah.web.sources.selectors import source_latest

BATCH_ROWS = 5_000
# Worker processes that normalize rows while this one reads and writes. Measured
# on the 2-core development machine (bench/bench_import.py, shared with other
# work): one worker made 1,000,000 rows slower (61 s against 48 s), two slower
# still (95 s), because pickling rows to and from the workers costs as much as
# normalizing them once values are cached. So none by default.
DEFAULT_WORKERS = 0
PROGRESS_EVERY = 5_000
SOURCE_NAME = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")
MEDIA_TYPES = {
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "json": "application/json",
    "jsonl": "application/jsonl",
}

Progress = Callable[[int | None, int, int], None]  # (bytes done or None, total bytes, rows)


class RecordInserter:
    """Batched INSERTs of records into one source, with bound parameters only."""

    def __init__(self, source: Source) -> None:
        meta = Record._meta
        qn = connection.ops.quote_name
        names = [
            "source",
            "source_record_id",
            "row_number",
            "raw",
            "normalized",
            "version",
            "created_at",
        ]
        column_of = {f.name: f.column for f in meta.concrete_fields}
        columns = [column_of[n] for n in names]
        json_cast = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
        holders = ["%s", "%s", "%s", json_cast, json_cast, "%s", "%s"]
        # Only the model's own table and column names go into the text.
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
            qn(meta.db_table), ", ".join(qn(c) for c in columns), ", ".join(holders)
        )
        self.source_id = source.pk
        self.created = connection.ops.adapt_datetimefield_value(timezone.now())
        self.batch: list[tuple[Any, ...]] = []
        self.count = 0

    def add(self, row: PreparedRow) -> None:
        self.batch.append(
            (
                self.source_id,
                row.record_id,
                row.number,
                row.raw_json,
                row.normalized_json,
                1,
                self.created,
            )
        )
        if len(self.batch) >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, self.batch)
        self.count += len(self.batch)
        self.batch = []


def _resolve_mapping(mapping: Mapping | Path | str | None) -> Mapping | None:
    if mapping is None or isinstance(mapping, Mapping):
        return mapping
    return load_mapping(Path(mapping))


def _check_name(name: str, file: str) -> None:
    if not SOURCE_NAME.match(name):
        raise fail("source_name_invalid", file, detail=repr(name))


def source_import(
    *,
    case: Case,
    path: Path | str,
    source_name: str,
    mapping: Mapping | Path | str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    user: Any = None,
    actor: str | None = None,
    kind: str = Source.Kind.LIST,
    title: str | None = None,
    language: str | None = None,
    reliability: str | None = None,
    systematic: bool | None = None,
    duplicate_free: bool | None = None,
    synthetic: bool | None = None,
    independence_group: str | None = None,
    origin: str | None = None,
    progress: Progress | None = None,
    limits: Limits = DEFAULT_LIMITS,
    workers: int | None = None,
) -> ImportReport:
    """Import a list file as source ``source_name`` (a new source or its next version).

    The same file again (same SHA-256 as the latest version) is a no-op that
    says so. A changed file becomes version N+1 (``previous`` = version N);
    its records are compared with version N's by record id (added, removed,
    changed) and each record that was in version N points at its earlier
    form (``Record.previous``). Source attributes not given are taken from
    version N, or the model's defaults for a new source.

    Args:
        case: The open case (Django set up for it).
        path: The list file (CSV, TSV, XLSX, ODS, JSON, JSON Lines).
        source_name: The source's short name (letters, digits, - and _).
        mapping: A TOML mapping file (path) or a parsed Mapping.
        dry_run: Read and check everything, write nothing.
        skip_invalid: Import the valid rows; write the rejected ones beside the input.
        user: The Django user importing (recorded as the collector).
        actor: Who imports, for the custody log (default: the user's name, or "import").
        kind, title, language, reliability, systematic, duplicate_free, synthetic,
        independence_group, origin: Attributes of the Source.
        progress: Called now and then with (bytes read or None, file size, rows read).
        limits: Size, ratio and depth limits of the readers.
        workers: Processes that normalize rows while this one reads and writes
            (None: `DEFAULT_WORKERS`, 0, which measured fastest here).

    Returns:
        The ImportReport (status "imported", "unchanged" or "dry_run").

    Raises:
        ImportRejected: A fatal problem; its ``report`` lists every problem. The
            case is unchanged.
    """
    path = Path(path)
    report = ImportReport(file=path.name, source=source_name)
    started = time.perf_counter()
    try:
        _check_name(source_name, path.name)
        parsed = _resolve_mapping(mapping)
        report.size = check_regular_file(path, limits)
        report.sha256, _ = hash_file(path)
    except ImportFileError as exc:
        report.add_problem(exc.problem)
        raise ImportRejected(report) from exc
    described = {
        "reliability": reliability,
        "systematic": systematic,
        "duplicate_free": duplicate_free,
        "independence_group": independence_group,
    }
    if parsed is not None:  # the arguments (the command line) win over the mapping file
        for key, value in parsed.source_attributes().items():
            if described[key] is None:
                described[key] = value
    latest = source_latest(name=source_name)
    if latest is not None and latest.evidence_id is not None:
        if latest.evidence.sha256 == report.sha256:  # type: ignore[union-attr]
            report.status = "unchanged"
            report.version = latest.version
            if not dry_run:
                _redescribe(latest, described, report)
            return report
    report.version = latest.version + 1 if latest is not None else 1
    report.previous_version = latest.version if latest is not None else None
    if dry_run:
        dry_run_file(path, source=source_name, mapping=parsed, limits=limits, report=report)
        report.seconds = time.perf_counter() - started
        return report
    attrs = {
        "kind": kind,
        "title": title,
        "language": language,
        "reliability": reliability,
        "systematic": systematic,
        "duplicate_free": duplicate_free,
        "synthetic": synthetic,
        "independence_group": independence_group,
        "origin": origin,
        **described,
    }
    try:
        _import(
            case,
            path,
            source_name,
            parsed,
            skip_invalid,
            (user, actor or getattr(user, "username", "") or "import"),
            attrs,
            progress,
            limits,
            report,
            workers,
        )
    except IntegrityError as exc:
        raise InputError(
            gettext(
                "Source %(name)s was changed by another import at the same time; "
                "run the import again."
            )
            % {"name": repr(source_name)}
        ) from exc
    report.status = "imported"
    report.seconds = time.perf_counter() - started
    return report


def _import(
    case: Case,
    path: Path,
    name: str,
    mapping: Mapping | None,
    skip_invalid: bool,
    user_actor: tuple[Any, str],
    attrs: dict[str, Any],
    progress: Progress | None,
    limits: Limits,
    report: ImportReport,
    workers: int | None,
) -> None:
    try:
        prep = prepare(path, mapping=mapping, limits=limits)
    except ImportFileError as exc:
        describe_failure(exc, report)
        raise ImportRejected(report) from exc
    prep.describe(report)
    for item in prep.file_problems():
        report.add_problem(item)
    prep.start_workers(
        DEFAULT_WORKERS if workers is None else workers
    )  # before the transaction opens: a fork holds no lock
    rejected: RejectedWriter | None = None
    try:
        if skip_invalid:
            rejected = RejectedWriter(
                path,
                headers=list(prep.table.headers),
                json_like=prep.table.format in ("json", "jsonl"),
            )
        with transaction.atomic():
            source = _new_version(name, attrs)
            report.version = source.version
            report.previous_version = source.previous.version if source.previous else None
            inserter = RecordInserter(source)
            fatal = False
            for row in prep.rows():
                report.rows_read += 1
                for item in row.problems:
                    report.add_problem(item)
                if row.fatal:
                    if rejected is not None:
                        rejected.write(
                            row=row.number,
                            record_id=row.record_id,
                            problems=[p.message() for p in row.problems if p.fatal],
                            raw=row.raw,
                        )
                        report.rows_rejected += 1
                        continue
                    fatal = True
                if fatal:
                    continue  # keep reading to list every problem; write nothing more
                inserter.add(row)
                report.records_imported += 1
                if len(report.sample) < SAMPLE_ROWS:
                    report.sample.append(sample_row(row))
                if progress is not None and report.rows_read % PROGRESS_EVERY == 0:
                    progress(prep.table.position(), report.size, report.rows_read)
            if fatal:
                raise ImportRejected(report)
            inserter.flush()
            if report.records_imported == 0:
                report.add_problem(
                    problem("file_empty", path.name, detail="no row could be imported")
                )
                raise ImportRejected(report)
            if source.previous is not None:
                _compare(source, source.previous, report)
            source.evidence = _store_original(case, path, report, source, *user_actor)
            source.save(update_fields=["evidence"])
            # The records' content goes into the custody log with the file (issue 12):
            # `verify` then finds any later edit or deletion of a record.
            from dadkhah.web.custody.records import records_commit

            records_commit(case=case, source=source, actor=user_actor[1])
            # The search index in the same transaction: an import is found at once or not at all.
            from dadkhah.web.search.services import search_index_after_import

            search_index_after_import(source_id=source.pk)
            if progress is not None:
                progress(report.size, report.size, report.rows_read)
    except ImportFileError as exc:
        report.add_problem(exc.problem)
        if rejected is not None:
            rejected.discard()
        raise ImportRejected(report) from exc
    except BaseException:
        if rejected is not None:
            rejected.discard()
        raise
    finally:
        prep.close()
    if rejected is not None:
        report.rejected_path = rejected.commit()


def _redescribe(source: Source, described: dict[str, Any], report: ImportReport) -> None:
    """Apply what the analyst now says of an unchanged list to its latest version.

    The records are the same, so no new version is made: only the description
    (systematic, reliability, duplicate-free, independence group) changes.
    """
    changes = {
        key: (getattr(source, key), value)
        for key, value in described.items()
        if value is not None and getattr(source, key) != value
    }
    if not changes:
        return
    for key, (_before, after) in changes.items():
        setattr(source, key, after)
    source.save(update_fields=list(changes))
    report.redescribed = changes


def _new_version(name: str, attrs: dict[str, Any]) -> Source:
    """The new Source row: version N+1 of ``name`` (attributes carried over), or version 1."""
    previous = Source.objects.select_for_update().filter(name=name).order_by("-version").first()
    fields: dict[str, Any] = {}
    carried = (
        "kind", "title", "origin", "language", "reliability", "confidentiality", "systematic",
        "duplicate_free", "independence_group", "synthetic", "obtained_on",
    )  # fmt: skip
    if previous is not None:
        fields = {f: getattr(previous, f) for f in carried}
    for key, value in attrs.items():
        if value is not None:
            fields[key] = value
    fields.setdefault("title", name)
    if not fields.get("title"):
        fields["title"] = name
    return Source.objects.create(
        name=name,
        version=previous.version + 1 if previous is not None else 1,
        previous=previous,
        **fields,
    )


def _sql(template: str) -> str:
    """SQL text with the records table's quoted name; values always go in as parameters."""
    return template.replace("{t}", connection.ops.quote_name(Record._meta.db_table))


def _compare(new: Source, old: Source, report: ImportReport) -> None:
    """Link each record to its form in the previous version; count added/removed/changed."""
    with connection.cursor() as cursor:
        # Correlated subqueries: portable across SQLite and PostgreSQL; the
        # (source, source_record_id) index makes each lookup one probe.
        cursor.execute(
            _sql(
                "UPDATE {t} SET previous_id = (SELECT o.id FROM {t} o WHERE o.source_id = %s "
                "AND o.source_record_id = {t}.source_record_id) WHERE source_id = %s"
            ),
            [old.pk, new.pk],
        )
        cursor.execute(
            _sql(
                "UPDATE {t} SET version = (SELECT o.version + 1 FROM {t} o "
                "WHERE o.id = {t}.previous_id) WHERE source_id = %s AND previous_id IS NOT NULL"
            ),
            [new.pk],
        )
        cursor.execute(
            _sql(
                "SELECT source_record_id FROM {t} WHERE source_id = %s AND previous_id IS NULL "
                "ORDER BY row_number"
            ),
            [new.pk],
        )
        added = [r[0] for r in cursor.fetchall()]
        cursor.execute(
            _sql(
                "SELECT o.source_record_id FROM {t} o WHERE o.source_id = %s AND NOT EXISTS "
                "(SELECT 1 FROM {t} n WHERE n.source_id = %s AND n.previous_id = o.id) "
                "ORDER BY o.row_number"
            ),
            [old.pk, new.pk],
        )
        removed = [r[0] for r in cursor.fetchall()]
        cursor.execute(
            _sql("SELECT COUNT(*) FROM {t} WHERE source_id = %s AND previous_id IS NOT NULL"),
            [new.pk],
        )
        kept = int(cursor.fetchone()[0])
        # Raw values compared as stored; where the text differs, compare the
        # decoded objects too, so that reordered columns alone are no change.
        cursor.execute(
            _sql(
                "SELECT n.source_record_id, n.raw, o.raw FROM {t} n JOIN {t} o "
                "ON o.id = n.previous_id WHERE n.source_id = %s AND n.raw <> o.raw "
                "ORDER BY n.row_number"
            ),
            [new.pk],
        )
        changed = []
        for record_id, new_raw, old_raw in cursor:
            if _decoded(new_raw) != _decoded(old_raw):
                changed.append(record_id)
    report.added, report.removed, report.changed = len(added), len(removed), len(changed)
    report.unchanged = kept - len(changed)
    report.added_ids = added[:MAX_LISTED_IDS]
    report.removed_ids = removed[:MAX_LISTED_IDS]
    report.changed_ids = changed[:MAX_LISTED_IDS]


def _decoded(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def _store_original(
    case: Case, path: Path, report: ImportReport, source: Source, user: Any, actor: str
) -> Any:
    """Keep the original file as an evidence item (by hash) and log its ingest."""
    from dadkhah.web.evidence.services import Collection, evidence_add_paths

    added = evidence_add_paths(
        case=case,
        paths=[path],
        actor=actor,
        user=user if getattr(user, "pk", None) is not None else None,
        collection=Collection(
            collected_by=actor,
            method=f"list import (dadkhah import, source {source.name} v{source.version})",
            source=str(path.resolve()),
            title=source.title,
        ),
    )
    items = added.added or [item for _, item in added.duplicates]
    if not items:
        raise fail(
            "file_unreadable", path.name, detail="it could not be kept in the evidence store"
        )
    item = items[0]
    if item.sha256 != report.sha256:
        raise fail("file_unreadable", path.name, detail="it changed while it was being imported")
    report.evidence_sha256 = item.sha256
    return item


def import_synthetic_lists(
    *,
    case: Case,
    synth_dir: Path | str,
    user: Any = None,
    progress_for: Callable[[str], Progress | None] | None = None,
) -> list[ImportReport]:
    """Import every list a `dadkhah synth` folder describes in its lists.toml.

    Each ``[[lists]]`` entry gives the file, its encoding, its record-id
    column and calendar, and the source's title, language, synthetic flag and
    what an analyst would say of it (systematic, reliability, duplicate_free,
    independence_group; read as a mapping file's keys).

    Raises:
        InputError: lists.toml is missing or malformed.
        ImportRejected: A list cannot be imported (it names the problem).
    """
    synth_dir = Path(synth_dir)
    toml_path = synth_dir / "lists.toml"
    try:
        data = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(
            f"{toml_path}: cannot be read as TOML ({exc}); run `dadkhah synth` again."
        ) from exc
    reports = []
    for entry in data.get("lists", []):
        mapping = synthetic_list_mapping(entry)
        reports.append(
            source_import(
                case=case,
                path=synth_dir / entry["file"],
                source_name=entry["name"],
                mapping=mapping,
                user=user,
                kind=entry.get("kind", Source.Kind.LIST),
                title=entry.get("title"),
                language=entry.get("language"),
                synthetic=bool(entry.get("synthetic", data.get("synthetic", False))),
                progress=progress_for(entry["name"]) if progress_for is not None else None,
            )
        )
    return reports


def source_create(
    *,
    name: str,
    kind: str,
    title: str,
    language: str = "",
    reliability: str = Reliability.F,
    confidentiality: str = Confidentiality.RESTRICTED,
    systematic: bool = False,
    duplicate_free: bool = False,
    independence_group: str = "",
    synthetic: bool = False,
    evidence: EvidenceItem | None = None,
) -> Source:
    """Describe a new source (version 1) other than by importing a list file.

    A document, a testimony's source or a demo list: what the case knows of where
    information comes from. A list file is imported with :func:`source_import` instead,
    which versions the source and commits its records.

    Args:
        name: Its short name (letters, digits, ``-`` and ``_``); not taken.
        kind: A `Source.Kind` value.
        title: How it is called.
        language: Its language (``fa``, ``en`` …).
        reliability: Admiralty reliability A–F (F: cannot be judged).
        confidentiality: ``public``, ``restricted`` or ``strictly_confidential``.
        systematic, duplicate_free: For a list, as multiple systems estimation reads them.
        independence_group: Sources sharing a group are not independent of each other.
        synthetic: Made up for a demo or a test.
        evidence: The original file in the evidence store.

    Raises:
        InputError: A malformed or taken name, no title, or an unknown kind, reliability
            or confidentiality.
    """
    if not SOURCE_NAME.match(name):
        raise InputError(f"a source name is letters, digits, - and _ (at most 100), not {name!r}.")
    title = title.strip()
    if not title:
        raise InputError(f"the source {name} needs a title.")
    for value, allowed, what in (
        (kind, Source.Kind.values, "source kind"),
        (reliability, Reliability.values, "reliability"),
        (confidentiality, Confidentiality.values, "confidentiality"),
    ):
        if value not in allowed:
            raise InputError(f"unknown {what} {value!r}; use one of {', '.join(allowed)}.")
    if len(language) > 10 or len(independence_group) > 100:
        raise InputError("a language code is at most 10 characters, a group at most 100.")
    if Source.objects.filter(name=name).exists():
        raise InputError(f"the source name {name} is taken; import a new version instead.")
    return Source.objects.create(
        name=name,
        kind=kind,
        title=title[:300],
        language=language,
        reliability=reliability,
        confidentiality=confidentiality,
        systematic=systematic,
        duplicate_free=duplicate_free,
        independence_group=independence_group,
        synthetic=synthetic,
        evidence=evidence,
    )


def record_add(
    *,
    source: Source,
    source_record_id: str,
    raw: dict[str, Any],
    normalized: dict[str, Any] | None = None,
    row_number: int | None = None,
    person: Person | None = None,
) -> Record:
    """Add one record to a source described by :func:`source_create` (a demo's list).

    An imported list writes its records itself; call
    :func:`dadkhah.web.custody.records.records_commit` once a source's records are all in,
    as an import does, so that verification checks each of them.

    Raises:
        InputError: An unsaved source, no id or an id the source already holds, or no
            field.
    """
    if source.pk is None:
        raise InputError("a record belongs to a saved source.")
    source_record_id = source_record_id.strip()
    if not source_record_id or len(source_record_id) > 100:
        raise InputError("a record needs an id in its source, at most 100 characters.")
    if not raw:
        raise InputError(f"the record {source_record_id} of {source.name} has no field.")
    if Record.objects.filter(source=source, source_record_id=source_record_id).exists():
        raise InputError(f"the source {source.name} holds a record {source_record_id} already.")
    return Record.objects.create(
        source=source,
        source_record_id=source_record_id,
        row_number=row_number,
        raw=raw,
        normalized=normalized or {},
        person=person,
    )


__all__ = [
    "ImportRejected",
    "ImportReport",
    "RecordInserter",
    "Severity",
    "import_synthetic_lists",
    "record_add",
    "source_create",
    "source_import",
]
