"""Source pages: every source with its grades, and one source's versions and records."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dadkhah.web.sources.page_selectors import (
    raw_cells,
    raw_columns,
    source_page,
    source_record_rows,
    source_table,
)

PER_PAGE = 100


def source_list(request: HttpRequest) -> HttpResponse:
    return render(request, "sources/list.html", {"sources": source_table()})


def source_detail(request: HttpRequest, name: str) -> HttpResponse:
    version_text = request.GET.get("version", "")
    version = int(version_text) if version_text.isdigit() else None
    info = source_page(name=name, version=version)
    context: dict[str, object] = {"s": info}
    if not info.records_hidden:
        page = Paginator(source_record_rows(source=info.shown), PER_PAGE).get_page(
            request.GET.get("page")
        )
        records = list(page.object_list)
        columns = raw_columns(records)
        context.update(
            page=page,
            columns=columns,
            rows=[(r, raw_cells(r, columns)) for r in records],
            params=f"version={info.shown.version}",
        )
    return render(request, "sources/detail.html", context)
