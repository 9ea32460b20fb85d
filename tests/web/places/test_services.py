"""The place services: a gazetteer entry and a site observation, each refused in words."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dadkhah.core.dates import Calendar, Precision, UncertainDate
from dadkhah.core.errors import InputError
from dadkhah.web.places.models import Place
from dadkhah.web.places.services import place_create, site_observation_add
from dadkhah.web.sources.services import source_create

pytestmark = pytest.mark.django_db

SUMMER_1988 = UncertainDate(
    dt.date(1988, 6, 21), dt.date(1988, 9, 22), Precision.SEASON, Calendar.GREGORIAN, "summer 1988"
)


def _city() -> Place:
    return place_create(key="city:testabad", kind="city", name="Testabad", name_fa="تست‌آباد")


def test_a_place_is_created_under_its_parent() -> None:
    city = _city()
    site = place_create(
        key="grave_site:testabad-1", kind="grave_site", name=" Field 1 ", parent=city,
        latitude=35.6, longitude=51.5, precision="site", other_names=["Old field", ""],
        estimated_individuals_min=10, estimated_individuals_max=40,
    )  # fmt: skip
    site.refresh_from_db()
    assert (site.parent, site.name, site.other_names) == (city, "Field 1", ["Old field"])
    assert (site.latitude, site.longitude, site.precision) == (35.6, 51.5, "site")
    assert (site.estimated_individuals_min, site.estimated_individuals_max) == (10, 40)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"key": " "}, "gazetteer id"),
        ({"name": ""}, "needs a name"),
        ({"kind": "village"}, "unknown place kind"),
        ({"precision": "metre"}, "unknown location precision"),
        ({"latitude": 35.0}, "both a latitude and a longitude"),
        ({"latitude": 91.0, "longitude": 51.0}, "latitude lies between"),
        ({"latitude": 35.0, "longitude": 181.0}, "longitude lies between"),
        ({"estimated_individuals_min": -1}, "cannot be negative"),
        ({"estimated_individuals_min": 9, "estimated_individuals_max": 3}, "down to"),
        ({"parent": Place(key="unsaved", kind="city", name="Unsaved")}, "not saved"),
    ],
)
def test_a_bad_place_is_refused_in_words(changes: dict[str, Any], words: str) -> None:
    values: dict[str, Any] = {"key": "prison:test", "kind": "prison", "name": "Test prison"}
    with pytest.raises(InputError, match=words):
        place_create(**{**values, **changes})
    assert not Place.objects.filter(key="prison:test").exists()


def test_a_gazetteer_id_is_taken_once() -> None:
    _city()
    with pytest.raises(InputError, match="is taken"):
        _city()


def test_an_observation_keeps_its_date_source_and_evidence() -> None:
    site = _city()
    source = source_create(name="photos-x", kind="image", title="Photographs X", synthetic=True)
    observation = site_observation_add(
        place=site, status="bulldozed", description=" Levelled. ", date=SUMMER_1988,
        source=source,
    )  # fmt: skip
    observation.refresh_from_db()
    assert (observation.status, observation.description, observation.source) == (
        "bulldozed",
        "Levelled.",
        source,
    )
    assert (observation.date_earliest, observation.date_text) == (
        dt.date(1988, 6, 21),
        "summer 1988",
    )
    assert list(observation.evidence.all()) == []


@pytest.mark.parametrize(
    ("place", "status", "words"),
    [
        (None, "flooded", "unknown site status"),
        (Place(key="unsaved", kind="city", name="Unsaved"), "intact", "saved place"),
    ],
)
def test_a_bad_observation_is_refused_in_words(
    place: Place | None, status: str, words: str
) -> None:
    with pytest.raises(InputError, match=words):
        site_observation_add(place=place or _city(), status=status)
