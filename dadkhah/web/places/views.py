"""The places pages: the map of the sites, and a site with what was observed there."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dadkhah.core.errors import InputError
from dadkhah.web.accounts.access import audit_reads, capability_required
from dadkhah.web.accounts.roles import VIEW_REGISTRY
from dadkhah.web.middleware import POLICY
from dadkhah.web.places.access import access_place
from dadkhah.web.places.boundaries import YEARS, iran_boundaries
from dadkhah.web.places.compare import site_comparison
from dadkhah.web.places.map import (
    KIND_LABELS,
    MAP_KINDS,
    MAP_STATES,
    STATE_LABELS,
    MapFilters,
    MapPlace,
    map_filters,
    map_places,
)
from dadkhah.web.places.models import Place
from dadkhah.web.places.selectors import place_page, site_list, site_map

#: The files the map page loads from static/vendor/ (`make install` puts them there).
MAP_ASSETS = (
    "leaflet/dist/leaflet.js",
    "leaflet/dist/leaflet.css",
    "leaflet.markercluster/dist/leaflet.markercluster.js",
    "leaflet.markercluster/dist/MarkerCluster.css",
)


def _assets_installed() -> bool:
    root = settings.DADKHAH_NODE_MODULES
    return all((root / a).exists() for a in MAP_ASSETS)


def _with_tiles(response: HttpResponse) -> HttpResponse:
    """Let the page load images from the tile server, where one is set."""
    tiles = settings.DADKHAH_MAP_TILES
    if tiles:
        parts = urlsplit(tiles)
        origin = f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"
        response.headers["Content-Security-Policy"] = POLICY.replace(
            "img-src 'self' data:", f"img-src 'self' data: {origin}"
        )
    return response


def _filters_or_error(request: HttpRequest) -> tuple[MapFilters, str]:
    try:
        return map_filters(
            kinds=request.GET.getlist("kind"), states=request.GET.getlist("state")
        ), ""
    except InputError as e:
        return MapFilters(), str(e)


def _audit(request: HttpRequest, places: list[MapPlace]) -> None:
    audit_reads(user=request.user, shown=[(f"place:{p.key}", p.confidentiality) for p in places])


@require_GET
@capability_required(VIEW_REGISTRY)
def place_list(request: HttpRequest) -> HttpResponse:
    filters, error = _filters_or_error(request)
    places = [] if error else map_places(user=request.user, filters=filters)
    keys = {p.key for p in places}
    sites = [s for s in site_list(user=request.user) if s.place.key in keys]
    _audit(request, places)
    params = urlencode(filters.params)
    context = {
        "error": error,
        "places": places,
        "others": [p for p in places if p.map_kind == "other"],
        "sites": sites,
        "map": site_map(sites),
        "filters": filters,
        "kinds": [(k, KIND_LABELS[k]) for k in MAP_KINDS],
        "states": [(s, STATE_LABELS[s]) for s in MAP_STATES],
        "located": sum(1 for p in places if p.located),
        "data_url": reverse("places:map_data") + (f"?{params}" if params else ""),
        "assets": _assets_installed(),
        "tiles": settings.DADKHAH_MAP_TILES,
        "tiles_attribution": settings.DADKHAH_MAP_TILES_ATTRIBUTION,
    }
    response = render(request, "places/list.html", context, status=400 if error else 200)
    return _with_tiles(response)


@require_GET
@capability_required(VIEW_REGISTRY)
def map_data(request: HttpRequest) -> JsonResponse:
    """The map's markers: one JSON document, the same filters as the page."""
    filters, error = _filters_or_error(request)
    if error:
        return JsonResponse({"error": error}, status=400)
    places = map_places(user=request.user, filters=filters)
    _audit(request, places)
    detail = reverse("places:detail", args=["KEY"])
    fa = (get_language() or "").startswith("fa")
    # Translated once, not once a place: a lazy label costs a catalogue lookup each time.
    kind_labels = {value: str(label) for value, label in Place.Kind.choices}
    state_labels = {value: str(label) for value, label in STATE_LABELS.items()}
    return JsonResponse(
        {
            "places": [
                {
                    "key": p.key,
                    "name": (p.name_fa if fa and p.name_fa else p.name),
                    "kind": p.map_kind,
                    "kind_label": kind_labels[p.kind],
                    "state": p.state,
                    "state_label": state_labels[p.state],
                    "date": p.status_date,
                    "lat": p.latitude,
                    "lon": p.longitude,
                    "url": detail.replace("KEY", p.key),
                }
                for p in places
                if p.located
            ],
            "unlocated": sum(1 for p in places if not p.located),
        },
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )


@require_GET
@capability_required(VIEW_REGISTRY)
def boundaries(request: HttpRequest) -> HttpResponse:
    """Iran's outline and provinces (Natural Earth) for the map; the same for every reader.

    ``?year=1988`` gives the 24 provinces of 1988 (today's merged), otherwise today's 31.
    """
    year = request.GET.get("year", "today")
    if year not in YEARS:
        return JsonResponse({"error": _("Unknown year: choose today or 1988.")}, status=400)
    try:
        data = iran_boundaries("1988" if year == "1988" else "today")
    except InputError as e:
        return JsonResponse({"error": str(e)}, status=503)
    return HttpResponse(data, content_type="application/geo+json")


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
    error = ""
    try:
        comparison = site_comparison(
            page.observations,
            before=request.GET.get("before", ""),
            after=request.GET.get("after", ""),
        )
    except InputError as e:
        comparison, error = site_comparison(page.observations), str(e)
    context = {"p": page, "comparison": comparison, "compare_error": error}
    return render(request, "places/detail.html", context, status=400 if error else 200)
