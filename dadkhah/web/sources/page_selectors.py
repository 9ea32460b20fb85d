"""Reads for the source pages: the latest version of each source with its record count.

A reader sees the sources their clearance covers, with all their records (a record takes
its source's level: dadkhah.web.sources.access); other sources are not listed at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from dadkhah.web.accounts.roles import User
from dadkhah.web.evidence.access import visible_evidence
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.sources.access import access_source, visible_sources
from dadkhah.web.sources.models import Record, Source
from dadkhah.web.sources.selectors import source_list_latest

#: Which sources the list shows: the lists (the default: what linkage and estimates
#: count), the documents and every other kind (testimonies, images, reports), or all.
SOURCE_GROUPS = ("lists", "documents", "all")
#: How the list can be sorted: the query value and the columns, tie broken by name.
SOURCE_ORDERS: dict[str, tuple[str, ...]] = {
    "name": ("name",),
    "reliability": ("reliability", "name"),
    "records": ("-n_records", "name"),
    "kind": ("kind", "name"),
}


def source_table(*, user: User, group: str = "all", order: str = "name") -> list[Source]:
    """The latest version of every source ``user`` may read, with ``n_records``, ``n_versions``.

    Args:
        user: The reader.
        group: One of `SOURCE_GROUPS` (anything else: all).
        order: One of `SOURCE_ORDERS` (anything else: by name).
    """
    visible = visible_sources(user)
    counts = dict(visible.values("name").annotate(n=Count("id")).values_list("name", "n"))
    latest = source_list_latest().filter(pk__in=visible.values("pk"))
    if group == "lists":
        latest = latest.filter(kind=Source.Kind.LIST)
    elif group == "documents":
        latest = latest.exclude(kind=Source.Kind.LIST)
    latest = latest.annotate(n_records=Count("records"))
    sources: list[Source] = list(latest.order_by(*SOURCE_ORDERS.get(order, SOURCE_ORDERS["name"])))
    for s in sources:
        s.n_versions = counts.get(s.name, 1)  # type: ignore[attr-defined]  # for the template
    return sources


@dataclass
class SourcePage:
    latest: Source
    shown: Source
    versions: Sequence[Source]


def source_page(*, user: User, name: str, version: int | None = None) -> SourcePage:
    """A source by name: its latest readable version, the version asked for, every version.

    Raises:
        Http404: alike for no source of that name, no such version, and a source or
            version ``user`` may not read (``access_source``).
    """
    versions = list(
        visible_sources(user)
        .filter(name=name)
        .order_by("version")
        .annotate(n_records=Count("records"))
    )
    if not versions:
        latest_version = Source.objects.filter(name=name).order_by("-version").first()
        access_source(user=user, name=name, version=latest_version.version if latest_version else 0)
        raise Http404("no such source")  # pragma: no cover (access_source raised)
    latest = versions[-1]
    wanted = latest.version if version is None else version
    shown = access_source(user=user, name=name, version=wanted)
    n_records = next((v.n_records for v in versions if v.pk == shown.pk), 0)
    shown.n_records = n_records  # type: ignore[attr-defined]  # for the template
    return SourcePage(latest, shown, versions)


def source_evidence(*, user: User, source: Source) -> list[EvidenceItem]:
    """The evidence items of a source that ``user`` may see: its file and the copies made of it.

    A document, an image or a report has no records: what a reader checks is its file.
    """
    if source.evidence_id is None:
        return []
    items = visible_evidence(user).filter(
        Q(pk=source.evidence_id) | Q(derived_from_id=source.evidence_id)
    )
    return list(items.order_by("id"))


def source_record_rows(*, source: Source) -> QuerySet[Record]:
    """The records of one source version in file order, with their persons."""
    return (
        Record.objects.filter(source=source).select_related("person").order_by("row_number", "id")
    )


def raw_columns(records: list[Record]) -> list[str]:
    """The raw field names of a page of records, in the order they first appear."""
    seen: dict[str, None] = {}
    for r in records:
        if isinstance(r.raw, dict):
            for key in r.raw:
                seen.setdefault(str(key), None)
    return list(seen)


def raw_cells(record: Record, columns: list[str]) -> list[Any]:
    """One record's raw values in ``columns`` order ("" where it gives none)."""
    raw = record.raw if isinstance(record.raw, dict) else {}
    return ["" if raw.get(c) is None else raw.get(c) for c in columns]
