"""The source pages: grades and counts, versions, raw records, confidential sources kept closed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from dadkhah.web.sources.models import Record, Source
from tests.login import login
from tests.web.pages.conftest import persian

pytestmark = pytest.mark.django_db


def test_the_source_list_shows_grades_counts_and_the_synthetic_badge(
    analyst: Client, demo: Path
) -> None:
    body = analyst.get("/sources/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    row = re.search(r"<tr>\s*<td><a href=\"/sources/families-fa/\">.*?</tr>", body, re.S)
    assert row is not None
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(0), re.S)
    assert "synthetic" in cells[0]
    assert "list" in cells[2] and "1" in cells[3]
    assert ">B</abbr>" in cells[4] and "restricted" in cells[5]
    assert "yes" in cells[6] and cells[9].strip() == "4"
    # what the analyst said of the list: duplicate-free, no independence group
    assert "yes" in cells[7] and cells[8].strip() == "<bdi></bdi>"
    # Cleared to restricted: a strictly confidential source is not even listed.
    assert "testimony-w-0001" not in body


def test_a_source_page_shows_its_records_exactly_as_given(analyst: Client, demo: Path) -> None:
    body = analyst.get("/sources/families-fa/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for header in ("نام", "نام خانوادگی", "نام پدر", "تاریخ اعدام"):
        assert f"<bdi>{header}</bdi>" in body
    assert "درویش‌زاده" in body and 'href="/people/P-000001/"' in body


def test_a_strictly_confidential_source_is_not_found_below_that_clearance(
    analyst: Client, demo: Path
) -> None:
    source = Source.objects.get(name="testimony-w-0001")
    Record.objects.create(source=source, source_record_id="1", raw={"said": "SECRET WORDS"})
    response = analyst.get("/sources/testimony-w-0001/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404  # as for a source that does not exist
    assert "SECRET WORDS" not in response.content.decode()


def test_a_strictly_confidential_source_opens_to_a_cleared_user(client: Client, demo: Path) -> None:
    from dadkhah.web.accounts.services import user_create

    source = Source.objects.get(name="testimony-w-0001")
    Record.objects.create(source=source, source_record_id="1", raw={"said": "SECRET WORDS"})
    user_create(
        username="lawyer", password="a long enough passphrase 42", role="legal_officer",
        clearance="strictly_confidential",
    )  # fmt: skip
    login(client, "lawyer", "a long enough passphrase 42")
    body = client.get("/sources/testimony-w-0001/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "SECRET WORDS" in body


def test_every_version_is_listed_and_each_can_be_shown(analyst: Client) -> None:
    v1 = Source.objects.create(name="ngo", title="NGO list", version=1)
    v2 = Source.objects.create(name="ngo", title="NGO list", version=2, previous=v1)
    Record.objects.create(source=v1, source_record_id="1", raw={"name": "Old spelling"})
    Record.objects.create(source=v2, source_record_id="1", raw={"name": "New spelling"})
    latest = analyst.get("/sources/ngo/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "New spelling" in latest and "Old spelling" not in latest
    assert 'href="?version=1"' in latest
    old = analyst.get("/sources/ngo/?version=1", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Old spelling" in old and "New spelling" not in old
    listing = analyst.get("/sources/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert listing.count('href="/sources/ngo/"') == 1 and "2 versions" in listing


@pytest.mark.parametrize("url", ["/sources/nothing/", "/sources/families-fa/?version=9"])
def test_an_unknown_source_or_version_is_not_found(analyst: Client, demo: Path, url: str) -> None:
    assert analyst.get(url).status_code == 404


def test_records_are_paginated(analyst: Client) -> None:
    source = Source.objects.create(name="big", title="Big list")
    Record.objects.bulk_create(
        Record(source=source, source_record_id=str(n), row_number=n, raw={"n": f"row-{n:03d}"})
        for n in range(1, 251)
    )
    page3 = analyst.get("/sources/big/?version=1&page=3", HTTP_ACCEPT_LANGUAGE="en")
    body = page3.content.decode()
    assert "row-201" in body and "row-250" in body and "row-200" not in body
    assert "page 3 of 3" in body


def test_the_source_list_in_persian(analyst: Client, demo: Path) -> None:
    body = persian(analyst).get("/sources/").content.decode()
    assert "منابع" in body and "ساختگی" in body and "محدود" in body
    assert '<td class="num">۴</td>' in body


@pytest.mark.parametrize(
    "url", ["/people/", "/people/P-000001/", "/sources/", "/sources/families-fa/", "/places/"]
)
def test_pages_reference_no_other_host(analyst: Client, demo: Path, url: str) -> None:
    body = analyst.get(url).content.decode()
    assert re.findall(r'(?:src|href|action)="(?:https?:)?//', body) == []
