"""Write one exported table as CSV, JSON, JSON Lines or Parquet, all or nothing.

The tables and their columns are declared here (:data:`TABLES`), so the writers, the
Parquet schema, ``docs/exports.md`` and its test read one list. The rows come from the
web app's selectors (``dadkhah.web.exports``), which apply the same role, clearance and
consent rules as the pages; this module never sees a model.

Formats:

* CSV is UTF-8 with a byte-order mark, so that Excel and LibreOffice read Persian
  without asking, and goes through the project's one CSV writer
  (:mod:`dadkhah.core.csvsafe`): a text cell starting with ``=``, ``+``, ``-``, ``@``, a
  tab or a carriage return gets a leading apostrophe (OWASP, "CSV Injection").
* JSON is one array of objects; JSON Lines one object a line. Text as it is (Persian is
  not escaped), no NaN.
* Parquet goes through pyarrow with the declared schema (string, int64, float64, bool)
  and the table's name in the schema metadata. pyarrow is imported only here, and only
  when Parquet is asked for.

The file is written to a temporary name in the output's folder and renamed at the end
(``os.replace``, atomic on one file system): a failure, a refusal or a kill leaves no
file behind, or the old one untouched.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from dadkhah.core import csvsafe
from dadkhah.core.errors import InputError

FORMATS = ("csv", "json", "jsonl", "parquet")
#: Column types, as JSON and Parquet read them.
STRING, INT, FLOAT, BOOL = "string", "int64", "float64", "bool"
TYPES = (STRING, INT, FLOAT, BOOL)


class ExportError(InputError):
    """An export asked for something that cannot be written (unknown table, bad --where …)."""


@dataclass(frozen=True)
class Column:
    """One column of an exported table: its machine name, type and meaning."""

    name: str
    type: str
    doc: str


@dataclass(frozen=True)
class TableSpec:
    """An exported table: its columns and, for tables with columns named by the data, how."""

    name: str
    doc: str
    columns: tuple[Column, ...]
    #: Columns the data names (one per raw header, one per list), documented as a pattern.
    dynamic: Column | None = None


def _c(name: str, type_: str, doc: str) -> Column:
    return Column(name, type_, doc)


_DATE = "ISO 8601 interval of days (`1988-07-27/1988-08-22`; one day alone: `1988-07-27`; empty when unknown)"
_PRECISION = "day, month, season, year, range or unknown"


def _date(prefix: str, what: str) -> tuple[Column, ...]:
    return (
        _c(prefix, STRING, f"{what}: {_DATE}"),
        _c(f"{prefix}_precision", STRING, f"{what}: {_PRECISION}"),
        _c(f"{prefix}_text", STRING, f"{what} as written"),
    )


#: The normalized fields of a record (schema v1, docs/methodology/import.md) in columns.
RECORD_NORMALIZED: tuple[Column, ...] = (
    _c("full_name", STRING, "the one-column name as written"),
    _c("name_order", STRING, "given_first, family_first or single"),
    _c("given_name", STRING, "given name as written"),
    _c("family_name", STRING, "family name as written"),
    _c("father_name", STRING, "father's name as written"),
    _c("given_norm", STRING, "given name, folded"),
    _c("family_norm", STRING, "family name, folded"),
    _c("father_norm", STRING, "father's name, folded"),
    _c("given_key", STRING, "given name, cross-script key"),
    _c("family_key", STRING, "family name, cross-script key"),
    _c("father_key", STRING, "father's name, cross-script key"),
    _c("honorifics", STRING, "honorific flags, space-separated"),
    _c("display", STRING, "romanized name for display"),
    _c("sex", STRING, "m or f"),
    _c("birth_date", STRING, f"date of birth: {_DATE}"),
    _c("birth_date_precision", STRING, _PRECISION),
    _c("arrest_date", STRING, f"date of arrest: {_DATE}"),
    _c("arrest_date_precision", STRING, _PRECISION),
    _c("death_date", STRING, f"date of death: {_DATE}"),
    _c("death_date_precision", STRING, _PRECISION),
    _c("birth_year", STRING, "Gregorian years of birth as an interval (`1961/1962`)"),
    _c("birth_from", STRING, "birth_date, birth_year or age"),
    _c("age", INT, "age as written"),
    _c("age_range", STRING, "youngest/oldest age (`25/30`)"),
    _c("city", STRING, "gazetteer id (city:tehran)"),
    _c("city_from", STRING, "prison or burial_place when the city was read from it"),
    _c("prison", STRING, "gazetteer id (prison:evin)"),
    _c("burial_place", STRING, "gazetteer id (cemetery:khavaran)"),
    _c("ward", STRING, "ward as written"),
    _c("ward_key", STRING, "ward for comparison"),
    _c("ward_prison", STRING, "the prison of the ward"),
    _c("affiliation", STRING, "affiliation code"),
    _c("sympathizer", BOOL, "true when the text says supporter rather than member"),
    _c("notes", STRING, "notes as written"),
    _c("flags", STRING, "warnings of the row (`code:field`), space-separated"),
    _c("normalized_other", STRING, "any other normalized key, as a JSON object (empty: none)"),
)

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec(
            "records",
            "One row per record of every source version the user may read: raw values and "
            "normalized fields. Records of witnesses are left out.",
            (
                _c("record_id", INT, "the record's number in the case"),
                _c("source", STRING, "source name"),
                _c("source_version", INT, "source version"),
                _c("source_record_id", STRING, "the record's id in the source"),
                _c("row_number", INT, "row in the file"),
                _c("record_version", INT, "version of the record"),
                _c("person_id", STRING, "public id of the linked person (P-000123), if visible"),
                *RECORD_NORMALIZED,
            ),
            dynamic=_c(
                "raw.HEADER",
                STRING,
                "one column per header of the source files, the value as given",
            ),
        ),
        TableSpec(
            "persons",
            "Persons the user may see (never a witness).",
            (
                _c("person_id", STRING, "public id (P-000123)"),
                _c("display_name", STRING, "name"),
                _c("display_name_fa", STRING, "Persian name"),
                _c("sex", STRING, "m or f"),
                _c("roles", STRING, "victim, perpetrator, relative; space-separated"),
                _c("records", INT, "records linked to the person"),
                _c("merged_into", STRING, "public id this person was merged into"),
                _c("confidentiality", STRING, "public, restricted or strictly_confidential"),
                _c("created_at", STRING, "ISO 8601 time, UTC"),
            ),
        ),
        TableSpec(
            "sources",
            "Every version of every source the user may read.",
            (
                _c("source", STRING, "short name"),
                _c("version", INT, "version"),
                _c("latest", BOOL, "whether this is the latest version"),
                _c("kind", STRING, "list, document, testimony …"),
                _c("title", STRING, "title"),
                _c("origin", STRING, "who produced it, how it reached us"),
                _c("obtained_on", STRING, "ISO 8601 date"),
                _c("language", STRING, "language code"),
                _c("reliability", STRING, "Admiralty grade A–F"),
                _c("confidentiality", STRING, "confidentiality level"),
                _c("systematic", BOOL, "counted as a list by estimate"),
                _c("duplicate_free", BOOL, "names each person at most once"),
                _c("independence_group", STRING, "independence group"),
                _c("synthetic", BOOL, "fictional data"),
                _c("records", INT, "records of this version"),
                _c("evidence_sha256", STRING, "SHA-256 of the original file"),
            ),
        ),
        TableSpec(
            "claims",
            "Claims the user may read, each with its supporting sources (a testimony by "
            "the witness's pseudonym only).",
            (
                _c("claim_id", INT, "claim number"),
                _c("subject_type", STRING, "person, event, body or place"),
                _c("subject", STRING, "public id, event number, body key or place key"),
                _c("kind", STRING, "kind of fact (executed, detained_at …)"),
                _c("value", STRING, "value"),
                _c("place", STRING, "place key"),
                *_date("date", "date of the fact"),
                _c("status", STRING, "alleged, corroborated …"),
                _c("meets_standard", BOOL, "meets the standard of proof"),
                _c("single_source", BOOL, "rests on one source"),
                _c("confidentiality", STRING, "confidentiality level"),
                _c(
                    "sources",
                    STRING,
                    "supporting sources with credibility (`list-a v1 [3]`), `; `-separated",
                ),
                _c(
                    "testimony_of",
                    STRING,
                    "pseudonyms of the witnesses whose testimony supports it",
                ),
                _c("contradicts", STRING, "claim numbers it contradicts, space-separated"),
            ),
        ),
        TableSpec(
            "events",
            "Events (arrest, execution, burial …) for registry readers.",
            (
                _c("event_id", INT, "event number"),
                _c("kind", STRING, "kind of event"),
                _c("title", STRING, "title"),
                _c("description", STRING, "description"),
                _c("place", STRING, "place key"),
                *_date("date", "date of the event"),
            ),
        ),
        TableSpec(
            "involvements",
            "Who took part in which event, in what role; only persons the user may see.",
            (
                _c("event_id", INT, "event number"),
                _c("person_id", STRING, "public id"),
                _c("role", STRING, "victim, perpetrator, witness or relative"),
                _c("mode", STRING, "for perpetrators: ordered, carried_out …"),
            ),
        ),
        TableSpec(
            "places",
            "Places the user may read.",
            (
                _c("place", STRING, "gazetteer key (prison:evin)"),
                _c("kind", STRING, "kind of place"),
                _c("name", STRING, "name"),
                _c("name_fa", STRING, "Persian name"),
                _c("other_names", STRING, "other and historic names, `; `-separated"),
                _c("parent", STRING, "key of the place it lies in"),
                _c("latitude", FLOAT, "WGS 84 degrees"),
                _c("longitude", FLOAT, "WGS 84 degrees"),
                _c("precision", STRING, "how precise the location is"),
                _c("estimated_individuals_min", INT, "fewest people thought buried"),
                _c("estimated_individuals_max", INT, "most people thought buried"),
                _c("confidentiality", STRING, "confidentiality level"),
                _c("notes", STRING, "notes"),
            ),
        ),
        TableSpec(
            "observations",
            "Observations of sites the user may read, from sources the user may read.",
            (
                _c("observation_id", INT, "observation number"),
                _c("place", STRING, "place key"),
                _c("status", STRING, "intact, damaged, bulldozed …"),
                _c("description", STRING, "description"),
                *_date("date", "date observed"),
                _c("source", STRING, "source name and version"),
                _c("evidence_sha256", STRING, "evidence items the user may see, space-separated"),
            ),
        ),
        TableSpec(
            "evidence",
            "Evidence items the user may see: metadata and hashes, never the bytes. The "
            "evidence of a testimony and its copies are left out (as from a bundle without --for).",
            (
                _c("sha256", STRING, "SHA-256 of the file"),
                _c("size", INT, "bytes"),
                _c("media_type", STRING, "media type"),
                _c("original_name", STRING, "file name as collected"),
                _c("title", STRING, "title"),
                _c("collected_by", STRING, "who collected it"),
                _c("collected_at", STRING, "ISO 8601 time, UTC"),
                _c("collection_method", STRING, "how"),
                _c("collected_from", STRING, "URL, device, account"),
                _c("derived_from", STRING, "SHA-256 of the original, for a working copy"),
                _c("transformation", STRING, "how the copy was made"),
                _c("synthetic", BOOL, "fictional data"),
                _c("confidentiality", STRING, "confidentiality level"),
                _c("metadata", STRING, "extracted metadata (EXIF, PDF …) as a JSON object"),
            ),
        ),
        TableSpec(
            "custody",
            "The custody log (the audit trail), for users who may read the audit page.",
            (
                _c("seq", INT, "entry number"),
                _c("time", STRING, "ISO 8601 time, UTC"),
                _c("actor", STRING, "who"),
                _c("action", STRING, "ingest, view, export, read_protected …"),
                _c("items", STRING, "SHA-256 of the items named, space-separated"),
                _c("leaf_hash", STRING, "RFC 9162 leaf hash"),
                _c("entry", STRING, "the canonical entry (RFC 8785 JSON)"),
            ),
        ),
        TableSpec(
            "estimates",
            "Stored estimate runs: one row per run, stratum and method.",
            (
                _c("run_id", INT, "estimate run number"),
                _c("created_at", STRING, "ISO 8601 time, UTC"),
                _c("by", STRING, "stratified by (empty: none)"),
                _c("lists", STRING, "lists counted, space-separated"),
                _c("stratum", STRING, "stratum, or `total`"),
                _c("method", STRING, "lcmcr, loglinear or dga"),
                _c("documented", INT, "persons documented"),
                _c("estimate", FLOAT, "estimated total"),
                _c("lower", FLOAT, "95% interval, lower end"),
                _c("upper", FLOAT, "95% interval, upper end (empty: unbounded)"),
                _c("linkage_share", FLOAT, "share of the width from linkage uncertainty"),
                _c("warnings", STRING, "warnings, `; `-separated"),
            ),
        ),
        TableSpec(
            "capture-histories",
            "How many linked persons each combination of lists holds, by stratum: the "
            "input of `estimate` (the lists it counts by default, one per independence "
            "group), in the format `estimate-table` reads.",
            (_c("stratum", STRING, "stratum (`all` without --by)"),),
            dynamic=_c("LIST", INT, "one column per list counted: 1 on the list, 0 not"),
        ),
    )
}
#: The last column of capture-histories, after the list columns.
COUNT = _c("count", INT, "persons with this capture history in this stratum")


def iso_interval(earliest: Any, latest: Any) -> str:
    """An interval of days as ISO 8601 text: ``A/B``, one day as ``A``, unknown as ``""``."""
    if earliest in (None, "") or latest in (None, ""):
        return ""
    a, b = str(earliest)[:10], str(latest)[:10]
    return a if a == b else f"{a}/{b}"


def check_request(*, table: str, fmt: str, out: Path, force: bool) -> None:
    """Refuse, before anything is read, an unknown table or format or an existing file.

    Raises:
        ExportError: naming what is wrong and what to give instead.
    """
    if table not in TABLES:
        raise ExportError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}.")
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"{out} is a folder; give a file name.")
    if out.exists() and not force:
        raise ExportError(f"{out} exists already; choose a new name or pass --force.")
    if not out.parent.is_dir():
        raise ExportError(f"the folder {out.parent} does not exist.")


def parse_where(terms: Sequence[str]) -> dict[str, set[str]]:
    """``FIELD=VALUE`` terms as field → accepted values (the same field twice: either).

    Raises:
        ExportError: a term without ``=`` or without a field.
    """
    out: dict[str, set[str]] = {}
    for term in terms:
        field, sep, value = term.partition("=")
        if not sep or not field.strip():
            raise ExportError(f"--where {term!r}: write FIELD=VALUE (e.g. source=list-a).")
        out.setdefault(field.strip(), set()).add(value)
    return out


def check_where(where: Mapping[str, set[str]], columns: Sequence[Column]) -> None:
    """Refuse a --where on a field the table does not have, listing the fields it has."""
    names = {c.name for c in columns}
    unknown = sorted(set(where) - names)
    if unknown:
        raise ExportError(
            f"--where: no field {', '.join(map(repr, unknown))} in this table; its fields "
            f"are: {', '.join(c.name for c in columns)}."
        )


def cell_text(value: Any) -> str:
    """The text form --where compares against: true/false, numbers as written, "" for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def filter_rows(
    rows: Iterable[Mapping[str, Any]], where: Mapping[str, set[str]]
) -> Iterator[Mapping[str, Any]]:
    """The rows whose every --where field holds one of its values."""
    for row in rows:
        if all(cell_text(row.get(f)) in values for f, values in where.items()):
            yield row


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and value != value:  # NaN has no JSON form
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _write_csv(fh: IO[str], columns: Sequence[Column], rows: Iterable[Mapping[str, Any]]) -> int:
    writer = csvsafe.writer(fh)
    writer.writerow([c.name for c in columns])
    n = 0
    for row in rows:
        writer.writerow([_csv_cell(row.get(c.name)) for c in columns])
        n += 1
    return n


def _write_json(
    fh: IO[str], columns: Sequence[Column], rows: Iterable[Mapping[str, Any]], *, lines: bool
) -> int:
    n = 0
    if not lines:
        fh.write("[")
    for row in rows:
        obj = {c.name: _json_value(row.get(c.name)) for c in columns}
        text = json.dumps(obj, ensure_ascii=False, allow_nan=False)
        if lines:
            fh.write(text + "\n")
        else:
            fh.write(("\n" if n == 0 else ",\n") + text)
        n += 1
    if not lines:
        fh.write("\n]\n" if n else "]\n")
    return n


def parquet_schema(table: str, columns: Sequence[Column]) -> Any:
    """The pyarrow schema of ``columns``, the table's name in its metadata."""
    import pyarrow as pa

    types = {STRING: pa.string(), INT: pa.int64(), FLOAT: pa.float64(), BOOL: pa.bool_()}
    fields = [pa.field(c.name, types[c.type], nullable=True) for c in columns]
    return pa.schema(fields, metadata={"dadkhah.table": table, "dadkhah.format": "1"})


def arrow_table(table: str, columns: Sequence[Column], rows: Iterable[Mapping[str, Any]]) -> Any:
    """``rows`` as a pyarrow Table with the declared schema (:func:`parquet_schema`).

    The one typing of an exported table: the Parquet writer and the Python API
    (:mod:`dadkhah.api`) both go through it.
    """
    import pyarrow as pa

    schema = parquet_schema(table, columns)
    return pa.Table.from_pylist(
        [{c.name: _json_value(row.get(c.name)) for c in columns} for row in rows], schema=schema
    )


def _write_parquet(
    path: Path, table: str, columns: Sequence[Column], rows: Iterable[Mapping[str, Any]]
) -> int:
    import pyarrow.parquet as pq

    schema = parquet_schema(table, columns)
    n = 0
    batch: list[Mapping[str, Any]] = []
    with pq.ParquetWriter(str(path), schema) as writer:
        for row in rows:
            batch.append(row)
            n += 1
            if len(batch) >= 10_000:
                writer.write_table(arrow_table(table, columns, batch))
                batch = []
        writer.write_table(arrow_table(table, columns, batch))
    return n


def _rename_new(tmp: Path, out: Path) -> None:
    """Give ``tmp`` the name ``out`` unless ``out`` was created meanwhile."""
    try:
        os.link(tmp, out)  # atomic, and fails if the name is taken
    except FileExistsError:
        raise ExportError(f"{out} exists already; choose a new name or pass --force.") from None
    except OSError:  # a file system without hard links (FAT, some network shares)
        if out.exists():
            raise ExportError(f"{out} exists already; choose a new name or pass --force.") from None
        os.replace(tmp, out)
        return
    tmp.unlink()


def write_table(
    *,
    out: Path,
    table: str,
    fmt: str,
    columns: Sequence[Column],
    rows: Iterable[Mapping[str, Any]],
    force: bool = False,
    before_rename: Callable[[int], None] | None = None,
) -> int:
    """Write ``rows`` as ``fmt`` to ``out``, all or nothing; return how many rows.

    Args:
        before_rename: Called with the row count when the file is complete and before it
            takes its name (the caller's audit entry goes there: nothing is handed over
            that the log does not record). An exception from it leaves no file.

    Raises:
        ExportError: ``out`` exists and ``force`` is false (checked again at the end).
    """
    check_request(table=table, fmt=fmt, out=out, force=force)
    out = Path(out)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        if fmt == "parquet":
            os.close(fd)
            n = _write_parquet(tmp, table, columns, rows)
        else:
            encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
            with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
                if fmt == "csv":
                    n = _write_csv(fh, columns, rows)
                else:
                    n = _write_json(fh, columns, rows, lines=fmt == "jsonl")
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        if before_rename is not None:
            before_rename(n)
        if force:
            os.replace(tmp, out)
        else:
            _rename_new(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return n
