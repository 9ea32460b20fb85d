"""The body page: a commission's members over time, the prisons it served, its events."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dadkhah.web.accounts.access import audit_reads, capability_required
from dadkhah.web.accounts.roles import VIEW_REGISTRY
from dadkhah.web.bodies.selectors import access_body, body_page


@require_GET
@capability_required(VIEW_REGISTRY)
def body_detail(request: HttpRequest, id: int) -> HttpResponse:
    page = body_page(user=request.user, body=access_body(user=request.user, id=id))
    audit_reads(
        user=request.user,
        shown=[(f"claim:{c.claim.pk}", c.claim.confidentiality) for c in page.claims]
        + [
            (f"person:{m.membership.person.public_id}", m.membership.person.confidentiality)
            for m in page.members
        ]
        + [(f"place:{s.place.key}", s.place.confidentiality) for s in page.served],
    )
    return render(request, "bodies/detail.html", {"b": page})
