"""The families' page: public, Persian first, no JavaScript, nothing about the sender kept."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client

from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.families.models import QuarantinedFile, Submission
from dadkhah.web.families.services import ticket_issue
from dadkhah.web.witnesses.models import Identity

pytestmark = pytest.mark.django_db

RELATIVE = {
    "given_name": "کاوه",
    "family_name": "زرین‌کوب",
    "father_name": "ناصر",
    "city": "رشت",
    "prison": "لاکان",
    "calendar": "jalali",
    "died": "مرداد ۱۳۶۷",
    "told": "They gave us a bag of his clothes.",
}
# Markers that must never appear in plaintext anywhere in the database.
SENDER = {
    "name": "Qzx Markersender",
    "contact": "qzx-marker-contact@example.invalid",
    "relation": "sister",
    "since": "qzx-marker-threatened-in-1390",
}


def _form(client: Client, path: str = "/families/") -> tuple[str, str]:
    page = client.get(path).content.decode()
    ticket = re.search(r'name="ticket" value="([^"]+)"', page)
    assert ticket is not None
    return page, ticket.group(1)


def _send(client: Client, data: dict, path: str = "/families/") -> str:
    _page, ticket = _form(client, path)
    response = client.post(path, {**data, "ticket": ticket})
    assert response.status_code == 200
    return response.content.decode()


def _receipt(page: str) -> str:
    found = re.search(r"([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})", page)
    assert found is not None, page
    return found.group(1)


def _all_text_in_database() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        chunks.append(bytes(value).decode("utf-8", "replace"))
                    elif value is not None:
                        chunks.append(str(value))
    return "\n".join(chunks)


def test_the_page_needs_no_account_and_speaks_persian_first(case) -> None:
    response = Client().get("/families/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'lang="fa"' in page and 'dir="rtl"' in page
    assert "<script" not in page
    assert not re.search(r'(src|href|action)="(https?:)?//', page)
    assert "no-store" in response["Cache-Control"]


def test_a_submission_seals_the_sender_and_gives_a_receipt_once(case) -> None:
    page = _send(Client(), {**RELATIVE, **SENDER})
    receipt = _receipt(page)
    submission = Submission.objects.get()
    assert submission.family_name == "زرین‌کوب"
    assert submission.submitter.kind == Identity.Kind.SUBMITTER
    stored = _all_text_in_database()
    for marker in (*SENDER.values(), receipt, receipt.replace("-", "")):
        if marker != "sister":
            assert marker not in stored
    # No address of the sender is kept anywhere (the test client comes from 127.0.0.1).
    assert "127.0.0.1" not in stored
    entry = CustodyEntry.objects.order_by("-seq").first()
    assert "submission" in entry.data and "Markersender" not in entry.data


def test_an_anonymous_family_can_write_without_any_identity(case) -> None:
    _send(Client(), RELATIVE)
    assert Submission.objects.get().submitter is None


def test_a_form_is_sent_once_only(case) -> None:
    client = Client()
    _page, ticket = _form(client)
    assert client.post("/families/", {**RELATIVE, "ticket": ticket}).status_code == 200
    again = client.post("/families/", {**RELATIVE, "ticket": ticket}).content.decode()
    assert Submission.objects.count() == 1
    assert "already sent" in again or "قبلاً" in again


def test_a_forged_ticket_is_refused(case) -> None:
    Client().post("/families/", {**RELATIVE, "ticket": "forged:ticket"})
    assert Submission.objects.count() == 0


def test_a_form_sent_at_once_is_refused_as_a_script_would_be(case, settings) -> None:
    settings.FAMILIES_MIN_FILL_SECONDS = 60
    _send(Client(), RELATIVE)
    assert Submission.objects.count() == 0


def test_the_hidden_trap_field_stops_a_script(case) -> None:
    _send(Client(), {**RELATIVE, "website": "http://spam.invalid"})
    assert Submission.objects.count() == 0


def test_the_page_takes_a_limited_number_of_submissions_per_window(case, settings) -> None:
    settings.FAMILIES_RATE = (2, 600)
    for _ in range(3):
        _send(Client(), RELATIVE)
    assert Submission.objects.count() == 2


def test_an_empty_form_is_refused_with_a_sentence(case) -> None:
    page = _send(Client(), {"calendar": "jalali"})
    assert Submission.objects.count() == 0
    assert 'role="alert"' in page


def test_a_family_adds_to_its_message_with_the_receipt(case) -> None:
    receipt = _receipt(_send(Client(), RELATIVE))
    _send(
        Client(), {"receipt": receipt.lower(), "burial": "Khavaran, by the wall"}, "/families/add/"
    )
    first = Submission.objects.get(follows__isnull=True)
    assert first.additions.get().burial == "Khavaran, by the wall"


def test_an_unknown_receipt_adds_nothing(case) -> None:
    _send(Client(), RELATIVE)
    _send(Client(), {"receipt": "AAAA-BBBB-CCCC-DDDD", "burial": "x"}, "/families/add/")
    assert Submission.objects.count() == 1


def test_files_wait_in_quarantine_outside_the_evidence_store(case) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dadkhah.web.evidence.models import EvidenceItem

    _page, ticket = _form(Client())
    upload = SimpleUploadedFile("../../letter.pdf", b"%PDF-1.4 family letter", "application/pdf")
    Client().post("/families/", {**RELATIVE, "ticket": ticket, "file1": upload})
    file = QuarantinedFile.objects.get()
    assert file.name == "letter.pdf"
    assert (case.root / "quarantine" / file.sha256).read_bytes() == b"%PDF-1.4 family letter"
    assert oct((case.root / "quarantine").stat().st_mode & 0o777) == "0o700"
    assert not EvidenceItem.objects.filter(sha256=file.sha256).exists()


def test_a_file_over_the_limit_is_refused_and_nothing_is_kept(case, settings) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.FAMILIES_UPLOAD_MAX = 10
    _page, ticket = _form(Client())
    upload = SimpleUploadedFile("big.jpg", b"x" * 11, "image/jpeg")
    Client().post("/families/", {**RELATIVE, "ticket": ticket, "file1": upload})
    assert Submission.objects.count() == 0
    assert QuarantinedFile.objects.count() == 0


def test_ticket_issue_gives_a_new_ticket_each_time(case) -> None:
    assert ticket_issue() != ticket_issue()
