"""The case timeline and the statistics page (issue 13): thin views over the stats selectors.

A filter value the timeline cannot use, a page number that is not one or lies past the
last page, all answer 400 with the page, the form and a sentence saying what was wrong
and what to do: never a 500, and never a silent fallback to other results.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dadkhah.web.accounts.access import audit_reads, capability_required
from dadkhah.web.accounts.roles import VIEW_REGISTRY
from dadkhah.web.stats.selectors import statistics_page
from dadkhah.web.stats.timeline import (
    FACETS,
    FacetError,
    timeline_events,
    timeline_facets,
    timeline_groups,
)
from dadkhah.web.templatetags.dadkhah import digits

PER_PAGE = 50


def _language() -> str:
    return "fa" if (translation.get_language() or "").startswith("fa") else "en"


@require_GET
@capability_required(VIEW_REGISTRY)
def timeline(request: HttpRequest) -> HttpResponse:
    language = _language()
    facets = timeline_facets(user=request.user, language=language)
    chosen = {f: request.GET.get(f, "").strip() for f in FACETS}
    chosen = {f: v for f, v in chosen.items() if v}
    labels = {
        "place": _("Place"),
        "body": _("Body"),
        "affiliation": _("Affiliation"),
        "period": _("Period"),
    }
    error = ""
    page = None
    groups = []
    try:
        events = timeline_events(user=request.user, language=language, facets=facets, chosen=chosen)
    except FacetError as e:
        error = _("The filter “%(facet)s” cannot use “%(value)s”: %(why)s") % {
            "facet": labels[e.facet],
            "value": e.value,
            "why": e.message,
        }
    else:
        paginator = Paginator(events, PER_PAGE)
        asked = request.GET.get("page", "1")
        try:
            page = paginator.page(asked)
        except InvalidPage:
            error = _(
                "There is no page “%(page)s” of these events: give a page from 1 to %(last)s."
            ) % {"page": asked[:40], "last": digits(paginator.num_pages)}
        else:
            groups = timeline_groups(list(page.object_list), user=request.user, language=language)
    audit_reads(
        user=request.user,
        shown=[
            (f"person:{p.public_id}", p.confidentiality)
            for g in groups
            for item in g.events
            for part in item.participations
            for p in part.persons
        ],
    )
    params = urlencode(chosen) if not error else ""
    context = {
        "facets": facets,
        "chosen": chosen,
        "labels": labels,
        "error": error,
        "page": page,
        "groups": groups,
        "params": params,
    }
    return render(request, "stats/timeline.html", context, status=400 if error else 200)


@require_GET
@capability_required(VIEW_REGISTRY)
def statistics(request: HttpRequest) -> HttpResponse:
    page = statistics_page(user=request.user, language=_language(), number=digits)
    return render(request, "stats/statistics.html", {"s": page})
