"""The claims: their list with filters, and the claim page (its sources and grades,
corroboration, contradictions, its assessment)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dadkhah.web.accounts.access import audit_reads, capability_required
from dadkhah.web.accounts.roles import VIEW_REGISTRY
from dadkhah.web.claims.lists import (
    CLAIM_SORTS,
    PROOF,
    STATUSES,
    SUBJECTS,
    claim_kinds,
    claim_list,
    claim_rows,
)
from dadkhah.web.claims.selectors import access_claim, claim_page
from dadkhah.web.listing import ListError, chosen, other_params, page_of


@require_GET
@capability_required(VIEW_REGISTRY)
def claim_list_page(request: HttpRequest) -> HttpResponse:
    kinds = claim_kinds(user=request.user)
    context: dict[str, object] = {
        "kinds": kinds,
        "statuses": list(STATUSES.items()),
        "proofs": [(k, label) for k, (label, _q) in PROOF.items()],
        "subjects": [(k, label) for k, (label, _q) in SUBJECTS.items()],
        "sorts": [(k, label) for k, (label, _order) in CLAIM_SORTS.items()],
        "chosen": {},
    }
    try:
        filters = {
            "kind": chosen(request.GET, "kind", _("Kind of fact"), [k for k, _label in kinds]),
            "status": chosen(request.GET, "status", _("Status"), STATUSES),
            "proof": chosen(request.GET, "proof", _("Standard of proof"), PROOF),
            "subject": chosen(request.GET, "subject", _("About"), SUBJECTS),
            "sort": chosen(request.GET, "sort", _("Order"), CLAIM_SORTS) or "id",
        }
        context["chosen"] = filters
        page = page_of(claim_list(user=request.user, **filters), request.GET)
    except ListError as exc:
        context["error"] = exc.message
        return render(request, "claims/list.html", context, status=exc.status)
    rows = claim_rows(list(page.object_list), user=request.user)
    audit_reads(
        user=request.user,
        shown=[(f"claim:{r.view.claim.pk}", r.view.claim.confidentiality) for r in rows],
    )
    context |= {"page": page, "rows": rows, "params": other_params(request.GET)}
    return render(request, "claims/list.html", context)


@require_GET
@capability_required(VIEW_REGISTRY)
def claim_detail(request: HttpRequest, id: int) -> HttpResponse:
    page = claim_page(user=request.user, claim=access_claim(user=request.user, id=id))
    audit_reads(
        user=request.user,
        shown=[(f"claim:{c.claim.pk}", c.claim.confidentiality) for c in page.contradicted_by],
    )
    return render(request, "claims/detail.html", {"c": page})
