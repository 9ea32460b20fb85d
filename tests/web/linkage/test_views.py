"""The review page through Django's test client: the queue, a decision, permissions, Persian."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dadkhah.web.accounts.services import user_create
from dadkhah.web.linkage.models import ReviewDecision
from dadkhah.web.linkage.selectors import review_queue
from tests.login import login
from tests.web.linkage.conftest import LinkedCase, linked_small_case

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase 42"


def _login(client: Client, name: str, *perms: str) -> User:
    # The role whose capabilities these permissions of the first views were (roles.py).
    role = {(): None, ("view_pairscore",): "read_only"}.get(perms, "reviewer")
    user = user_create(username=name, password=PASSWORD, role=role or "read_only")
    if role is None:
        user.groups.clear()  # no role at all: default deny
    assert login(client, name, PASSWORD)
    return user


@pytest.fixture(scope="module")
def linked(django_db_setup: None, django_db_blocker: Any) -> Iterator[LinkedCase]:
    """The small case linked once for every test here; each test's writes roll back."""
    with linked_small_case(django_db_blocker) as case:
        yield case


def test_the_queue_shows_both_records_and_the_explanation(
    client: Client, linked: LinkedCase
) -> None:
    _login(client, "reviewer", "view_pairscore", "add_reviewdecision")
    first = review_queue(limit=1)[0]
    body = client.get("/linkage/review/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Pair <bdi>{first.record_a_id}</bdi>" in body
    assert "match weight" in body and "prior" in body
    assert 'name="verdict" value="different"' in body


def test_a_decision_posted_from_the_page_is_recorded_with_who_and_why(
    client: Client, linked: LinkedCase
) -> None:
    _login(client, "reviewer", "view_pairscore", "add_reviewdecision")
    first = review_queue(limit=1)[0]
    response = client.post(
        "/linkage/review/decide/",
        {
            "record_a": first.record_a_id,
            "record_b": first.record_b_id,
            "verdict": "different",
            "reason": "different fathers",
            "offset": 0,
        },
    )
    assert response.status_code == 302
    decision = ReviewDecision.objects.get()
    assert (decision.verdict, decision.reviewer, decision.reason) == (
        "different",
        "reviewer",
        "different fathers",
    )
    assert decision.user is not None
    assert (first.record_a_id, first.record_b_id) not in {
        (p.record_a_id, p.record_b_id) for p in review_queue(limit=1000)
    }


def test_a_decision_without_a_reason_is_refused_with_a_message(
    client: Client, linked: LinkedCase
) -> None:
    _login(client, "reviewer", "view_pairscore", "add_reviewdecision")
    first = review_queue(limit=1)[0]
    response = client.post(
        "/linkage/review/decide/",
        {
            "record_a": first.record_a_id,
            "record_b": first.record_b_id,
            "verdict": "same",
            "reason": "",
        },
        follow=True,
    )
    assert "Give a reason" in response.content.decode()
    assert not ReviewDecision.objects.exists()


def test_skip_moves_on_without_a_decision(client: Client, linked: LinkedCase) -> None:
    _login(client, "reviewer", "view_pairscore", "add_reviewdecision")
    first = review_queue(limit=1)[0]
    response = client.post(
        "/linkage/review/decide/",
        {
            "record_a": first.record_a_id,
            "record_b": first.record_b_id,
            "verdict": "skip",
            "offset": 0,
        },
    )
    assert response["Location"].endswith("?offset=1")
    assert not ReviewDecision.objects.exists()


@pytest.mark.parametrize(
    ("perms", "get_status", "post_status"), [((), 403, 403), (("view_pairscore",), 200, 403)]
)
def test_viewing_and_deciding_need_their_permissions(
    client: Client, linked: LinkedCase, perms, get_status, post_status
) -> None:
    _login(client, "someone", *perms)
    assert client.get("/linkage/review/").status_code == get_status
    first = review_queue(limit=1)[0]
    response = client.post(
        "/linkage/review/decide/",
        {
            "record_a": first.record_a_id,
            "record_b": first.record_b_id,
            "verdict": "same",
            "reason": "x",
        },
    )
    assert response.status_code == post_status
    assert not ReviewDecision.objects.exists()


def test_the_pair_page_and_persian(client: Client, linked: LinkedCase) -> None:
    _login(client, "reviewer", "view_pairscore")
    first = review_queue(limit=1)[0]
    client.post("/i18n/setlang/", {"language": "fa", "next": "/"})
    body = client.get(f"/linkage/pairs/{first.record_a_id}/{first.record_b_id}/").content.decode()
    assert "احتمال یکی بودن" in body
    assert client.get("/linkage/pairs/999999/999998/").status_code == 404


@pytest.mark.parametrize(("role", "post_status"), [("viewer", 403), ("investigator", 302)])
def test_viewers_see_the_queue_and_investigators_decide(
    client: Client, linked: LinkedCase, role: str, post_status: int
) -> None:
    user_create(username=role, password=PASSWORD, role=role)
    assert login(client, role, PASSWORD)
    assert client.get("/linkage/review/").status_code == 200
    first = review_queue(limit=1)[0]
    response = client.post(
        "/linkage/review/decide/",
        {"record_a": first.record_a_id, "record_b": first.record_b_id, "verdict": "same",
         "reason": "same father and birth year", "offset": 0},
    )  # fmt: skip
    assert response.status_code == post_status
