"""Pages listing events decide which titles to withhold in one query, not one per event."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dadkhah.web.events.models import Event, Involvement
from dadkhah.web.people.models import Person
from dadkhah.web.places.models import Place
from tests.web.pages.test_entity_pages import _reader

pytestmark = pytest.mark.django_db

HIDDEN = "P-000001"


def _events(n: int) -> None:
    """``n`` more executions at Evin, each titled with the name of a person who took part."""
    evin = Place.objects.get(key="prison:evin")
    person = Person.objects.get(public_id=HIDDEN)
    for i in range(n):
        event = Event.objects.create(
            kind="execution", place=evin, title=f"Execution no. {i} of Kaveh Testname"
        )
        Involvement.objects.create(event=event, person=person, role="victim")


def _queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response.content.decode()


@pytest.mark.parametrize("url", ["/places/prison:evin/", f"/people/{HIDDEN}/"])
def test_a_page_of_many_events_asks_the_same_queries_as_a_page_of_one(
    client: Client, demo: Path, url: str
) -> None:
    Person.objects.filter(public_id=HIDDEN).update(confidentiality="strictly_confidential")
    reader = _reader(client)
    if url.startswith("/people/"):
        Person.objects.filter(public_id=HIDDEN).update(confidentiality="public")
    _events(1)
    reader.get(url)  # warm the session and caches
    few, _ = _queries(reader, url)
    _events(30)
    many, body = _queries(reader, url)
    assert many <= few + 2, (few, many)
    if url.startswith("/places/"):
        assert "Kaveh Testname" not in body  # the titles stay withheld from this reader
        assert body.count('href="/events/') >= 31


def test_titles_are_shown_again_to_a_reader_who_may_see_everyone(
    client: Client, demo: Path
) -> None:
    _events(3)
    body = _queries(_reader(client), "/places/prison:evin/")[1]
    assert body.count("of Kaveh Testname") == 3
