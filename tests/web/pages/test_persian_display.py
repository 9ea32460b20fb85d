"""Persian pages show numbers, birth years and timestamps as Persian readers write them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from dadkhah.web.people.models import Person
from dadkhah.web.sources.models import Record, Source
from tests.web.pages.conftest import persian

pytestmark = pytest.mark.django_db
ISO_INSTANT = re.compile(r">[^<]*\d{4}-\d\d-\d\dT\d\d:\d\d")


def test_evidence_timestamps_are_jalali_with_persian_digits(analyst: Client, demo: Path) -> None:
    body = persian(analyst).get("/evidence/").content.decode()
    assert "<time datetime=" in body
    shown = re.findall(r"<time [^>]*>([^<]*)</time>", body)
    assert shown and all(re.fullmatch(r"[۰-۹]+ \S+ [۰-۹]{4}، [۰-۹]{2}:[۰-۹]{2}", s) for s in shown)
    assert not ISO_INSTANT.search(body)  # the instant stays in the attribute only
    sizes = re.findall(r'<td class="num">([^<]*)</td>', body)
    assert sizes and all(re.fullmatch(r"[۰-۹٬]+", s) for s in sizes)
    english = analyst.get("/evidence/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200


def test_birth_years_show_the_jalali_years_beside_on_persian_pages(
    analyst: Client, demo: Path
) -> None:
    source = Source.objects.create(name="born-list", title="born")
    Record.objects.create(
        source=source,
        source_record_id="1",
        raw={},
        normalized={"given_name": "Kaveh", "birth_year": [1966, 1966]},
        person=Person.objects.get(public_id="P-000001"),
    )
    body = persian(analyst).get("/people/").content.decode()
    assert '۱۹۶۶</bdi> <span class="other-calendar">(۱۳۴۴–۱۳۴۵)</span>' in body
