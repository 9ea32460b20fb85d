"""The events: their list with filters, and the event page (what happened, when, where, who
took part and how, on what claims)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dadkhah.web.accounts.access import audit_reads, capability_required
from dadkhah.web.accounts.roles import VIEW_REGISTRY
from dadkhah.web.events.lists import EVENT_SORTS, event_list, event_places, event_rows
from dadkhah.web.events.models import Event
from dadkhah.web.events.selectors import access_event, event_page
from dadkhah.web.listing import ListError, chosen, other_params, page_of
from dadkhah.web.stats.calendars import parse_period


@require_GET
@capability_required(VIEW_REGISTRY)
def event_list_page(request: HttpRequest) -> HttpResponse:
    language = "fa" if (translation.get_language() or "").startswith("fa") else "en"
    places = event_places(user=request.user)
    context: dict[str, object] = {
        "kinds": Event.Kind.choices,
        "places": places,
        "sorts": [(k, label) for k, (label, _order) in EVENT_SORTS.items()],
        "chosen": {},
    }
    try:
        filters = {
            "kind": chosen(request.GET, "kind", _("Kind"), Event.Kind.values),
            "place": chosen(request.GET, "place", _("Place"), [p.key for p in places]),
            "sort": chosen(request.GET, "sort", _("Order"), EVENT_SORTS) or "date",
        }
        context["chosen"] = filters | {"period": request.GET.get("period", "").strip()[:40]}
        period = None
        if context["chosen"]["period"]:  # type: ignore[index]
            period = parse_period(request.GET["period"], language)
            if period is None:
                raise ListError(
                    _(
                        "A period is a year, a month or an ISO week, written as the examples "
                        "under the Period field show; years before 1700 are Jalali."
                    )
                )
        page = page_of(event_list(user=request.user, period=period, **filters), request.GET)
    except ListError as exc:
        context["error"] = exc.message
        return render(request, "events/list.html", context, status=exc.status)
    context |= {
        "page": page,
        "rows": event_rows(list(page.object_list), user=request.user),
        "params": other_params(request.GET),
    }
    return render(request, "events/list.html", context)


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
