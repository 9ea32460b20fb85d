"""Source pages: every source with its grades, and one source's versions and records."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dadkhah.web.accounts.access import audit_reads, capability_required
from dadkhah.web.accounts.roles import VIEW_REGISTRY
from dadkhah.web.sources.page_selectors import (
    SOURCE_GROUPS,
    SOURCE_ORDERS,
    raw_cells,
    raw_columns,
    source_evidence,
    source_page,
    source_record_rows,
    source_table,
)

PER_PAGE = 100


@require_GET
@capability_required(VIEW_REGISTRY)
def source_list(request: HttpRequest) -> HttpResponse:
    group = request.GET.get("show", "lists")
    if group not in SOURCE_GROUPS:
        group = "lists"
    order = request.GET.get("sort", "name")
    if order not in SOURCE_ORDERS:
        order = "name"
    sources = source_table(user=request.user, group=group, order=order)
    audit_reads(
        user=request.user,
        shown=[(f"source:{s.name} v{s.version}", s.confidentiality) for s in sources],
    )
    context = {"sources": sources, "show": group, "sort": order}
    return render(request, "sources/list.html", context)


@require_GET
@capability_required(VIEW_REGISTRY)
def source_detail(request: HttpRequest, name: str) -> HttpResponse:
    version_text = request.GET.get("version", "")
    version = int(version_text) if version_text.isdigit() else None
    info = source_page(user=request.user, name=name, version=version)
    page = Paginator(source_record_rows(source=info.shown), PER_PAGE).get_page(
        request.GET.get("page")
    )
    records = list(page.object_list)
    columns = raw_columns(records)
    context: dict[str, object] = {
        "s": info,
        "page": page,
        "columns": columns,
        "rows": [(r, raw_cells(r, columns)) for r in records],
        "params": f"version={info.shown.version}",
        "evidence": source_evidence(user=request.user, source=info.shown),
    }
    return render(request, "sources/detail.html", context)
