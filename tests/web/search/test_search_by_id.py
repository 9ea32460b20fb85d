"""An id typed into the search box finds its entry in any case, through the index on it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dadkhah.web.accounts.services import user_create
from dadkhah.web.places.models import Place
from dadkhah.web.search.models import SearchEntry
from dadkhah.web.search.selectors import SearchParams, search
from dadkhah.web.search.services import search_rebuild

pytestmark = pytest.mark.django_db


def test_an_id_is_found_in_any_case_and_only_whole() -> None:
    Place.objects.create(key="prison:sample", kind="prison", name="Sample prison")
    Place.objects.create(key="prison:sample-two", kind="prison", name="Other prison")
    search_rebuild()
    user = user_create(
        username="inv", password="a long enough passphrase 42", clearance="strictly_confidential"
    )
    wanted = SearchEntry.objects.get(ref="prison:sample").pk

    def found(text: str) -> list[int]:
        return search(user=user, params=SearchParams(text=text, kind="place")).ids

    for text in ("prison:sample", "PRISON:Sample", "Prison:SAMPLE"):
        assert wanted in found(text), text
    assert wanted not in found("prison:samp")
    with CaptureQueriesContext(connection) as queries:
        found("PRISON:SAMPLE")
    lookups = [q["sql"] for q in queries.captured_queries if '"ref"' in q["sql"]]
    assert lookups and all("LOWER" in sql.upper() for sql in lookups)
    assert not any(" LIKE " in sql and '"ref" LIKE' in sql for sql in lookups)
