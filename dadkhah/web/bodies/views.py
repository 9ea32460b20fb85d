"""The bodies: their list with filters, and the body page (a commission's members over time,
the prisons it served, its events)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dadkhah.web.accounts.access import audit_reads, capability_required
from dadkhah.web.accounts.roles import VIEW_REGISTRY
from dadkhah.web.bodies.lists import BODY_SORTS, body_cities, body_list
from dadkhah.web.bodies.models import Body
from dadkhah.web.bodies.selectors import access_body, body_page
from dadkhah.web.listing import ListError, chosen, other_params, page_of


@require_GET
@capability_required(VIEW_REGISTRY)
def body_list_page(request: HttpRequest) -> HttpResponse:
    cities = body_cities(user=request.user)
    context: dict[str, object] = {
        "kinds": Body.Kind.choices,
        "cities": cities,
        "sorts": [(k, label) for k, (label, _order) in BODY_SORTS.items()],
        "chosen": {},
    }
    try:
        filters = {
            "kind": chosen(request.GET, "kind", _("Kind"), Body.Kind.values),
            "city": chosen(request.GET, "city", _("City"), [c.key for c in cities]),
            "sort": chosen(request.GET, "sort", _("Order"), BODY_SORTS) or "name",
        }
        context["chosen"] = filters
        page = page_of(body_list(user=request.user, **filters), request.GET)
    except ListError as exc:
        context["error"] = exc.message
        return render(request, "bodies/list.html", context, status=exc.status)
    context |= {"page": page, "rows": list(page.object_list), "params": other_params(request.GET)}
    return render(request, "bodies/list.html", context)


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
