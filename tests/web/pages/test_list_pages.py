"""The lists of events, bodies and claims (issue 13): filters, order, pages, access, bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dadkhah.web.bodies.models import Body
from dadkhah.web.claims.models import Claim
from dadkhah.web.events.models import Event, Involvement
from dadkhah.web.people.labels import CLAIM_KINDS
from dadkhah.web.people.models import Person
from dadkhah.web.places.models import Place
from tests.web.pages.conftest import persian
from tests.web.pages.test_entity_pages import PERSIAN_DIGITS, _get, _reader

pytestmark = pytest.mark.django_db

LISTS = ["/events/", "/bodies/", "/claims/"]


def _hrefs(body: str, prefix: str) -> set[str]:
    return set(re.findall(rf'href="({re.escape(prefix)}[^"?]+/)"', body))


@pytest.mark.parametrize("url", LISTS)
def test_each_list_renders_in_english_and_persian(analyst: Client, demo: Path, url: str) -> None:
    body = _get(analyst, url)
    assert 'dir="ltr"' in body
    assert _hrefs(body, url), url  # every row links to its page
    persian(analyst)
    body = _get(analyst, url)
    assert 'lang="fa" dir="rtl"' in body
    assert PERSIAN_DIGITS.search(body)


def test_the_navigation_and_the_home_counts_link_to_the_lists(analyst: Client, demo: Path) -> None:
    body = _get(analyst, "/")
    nav = body[body.index('class="main-nav"') : body.index("</nav>")]
    for url in LISTS:
        assert f'href="{url}"' in nav
    counts = body[body.rindex('<dl class="counts">') :]
    for url in [*LISTS, "/places/", "/sources/", "/evidence/"]:
        assert f'href="{url}"' in counts, url
    events = re.search(r'href="/events/">Events</a></dt><dd>(\d+)<', body)
    assert events is not None and int(events.group(1)) == Event.objects.count()


# --- events --------------------------------------------------------------------------------------


def test_the_event_list_filters_by_kind_place_and_period(analyst: Client, demo: Path) -> None:
    hearing = Event.objects.get(kind="hearing")
    every = _hrefs(_get(analyst, "/events/"), "/events/")
    assert len(every) == Event.objects.count()
    assert _hrefs(_get(analyst, "/events/?kind=hearing"), "/events/") == {f"/events/{hearing.pk}/"}
    evin = {f"/events/{e.pk}/" for e in Event.objects.filter(place__key="prison:evin")}
    assert _hrefs(_get(analyst, "/events/?place=prison:evin"), "/events/") == evin
    # A city holds its prisons' events.
    assert _hrefs(_get(analyst, "/events/?place=city:tehran"), "/events/") >= evin
    assert _hrefs(_get(analyst, "/events/?period=1367"), "/events/") == every  # Mordad 1367
    assert _hrefs(_get(analyst, "/events/?period=1988-08"), "/events/") == every
    assert not _hrefs(_get(analyst, "/events/?period=1990"), "/events/")


def test_the_event_list_sorts(analyst: Client, demo: Path) -> None:
    body = _get(analyst, "/events/?sort=kind")
    kinds = re.findall(r'<a href="/events/\d+/"><strong>([^<]+)</strong>', body)
    assert kinds[0] == "execution" and kinds[-1] == "hearing before a commission"  # by their keys
    first = re.findall(r'href="/events/(\d+)/"', _get(analyst, "/events/?sort=date"))
    last = re.findall(r'href="/events/(\d+)/"', _get(analyst, "/events/?sort=-date"))
    assert first == list(reversed(last))


def test_the_event_list_withholds_a_title_and_an_event_at_a_hidden_place(
    client: Client, demo: Path
) -> None:
    Person.objects.filter(public_id="P-000001").update(confidentiality="strictly_confidential")
    gohardasht = Place.objects.get(key="prison:gohardasht")
    Place.objects.filter(pk=gohardasht.pk).update(confidentiality="strictly_confidential")
    body = _get(_reader(client), "/events/")
    assert "Execution of Kaveh" not in body
    assert "Execution of Behrouz" not in body  # at Gohardasht
    for e in Event.objects.filter(place=gohardasht):
        assert f'href="/events/{e.pk}/"' not in body
    shown = Event.objects.exclude(place=gohardasht).count()
    assert re.search(rf">{shown} events?\.<", body)
    assert client.get("/events/?place=prison:gohardasht").status_code == 400


def test_a_long_event_list_asks_no_query_per_row(analyst: Client, demo: Path) -> None:
    evin = Place.objects.get(key="prison:evin")
    person = Person.objects.get(public_id="P-000001")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert analyst.get("/events/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(45):
        event = Event.objects.create(kind="execution", place=evin, title=f"Event {i}")
        Involvement.objects.create(event=event, person=person, role="victim")
    assert count() <= few + 1


# --- bodies --------------------------------------------------------------------------------------


def test_the_body_list_filters_by_kind_and_city(analyst: Client, demo: Path) -> None:
    commission = Body.objects.get(kind="commission")
    Body.objects.create(kind="ministry", name="Ministry of Fiction (synthetic)")
    body = _get(analyst, "/bodies/")
    assert "Ministry of Fiction" in body and "Tehran commission (1988)" in body
    body = _get(analyst, "/bodies/?kind=commission")
    assert _hrefs(body, "/bodies/") == {f"/bodies/{commission.pk}/"}
    body = _get(analyst, "/bodies/?city=city:tehran")
    assert _hrefs(body, "/bodies/") == {f"/bodies/{commission.pk}/"}
    persian(analyst)
    assert "هیئت تهران" in _get(analyst, "/bodies/")


def test_the_body_list_hides_a_body_seated_at_a_hidden_place(client: Client, demo: Path) -> None:
    Place.objects.filter(key="city:tehran").update(confidentiality="strictly_confidential")
    reader = _reader(client)
    body = _get(reader, "/bodies/")
    assert "Tehran commission" not in body and ">0 bodies.<" in body
    assert reader.get("/bodies/?city=city:tehran").status_code == 400


# --- claims --------------------------------------------------------------------------------------


def test_the_claim_list_names_kinds_in_words_never_as_keys(analyst: Client, demo: Path) -> None:
    Claim.objects.create(
        subject_place=Place.objects.get(key="cemetery:khavaran"), kind="buried_at", value="x"
    )
    body = _get(analyst, "/claims/")
    assert "buried at" in body and "executed" in body
    for key in CLAIM_KINDS:
        if "_" in key:
            visible_text = re.sub(r"<[^>]+>", " ", body)
            assert key not in visible_text, key
    persian(analyst)
    body = _get(analyst, "/claims/")
    assert "buried at" not in body


def test_the_claim_list_filters_by_kind_status_proof_and_subject(
    analyst: Client, demo: Path
) -> None:
    single = Claim.objects.create(
        person=Person.objects.get(public_id="P-900001"), kind="member_of", value="commission"
    )
    every = _hrefs(_get(analyst, "/claims/"), "/claims/")
    assert len(every) == Claim.objects.count()
    assert _hrefs(_get(analyst, "/claims/?kind=member_of"), "/claims/") == {f"/claims/{single.pk}/"}
    assert f"/claims/{single.pk}/" in _hrefs(_get(analyst, "/claims/?proof=single"), "/claims/")
    met = {f"/claims/{c.pk}/" for c in Claim.objects.filter(meets_standard=True)}
    assert _hrefs(_get(analyst, "/claims/?proof=met"), "/claims/") == met
    alleged = {f"/claims/{c.pk}/" for c in Claim.objects.filter(status="alleged")}
    assert _hrefs(_get(analyst, "/claims/?status=alleged"), "/claims/") == alleged
    assert not _hrefs(_get(analyst, "/claims/?subject=body"), "/claims/")
    assert _hrefs(_get(analyst, "/claims/?subject=person"), "/claims/") == every


def test_the_claim_list_shows_a_reader_neither_a_hidden_claim_nor_its_count(
    client: Client, demo: Path
) -> None:
    hidden = Claim.objects.filter(kind="executed").first()
    assert hidden is not None
    Claim.objects.filter(pk=hidden.pk).update(confidentiality="strictly_confidential")
    body = _get(_reader(client), "/claims/")
    assert f'href="/claims/{hidden.pk}/"' not in body
    shown = Claim.objects.count() - 1
    assert re.search(rf">{shown} claims?\.<", body)


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/events/?kind=coronation", 400),
        ("/events/?place=prison:nowhere", 400),
        ("/events/?period=summer", 400),
        ("/events/?sort=title%00", 400),
        ("/events/?page=abc", 400),
        ("/events/?page=99", 404),
        ("/bodies/?kind=club", 400),
        ("/bodies/?city=city:atlantis", 400),
        ("/bodies/?page=0", 404),
        ("/claims/?kind=buried_on_mars", 400),
        ("/claims/?status=proven", 400),
        ("/claims/?proof=maybe", 400),
        ("/claims/?sort=" + "x" * 500, 400),
        ("/claims/?page=7", 404),
    ],
)
def test_bad_input_answers_a_clear_page(analyst: Client, demo: Path, url: str, status: int) -> None:
    response = analyst.get(url)
    assert response.status_code == status
    body = response.content.decode()
    assert 'role="alert"' in body and "start again without filters" in body
    persian(analyst)
    body = analyst.get(url).content.decode()
    assert "start again without filters" not in body and 'role="alert"' in body


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200, url
    return len(ctx.captured_queries)


def test_long_lists_of_bodies_claims_and_evidence_ask_no_query_per_row(
    analyst: Client, demo: Path
) -> None:
    from django.utils import timezone

    from dadkhah.web.claims.models import ClaimSource
    from dadkhah.web.evidence.models import EvidenceItem
    from dadkhah.web.sources.models import Source

    urls = ["/bodies/", "/claims/", "/evidence/?linked=person"]
    few = {url: _queries(analyst, url) for url in urls}
    judge = Person.objects.get(public_id="P-900001")
    evin = Place.objects.get(key="prison:evin")
    commission = Body.objects.get(kind="commission")
    source = Source.objects.get(name="ngo-latin")
    for i in range(45):
        Body.objects.create(
            kind="court", name=f"Court {i} (fictional)", place=evin, parent=commission
        )
        item = EvidenceItem.objects.create(
            sha256=f"{i:064x}", size=1, collected_at=timezone.now(), confidentiality="public"
        )
        claim = Claim.objects.create(person=judge, kind="member_of", value=f"Court {i}", place=evin)
        ClaimSource.objects.create(claim=claim, source=source, evidence=item)
    for url in urls:
        assert _queries(analyst, url) <= few[url] + 2, url
