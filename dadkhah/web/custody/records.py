"""Commit a source's records to the custody log at import, and check them in `verify`.

At import each record's content (:class:`~dadkhah.core.custody.records.RecordContent`)
is hashed; the hashes are kept in ``RecordDigest`` (append-only) and their RFC 9162
Merkle root, in record-id order, goes into a ``records`` custody entry. `verify`
re-hashes every record and checks, naming the record: that it is committed, that its
content is what was committed, that no committed record is missing, and that the kept
hashes of each import still give the signed root (so the digest table cannot be edited
to match an edited record).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import transaction

from dadkhah.core.case import Case
from dadkhah.core.custody.log import Entry, Problem
from dadkhah.core.custody.merkle import Frontier
from dadkhah.core.custody.records import RecordContent, record_leaf
from dadkhah.web.custody.models import CustodyEntry, RecordDigest
from dadkhah.web.custody.services import custody_append
from dadkhah.web.sources.models import Record, Source

CHUNK = 5000
_COLUMNS = ("pk", "source_id", "source_record_id", "row_number", "version", "previous_id")


def _contents(qs: Any) -> Iterator[tuple[int, int, str, bytes]]:
    """(record id, source id, id in source, leaf hash) for each record of ``qs``, by id."""
    rows = qs.order_by("pk").values_list(*_COLUMNS, "raw", "normalized")
    for pk, source_id, srid, row_number, version, previous_id, raw, normalized in rows.iterator(
        chunk_size=CHUNK
    ):
        content = RecordContent(
            record_id=pk,
            source_record_id=srid,
            row_number=row_number,
            version=version,
            previous_id=previous_id,
            raw=raw,
            normalized=normalized,
        )
        yield pk, source_id, srid, record_leaf(content)


def records_commit(*, case: Case, source: Source, actor: str) -> CustodyEntry:
    """Hash every record of ``source`` and log the root in a ``records`` entry.

    Called by the import inside its transaction, after the records and their version
    pointers are written; a second call for the same source is refused.

    Raises:
        InputError: The source's records are already committed.
    """
    from dadkhah.core.errors import InputError

    if RecordDigest.objects.filter(source_id=source.pk).exists():
        raise InputError(f"the records of source {source.name} v{source.version} are committed.")
    frontier = Frontier()
    digests: list[RecordDigest] = []
    first = last = None
    for pk, _source_id, srid, leaf in _contents(Record.objects.filter(source=source)):
        frontier.append(leaf)
        digests.append(
            RecordDigest(
                record_id=pk,
                source_id=source.pk,
                source_record_id=srid,
                leaf_hash=leaf.hex(),
                entry_seq=0,
            )
        )
        first = pk if first is None else first
        last = pk
    details: dict[str, Any] = {
        "source": source.name,
        "source_version": source.version,
        "source_id": source.pk,
        "records": frontier.size,
        "first_id": first,
        "last_id": last,
        "root": frontier.root().hex(),
    }
    evidence = getattr(source, "evidence", None)
    with transaction.atomic():
        appended = custody_append(
            case=case,
            events=[
                {
                    "actor": actor,
                    "action": "records",
                    "items": [evidence.sha256] if evidence is not None else [],
                    "details": details,
                }
            ],
        )
        seq = appended.entries[0].seq
        for d in digests:
            d.entry_seq = seq
        RecordDigest.objects.bulk_create(digests, batch_size=CHUNK)
    return appended.entries[0]


def check_records(entries: list[Entry | None]) -> tuple[list[Problem], int]:
    """Re-hash every record against the commitments; (problems, records checked)."""
    problems: list[Problem] = []
    commits: dict[int, Entry] = {}
    for entry in entries:
        if entry is not None and entry.action == "records":
            source_id = entry.details.get("source_id")
            if isinstance(source_id, int):
                commits.setdefault(source_id, entry)
    names = {s.pk: f"{s.name} v{s.version}" for s in Source.objects.all()}
    roots: dict[int, Frontier] = {}
    digests = RecordDigest.objects.order_by("record_id").values_list(
        "record_id", "source_id", "source_record_id", "leaf_hash", "entry_seq"
    )
    kept = iter(digests.iterator(chunk_size=CHUNK))
    pending = next(kept, None)
    checked = 0

    def missing(d: tuple[int, int, str, str, int]) -> None:
        record_id, source_id, srid, _leaf, seq = d
        problems.append(
            Problem(
                f"record {record_id} ({names.get(source_id, f'source {source_id}')}:{srid})",
                f"committed by entry {seq} but missing from the database: it was deleted",
            )
        )

    for pk, source_id, srid, leaf in _contents(Record.objects.all()):
        checked += 1
        while pending is not None and pending[0] < pk:
            _add_root(roots, pending)
            missing(pending)
            pending = next(kept, None)
        where = f"record {pk} ({names.get(source_id, f'source {source_id}')}:{srid})"
        if pending is None or pending[0] != pk:
            problems.append(Problem(where, "not committed by any import's records entry"))
            continue
        _add_root(roots, pending)
        if pending[1] != source_id or pending[2] != srid:
            problems.append(Problem(where, f"moved from the source or id entry {pending[4]} kept"))
        elif pending[3] != leaf.hex():
            problems.append(
                Problem(
                    where,
                    f"raw or normalized content differs from what entry {pending[4]} committed "
                    "at import",
                )
            )
        pending = next(kept, None)
    while pending is not None:
        _add_root(roots, pending)
        missing(pending)
        pending = next(kept, None)
    for source_id in sorted(set(roots) | set(commits)):
        problems.extend(_check_root(source_id, roots.get(source_id), commits.get(source_id), names))
    return problems, checked


def _add_root(roots: dict[int, Frontier], d: tuple[int, int, str, str, int]) -> None:
    try:
        leaf = bytes.fromhex(d[3])
    except ValueError:
        leaf = b""
    if len(leaf) != 32:
        leaf = b"\0" * 32  # a malformed kept hash: the root check below names the source
    roots.setdefault(d[1], Frontier()).append(leaf)


def _check_root(
    source_id: int, frontier: Frontier | None, entry: Entry | None, names: dict[int, str]
) -> list[Problem]:
    where = f"records of {names.get(source_id, f'source {source_id}')}"
    if entry is None:
        return [Problem(where, "hashes are kept but no records entry in the log commits them")]
    frontier = frontier or Frontier()
    d = entry.details
    if frontier.size != d.get("records") or frontier.root().hex() != d.get("root"):
        return [
            Problem(
                where,
                f"the kept record hashes ({frontier.size}) do not give the root entry "
                f"{entry.seq} signed ({d.get('records')} records): the digests were changed",
            )
        ]
    return []
