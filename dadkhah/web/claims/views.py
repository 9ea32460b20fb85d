"""The claim page: its sources and grades, corroboration, contradictions, its assessment."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dadkhah.web.accounts.access import audit_reads, capability_required
from dadkhah.web.accounts.roles import VIEW_REGISTRY
from dadkhah.web.claims.selectors import access_claim, claim_page


@require_GET
@capability_required(VIEW_REGISTRY)
def claim_detail(request: HttpRequest, id: int) -> HttpResponse:
    page = claim_page(user=request.user, claim=access_claim(user=request.user, id=id))
    audit_reads(
        user=request.user,
        shown=[(f"claim:{c.claim.pk}", c.claim.confidentiality) for c in page.contradicted_by],
    )
    return render(request, "claims/detail.html", {"c": page})
