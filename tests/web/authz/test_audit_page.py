"""The audit page: admins filter the custody log by user, object and action, and export CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client

from dadkhah.web.custody.services import custody_record
from dadkhah.web.people.models import Person
from tests.web.authz.conftest import make_user, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(case_dir: Any, settings: Any, client: Client) -> Client:
    """Reads by an investigator (one allowed, one refused), then an admin signed in."""
    from dadkhah.core.case import open_case

    case = open_case(case_dir)
    settings.CASE = case
    Person.objects.create(public_id="P-000001", confidentiality="restricted")
    Person.objects.create(public_id="P-000002", confidentiality="strictly_confidential")
    reader = sign_in(Client(), make_user("ana", "investigator"))
    reader.get("/people/P-000001/")
    reader.get("/people/P-000002/")
    # An entry written by another channel, whose actor a spreadsheet would run as a formula.
    custody_record(case=case, actor='=HYPERLINK("http://x")', action="export", details={})
    return sign_in(client, make_user("boss", "admin"))


def test_the_audit_page_lists_reads_refusals_and_exports(trail: Client) -> None:
    body = trail.get("/audit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "person:P-000001" in body and "person:P-000002" in body
    assert "web:ana" in body and "denied" in body and "read" in body


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"user": "ana"}, ["person:P-000001", "person:P-000002"], ["HYPERLINK"]),
        ({"object": "person:P-000002"}, ["person:P-000002"], ["person:P-000001"]),
        ({"action": "denied"}, ["person:P-000002"], ["person:P-000001"]),
        ({"action": "export"}, ["HYPERLINK"], ["person:P-000001"]),
        ({"action": "no-such-action"}, ["person:P-000001", "HYPERLINK"], []),
    ],
)
def test_the_audit_page_filters_by_user_object_and_action(
    trail: Client, params: dict[str, str], shown: list[str], hidden: list[str]
) -> None:
    body = trail.get("/audit/", params, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    def cell(text: str) -> str:  # an object as the table shows it (not the filter's hint)
        return f"<bdi>{text}</bdi>" if text.startswith("person:") else text

    for text in shown:
        assert cell(text) in body, (params, text)
    for text in hidden:
        assert cell(text) not in body, (params, text)


def test_the_export_is_the_filtered_entries_as_safe_csv_and_is_itself_audited(
    trail: Client,
) -> None:
    response = trail.get("/audit/export.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    actors = {r["actor"] for r in rows}
    assert "web:ana" in actors
    assert '\'=HYPERLINK("http://x")' in actors  # defused, never a formula
    only = trail.get("/audit/export.csv", {"user": "ana", "action": "denied"})
    rows = list(csv.DictReader(io.StringIO(only.content.decode())))
    assert [r["objects"] for r in rows] == ["person:P-000002"]
    latest = trail.get("/audit/", {"user": "boss", "action": "export"}).content.decode()
    assert "audit:csv" in latest


def test_only_admins_open_the_audit_trail(trail: Client) -> None:
    other = sign_in(Client(), make_user("lawyer", "legal_officer"))
    assert other.get("/audit/").status_code == 403
    assert other.get("/audit/export.csv").status_code == 403


def test_the_audit_page_in_persian(trail: Client) -> None:
    trail.post("/i18n/setlang/", {"language": "fa", "next": "/"})
    body = trail.get("/audit/").content.decode()
    assert "دفتر ممیزی" in body and "برون‌بری این ورودی‌ها" in body
