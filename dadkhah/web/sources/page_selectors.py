"""Reads for the source pages: the latest version of each source with its record count.

Strictly confidential sources (testimonies) are listed, but their records are not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from dadkhah.web.modelutils import Confidentiality
from dadkhah.web.sources.models import Record, Source
from dadkhah.web.sources.selectors import source_latest, source_list_latest, source_versions


def source_table() -> list[Source]:
    """The latest version of every source, with ``n_records`` and ``n_versions``."""
    counts = dict(Source.objects.values("name").annotate(n=Count("id")).values_list("name", "n"))
    sources = list(source_list_latest().annotate(n_records=Count("records")))
    for s in sources:
        s.n_versions = counts.get(s.name, 1)
    return sources


def records_shown(source: Source) -> bool:
    """Whether a source's records may appear on these pages."""
    return bool(source.confidentiality != Confidentiality.STRICTLY_CONFIDENTIAL)


@dataclass
class SourcePage:
    latest: Source
    shown: Source
    versions: list[Source]
    records_hidden: bool


def source_page(*, name: str, version: int | None = None) -> SourcePage:
    """A source by name: its latest version, the version asked for, every version.

    Raises:
        Http404: no source of that name, or no such version.
    """
    latest = source_latest(name=name)
    if latest is None:
        raise Http404("no such source")
    versions = list(source_versions(name=name).annotate(n_records=Count("records")))
    shown = latest if version is None else next((v for v in versions if v.version == version), None)
    if shown is None:
        raise Http404("no such version")
    return SourcePage(latest, shown, versions, not records_shown(shown))


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
