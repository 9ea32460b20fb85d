"""The places page: prisons, cemeteries and grave sites with what was observed at each."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dadkhah.web.places.models import Place
from dadkhah.web.places.selectors import SITE_KINDS, site_list, site_map


def place_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in SITE_KINDS:
        kind = ""
    sites = site_list(kind=kind or None)
    context = {
        "sites": sites,
        "map": site_map(sites),
        "kind": kind,
        "kinds": [(k, Place.Kind(k).label) for k in SITE_KINDS],
    }
    return render(request, "places/list.html", context)
