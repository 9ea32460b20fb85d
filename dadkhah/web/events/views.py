"""The event page: what happened, when, where, who took part and how, on what claims."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dadkhah.web.accounts.access import audit_reads, capability_required
from dadkhah.web.accounts.roles import VIEW_REGISTRY
from dadkhah.web.events.selectors import access_event, event_page


@require_GET
@capability_required(VIEW_REGISTRY)
def event_detail(request: HttpRequest, id: int) -> HttpResponse:
    page = event_page(user=request.user, event=access_event(user=request.user, id=id))
    audit_reads(
        user=request.user,
        shown=[(f"claim:{c.claim.pk}", c.claim.confidentiality) for c in page.claims]
        + [
            (f"person:{p.public_id}", p.confidentiality)
            for g in page.participations
            for p in g.persons
        ],
    )
    return render(request, "events/detail.html", {"e": page})
