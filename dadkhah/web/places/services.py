"""Writes for places: add a place to the gazetteer, and what was observed at a site.

A place is keyed by a stable gazetteer id (``prison:evin``); its parent must exist
before it (load a gazetteer parents first). A site observation is the state of a
site at a date with the evidence for it (Minnesota Protocol); observations are only
added, never edited, so the history of a site stays whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import transaction

from dadkhah.core.dates import UncertainDate
from dadkhah.core.errors import InputError
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.modelutils import uncertain_kwargs
from dadkhah.web.places.models import Place, SiteObservation
from dadkhah.web.sources.models import Source

__all__ = ["place_create", "site_observation_add"]


def _choice(value: str, allowed: Sequence[str], what: str) -> str:
    if value not in allowed:
        raise InputError(f"unknown {what} {value!r}; use one of {', '.join(allowed)}.")
    return value


def _coordinate(value: float | None, limit: int, what: str) -> float | None:
    if value is None:
        return None
    if not -limit <= value <= limit:
        raise InputError(f"a {what} lies between -{limit} and {limit}, not {value}.")
    return float(value)


def place_create(
    *,
    key: str,
    kind: str,
    name: str,
    name_fa: str = "",
    other_names: Iterable[str] = (),
    parent: Place | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    precision: str = Place.LocationPrecision.UNKNOWN,
    estimated_individuals_min: int | None = None,
    estimated_individuals_max: int | None = None,
) -> Place:
    """Add a place to the gazetteer.

    Args:
        key: Its stable gazetteer id, e.g. ``prison:evin``; unique.
        kind: A `Place.Kind` value (``prison``, ``grave_site`` …).
        name, name_fa: Its name in Latin and Persian script.
        other_names: Other and historic names.
        parent: The place it lies in (saved already).
        latitude, longitude: Where it is (WGS 84 degrees), both or neither.
        precision: How exactly that is known (a `Place.LocationPrecision` value).
        estimated_individuals_min, estimated_individuals_max: For a grave site, how many
            people are thought buried there.

    Raises:
        InputError: No key or name, a key taken, an unknown kind or precision, a
            coordinate out of range or without its pair, or a negative or inverted
            estimate.
    """
    key, name = key.strip(), name.strip()
    if not key:
        raise InputError("a place needs a gazetteer id (e.g. prison:evin).")
    if not name:
        raise InputError(f"the place {key} needs a name.")
    _choice(kind, Place.Kind.values, "place kind")
    _choice(precision, Place.LocationPrecision.values, "location precision")
    if (latitude is None) != (longitude is None):
        raise InputError(f"give the place {key} both a latitude and a longitude, or neither.")
    lat = _coordinate(latitude, 90, "latitude")
    lon = _coordinate(longitude, 180, "longitude")
    low, high = estimated_individuals_min, estimated_individuals_max
    if (low is not None and low < 0) or (high is not None and high < 0):
        raise InputError(f"the estimate of individuals at {key} cannot be negative.")
    if low is not None and high is not None and low > high:
        raise InputError(f"the estimate of individuals at {key} runs from {low} down to {high}.")
    if parent is not None and parent.pk is None:
        raise InputError(f"the parent of the place {key} is not saved.")
    if Place.objects.filter(key=key).exists():
        raise InputError(f"the gazetteer id {key} is taken.")
    return Place.objects.create(
        key=key,
        kind=kind,
        name=name[:200],
        name_fa=name_fa.strip()[:200],
        other_names=[n for n in other_names if n],
        parent=parent,
        latitude=lat,
        longitude=lon,
        precision=precision,
        estimated_individuals_min=low,
        estimated_individuals_max=high,
    )


def site_observation_add(
    *,
    place: Place,
    status: str,
    description: str = "",
    date: UncertainDate | None = None,
    source: Source | None = None,
    evidence: Iterable[EvidenceItem] = (),
) -> SiteObservation:
    """Record the state of a site at a date, with the source and evidence items it rests on.

    Args:
        place: The site (saved).
        status: A `SiteObservation.Status` value (``intact``, ``bulldozed`` …).
        description: What was seen.
        date: When (uncertain; unknown if None).
        source: The source the observation is filed under (e.g. its photographs').
        evidence: The evidence items that show it (photographs, imagery).

    Raises:
        InputError: An unsaved place or an unknown status.
    """
    if place.pk is None:
        raise InputError("an observation is of a saved place.")
    _choice(status, SiteObservation.Status.values, "site status")
    items = list(evidence)
    with transaction.atomic():
        observation = SiteObservation.objects.create(
            place=place,
            status=status,
            description=description.strip(),
            source=source,
            **uncertain_kwargs("date", date),
        )
        if items:
            observation.evidence.set(items)
    return observation
