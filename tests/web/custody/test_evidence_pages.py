"""The evidence pages through Django's test client: upload, record, download, all logged."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dadkhah.core.case import Case
from dadkhah.web.accounts.services import user_create
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.custody.verification import case_verify
from dadkhah.web.evidence.models import EvidenceItem
from tests.login import login

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase 42"


@pytest.fixture
def web(client: Client, case: Case, settings) -> Client:
    settings.CASE = case
    user_create(username="investigator1", password=PASSWORD, role="investigator")
    user_create(username="viewer1", password=PASSWORD, role="viewer")
    assert login(client, "investigator1", PASSWORD)
    return client


def _upload(web: Client, name: str, data: bytes, **fields: str):
    return web.post(
        "/evidence/upload/",
        {
            "file": SimpleUploadedFile(name, data),
            "collected_by": "Investigator B",
            "source": "phone of a fictional witness",
            **fields,
        },
    )


def test_upload_stores_the_original_and_logs_ingest(web: Client, case: Case) -> None:
    response = _upload(web, "photo.jpg", b"%PDF-1.4\nnot really a photo\n")
    assert response.status_code == 302
    item = EvidenceItem.objects.get()
    assert item.media_type == "application/pdf"  # from the content, not the name
    assert item.metadata["sniff"]["extension_agrees"] is False
    assert (
        item.collected_by == "Investigator B" and item.collected_by_user.username == "investigator1"
    )
    entry = CustodyEntry.objects.get()
    assert entry.action == "ingest" and entry.actor == "web:investigator1"
    assert case_verify(case=case).ok


def test_uploading_the_same_bytes_again_is_reported_as_a_duplicate(web: Client) -> None:
    _upload(web, "a.txt", b"same bytes")
    response = _upload(web, "b.txt", b"same bytes")
    assert response.status_code == 302
    assert EvidenceItem.objects.count() == 1
    page = web.get("/evidence/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Already in the case" in page.content.decode()


def test_view_and_download_are_logged_and_served_as_attachment(web: Client, case: Case) -> None:
    _upload(web, "note.html", b"<script>alert(1)</script>")
    item = EvidenceItem.objects.get()
    assert web.get(f"/evidence/{item.sha256}/").status_code == 200
    response = web.get(f"/evidence/{item.sha256}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"<script>alert(1)</script>"
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert list(CustodyEntry.objects.values_list("action", flat=True)) == [
        "ingest",
        "view",
        "download",
    ]
    assert case_verify(case=case).ok


def test_a_viewer_cannot_upload(web: Client, client: Client) -> None:
    client.logout()
    assert login(client, "viewer1", PASSWORD)
    response = _upload(client, "x.txt", b"x")
    assert response.status_code == 403
    assert EvidenceItem.objects.count() == 0


def test_unknown_item_is_404(web: Client) -> None:
    assert web.get("/evidence/" + "0" * 64 + "/").status_code == 404
    assert web.get("/evidence/not-a-hash/download/").status_code == 404
