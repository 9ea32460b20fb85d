"""The audit page for admins: who read, exported or was refused what, and when; as CSV too.

The CSV goes through the project's one safe writer (formula cells defused, OWASP "CSV
Injection"), and the export is itself an audited event.
"""

from __future__ import annotations

import io

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dadkhah.core import csvsafe
from dadkhah.web.accounts.access import capability_required
from dadkhah.web.accounts.roles import VIEW_AUDIT
from dadkhah.web.audit.selectors import (
    ACTION_FILTERS,
    AuditFilter,
    audit_entries,
    audit_row,
)
from dadkhah.web.audit.services import EXPORT, audit_record

PER_PAGE = 100
#: The most rows one CSV export holds; narrow the filters for more.
EXPORT_LIMIT = 100_000
CSV_HEADER = ("seq", "time_utc", "actor", "action", "outcome", "objects", "items", "path")


@require_GET
@capability_required(VIEW_AUDIT)
def audit_list(request: HttpRequest) -> HttpResponse:
    filters = AuditFilter.read(request.GET)
    page = Paginator(audit_entries(filters), PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "filters": filters,
        "actions": ACTION_FILTERS,
        "page": page,
        "rows": [audit_row(e) for e in page.object_list],
        "params": params.urlencode(),
    }
    return render(request, "audit/list.html", context)


@require_GET
@capability_required(VIEW_AUDIT)
def audit_export(request: HttpRequest) -> HttpResponse:
    filters = AuditFilter.read(request.GET)
    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(CSV_HEADER)
    for entry in audit_entries(filters)[:EXPORT_LIMIT].iterator(chunk_size=2_000):
        row = audit_row(entry)
        writer.writerow(
            [
                row.seq,
                row.time.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                row.actor,
                row.action,
                row.outcome,
                " ".join(row.objects),
                " ".join(row.items),
                row.path,
            ]
        )
    audit_record(user=request.user, outcome=EXPORT, objects=["audit:csv"], path=request.path)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return response
