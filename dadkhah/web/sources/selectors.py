"""Reads about sources and their records."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Max, QuerySet

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


def source_records(*, source: Source) -> QuerySet[Record]:
    """The records of one source version, in file order."""
    return Record.objects.filter(source=source).order_by("row_number", "id")


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
