"""Reads for the places page: sites with their observation history, and a map drawn here.

The map is an inline SVG computed on the server from latitude and longitude
(equirectangular, x scaled by the cosine of the middle latitude): no tiles,
no script, nothing from another host.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from dadkhah.web.accounts.roles import User
from dadkhah.web.claims.access import visible_claims
from dadkhah.web.claims.selectors import Provenance, ProvenanceSource, provenance
from dadkhah.web.events.access import shown_titles, visible_events
from dadkhah.web.events.models import Event
from dadkhah.web.evidence.access import visible_evidence
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.people.labels import When
from dadkhah.web.people.selectors import ClaimView, claim_views, testimony_pseudonym, when_of
from dadkhah.web.places.access import visible_places
from dadkhah.web.places.models import Place, SiteObservation
from dadkhah.web.sources.access import visible_sources

#: The kinds of place this page lists (values of `Place.Kind`).
SITE_KINDS: tuple[str, ...] = ("prison", "cemetery", "grave_site")
MAP_WIDTH = 640.0
MAP_MAX_HEIGHT = 520.0
MAP_MARGIN = 24.0
#: The map is at least this tall for its width (and wide for its height): a few sites along
#: one parallel still get a readable frame.
MIN_ASPECT = 0.5


@dataclass
class ObservationView:
    observation: SiteObservation
    when: When


@dataclass
class SiteView:
    place: Place
    observations: list[ObservationView]

    @property
    def latest_status(self) -> str | None:
        """The status of the last observation, by date (the history's end)."""
        return self.observations[-1].observation.status if self.observations else None


def _order(o: ObservationView) -> tuple[int, object, object, int]:
    w = o.when
    if w.earliest is None:
        return (1, 0, 0, o.observation.pk)
    return (0, w.earliest, w.latest, o.observation.pk)


def visible_observations(user: User) -> QuerySet[SiteObservation]:
    """Observations ``user`` may read: those without a source or with a source they may read."""
    return SiteObservation.objects.filter(
        Q(source__isnull=True) | Q(source__in=visible_sources(user))
    ).select_related("source")


def _observation_views(observations: Iterable[SiteObservation]) -> list[ObservationView]:
    return sorted((ObservationView(o, when_of(o, "date")) for o in observations), key=_order)


def site_list(*, user: User, kind: str | None = None) -> list[SiteView]:
    """Prisons, cemeteries and grave sites ``user`` may read, each with its observations.

    An observation is shown only where ``user`` may read its source.
    """
    kinds = [kind] if kind in SITE_KINDS else list(SITE_KINDS)
    observations = visible_observations(user)
    places = (
        visible_places(user)
        .filter(kind__in=kinds)
        .select_related("parent")
        .prefetch_related(Prefetch("observations", queryset=observations))
        .order_by("kind", "name")
    )
    out = []
    for place in places:
        out.append(SiteView(place, _observation_views(place.observations.all())))
    return out


@dataclass(frozen=True)
class MapPoint:
    place: Place
    x: float
    y: float


@dataclass(frozen=True)
class GridLine:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str
    lx: float
    ly: float


@dataclass(frozen=True)
class SiteMap:
    width: float
    height: float
    points: list[MapPoint]
    cities: list[MapPoint]
    grid: list[GridLine]


def site_map(sites: list[SiteView]) -> SiteMap | None:
    """The sites with coordinates as SVG points, with their cities and a degree grid.

    Returns:
        None when no site has coordinates.
    """
    located = [
        s.place for s in sites if s.place.latitude is not None and s.place.longitude is not None
    ]
    if not located:
        return None
    cities = {
        s.place.parent.pk: s.place.parent
        for s in sites
        if s.place.parent is not None
        and s.place.parent.latitude is not None
        and s.place.parent.longitude is not None
    }
    everything = located + list(cities.values())
    lats = [p.latitude for p in everything if p.latitude is not None]
    lons = [p.longitude for p in everything if p.longitude is not None]
    pad = 0.25
    south, north = min(lats) - pad, max(lats) + pad
    west, east = min(lons) - pad, max(lons) + pad
    shrink = math.cos(math.radians((south + north) / 2))
    span_x, span_y = (east - west) * shrink, north - south
    if span_y < MIN_ASPECT * span_x:  # sites along a parallel: widen north-south, keep scale
        grow = (MIN_ASPECT * span_x - span_y) / 2
        south, north = south - grow, north + grow
        span_y = north - south
    elif span_x < MIN_ASPECT * span_y:
        grow = (MIN_ASPECT * span_y - span_x) / 2 / shrink
        west, east = west - grow, east + grow
        span_x = (east - west) * shrink
    scale = min((MAP_WIDTH - 2 * MAP_MARGIN) / span_x, (MAP_MAX_HEIGHT - 2 * MAP_MARGIN) / span_y)
    width = span_x * scale + 2 * MAP_MARGIN
    height = span_y * scale + 2 * MAP_MARGIN

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (
            round(MAP_MARGIN + (lon - west) * shrink * scale, 1),
            round(MAP_MARGIN + (north - lat) * scale, 1),
        )

    def point(p: Place) -> MapPoint:
        assert p.latitude is not None and p.longitude is not None
        return MapPoint(p, *xy(p.latitude, p.longitude))

    step = 1 if max(east - west, north - south) <= 8 else 2
    grid = []
    for lon in range(math.ceil(west), math.floor(east) + 1):
        if lon % step:
            continue
        x, _ = xy(north, lon)
        grid.append(GridLine(x, MAP_MARGIN, x, height - MAP_MARGIN, f"{lon}°", x, height - 6))
    for lat in range(math.ceil(south), math.floor(north) + 1):
        if lat % step:
            continue
        _, y = xy(lat, west)
        grid.append(GridLine(MAP_MARGIN, y, width - MAP_MARGIN, y, f"{lat}°", 4, y - 3))
    return SiteMap(
        round(width, 1),
        round(height, 1),
        [point(p) for p in located],
        [point(c) for c in cities.values()],
        grid,
    )


# --- one place's page ---------------------------------------------------------------------


@dataclass
class ObservedItem:
    """An observation with the evidence items ``user`` may open."""

    view: ObservationView
    evidence: list[EvidenceItem]


@dataclass
class PersonsHere:
    """The persons claims put at this place in one way (buried at, held at …)."""

    kind_label: str
    claims: list[ClaimView]


@dataclass
class PlacePage:
    place: Place
    parent: Place | None
    children: list[Place]
    observations: list[ObservedItem]
    events: list[tuple[Event, When]]
    persons: list[PersonsHere]
    claims: list[ClaimView]
    provenance: Provenance

    @property
    def latest(self) -> ObservedItem | None:
        return self.observations[-1] if self.observations else None


def place_page(*, user: User, place: Place) -> PlacePage:
    """Everything the place page shows about ``place`` (already checked by `access_place`).

    Observations are shown as on the places list (only where ``user`` may read their
    source); persons are those of the visible claims that are about a person and
    placed here.
    """
    places = visible_places(user)
    views = _observation_views(
        visible_observations(user).filter(place=place).prefetch_related("evidence")
    )
    linked = {i.pk for v in views for i in v.observation.evidence.all()}
    openable = set(visible_evidence(user).filter(pk__in=linked).values_list("pk", flat=True))
    observed = [
        ObservedItem(
            v,
            sorted(
                (i for i in v.observation.evidence.all() if i.pk in openable),
                key=lambda i: i.sha256,
            ),
        )
        for v in views
    ]
    events = [
        (e, when_of(e, "date"))
        for e in shown_titles(
            user, visible_events(user).filter(place=place).order_by("date_earliest", "id")
        )
    ]
    here = claim_views(visible_claims(user).filter(place=place, person__isnull=False), user=user)
    grouped: dict[str, PersonsHere] = {}
    for c in here:
        grouped.setdefault(c.claim.kind, PersonsHere(str(c.kind_label), [])).claims.append(c)
    about = claim_views(visible_claims(user).filter(subject_place=place), user=user)
    extra = [
        ProvenanceSource(
            o.view.observation.source, testimony_pseudonym(o.view.observation.source), False
        )
        for o in observed
        if o.view.observation.source is not None
    ]
    return PlacePage(
        place=place,
        parent=place.parent
        if place.parent_id and places.filter(pk=place.parent_id).exists()
        else None,
        children=list(places.filter(parent=place).order_by("kind", "name")),
        observations=observed,
        events=events,
        persons=sorted(grouped.values(), key=lambda g: g.kind_label),
        claims=about,
        provenance=provenance(
            about + here,
            user=user,
            sources=extra,
            evidence_ids=[i.pk for o in observed for i in o.evidence],
        ),
    )


def places_by_key(keys: Iterable[str]) -> dict[str, Place]:
    """The places with these gazetteer ids, by id (for loaders: no reader's clearance applies)."""
    return {p.key: p for p in Place.objects.filter(key__in=list(keys))}
