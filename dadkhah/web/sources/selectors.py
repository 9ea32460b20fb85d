"""Reads about sources and their records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, QuerySet

from dadkhah.web.sources.models import Record, Source


def source_latest(*, name: str) -> Source | None:
    """The latest version of the source called ``name``, or None."""
    return Source.objects.filter(name=name).order_by("-version").select_related("evidence").first()


def source_versions(*, name: str) -> QuerySet[Source]:
    """Every version of a source, oldest first."""
    return Source.objects.filter(name=name).order_by("version")


def source_list_latest() -> QuerySet[Source]:
    """The latest version of every source, by name."""
    latest = Source.objects.values("name").annotate(v=Max("version"))
    ids = [
        s.pk
        for s in Source.objects.filter(name__in=[r["name"] for r in latest]).only("name", "version")
        if any(r["name"] == s.name and r["v"] == s.version for r in latest)
    ]
    return Source.objects.filter(pk__in=ids).order_by("name")


def records_with_persons() -> Iterator[tuple[str, str, str | None]]:
    """(source name, record id in the list, person's public id or None) of every record.

    In the order of the lists and their rows: what `link-files` writes out.
    """
    rows = Record.objects.order_by("source__name", "row_number", "id").values_list(
        "source__name", "source_record_id", "person__public_id"
    )
    yield from rows.iterator(chunk_size=10_000)


@dataclass(frozen=True)
class DuplicateFreeBreach:
    """A person holding two or more records of one duplicate-free list."""

    source: str
    person: str  # the person's public id
    records: tuple[str, ...]  # the records as LIST:RECORD_ID, as `split` takes them

    def __str__(self) -> str:
        return f"{self.person}: {', '.join(self.records)}"


def duplicate_free_breaches(*, sources: list[Source] | None = None) -> list[DuplicateFreeBreach]:
    """Persons holding more than one record of a duplicate-free list, by list and person.

    Args:
        sources: The source versions to check (those not marked duplicate-free
            are skipped); default: the latest version of every source.
    """
    chosen = list(source_list_latest()) if sources is None else sources
    names = {s.pk: s.name for s in chosen if s.duplicate_free}
    if not names:
        return []
    rows = (
        Record.objects.filter(source_id__in=list(names), person__isnull=False)
        .values("source_id", "person_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    keys = {(r["source_id"], r["person_id"]) for r in rows}
    if not keys:
        return []
    held: dict[tuple[int, int], list[str]] = defaultdict(list)
    public: dict[int, str] = {}
    records = (
        Record.objects.filter(
            source_id__in={k[0] for k in keys}, person_id__in={k[1] for k in keys}
        )
        .order_by("row_number", "id")
        .values_list("source_id", "person_id", "person__public_id", "source_record_id")
    )
    for source_id, person_id, public_id, record_id in records:
        if (source_id, person_id) in keys:
            held[(source_id, person_id)].append(f"{names[source_id]}:{record_id}")
            public[person_id] = public_id
    return sorted(
        (DuplicateFreeBreach(names[s], public[p], tuple(ids)) for (s, p), ids in held.items()),
        key=lambda b: (b.source, b.person),
    )


def records_normalized(
    *, sources: list[Source] | None = None, chunk_size: int = 5_000
) -> Iterator[dict[str, Any]]:
    """One dict per record of the given source versions (default: every latest version).

    Each has ``id`` (the record's primary key), ``source`` (the source name),
    ``source_record_id`` and ``normalized`` (schema in docs/methodology/import.md).
    Streamed: memory stays bounded for millions of records.
    """
    chosen = list(source_list_latest()) if sources is None else sources
    names = {s.pk: s.name for s in chosen}
    rows = (
        Record.objects.filter(source_id__in=list(names))
        .order_by("source_id", "row_number", "id")
        .values_list("id", "source_id", "source_record_id", "normalized")
    )
    for pk, source_id, record_id, normalized in rows.iterator(chunk_size=chunk_size):
        yield {
            "id": pk,
            "source": names[source_id],
            "source_record_id": record_id,
            "normalized": normalized,
        }


def source_lists_current() -> dict[str, Source]:
    """The current version of every list, by name (what a loader cites records of)."""
    return {s.name: s for s in Source.objects.filter(kind="list", next_version__isnull=True)}


def record_in_source(
    *, source: Source, source_record_id: str, linked: bool = False
) -> Record | None:
    """A record of ``source`` by its id there (with its person), or None.

    Args:
        source: The source version.
        source_record_id: The record's id in the source.
        linked: Only a record that linkage made part of a person.
    """
    rows = Record.objects.filter(source=source, source_record_id=source_record_id)
    if linked:
        rows = rows.exclude(person=None)
    return rows.select_related("person").first()
