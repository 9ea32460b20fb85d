"""Person pages: search across scripts, and one person's records, claims, events and ties."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dadkhah.web.accounts.access import audit_reads, capability_required
from dadkhah.web.accounts.roles import VIEW_REGISTRY
from dadkhah.web.claims.selectors import provenance
from dadkhah.web.people.models import PersonRole
from dadkhah.web.people.perpetrators import perpetrator_view
from dadkhah.web.people.selectors import access_person, person_hits, person_page, person_search
from dadkhah.web.people.totals import TOTALS

PER_PAGE = 50
#: The roles the search can be narrowed to (witnesses are never listed here).
FILTER_ROLES: tuple[str, ...] = ("victim", "perpetrator", "relative")


@require_GET
@capability_required(VIEW_REGISTRY)
def person_list(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    if role not in FILTER_ROLES:
        role = ""
    loose = request.GET.get("loose") == "1"
    pks = person_search(user=request.user, text=text, role=role or None, loose=loose)
    page = Paginator(pks, PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    hits = person_hits(list(page.object_list), user=request.user)
    audit_reads(
        user=request.user,
        shown=[(f"person:{h.person.public_id}", h.person.confidentiality) for h in hits],
    )
    context = {
        "q": text,
        "role": role,
        "loose": loose,
        "roles": [(r, PersonRole.Role(r).label) for r in FILTER_ROLES],
        "page": page,
        "hits": hits,
        "total": len(pks),
        # An unsearched list counts one of the case's totals: say which (people/totals.py).
        "defined": TOTALS["victims" if role == "victim" else "registry"]
        if not text and role in ("", "victim")
        else None,
        "params": params.urlencode(),
    }
    return render(request, "people/list.html", context)


@require_GET
@capability_required(VIEW_REGISTRY)
def person_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    person = access_person(user=request.user, public_id=public_id)
    page = person_page(user=request.user, person=person)
    perp = perpetrator_view(user=request.user, person=person, page=page)
    prov = provenance(page.claims, user=request.user)
    return render(request, "people/detail.html", {"p": page, "perp": perp, "prov": prov})
