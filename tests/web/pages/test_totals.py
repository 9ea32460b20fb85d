"""The case's three totals: one definition each, named in the same words on every page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from dadkhah.web.estimates.models import EstimateRun
from dadkhah.web.people.models import Person, PersonRole
from dadkhah.web.sources.models import Record, Source
from tests.web.pages.conftest import persian

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(db: None) -> None:
    """7 person rows: 1 merged away, 1 perpetrator, 5 victims of whom 3 on the counted list."""
    counted = Source.objects.create(name="counted", title="Counted", systematic=True)
    other = Source.objects.create(name="other", title="Not systematic")
    for n in range(5):
        person = Person.objects.create(public_id=f"P-{n:06d}", display_name=f"Victim {n}")
        PersonRole.objects.create(person=person, role="victim")
        Record.objects.create(
            source=counted if n < 3 else other,
            source_record_id=str(n),
            raw={},
            normalized={"v": 1},
            person=person,
        )
    merged = Person.objects.create(public_id="P-000005", merged_into=person)
    PersonRole.objects.create(person=merged, role="victim")
    judge = Person.objects.create(public_id="P-000006", display_name="Official A")
    PersonRole.objects.create(person=judge, role="perpetrator")


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_home_names_each_total_with_what_it_counts(analyst: Client, case: None) -> None:
    body = _text(analyst.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "Persons in the registry 6" in body
    assert "Victims 5" in body
    assert "Documented on the counted lists 3" in body
    assert "Persons 7" not in body  # the merged-away row counted as a person no more


def test_the_people_list_says_which_total_it_shows(analyst: Client, case: None) -> None:
    body = _text(analyst.get("/people/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "6 persons in the registry." in body
    body = _text(analyst.get("/people/?role=victim", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "5 victims." in body
    assert "How the case's totals differ" in body


def test_the_estimate_names_its_documented_count(analyst: Client, case: None) -> None:
    EstimateRun.objects.create(lists=["counted"], result={}, documented=3)
    body = _text(analyst.get("/estimates/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "Documented on the counted lists 3" in body
    assert "as it was when it ran" in body


def test_the_totals_are_translated(analyst: Client, case: None) -> None:
    body = _text(persian(analyst).get("/").content.decode())
    for english in ("Persons in the registry", "Documented on the counted lists", "Victims"):
        assert english not in body
    assert "۶" in body
