"""Reads for the interactive map: the places it marks, filtered by kind and by site state.

One query answers the map (the places with their latest visible observation's status
from a subquery), so the map data stays quick on a large case: the number of persons
never enters it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dadkhah.core.errors import InputError
from dadkhah.web.accounts.roles import User
from dadkhah.web.places.access import visible_places
from dadkhah.web.places.models import Place, SiteObservation
from dadkhah.web.places.selectors import visible_observations

#: The kinds of the map's filter, each with the `Place.Kind` values it covers: the sites,
#: and "other" for the courts and other places (cities and provinces are not marked).
MAP_KINDS: dict[str, tuple[str, ...]] = {
    "prison": ("prison",),
    "cemetery": ("cemetery",),
    "grave_site": ("grave_site",),
    "other": ("court", "other"),
}

#: The states of the map's filter, each with the `SiteObservation.Status` values it covers.
#: The latest observation (by date, as the observation history orders them) decides a
#: site's state; a site never observed is "not known".
MAP_STATES: dict[str, tuple[str, ...]] = {
    "intact": ("intact",),
    "bulldozed": ("damaged", "bulldozed", "covered", "destroyed"),
    "built_over": ("built_over",),
    "access_denied": ("inaccessible",),
    "unknown": ("unknown",),
}

KIND_LABELS = {
    "prison": gettext_lazy("prisons"),
    "cemetery": gettext_lazy("cemeteries"),
    "grave_site": gettext_lazy("grave sites"),
    "other": gettext_lazy("other places"),
}
STATE_LABELS = {
    "intact": gettext_lazy("intact"),
    "bulldozed": gettext_lazy("damaged, bulldozed or covered"),
    "built_over": gettext_lazy("built over"),
    "access_denied": gettext_lazy("access denied"),
    "unknown": gettext_lazy("not known or never observed"),
}


@dataclass(frozen=True)
class MapFilters:
    """The kinds and states chosen (empty: all of them)."""

    kinds: tuple[str, ...] = ()
    states: tuple[str, ...] = ()

    @property
    def params(self) -> list[tuple[str, str]]:
        """The query string's pairs that give these filters back (for links and the JSON)."""
        return [("kind", k) for k in self.kinds] + [("state", s) for s in self.states]


def map_filters(*, kinds: Sequence[str] = (), states: Sequence[str] = ()) -> MapFilters:
    """The filters of a query string (``kind`` and ``state``, each repeatable).

    Raises:
        InputError: a value that is not one of the filter's choices (the page says which).
    """
    kinds = [k for k in kinds if k != ""]
    states = [s for s in states if s != ""]
    for value in kinds:
        if value not in MAP_KINDS:
            raise InputError(
                _("“%(value)s” is not a kind of place on the map: choose from %(choices)s.")
                % {"value": value[:40], "choices": ", ".join(MAP_KINDS)}
            )
    for value in states:
        if value not in MAP_STATES:
            raise InputError(
                _("“%(value)s” is not a site state: choose from %(choices)s.")
                % {"value": value[:40], "choices": ", ".join(MAP_STATES)}
            )
    return MapFilters(
        tuple(k for k in MAP_KINDS if k in kinds), tuple(s for s in MAP_STATES if s in states)
    )


def state_of(status: str | None) -> str:
    """The map state of an observation status (None: never observed)."""
    if status is None:
        return "unknown"
    return next((s for s, covered in MAP_STATES.items() if status in covered), "unknown")


def kind_of(kind: str) -> str:
    """The map kind of a `Place.Kind` value."""
    return next((k for k, covered in MAP_KINDS.items() if kind in covered), "other")


@dataclass(frozen=True)
class MapPlace:
    """A place as the map and its list show it."""

    pk: int
    key: str
    kind: str  # a `Place.Kind` value
    name: str
    name_fa: str
    latitude: float | None
    longitude: float | None
    precision: str
    confidentiality: str
    status: str | None  # the latest visible observation's status, None if never observed
    status_date: str  # that observation's date as written

    @property
    def map_kind(self) -> str:
        return kind_of(self.kind)

    @property
    def state(self) -> str:
        return state_of(self.status)

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def get_kind_display(self) -> str:
        return str(Place.Kind(self.kind).label)

    @property
    def status_label(self) -> str:
        return str(SiteObservation.Status(self.status).label) if self.status else ""


def map_places(*, user: User, filters: MapFilters = MapFilters()) -> list[MapPlace]:
    """The places of the map's kinds ``user`` may read, with their state; one query.

    The state is that of the latest observation ``user`` may read (its source visible),
    in the order of the observation history: by date, an undated observation last.
    """
    kinds = [v for k in (filters.kinds or tuple(MAP_KINDS)) for v in MAP_KINDS[k]]
    latest = (
        visible_observations(user)
        .filter(place=OuterRef("pk"))
        .order_by(
            F("date_earliest").desc(nulls_first=True),
            F("date_latest").desc(nulls_first=True),
            "-pk",
        )
    )
    places = (
        visible_places(user)
        .filter(kind__in=kinds)
        .annotate(
            last_status=Subquery(latest.values("status")[:1]),
            last_date=Subquery(latest.values("date_text")[:1]),
        )
        .order_by("kind", "name", "pk")
    )
    if filters.states:
        wanted = [v for s in filters.states for v in MAP_STATES[s]]
        chosen = Q(last_status__in=wanted)
        if "unknown" in filters.states:
            chosen |= Q(last_status__isnull=True)
        places = places.filter(chosen)
    rows = places.values_list(
        "pk",
        "key",
        "kind",
        "name",
        "name_fa",
        "latitude",
        "longitude",
        "precision",
        "confidentiality",
        "last_status",
        "last_date",
    )
    return [MapPlace(*row[:10], row[10] or "") for row in rows]
