"""Constraints the database itself enforces, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from dadkhah.core.dates import Calendar, Precision, UncertainDate
from dadkhah.web.claims.models import Claim, ClaimSource
from dadkhah.web.events.models import Event, Involvement
from dadkhah.web.modelutils import get_uncertain, uncertain_kwargs
from dadkhah.web.people.models import Person
from dadkhah.web.places.models import Place
from dadkhah.web.sources.models import Record, Source

pytestmark = pytest.mark.django_db


def _refused(fn) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_an_uncertain_date_round_trips_through_the_database() -> None:
    value = UncertainDate(
        dt.date(1988, 7, 23), dt.date(1988, 8, 22), Precision.MONTH, Calendar.JALALI, "مرداد ۱۳۶۷"
    )
    event = Event.objects.create(kind="execution", **uncertain_kwargs("date", value))
    event.refresh_from_db()
    assert get_uncertain(event, "date") == value


def test_an_interval_that_ends_before_it_starts_is_refused() -> None:
    _refused(
        lambda: Event.objects.create(
            kind="arrest", date_earliest=dt.date(1988, 8, 1), date_latest=dt.date(1988, 7, 1)
        )
    )
    _refused(lambda: Event.objects.create(kind="arrest", date_earliest=dt.date(1988, 8, 1)))


def test_a_claim_has_exactly_one_subject() -> None:
    person = Person.objects.create(public_id="P-000001")
    place = Place.objects.create(key="city:x", kind="city", name="X")
    _refused(lambda: Claim.objects.create(kind="executed"))
    _refused(lambda: Claim.objects.create(kind="executed", person=person, subject_place=place))
    Claim.objects.create(kind="executed", person=person)


def test_credibility_outside_one_to_six_is_refused() -> None:
    person = Person.objects.create(public_id="P-000001")
    source = Source.objects.create(name="s", title="S")
    claim = Claim.objects.create(kind="executed", person=person)
    _refused(lambda: ClaimSource.objects.create(claim=claim, source=source, credibility=7))


def test_a_record_id_appears_once_per_source_version() -> None:
    source = Source.objects.create(name="s", title="S")
    Record.objects.create(source=source, source_record_id="1", raw={"a": 1})
    _refused(lambda: Record.objects.create(source=source, source_record_id="1", raw={"a": 2}))
    Record.objects.create(source=source, source_record_id="1", raw={"a": 2}, version=2)


def test_only_perpetrators_have_a_mode_of_involvement() -> None:
    person = Person.objects.create(public_id="P-000001")
    event = Event.objects.create(kind="hearing")
    _refused(
        lambda: Involvement.objects.create(
            event=event, person=person, role="victim", mode="ordered"
        )
    )
    Involvement.objects.create(event=event, person=person, role="perpetrator", mode="ordered")


def test_public_ids_are_unique() -> None:
    Person.objects.create(public_id="P-000001")
    _refused(lambda: Person.objects.create(public_id="P-000001"))
