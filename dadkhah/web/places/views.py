"""The places pages: prisons, cemeteries and grave sites with what was observed at each."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dadkhah.web.accounts.access import audit_reads, capability_required
from dadkhah.web.accounts.roles import VIEW_REGISTRY
from dadkhah.web.places.access import access_place
from dadkhah.web.places.models import Place
from dadkhah.web.places.selectors import SITE_KINDS, place_page, site_list, site_map


@require_GET
@capability_required(VIEW_REGISTRY)
def place_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in SITE_KINDS:
        kind = ""
    sites = site_list(user=request.user, kind=kind or None)
    audit_reads(
        user=request.user,
        shown=[(f"place:{s.place.key}", s.place.confidentiality) for s in sites],
    )
    context = {
        "sites": sites,
        "map": site_map(sites),
        "kind": kind,
        "kinds": [(k, Place.Kind(k).label) for k in SITE_KINDS],
    }
    return render(request, "places/list.html", context)


@require_GET
@capability_required(VIEW_REGISTRY)
def place_detail(request: HttpRequest, key: str) -> HttpResponse:
    page = place_page(user=request.user, place=access_place(user=request.user, key=key))
    audit_reads(
        user=request.user,
        shown=[
            (f"claim:{c.claim.pk}", c.claim.confidentiality)
            for c in page.claims + [c for g in page.persons for c in g.claims]
        ]
        + [
            (f"person:{c.claim.person.public_id}", c.claim.person.confidentiality)
            for g in page.persons
            for c in g.claims
            if c.claim.person is not None
        ],
    )
    return render(request, "places/detail.html", {"p": page})
