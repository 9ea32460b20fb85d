"""The liaison's side: the queue, the reveal, candidates, follow-up and accepting files."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.families.models import Candidate, Submission
from dadkhah.web.families.services import submission_receive, ticket_issue
from dadkhah.web.witnesses.services import case_keyring

pytestmark = pytest.mark.django_db


def _submit(case, *, files=(), **relative) -> Submission:
    received = submission_receive(
        case=case,
        keyring=case_keyring(case).keyring,
        ticket=ticket_issue(),
        relative={"given_name": "Kaveh", "family_name": "Tabesh", **relative},
        submitter={"name": "Qzx Liaisonsender", "contact": "qzx-phone"},
        files=files,
    )
    return received.submission


@pytest.mark.parametrize("role", ["read_only", "investigator", "analyst", "reviewer"])
def test_other_roles_find_neither_queue_nor_submission(case, as_role, role: str) -> None:
    submission = _submit(case)
    client = as_role(role)
    assert client.get("/families/queue/").status_code == 404
    assert client.get(f"/families/queue/{submission.pk}/").status_code == 404


def test_anonymous_users_are_sent_to_log_in(case) -> None:
    response = Client().get("/families/queue/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize("role", ["witness_liaison", "admin"])
def test_a_liaison_sees_the_queue_without_the_sender(case, as_role, role: str) -> None:
    submission = _submit(case)
    client = as_role(role)
    queue = client.get("/families/queue/").content.decode()
    assert "Kaveh" in queue and "Liaisonsender" not in queue
    page = client.get(f"/families/queue/{submission.pk}/").content.decode()
    assert "Liaisonsender" not in page


def test_the_reveal_is_logged_before_the_sender_is_shown(case, as_role) -> None:
    submission = _submit(case)
    client = as_role("witness_liaison")
    page = client.post(f"/families/queue/{submission.pk}/", {"action": "reveal"}).content.decode()
    assert "Qzx Liaisonsender" in page and "qzx-phone" in page
    reveals = [e for e in CustodyEntry.objects.all() if '"reveal":true' in e.data.replace(" ", "")]
    assert any(str(submission.pk) in e.data for e in reveals)


def test_follow_up_is_recorded_in_the_custody_log(case, as_role) -> None:
    submission = _submit(case)
    client = as_role("witness_liaison")
    client.post(
        f"/families/queue/{submission.pk}/",
        {"action": "follow_up", "status": "followed_up", "note": "called back"},
    )
    submission.refresh_from_db()
    assert submission.status == "followed_up"
    entry = CustodyEntry.objects.order_by("-seq").first()
    assert "follow_up" in entry.data and "called back" in entry.data


def test_an_accepted_file_enters_the_evidence_store(case, as_role) -> None:
    from dadkhah.web.evidence.models import EvidenceItem

    upload = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff fake jpeg bytes", "image/jpeg")
    submission = _submit(case, files=[upload])
    file = submission.files.get()
    as_role("witness_liaison").post(
        f"/families/queue/{submission.pk}/", {"action": f"accept:{file.pk}"}
    )
    file.refresh_from_db()
    assert file.accepted_item is not None
    assert EvidenceItem.objects.filter(sha256=file.sha256).exists()


def test_without_a_linkage_model_candidates_come_from_the_names(case, as_role) -> None:
    from dadkhah.web.demo.minimal import demo_case_build_minimal

    demo_case_build_minimal(case=case, echo=lambda _m: None)
    from dadkhah.web.people.models import Person

    person = Person.objects.filter(display_name__isnull=False).exclude(display_name="").first()
    given, family = person.display_name.split(" ", 1)
    submission = _submit(case, given_name=given, family_name=family)
    as_role("witness_liaison").post(f"/families/queue/{submission.pk}/", {"action": "match"})
    found = Candidate.objects.filter(submission=submission)
    assert person.pk in {c.person_id for c in found}
    assert {c.method for c in found} == {"names"}


def test_bidi_controls_in_what_a_family_wrote_are_shown_not_obeyed(case, as_role) -> None:
    submission = _submit(case, told="Evin\u202egnp.exe", given_name="Kaveh\u202e")
    page = as_role("witness_liaison").get(f"/families/queue/{submission.pk}/").content.decode()
    assert "\u202e" not in page
    assert page.count('<mark class="control"') >= 2
