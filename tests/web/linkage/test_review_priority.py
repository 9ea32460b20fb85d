"""The review queue puts first the pairs whose answer would move the published numbers most."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from dadkhah.web.accounts.services import user_create
from dadkhah.web.linkage.models import LinkRun, PairScore, ReviewDecision
from dadkhah.web.linkage.selectors import review_queue, review_queue_size
from dadkhah.web.linkage.services import review_decide
from dadkhah.web.people.models import Person
from dadkhah.web.sources.models import Record, Source
from tests.login import login

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase 42"


def _record(source: Source, person: Person, key: str) -> Record:
    return Record.objects.create(
        source=source, source_record_id=key, raw={}, normalized={}, person=person
    )


@pytest.fixture
def two_pairs() -> tuple[PairScore, PairScore]:
    """A pair joining two single-list persons, and a more doubtful one joining two-list persons."""
    x, y, z = (Source.objects.create(name=n, title=n, systematic=True) for n in "xyz")
    people = [Person.objects.create(public_id=f"P-{i:06d}") for i in range(4)]
    a = _record(x, people[0], "a")  # person 0: on x only
    b = _record(y, people[1], "b")  # person 1: on y only
    c = _record(x, people[2], "c")  # person 2: on x and y
    _record(y, people[2], "c2")
    d = _record(y, people[3], "d")  # person 3: on y and z
    _record(z, people[3], "d2")
    run = LinkRun.objects.create(
        status=LinkRun.Status.FINISHED,
        settings={"review_low": 0.2, "review_high": 0.9},
        started_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    moves = PairScore.objects.create(run=run, record_a=a, record_b=b, probability=0.7, weight=1.0)
    stays = PairScore.objects.create(run=run, record_a=c, record_b=d, probability=0.5, weight=0.0)
    return moves, stays


def test_a_pair_that_would_remove_two_single_list_persons_comes_before_a_more_doubtful_one(
    two_pairs: tuple[PairScore, PairScore],
) -> None:
    moves, stays = two_pairs
    assert [p.pk for p in review_queue(limit=10)] == [moves.pk, stays.pk]
    assert [p.pk for p in review_queue(limit=1, offset=1)] == [stays.pk]


def test_the_review_page_counts_the_pairs_waiting_and_the_navigation_links_to_it(
    client: Client, two_pairs: tuple[PairScore, PairScore]
) -> None:
    user_create(username="rev", password=PASSWORD, role="investigator")
    assert login(client, "rev", PASSWORD)
    body = client.get("/linkage/review/").content.decode()
    assert "2 pairs waiting for review." in body
    assert 'href="/linkage/review/"' in client.get("/").content.decode()
    moves, _stays = two_pairs
    review_decide(
        record_a=moves.record_a_id,
        record_b=moves.record_b_id,
        verdict="different",
        reason="different fathers",
        reviewer="rev",
    )
    assert review_queue_size() == 1
    assert "1 pair waiting for review." in client.get("/linkage/review/").content.decode()


@pytest.mark.parametrize(("role", "counted"), [("investigator", True), ("read_only", False)])
def test_the_navigation_counts_the_pairs_waiting_for_those_who_may_decide(
    client: Client, two_pairs: tuple[PairScore, PairScore], role: str, counted: bool
) -> None:
    user_create(username="rev", password=PASSWORD, role=role)
    assert login(client, "rev", PASSWORD)
    nav = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode().split("</nav>")[0]
    assert 'href="/linkage/review/"' in nav
    assert ('class="nav-count"' in nav) is counted
    if counted:
        assert '<span class="nav-count" title="2 pairs waiting for review.">2</span>' in nav
        client.post("/i18n/setlang/", {"language": "fa", "next": "/"})
        nav = client.get("/").content.decode().split("</nav>")[0]
        assert ">۲</span>" in nav


def test_a_record_paired_with_itself_is_no_pair(
    client: Client, two_pairs: tuple[PairScore, PairScore]
) -> None:
    user_create(username="rev", password=PASSWORD, role="investigator")
    assert login(client, "rev", PASSWORD)
    moves, _stays = two_pairs
    a = moves.record_a_id
    assert client.get(f"/linkage/pairs/{a}/{a}/").status_code == 404
    response = client.post(
        "/linkage/review/decide/",
        {"record_a": a, "record_b": a, "verdict": "same", "reason": "x"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "two different records" in response.content.decode()
    assert not ReviewDecision.objects.exists()


@pytest.mark.usefixtures("two_pairs")
def test_the_pair_page_shows_field_labels_and_place_names_not_keys(client: Client) -> None:
    from dadkhah.web.places.models import Place

    Place.objects.create(key="city:tabriz", kind="city", name="Tabriz", name_fa="تبریز")
    source = Source.objects.get(name="x")
    a, b = (
        Record.objects.create(
            source=source,
            source_record_id=f"tabriz-{n}",
            raw={},
            normalized={"given_name": "Javad", "given_key": "JUD", "city": "city:tabriz"},
        )
        for n in range(2)
    )
    user_create(username="rev", password=PASSWORD, role="investigator")
    assert login(client, "rev", PASSWORD)
    url = f"/linkage/pairs/{a.pk}/{b.pk}/"
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "city:tabriz" not in body and "given_name" not in body
    assert '<th scope="row">given name</th>' in body and "<bdi>Tabriz</bdi>" in body
