"""Custody fields of evidence are read-only in the admin; a correction is a logged entry."""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from dadkhah.core.case import Case
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.custody.verification import case_verify
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.evidence.services import Collection, evidence_add_paths, evidence_correct
from tests.login import login

pytestmark = pytest.mark.django_db

CUSTODY_FIELDS = (
    "original_name",
    "title",
    "collected_by",
    "collected_at",
    "collection_method",
    "collected_from",
    "derived_from",
    "transformation",
    "sha256",
    "size",
)


@pytest.fixture
def item(case: Case, evidence_files: Path) -> EvidenceItem:
    evidence_add_paths(
        case=case,
        paths=[evidence_files / "note.txt"],
        actor="cli:tester",
        collection=Collection(
            collected_by="Investigator A",
            # Milliseconds the custody entry signs: what the admin's split widget lost.
            collected_at=datetime(2024, 5, 1, 12, 30, 15, 123000, tzinfo=UTC),
            method="download",
        ),
    )
    return EvidenceItem.objects.get()


@pytest.fixture
def admin_client(client: Client, case: Case, settings) -> Client:
    settings.CASE = case
    get_user_model().objects.create_superuser("root", password="a long passphrase 42")
    login(client, "root", "a long passphrase 42")
    return client


def _problems(case: Case) -> list[str]:
    return [str(p) for p in case_verify(case=case).problems]


def _form_fields(html: str) -> dict[str, str]:
    """The named input, select and textarea values of the admin change form."""
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html))
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        fields[name] = chosen.group(1) if chosen is not None else ""
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        fields[name] = html_lib.unescape(text.strip())
    return {k: html_lib.unescape(v) for k, v in fields.items()}


def test_admin_save_without_changes_keeps_verify_passing(
    admin_client: Client, case: Case, item: EvidenceItem
) -> None:
    url = f"/admin/evidence/evidenceitem/{item.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    data = _form_fields(page.content.decode())
    data["_save"] = "Save"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    assert item.collected_at == datetime(2024, 5, 1, 12, 30, 15, 123000, tzinfo=UTC)
    assert _problems(case) == []


def test_admin_post_cannot_change_custody_fields(
    admin_client: Client, case: Case, item: EvidenceItem
) -> None:
    url = f"/admin/evidence/evidenceitem/{item.pk}/change/"
    data = _form_fields(admin_client.get(url).content.decode())
    forged = {
        "original_name": "forged.txt",
        "collected_by": "Someone else",
        "collected_at_0": "2020-01-01",
        "collected_at_1": "00:00:00",
        "collection_method": "invented",
        "transformation": "invented",
        "title": "forged",
    }
    admin_client.post(url, {**data, **forged, "_save": "Save"})
    item.refresh_from_db()
    assert item.original_name == "note.txt" and item.collected_by == "Investigator A"
    assert item.collection_method == "download" and item.title == ""
    assert _problems(case) == []


def test_admin_form_has_no_input_for_any_custody_field(
    admin_client: Client, item: EvidenceItem
) -> None:
    html = admin_client.get(f"/admin/evidence/evidenceitem/{item.pk}/change/").content.decode()
    names = set(re.findall(r'name="([^"]+)"', html))
    for field in CUSTODY_FIELDS:
        assert not any(n == field or n.startswith(f"{field}_") for n in names), field


def test_admin_refuses_to_add_or_delete_items(admin_client: Client, item: EvidenceItem) -> None:
    assert admin_client.get("/admin/evidence/evidenceitem/add/").status_code == 403
    delete = f"/admin/evidence/evidenceitem/{item.pk}/delete/"
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert EvidenceItem.objects.filter(pk=item.pk).exists()


def test_correction_is_logged_with_field_old_new_who_and_why(
    case: Case, item: EvidenceItem
) -> None:
    evidence_correct(
        case=case,
        item_id=item.pk,
        field="collected_by",
        new_value="Investigator B",
        by="cli:legal",
        reason="the scan log names B",
    )
    item.refresh_from_db()
    assert item.collected_by == "Investigator B"
    entry = CustodyEntry.objects.get(action="correction")
    assert entry.actor == "cli:legal" and entry.items == [item.sha256]
    for part in (
        '"field":"collected_by"',
        '"old":"Investigator A"',
        '"new":"Investigator B"',
        '"reason":"the scan log names B"',
    ):
        assert part in entry.data
    assert _problems(case) == []


def test_corrected_time_and_then_corrected_again_still_verifies(
    case: Case, item: EvidenceItem
) -> None:
    for when in ("2024-05-02T08:00:00.250Z", "2024-05-03T09:00:00+03:30"):
        evidence_correct(
            case=case, item_id=item.pk, field="collected_at", new_value=when, by="a", reason="r"
        )
    item.refresh_from_db()
    assert item.collected_at == datetime(2024, 5, 3, 5, 30, tzinfo=UTC)
    assert _problems(case) == []


def test_an_edit_that_is_not_a_logged_correction_fails_verify(
    case: Case, item: EvidenceItem
) -> None:
    evidence_correct(case=case, item_id=item.pk, field="title", new_value="T", by="a", reason="r")
    EvidenceItem.objects.filter(pk=item.pk).update(title="U", collected_at=datetime.now(UTC))
    problems = _problems(case)
    assert any("title = 'U' differs" in p and "correction(s)" in p for p in problems)
    assert any("collected_at" in p for p in problems)


@pytest.mark.parametrize(
    ("field", "value", "reason", "message"),
    [
        ("sha256", "0" * 64, "r", "cannot be corrected"),
        ("derived_from", "1", "r", "cannot be corrected"),
        ("title", "x", " ", "say why"),
        ("collected_by", "Investigator A", "r", "nothing to correct"),
        ("collected_at", "yesterday", "r", "not an ISO 8601 time"),
        ("collected_at", "2024-05-01T12:00:00", "r", "no time zone"),
        ("transformation", "cropped", "r", "only a working copy"),
        ("title", "x" * 301, "r", "at most 300"),
    ],
)
def test_bad_corrections_are_refused_and_log_nothing(
    case: Case, item: EvidenceItem, field: str, value: str, reason: str, message: str
) -> None:
    from dadkhah.core.errors import InputError

    before = CustodyEntry.objects.count()
    with pytest.raises(InputError, match=message):
        evidence_correct(
            case=case, item_id=item.pk, field=field, new_value=value, by="a", reason=reason
        )
    assert CustodyEntry.objects.count() == before
