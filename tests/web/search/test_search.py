"""The search page through the test client: cross-script matching, facets, paging, export, access.

Run on SQLite (FTS5) and on PostgreSQL (DATABASE_URL; full text with a GIN index): one
body of tests for both backends.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.test import Client

from dadkhah.core.case import Case, open_case
from dadkhah.web.accounts.services import user_create
from dadkhah.web.claims.models import Claim
from dadkhah.web.people.models import Person, PersonRole
from dadkhah.web.search.models import SearchEntry
from dadkhah.web.search.selectors import name_match
from dadkhah.web.search.services import search_index_refresh, search_rebuild
from dadkhah.web.sources.models import Record, Source
from dadkhah.web.sources.services import source_import
from dadkhah.web.witnesses.models import Testimony as TestimonyModel
from dadkhah.web.witnesses.models import Witness
from tests.login import login
from tests.web.pages.conftest import persian

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase 42"


def _client(username: str, role: str = "investigator", clearance: str | None = None) -> Client:
    user_create(username=username, password=PASSWORD, role=role, clearance=clearance)
    client = Client()
    assert login(client, username, PASSWORD)
    return client


@pytest.fixture
def analyst() -> Client:
    return _client("analyst")


@pytest.fixture
def registry() -> None:
    """Fictional persons on a public Persian list, a public Latin list, a confidential list."""
    fa = Source.objects.create(name="list-fa", title="فهرست", confidentiality="public")
    la = Source.objects.create(name="list-la", title="Latin list", confidentiality="public")
    secret = Source.objects.create(
        name="list-secret", title="Given in trust", confidentiality="strictly_confidential"
    )
    rows = [
        # person, source, normalized
        ("P-000001", fa, {"given_name": "زهره", "family_name": "احمدی", "city": "city:tehran",
                          "prison": "prison:evin", "affiliation": "pmoi", "sex": "f",
                          "death_date": {"earliest": "1988-08-01", "latest": "1988-08-31"}}),
        ("P-000002", la, {"given_name": "Zohra", "family_name": "Karimi", "city": "city:tehran",
                          "prison": "prison:gohardasht", "affiliation": "tudeh", "sex": "f",
                          "death_date": {"earliest": "1988-09-05", "latest": "1988-09-05"}}),
        ("P-000003", fa, {"given_name": "علي", "family_name": "كريمي", "city": "city:mashhad",
                          "affiliation": "pmoi", "sex": "m"}),
        ("P-000004", la, {"given_name": "Ali", "family_name": "Navid", "city": "city:tehran",
                          "prison": "prison:evin", "affiliation": "pmoi", "sex": "m"}),
        ("P-000005", secret, {"given_name": "Zohreh", "family_name": "Hidden",
                              "city": "city:tehran", "affiliation": "pmoi", "sex": "f"}),
    ]  # fmt: skip
    for n, (pid, source, normalized) in enumerate(rows):
        level = "strictly_confidential" if source is secret else "public"
        person = Person.objects.create(public_id=pid, confidentiality=level)
        PersonRole.objects.create(person=person, role="victim")
        Record.objects.create(
            source=source, source_record_id=str(n), raw=normalized, normalized=normalized,
            person=person,
        )  # fmt: skip
    # P-000004 is also on the confidential list: a restricted reader must not learn it.
    Record.objects.create(
        source=secret, source_record_id="x", raw={}, normalized={"given_name": "Ali"},
        person=Person.objects.get(public_id="P-000004"),
    )  # fmt: skip
    search_rebuild()


def _found(client: Client, query: str = "", **params: str) -> list[str]:
    response = client.get("/search/", {"q": query, **params}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content.decode()[:2000]
    return re.findall(r'class="pid"><bdi>([^<]+)</bdi>', response.content.decode())


def _persons(refs: list[str]) -> list[str]:
    return [r for r in refs if r.startswith("P-")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Zohra", {"P-000001", "P-000002"}),  # Latin finds the Persian زهره (loose keys)
        ("زهره", {"P-000001", "P-000002"}),  # and Persian the Latin Zohra
        ("كريمي", {"P-000002", "P-000003"}),  # Arabic kaf and yeh as the Persian ک and ی
        ("کریمی", {"P-000002", "P-000003"}),
        ("Ali Karimi", {"P-000003"}),
        ("P-3", {"P-000003"}),
    ],
)
def test_one_box_finds_persons_across_scripts_and_letter_variants(
    analyst: Client, registry: None, query: str, expected: set[str]
) -> None:
    assert set(_persons(_found(analyst, query))) == expected


def test_exact_spellings_only_leaves_out_the_loose_hits(analyst: Client, registry: None) -> None:
    assert set(_persons(_found(analyst, "Zohra", loose="0"))) == {"P-000002"}


def _refs(match: Q | None) -> set[str]:
    assert match is not None
    return set(SearchEntry.objects.filter(match).values_list("ref", flat=True))


def test_the_full_text_match_finds_loose_variants_and_tells_them_from_strict_hits(
    registry: None,
) -> None:
    every = ("public", "restricted", "strictly_confidential")
    both = name_match("Zohra Karimi", loose=True, levels=every)
    assert "P-000002" in _refs(both.hits)
    assert "P-000001" not in _refs(both.hits)  # Zohra Ahmadi: no Karimi
    # The Persian زهره finds the Latin Zohra by its loose key only.
    zohra = name_match("زهره", loose=True, levels=every)
    assert {"P-000001", "P-000002"} <= _refs(zohra.hits)
    assert "P-000001" in _refs(zohra.strict) and "P-000002" not in _refs(zohra.strict)
    assert "P-000002" not in _refs(name_match("زهره", loose=False, levels=every).hits)


def test_facets_combine_and_count_what_is_shown(analyst: Client, registry: None) -> None:
    body = analyst.get("/search/", {"kind": "person"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # Visible persons (restricted reader): P-1..P-4; three in Tehran.
    assert re.search(r'city=city%3Atehran"><bdi>Tehran</bdi></a> <span class="muted">\(3\)', body)
    both = _found(analyst, kind="person", city="city:tehran", affiliation="pmoi")
    assert _persons(both) == ["P-000004", "P-000001"] or set(both) == {"P-000001", "P-000004"}
    three = _found(analyst, kind="person", city="city:tehran", affiliation="pmoi", sex="f")
    assert three == ["P-000001"]
    body = analyst.get(
        "/search/", {"kind": "person", "city": "city:tehran", "affiliation": "pmoi"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()  # fmt: skip
    assert re.search(r'prison=prison%3Aevin"><bdi>[^<]*</bdi></a> <span class="muted">\(2\)', body)
    assert re.search(r"sex=f\"><bdi>female</bdi></a> <span class=\"muted\">\(1\)", body)
    # A chosen value links to the same search without it.
    assert 'href="?kind=person&amp;city=city%3Atehran" title="Remove this filter"' in body


def test_a_period_facet_in_either_calendar(analyst: Client, registry: None) -> None:
    assert set(_found(analyst, kind="person", year="1988")) == {"P-000001", "P-000002"}
    # 1 Mordad 1367 is 23 July 1988; 5 September 1988 is 14 Shahrivar 1367.
    assert set(_found(analyst, kind="person", jyear="1367")) == {"P-000001", "P-000002"}


def test_a_hidden_person_is_neither_shown_nor_counted(analyst: Client, registry: None) -> None:
    assert "P-000005" not in _found(analyst, "Zohreh")
    body = analyst.get("/search/", {"kind": "person"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "4 results" in body
    # The confidential list is a facet value only for a reader cleared for it.
    assert "list-secret" not in body
    cleared = _client("cleared", clearance="strictly_confidential")
    assert "P-000005" in _found(cleared, "Zohreh")
    body = cleared.get("/search/", {"kind": "person"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(
        r'list=list-secret"><bdi>list-secret</bdi></a> <span class="muted">\(2\)', body
    )


def test_a_user_without_the_registry_capability_is_refused(registry: None) -> None:
    client = Client()
    assert client.get("/search/", {"q": "Zohra"}).status_code in (302, 403)


def test_testimonies_are_found_by_pseudonym_only(analyst: Client, registry: None) -> None:
    source = Source.objects.create(
        name="t-1", kind="testimony", title="Testimony of Parvin Secretname",
        confidentiality="restricted",
    )  # fmt: skip
    witness = Witness.objects.create(pseudonym="W-0042")
    testimony = TestimonyModel.objects.create(
        witness=witness, source=source, language="fa", confidentiality="restricted"
    )
    search_index_refresh(kind="testimony", ids=[testimony.pk])
    entry = SearchEntry.objects.get(kind="testimony", object_id=testimony.pk)
    assert "Secretname" not in entry.label and "Parvin" not in entry.label
    assert _found(analyst, "w-0042") == [f"testimony:{testimony.pk}"]
    statistician = _client("statistician", role="analyst")  # no witness capability
    assert _found(statistician, "W-0042") == []


def test_paging_and_sorting(analyst: Client, registry: None, settings: object) -> None:
    from dadkhah.web.search import views

    old = views.PER_PAGE
    views.PER_PAGE = 2
    try:
        first = _found(analyst, kind="person", sort="name")
        second = _found(analyst, kind="person", sort="name", page="2")
    finally:
        views.PER_PAGE = old
    assert len(first) == 2 and len(second) == 2 and not set(first) & set(second)
    dated = _found(analyst, kind="person", sort="date")
    assert dated[:2] == ["P-000001", "P-000002"]
    assert _found(analyst, kind="person", sort="-date")[:2] == ["P-000002", "P-000001"]


@pytest.mark.parametrize(
    ("params", "status", "says"),
    [
        ({"page": "99"}, 404, "There is no page 99"),
        ({"page": "abc"}, 400, "whole number"),
        ({"sort": "evil"}, 400, "Cannot sort by"),
        ({"kind": "witness"}, 400, "There is no kind"),
        ({"city": "<script>"}, 400, "cannot be a value of city"),
        ({"year": "19x8"}, 400, "cannot be a value of year"),
        ({"q": "x" * 300}, 400, "at most 200"),
        ({"q": '"( OR AND * NEAR'}, 200, "result"),
        ({"q": "a\x00b"}, 400, "NUL"),
    ],
)
def test_bad_input_gives_a_clear_page(
    analyst: Client, registry: None, params: dict[str, str], status: int, says: str
) -> None:
    response = analyst.get("/search/", params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status
    assert says in response.content.decode()


def test_a_facet_value_that_does_not_exist_finds_nothing(analyst: Client, registry: None) -> None:
    assert _found(analyst, city="city:atlantis") == []


def test_export_these_results_as_safe_csv(analyst: Client, registry: None) -> None:
    Person.objects.filter(public_id="P-000003").update(display_name="=HYPERLINK(1)")
    search_index_refresh(kind="person", ids=Person.objects.values_list("pk", flat=True))
    response = analyst.get("/search/export.csv", {"kind": "person", "affiliation": "pmoi"})
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["kind", "id", "name"]
    ids = {r[1] for r in rows[1:]}
    assert ids == {"P-000001", "P-000003", "P-000004"}  # not the hidden P-000005
    assert any(r[2] == "'=HYPERLINK(1)" for r in rows[1:])


def test_export_needs_the_export_capability(registry: None) -> None:
    reader = _client("reader", role="read_only")
    assert reader.get("/search/export.csv").status_code == 403


def test_the_page_reads_in_persian(analyst: Client, registry: None) -> None:
    body = persian(analyst).get("/search/", {"kind": "person"}).content.decode()
    assert "جست‌وجو" in body
    assert "jyear=1367" in body and "year=1988" not in body


def test_an_import_is_searchable_at_once(tmp_path: Path, case_dir: Path, analyst: Client) -> None:
    case: Case = open_case(case_dir)
    path = tmp_path / "list.csv"
    path.write_text("record_id,full_name,city\r\nR1,Fictional Shahrzadi,Tehran\r\n")
    source_import(case=case, path=path, source_name="ngo")
    assert SearchEntry.objects.filter(kind="record").count() == 1
    assert any(ref.startswith("ngo:") for ref in _found(analyst, "Shahrzadi"))
    assert any(ref.startswith("ngo") for ref in _found(analyst, "ngo", kind="source"))


def test_linkage_refreshes_a_person_entry(registry: None) -> None:
    from dadkhah.web.people.services import persons_refresh

    person = Person.objects.get(public_id="P-000003")
    Record.objects.filter(person=person).update(person=None)
    persons_refresh(persons=[person.pk])
    assert "skrm" not in SearchEntry.objects.get(kind="person", object_id=person.pk).keys
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    "payload", ["' OR '1'='1", "1; DROP TABLE people_person;--", '" OR 1=1 --', "a* NEAR(b)"]
)
def test_sql_and_fts_syntax_in_the_box_are_only_text(
    analyst: Client, registry: None, payload: str
) -> None:
    response = analyst.get("/search/", {"q": payload, "sort": "name"})
    assert response.status_code == 200
    assert Person.objects.filter(public_id="P-000001").exists()
    assert analyst.get("/search/", {"city": payload}).status_code == 400


def test_the_minimal_demo_is_searchable_in_every_kind(analyst: Client, demo: Path) -> None:
    kinds = set(SearchEntry.objects.values_list("kind", flat=True))
    assert {"person", "record", "source", "claim", "event", "place", "testimony"} <= kinds
    assert "prison:evin" in _found(analyst, "اوین", kind="place")
    assert "prison:evin" in _found(analyst, "Evin", kind="place")
    # Strictly confidential: a restricted investigator does not find it, a liaison does.
    assert not [r for r in _found(analyst, "W-0001") if r.startswith("testimony:")]
    liaison = _client("liaison", role="witness_liaison")
    assert [r for r in _found(liaison, "W-0001") if r.startswith("testimony:")]
    assert _found(liaison, "W-0002", kind="testimony") == []
    # The sealed name of the demo's witness is nowhere in the index.
    assert not SearchEntry.objects.filter(label__icontains="Synthetic Witness").exists()


def test_a_sqlite_copy_out_of_step_is_refilled_after_migrate(registry: None) -> None:
    from django.db import connection

    from dadkhah.web.search.backends import SQLITE_DROP, install_after_migrate

    if connection.vendor != "sqlite":
        pytest.skip("FTS5 is SQLite's; PostgreSQL's index follows the table by itself")
    with connection.cursor() as cursor:
        for sql in SQLITE_DROP:  # what remaking the table in a migration leaves
            cursor.execute(sql)
    install_after_migrate()
    match = name_match("Karimi", loose=False, levels=("public", "strictly_confidential"))
    assert "P-000002" in _refs(match.hits)


def test_an_ftm_import_is_searchable_at_once(
    case_dir: Path, settings: Any, tmp_path: Path, analyst: Client
) -> None:
    import json

    from dadkhah.web.exports.ftm_import import ftm_import

    settings.CASE = open_case(case_dir)
    path = tmp_path / "in.ftm.json"
    lines = [
        {"id": "q1", "schema": "Person", "properties": {"name": ["Fictional Official"]}},
        {"id": "o1", "schema": "PublicBody", "properties": {"name": ["Fictional Court"]}},
    ]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    user = get_user_model().objects.get(username="analyst")
    ftm_import(user=user, path=path)
    assert "P-000001" in _found(analyst, "Fictional Official")
    assert [r for r in _found(analyst, "Fictional Court", kind="body")]


def test_a_case_migrated_from_before_the_index_gets_one(registry: None) -> None:
    from dadkhah.web.search.apps import index_after_migrate

    SearchEntry.objects.all().delete()
    index_after_migrate()
    assert SearchEntry.objects.filter(kind="person").count() == 5
    index_after_migrate()  # an index that exists is left as it is
    assert SearchEntry.objects.filter(kind="person").count() == 5


def test_an_event_title_naming_a_hidden_participant_neither_shows_nor_finds(
    analyst: Client, registry: None
) -> None:
    from dadkhah.web.events.models import Event, Involvement

    event = Event.objects.create(kind="execution", title="Execution of Zohreh Hidden")
    Involvement.objects.create(
        event=event, person=Person.objects.get(public_id="P-000005"), role="victim"
    )
    search_index_refresh(kind="event", ids=[event.pk])
    ref = f"event:{event.pk}"
    assert ref not in _found(analyst, "Hidden", kind="event")
    body = analyst.get("/search/", {"kind": "event"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ref in body and "Zohreh Hidden" not in body  # listed, its title withheld
    text = analyst.get("/search/export.csv", {"kind": "event"}).content.decode()
    assert ref in text and "Hidden" not in text
    cleared = _client("cleared", clearance="strictly_confidential")
    assert ref in _found(cleared, "Hidden", kind="event")


def test_a_witness_is_found_neither_as_a_person_nor_by_their_records(
    analyst: Client, registry: None
) -> None:
    person = Person.objects.get(public_id="P-000003")
    Witness.objects.create(pseudonym="W-0007", person=person)
    assert _found(analyst, "Ali Karimi") == []


def test_a_name_only_a_confidential_record_gives_does_not_find_the_person(
    analyst: Client, registry: None
) -> None:
    # P-000004 (public) is also on the strictly confidential list, there as "Bahram".
    Record.objects.create(
        source=Source.objects.get(name="list-secret"), source_record_id="y", raw={},
        normalized={"given_name": "Bahram"}, person=Person.objects.get(public_id="P-000004"),
    )  # fmt: skip
    search_index_refresh(kind="person", ids=Person.objects.values_list("pk", flat=True))
    assert _found(analyst, "Bahram") == []
    cleared = _client("cleared", clearance="strictly_confidential")
    assert "P-000004" in _found(cleared, "Bahram")
