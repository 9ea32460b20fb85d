"""A small fictional registry to edit: two persons, a place, a source, a claim and an event."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from dadkhah.web.accounts.services import user_create

PASSWORD = "a long enough passphrase 42"


@dataclass
class World:
    investigator: Any
    reader: Any
    person: Any
    other: Any
    place: Any
    source: Any
    claim: Any
    event: Any


@pytest.fixture
def world(db: None) -> World:
    from dadkhah.web.claims.models import Claim, ClaimSource
    from dadkhah.web.events.models import Event
    from dadkhah.web.people.models import Person
    from dadkhah.web.places.models import Place
    from dadkhah.web.sources.models import Source

    place = Place.objects.create(key="prison:qezel", kind="prison", name="Qezel", name_fa="قزل")
    source = Source.objects.create(name="list-x", title="List X", reliability="B")
    person = Person.objects.create(
        public_id="P-000901", display_name="Roya Testani", display_name_fa="رویا تستانی"
    )
    other = Person.objects.create(public_id="P-000902", display_name="Kaveh Testani")
    claim = Claim.objects.create(person=person, kind="executed", value="", place=place)
    ClaimSource.objects.create(claim=claim, source=source, credibility=3, locator="row 4")
    event = Event.objects.create(kind="execution", place=place, title="")
    return World(
        investigator=user_create(username="inv", password=PASSWORD, role="investigator"),
        reader=user_create(username="reader", password=PASSWORD, role="read_only"),
        person=person,
        other=other,
        place=place,
        source=source,
        claim=claim,
        event=event,
    )
