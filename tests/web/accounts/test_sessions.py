"""Sessions: idle and absolute timeouts, a new id at login, and no caching of pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dadkhah.web.accounts.middleware import AUTH_AT, SEEN_AT
from tests.login import login
from tests.web.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _shift_clocks(client: Client, *, auth_back_s: int, seen_back_s: int) -> None:
    """Move the session's clocks into the past, as if that much time had gone by."""
    session = client.session
    session[AUTH_AT] = int(session[AUTH_AT]) - auth_back_s
    session[SEEN_AT] = int(session[SEEN_AT]) - seen_back_s
    session.save()


def test_a_session_idle_for_over_thirty_minutes_ends(client: Client, analyst: User) -> None:
    login(client, "analyst", PASSWORD)
    _shift_clocks(client, auth_back_s=29 * 60, seen_back_s=29 * 60)
    assert client.get("/").status_code == 200
    _shift_clocks(client, auth_back_s=31 * 60, seen_back_s=31 * 60)
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=%2Fpeople%2F&expired=1")
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert "Your session ended" in page.content.decode()


def test_activity_keeps_a_session_alive_but_not_past_eight_hours(
    client: Client, analyst: User
) -> None:
    login(client, "analyst", PASSWORD)
    # seven hours fifty in, last request a minute ago: still in
    _shift_clocks(client, auth_back_s=7 * 3600 + 50 * 60, seen_back_s=60)
    assert client.get("/").status_code == 200
    _shift_clocks(client, auth_back_s=11 * 60, seen_back_s=60)
    response = client.get("/")
    assert response.status_code == 302 and "expired=1" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_login_gives_the_session_a_new_id(client: Client, analyst: User) -> None:
    client.get("/login/")
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    before = client.session.session_key
    assert before is not None
    client.post("/login/", {"username": "analyst", "password": PASSWORD})
    assert client.session.session_key != before


@pytest.mark.parametrize("url", ["/", "/people/", "/account/password/", "/admin/"])
def test_every_page_of_a_signed_in_user_is_sent_no_store(
    client: Client, analyst: User, url: str
) -> None:
    analyst.is_staff = True
    analyst.save()
    login(client, "analyst", PASSWORD)
    response = client.get(url)
    assert response.status_code == 200, url
    assert "no-store" in response["Cache-Control"]


def test_the_pages_between_password_and_second_factor_are_no_store(
    client: Client, analyst: User
) -> None:
    client.post("/login/", {"username": "analyst", "password": PASSWORD})
    response = client.get("/account/enroll/")
    assert "no-store" in response["Cache-Control"]
