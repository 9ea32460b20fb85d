"""The source list: lists by default, documents on request, sorting; a document shows its files."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import timezone

from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.sources.models import Record, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def sources(db: None) -> EvidenceItem:
    scan = EvidenceItem.objects.create(
        sha256="a" * 64,
        size=10,
        media_type="application/pdf",
        original_name="verdict-scan.pdf",
        title="Verdict of the Tehran commission",
        collected_at=timezone.now(),
    )
    Source.objects.create(name="zz-list", title="Z list", reliability="B", systematic=True)
    big = Source.objects.create(name="aa-list", title="A list", reliability="D")
    for n in range(3):
        Record.objects.create(source=big, source_record_id=str(n), raw={})
    Source.objects.create(
        name="verdict-doc", title="Verdict", kind=Source.Kind.DOCUMENT, evidence=scan
    )
    return scan


def _names(client: Client, query: str = "") -> list[str]:
    body = client.get(f"/sources/{query}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    return re.findall(r'<td><a href="/sources/([^/]+)/">', body)


def test_the_lists_are_shown_by_default_and_documents_on_request(
    analyst: Client, sources: EvidenceItem
) -> None:
    assert _names(analyst) == ["aa-list", "zz-list"]
    assert _names(analyst, "?show=documents") == ["verdict-doc"]
    assert _names(analyst, "?show=all") == ["aa-list", "verdict-doc", "zz-list"]
    assert _names(analyst, "?show=nonsense") == ["aa-list", "zz-list"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["aa-list", "zz-list"]),
        ("reliability", ["zz-list", "aa-list"]),
        ("records", ["aa-list", "zz-list"]),
        ("'; drop", ["aa-list", "zz-list"]),
    ],
)
def test_the_lists_sort(
    analyst: Client, sources: EvidenceItem, sort: str, expected: list[str]
) -> None:
    assert _names(analyst, f"?sort={sort}") == expected


def test_each_list_shows_the_reliability_the_analyst_gave(
    analyst: Client, sources: EvidenceItem
) -> None:
    body = analyst.get("/sources/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">B</abbr>" in body and ">D</abbr>" in body
    assert ">F</abbr>" not in body


def test_a_document_shows_its_file_not_an_empty_records_table(
    as_role, sources: EvidenceItem
) -> None:
    body = as_role("investigator").get("/sources/verdict-doc/", HTTP_ACCEPT_LANGUAGE="en")
    text = body.content.decode()
    assert "Verdict of the Tehran commission" in text
    assert f'href="/evidence/{sources.sha256}/"' in text
    assert "records-table" not in text
    assert "This source is not a list" in text


def test_a_reader_without_evidence_rights_sees_no_file_of_a_document(
    as_role, sources: EvidenceItem
) -> None:
    text = as_role("analyst").get("/sources/verdict-doc/", HTTP_ACCEPT_LANGUAGE="en")
    body = text.content.decode()
    assert "This source is not a list" in body
    assert sources.sha256 not in body and "Verdict of the Tehran commission" not in body
