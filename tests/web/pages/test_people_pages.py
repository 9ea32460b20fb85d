"""The person pages through the test client: search across scripts, the person page, access."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from dadkhah.web.people.models import Person, PersonRole
from dadkhah.web.people.selectors import person_search
from dadkhah.web.search.names import query_read
from dadkhah.web.search.services import search_index_refresh, search_rebuild
from dadkhah.web.sources.models import Record, Source
from dadkhah.web.witnesses.models import Witness
from tests.web.pages.conftest import persian

pytestmark = pytest.mark.django_db


def _found(client: Client, query: str, **params: str) -> list[str]:
    body = client.get("/people/", {"q": query, **params}, HTTP_ACCEPT_LANGUAGE="en").content
    return re.findall(r'class="pid"><a href="/people/(P-\d+)/">', body.decode())


@pytest.fixture
def namesakes() -> None:
    """Mohammadreza Ahmadi in a Persian list and a Latin list; Reza Mohammadi; Hossein Karimi."""
    fa = Source.objects.create(name="list-fa", title="فهرست", language="fa")
    la = Source.objects.create(name="list-la", title="Latin list", language="en")
    people = {
        "P-000001": ("Mohammadreza Ahmadi", "محمدرضا احمدی"),
        "P-000002": ("Reza Mohammadi", "رضا محمدی"),
        "P-000003": ("Hossein Karimi", ""),
        "P-000004": ("Hassan Karimi", ""),
    }
    for pid, (name, name_fa) in people.items():
        Person.objects.create(public_id=pid)  # display names left empty: records carry the names
        PersonRole.objects.create(person=Person.objects.get(public_id=pid), role="victim")
    p1, p2, p3, p4 = (Person.objects.get(public_id=pid) for pid in people)
    rows = [
        (fa, p1, {"given_name": "محمدرضا", "family_name": "احمدی", "father_name": "علی"}),
        (la, p1, {"given_name": "Mohammad-Reza", "family_name": "Ahmadi"}),
        (fa, p2, {"given_name": "رضا", "family_name": "محمدی"}),
        (la, p3, {"given_name": "Seyed Hossein", "family_name": "Karimi"}),
        (fa, p4, {"given_name": "حسن", "family_name": "کریمی"}),
    ]
    for n, (source, person, normalized) in enumerate(rows):
        Record.objects.create(
            source=source, source_record_id=str(n), raw=normalized, normalized=normalized,
            person=person,
        )  # fmt: skip
    search_rebuild()


@pytest.mark.parametrize(
    "query",
    ["محمدرضا", "Mohammad-Reza", "Mohammadreza", "Mohammad Reza", "محمد رضا", "Reza Ahmadi",
     "mohammadreza AHMADI", "احمدی"],
)  # fmt: skip
def test_search_finds_the_same_person_in_either_script(
    analyst: Client, namesakes: None, query: str
) -> None:
    assert _found(analyst, query)[0] == "P-000001"


def test_a_part_of_a_compound_given_name_finds_the_person(analyst: Client, namesakes: None) -> None:
    assert set(_found(analyst, "Reza")) == {"P-000001", "P-000002"}


def test_a_family_name_built_on_a_given_name_is_not_that_name(
    analyst: Client, namesakes: None
) -> None:
    # Mohammadi is not Mohammad (docs/methodology/names.md): "Mohammad" finds only the compound.
    assert _found(analyst, "Mohammad") == ["P-000001"]
    assert _found(analyst, "Mohammadi") == ["P-000002"]


def test_honorifics_and_transliterations_are_ignored(analyst: Client, namesakes: None) -> None:
    assert _found(analyst, "Hosein Karimi") == ["P-000003"]
    assert _found(analyst, "سید حسین") == ["P-000003"]


def test_looser_spellings_come_only_when_asked_and_after_the_strict_hits(
    analyst: Client, namesakes: None
) -> None:
    assert _found(analyst, "Hossein") == ["P-000003"]
    assert _found(analyst, "Hossein", loose="1") == ["P-000003", "P-000004"]


def test_a_public_id_finds_its_person(analyst: Client, namesakes: None) -> None:
    assert _found(analyst, "p-000002") == ["P-000002"]
    assert _found(analyst, "P-2") == ["P-000002"]


def test_the_role_filter_narrows_the_results(analyst: Client, demo: Path) -> None:
    assert _found(analyst, "", role="perpetrator") == ["P-900001"]
    assert "P-900001" not in _found(analyst, "", role="victim")


def test_results_are_paginated(analyst: Client) -> None:
    Person.objects.bulk_create(Person(public_id=f"P-{n:06d}") for n in range(120))
    first = _found(analyst, "")
    assert len(first) == 50
    third = _found(analyst, "", page="3")
    assert third == [f"P-{n:06d}" for n in range(100, 120)]


def test_query_keys_cover_every_run_of_words() -> None:
    from dadkhah.core.names import cross_script_key

    q = query_read("Darvish zadeh")
    assert sorted(q.strict) == [(0, 1), (0, 2), (1, 2)]
    assert q.strict[(0, 2)] == cross_script_key("Darvishzadeh")


def test_the_person_page_shows_claims_with_their_grades(analyst: Client, demo: Path) -> None:
    body = analyst.get("/people/P-000001/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Kaveh Darvishzadeh" in body
    assert '<span class="status status-established">established</span>' in body
    assert "Meets the standard of proof" in body and "Rests on one source" in body
    # the sources of the claim with reliability (A–F) and credibility (1–6) and the locator
    assert re.search(r'<abbr class="grade" title="B — usually reliable">B</abbr>', body)
    assert re.search(r'<abbr class="grade" title="2 — probably true">2</abbr>', body)
    assert "row 2" in body


def test_the_person_page_names_a_witness_only_by_pseudonym(analyst: Client, demo: Path) -> None:
    body = analyst.get("/people/P-000001/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "W-0001" in body
    assert "taken from our ward" not in body  # the segment's text may identify the witness


def test_a_strictly_confidential_source_shows_its_grades_but_not_its_words(
    analyst: Client, demo: Path
) -> None:
    from dadkhah.web.claims.models import Claim, ClaimSource

    secret = Source.objects.create(
        name="insider-note", title="Note from INSIDER NAME", reliability="C",
        confidentiality="strictly_confidential",
    )  # fmt: skip
    claim = Claim.objects.filter(person__public_id="P-000001").first()
    ClaimSource.objects.create(
        claim=claim, source=secret, credibility=4, locator="p. 3", excerpt="THE SECRET LINE"
    )
    body = analyst.get("/people/P-000001/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "a strictly confidential source" in body
    assert '<abbr class="grade" title="4 — doubtful">4</abbr>' in body
    for secret_text in ("INSIDER NAME", "THE SECRET LINE", "p. 3", "/sources/insider-note/"):
        assert secret_text not in body


def test_the_person_page_shows_records_side_by_side_raw_and_normalized(
    analyst: Client, demo: Path
) -> None:
    body = analyst.get("/people/P-000001/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "families-fa" in body and "ngo-latin" in body
    assert "تاریخ اعدام" in body  # a raw column exactly as given
    assert "As given" in body and "Normalized" in body


def test_the_person_page_shows_events_posts_and_family(analyst: Client, demo: Path) -> None:
    kaveh = analyst.get("/people/P-000001/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "sibling of" in kaveh and "P-000002" in kaveh
    assert "مرداد ۱۳۶۷" in kaveh  # the date as written
    # and as an interval, each end isolated from the Persian text beside it
    assert 'between <bdi dir="ltr">1988-07-23</bdi> and <bdi dir="ltr">1988-08-22</bdi>' in kaveh
    assert "hearing before a commission" in kaveh
    judge = analyst.get("/people/P-900001/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tehran commission (1988)" in judge and "religious judge" in judge
    assert "held now" in judge and "sat on the commission" in judge


def test_events_are_a_timeline_by_date_with_unknown_dates_last(analyst: Client, demo: Path) -> None:
    import datetime as dt

    from dadkhah.core.dates import Calendar, Precision, UncertainDate
    from dadkhah.web.events.models import Event, Involvement
    from dadkhah.web.modelutils import uncertain_kwargs

    kaveh = Person.objects.get(public_id="P-000001")
    year_1360 = UncertainDate(
        dt.date(1981, 3, 21), dt.date(1982, 3, 20), Precision.YEAR, Calendar.JALALI, "۱۳۶۰"
    )
    undated = Event.objects.create(kind="burial", title="Burial, date unknown")
    arrest = Event.objects.create(
        kind="arrest", title="Arrest", **uncertain_kwargs("date", year_1360)
    )
    for event in (undated, arrest):
        Involvement.objects.create(event=event, person=kaveh, role="victim")
    body = analyst.get("/people/P-000001/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    timeline = body[body.index('class="timeline"') :]
    order = [timeline.index(t) for t in ("Arrest", "Execution of Kaveh", "Burial, date unknown")]
    assert order == sorted(order)
    assert 'between <bdi dir="ltr">1981-03-21</bdi> and <bdi dir="ltr">1982-03-20</bdi>' in timeline


def test_the_person_page_in_persian_has_persian_digits_and_jalali_dates(
    analyst: Client, demo: Path
) -> None:
    body = persian(analyst).get("/people/P-000001/").content.decode()
    assert 'dir="rtl"' in body
    assert "کاوه درویش‌زاده" in body
    assert "۱ مرداد ۱۳۶۷" in body  # 23 July 1988, the first day of Mordad 1367
    assert "ادعاها" in body


@pytest.mark.parametrize("public_id", ["P-424242", "nobody", "P-000001x"])
def test_an_unknown_person_is_not_found(analyst: Client, demo: Path, public_id: str) -> None:
    assert analyst.get(f"/people/{public_id}/").status_code == 404


def test_a_witness_is_not_found_the_same_way_as_an_unknown_person(
    analyst: Client, demo: Path
) -> None:
    person = Person.objects.create(public_id="P-700001", display_name="Fictional Witness")
    Witness.objects.create(pseudonym="W-0002", person=person)
    search_index_refresh(kind="person", ids=[person.pk])  # indexed, as every person is
    unknown = analyst.get("/people/P-424242/")
    protected = analyst.get("/people/P-700001/")
    assert protected.status_code == unknown.status_code == 404
    assert protected.content == unknown.content
    assert "P-700001" not in _found(analyst, "Fictional Witness")


def test_anonymous_visitors_are_sent_to_log_in(client: Client, demo: Path) -> None:
    for url in ("/people/", "/people/P-000001/"):
        assert client.get(url).status_code == 302


def test_search_selector_reads_every_name_field(demo: Path) -> None:
    from dadkhah.web.accounts.services import user_create

    user = user_create(username="u", password="a long enough passphrase 42", role="read_only")
    kaveh = Person.objects.get(public_id="P-000001")
    for query in ("Kaveh", "کاوه", "Darvishzadeh", "درویش زاده", "Kaveh Darvish-zadeh"):
        assert kaveh.pk in person_search(user=user, text=query), query
