"""What a record's normalized form gives the search index, read through `dadkhah.core.record`.

The index reads the same dates as linkage and the person page: a damaged death date
gives no year to any of them, a readable one the same days to each.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dadkhah.core.dates import parse_date
from dadkhah.core.linkage.schema import row_from_normalized
from dadkhah.core.record import date_json
from dadkhah.web.search.models import SearchEntry, SearchFacet
from dadkhah.web.search.services import search_index_refresh
from dadkhah.web.sources.models import Record, Source

pytestmark = pytest.mark.django_db

GOOD = date_json(parse_date("1367/05/10"))
DAMAGED = [
    {**GOOD, "latest": None},  # one end without the other
    {**GOOD, "precision": "fortnight"},  # a precision the schema does not know
    {**GOOD, "earliest": "1988-08-02", "latest": "1988-08-01"},  # the ends the wrong way
    "1988-08-01",  # not a date object at all
]


def _indexed(normalized: Any) -> tuple[SearchEntry, set[tuple[str, str]]]:
    source = Source.objects.create(
        name="list-x", title="A fictional list", kind="list", confidentiality="public"
    )
    record = Record.objects.create(
        source=source, source_record_id="1", raw={"name": "Nasrin"}, normalized=normalized
    )
    search_index_refresh(kind="record", ids=[record.pk])
    entry = SearchEntry.objects.get(kind="record", object_id=record.pk)
    facets = set(SearchFacet.objects.filter(entry=entry).values_list("facet", "value"))
    return entry, facets


def test_a_readable_death_date_gives_its_days_and_years() -> None:
    entry, facets = _indexed(
        {"v": 1, "given_name": "Nasrin", "sex": "f", "city": "city:tabriz", "death_date": GOOD}
    )
    assert (entry.date_earliest, entry.date_latest) == (dt.date(1988, 8, 1), dt.date(1988, 8, 1))
    assert {("year", "1988"), ("jyear", "1367"), ("sex", "f"), ("city", "city:tabriz")} <= facets
    assert "Nasrin" in entry.label
    linkage = row_from_normalized(1, "list-x", {"death_date": GOOD})
    assert (linkage["death_lo"], linkage["death_hi"]) == (
        dt.date(1988, 8, 1).toordinal(),
        dt.date(1988, 8, 1).toordinal(),
    )


@pytest.mark.parametrize("damaged", DAMAGED)
def test_a_damaged_death_date_gives_no_year_as_linkage_reads_none(damaged: Any) -> None:
    entry, facets = _indexed({"v": 1, "given_name": "Nasrin", "death_date": damaged})
    assert entry.date_earliest is None
    assert not {f for f, _v in facets} & {"year", "jyear"}
    linkage = row_from_normalized(1, "list-x", {"death_date": damaged})
    assert linkage["death_lo"] is None


@pytest.mark.parametrize(
    "normalized", [[], "Nasrin", {"given_name": 7, "sex": "x", "death_date": 1988}]
)
def test_a_row_that_is_not_the_schema_gives_only_its_list(normalized: Any) -> None:
    _entry, facets = _indexed(normalized)
    assert facets == {("list", "list-x"), ("confidentiality", "public")}
