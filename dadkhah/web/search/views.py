"""The search page (/search/) and its CSV export: one box over every kind, with facets."""

from __future__ import annotations

import io

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dadkhah.core import csvsafe
from dadkhah.core.errors import InputError
from dadkhah.web.accounts.access import audit_reads, capability_required
from dadkhah.web.accounts.roles import EXPORT, VIEW_REGISTRY, user_can
from dadkhah.web.audit.services import EXPORT as EXPORTED
from dadkhah.web.audit.services import audit_record
from dadkhah.web.search.models import Kind
from dadkhah.web.search.presenters import (
    audit_ref,
    entry_labels,
    facet_labels,
    hit_url,
    hits,
)
from dadkhah.web.search.selectors import (
    FACET_LABELS,
    KIND_LABELS,
    SORTS,
    SearchParams,
    search,
    search_entries,
)

PER_PAGE = 50
#: The most lines one CSV export holds; narrow the search or the facets for more.
EXPORT_LIMIT = 50_000
CSV_HEADER = ("kind", "id", "name", "name_fa", "date_earliest", "date_latest", "url")


def _error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    context = {"error": message, "q": request.GET.get("q", "")[:200], "sorts": SORTS}
    return render(request, "search/search.html", context, status=status)


@require_GET
@capability_required(VIEW_REGISTRY)
def search_page(request: HttpRequest) -> HttpResponse:
    try:
        params = SearchParams.read(request.GET)
    except InputError as exc:
        return _error(request, str(exc), 400)
    result = search(user=request.user, params=params)
    paginator = Paginator(result.ids, PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return _error(request, _("The page number must be a whole number, such as 2."), 400)
    except EmptyPage:
        return _error(
            request,
            _("There is no page %(page)s of these results: they fill %(pages)s pages.")
            % {"page": request.GET.get("page", "")[:12], "pages": paginator.num_pages},
            404,
        )
    shown = hits(
        search_entries(list(page.object_list)), strict=result.strict, withheld=result.withheld
    )
    audit_reads(user=request.user, shown=[(audit_ref(h.entry), h.entry.level) for h in shown])
    params_qs = request.GET.copy()
    params_qs.pop("page", None)
    without_kind = params_qs.copy()
    without_kind.pop("kind", None)
    persian = (get_language() or "").startswith("fa")
    facets = facet_labels(result.facets, user=request.user)
    # One calendar's years on a page: Jalali in Persian, Gregorian in English.
    facets.pop("year" if persian else "jyear", None)
    for name, values in facets.items():
        for v in values:
            if v.selected:
                rest = params_qs.copy()
                rest.setlist(name, [x for x in rest.getlist(name) if x != v.value])
                v.without = rest.urlencode()
    context = {
        "params": params,
        "q": params.text,
        "page": page,
        "hits": shown,
        "total": paginator.count,
        "kinds": [(k, KIND_LABELS[k], n) for k, n in result.kinds],
        "facets": [(f, FACET_LABELS[f], values) for f, values in facets.items()],
        "sorts": SORTS,
        "query_string": params_qs.urlencode(),
        "without_kind": without_kind.urlencode(),
        "can_export": user_can(request.user, EXPORT),
    }
    return render(request, "search/search.html", context)


@require_GET
@capability_required(VIEW_REGISTRY)
@capability_required(EXPORT)
def search_export(request: HttpRequest) -> HttpResponse:
    """These results as CSV (with a BOM, so that spreadsheets read Persian), audited.

    Testimonies are left out: a witness's material leaves the platform only through
    the disclosures their consent allows (docs/vault.md), never with a search.
    """
    try:
        params = SearchParams.read(request.GET)
    except InputError as exc:
        return _error(request, str(exc), 400)
    result = search(user=request.user, params=params)
    entries = [e for e in search_entries(result.ids[0:EXPORT_LIMIT]) if e.kind != Kind.TESTIMONY]
    out = io.StringIO()
    out.write("\ufeff")
    writer = csvsafe.writer(out)
    writer.writerow(CSV_HEADER)
    for e in entries:
        label, label_fa = entry_labels(e, withheld=result.withheld)
        writer.writerow(
            [
                e.kind,
                e.ref,
                label,
                label_fa,
                e.date_earliest.isoformat() if e.date_earliest else "",
                e.date_latest.isoformat() if e.date_latest else "",
                hit_url(e),
            ]
        )
    top = [(audit_ref(e), e.level) for e in entries]
    audit_record(
        user=request.user,
        outcome=EXPORTED,
        objects=["search:csv", *(ref for ref, _l in top)],
        path=request.path,
    )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="search.csv"'
    return response
