"""The search asks the database: the exact name rule, visibility, counts and paging in SQL.

Run on SQLite (FTS5) and on PostgreSQL (DATABASE_URL): one body of tests for both.
"""

from __future__ import annotations

import itertools
import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dadkhah.web.accounts.services import user_create
from dadkhah.web.people.models import Person, PersonRole
from dadkhah.web.people.selectors import person_search
from dadkhah.web.search.backends import cover_expression, search_backend
from dadkhah.web.search.models import SearchEntry
from dadkhah.web.search.selectors import SearchParams, search
from dadkhah.web.search.services import search_rebuild
from dadkhah.web.sources.models import Record, Source

pytestmark = pytest.mark.django_db

#: A three-word query's runs of words and made-up tokens for them.
SPANS = {(0, 1): "sa", (1, 2): "sb", (2, 3): "sc", (0, 2): "sab", (1, 3): "sbc", (0, 3): "sabc"}
#: Every way of cutting three words into runs, written out: the rule, read by hand.
CUTS = [
    [(0, 1), (1, 2), (2, 3)],
    [(0, 1), (1, 3)],
    [(0, 2), (2, 3)],
    [(0, 3)],
]


def test_the_database_decides_the_exact_rule_as_python_did() -> None:
    # Every set of run tokens an entry may hold: the full-text expression keeps exactly
    # the entries whose runs cut the query (not an AND of ORs per word, which would
    # keep "sab" with "sbc").
    tokens = list(SPANS.values())
    held: dict[int, set[str]] = {}
    for n in range(len(tokens) + 1):
        for subset in itertools.combinations(tokens, n):
            keys = " ".join(f"p{t}" for t in subset)
            entry = SearchEntry.objects.create(
                kind="person", object_id=len(held) + 1, ref=f"P-{len(held) + 1:06d}", keys=keys
            )
            held[entry.pk] = set(subset)
    backend = search_backend()
    expression = cover_expression(backend, 3, SPANS, "pr")
    assert expression is not None
    with connection.cursor() as cursor:
        cursor.execute(backend.match_sql(), [expression])
        found = {row[0] for row in cursor.fetchall()}
    wanted = {
        pk
        for pk, have in held.items()
        if any(all(SPANS[run] in have for run in cut) for cut in CUTS)
    }
    assert found == wanted
    assert len(wanted) > 1 and len(wanted) < len(held)
    # A level the reader is not cleared for finds nothing.
    with connection.cursor() as cursor:
        cursor.execute(backend.match_sql(), [cover_expression(backend, 3, SPANS, "c")])
        assert cursor.fetchall() == []
    assert cover_expression(backend, 3, SPANS, "") is None
    assert cover_expression(backend, 2, {(0, 1): "sa"}, "p") is None  # no cut reaches word 2


@pytest.fixture
def namesakes() -> list[str]:
    """45 public persons named Kaveh Samandar and one on a confidential list only."""
    public = Source.objects.create(name="list-la", title="Latin list", confidentiality="public")
    secret = Source.objects.create(
        name="list-secret", title="Given in trust", confidentiality="strictly_confidential"
    )
    refs = []
    for n in range(46):
        source = secret if n == 45 else public
        person = Person.objects.create(
            public_id=f"P-{n + 1:06d}", confidentiality=source.confidentiality
        )
        PersonRole.objects.create(person=person, role="victim")
        city = "city:tehran" if n % 3 else "city:mashhad"
        normalized = {"given_name": "Kaveh", "family_name": "Samandar", "city": city}
        Record.objects.create(
            source=source, source_record_id=str(n), raw=normalized, normalized=normalized,
            person=person,
        )  # fmt: skip
        refs.append(person.public_id)
    search_rebuild()
    return refs


def test_hits_are_read_a_page_at_a_time_in_the_order_of_the_whole(namesakes: list[str]) -> None:
    reader = user_create(username="reader", password="a long enough passphrase 42")
    result = search(user=reader, params=SearchParams(text="Samandar", kind="person"))
    assert len(result.ids) == 45  # the confidential one is neither shown nor counted
    whole = list(result.ids)
    assert result.ids[0:20] + result.ids[20:45] == whole
    assert result.ids[44] == whole[-1] and result.ids[-1] == whole[-1]
    assert result.ids[45:50] == []
    with pytest.raises(IndexError):
        result.ids[45]
    assert set(whole) <= result.strict
    refs = SearchEntry.objects.in_bulk(whole)
    assert [refs[pk].ref for pk in whole] == sorted(namesakes[:45])  # same label: by id
    assert dict(result.kinds)["person"] == 45
    cities = {v.value: v.count for v in result.facets["city"]}
    assert cities == {"city:tehran": 30, "city:mashhad": 15}


def test_no_id_list_goes_back_and_forth(namesakes: list[str]) -> None:
    reader = user_create(username="reader", password="a long enough passphrase 42")
    params = SearchParams(text="Kaveh Samandar", kind="person", facets=(("city", "city:tehran"),))
    with CaptureQueriesContext(connection) as queries:
        result = search(user=reader, params=params)
        page = result.ids[0:10]
    assert len(result.ids) == 30 and len(page) == 10
    assert {v.value: v.count for v in result.facets["city"]} == {"city:tehran": 30}
    long_lists = [
        q["sql"] for q in queries.captured_queries if re.search(r"IN \((\d+, ){5,}", q["sql"])
    ]
    assert long_lists == []
    assert any("LIMIT 10" in q["sql"] for q in queries.captured_queries)


def test_the_people_list_reads_a_page_at_a_time_and_sends_no_id_list(
    namesakes: list[str],
) -> None:
    reader = user_create(username="reader", password="a long enough passphrase 42")
    with CaptureQueriesContext(connection) as queries:
        pks = person_search(user=reader, text="Kaveh Samandar")
        page = Paginator(pks, 10).get_page(2)  # as the people list pages it
        shown = list(page.object_list)
    assert len(pks) == 45  # the confidential one is neither shown nor counted
    assert page.paginator.num_pages == 5 and len(shown) == 10
    persons = dict(Person.objects.values_list("pk", "public_id"))
    assert [persons[pk] for pk in pks] == sorted(namesakes[:45])
    assert shown == list(pks)[10:20]
    long_lists = [
        q["sql"] for q in queries.captured_queries if re.search(r"IN \((\d+, ){5,}", q["sql"])
    ]
    assert long_lists == []
    assert any("LIMIT 10" in q["sql"] for q in queries.captured_queries)
    assert len(queries.captured_queries) <= 6
