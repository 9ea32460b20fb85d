"""The web skeleton through Django's test client: login, home, language, headers."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dadkhah.web.accounts.services import user_create
from tests.login import login

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase 42"


@pytest.fixture
def logged_in(client: Client) -> Client:
    user_create(username="analyst", password=PASSWORD, role="investigator")
    assert login(client, "analyst", PASSWORD)
    return client


def test_anonymous_visitors_are_sent_to_the_login_page(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_login_page_is_served_with_an_air_gapped_policy(client: Client) -> None:
    response = client.get("/login/")
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_home_shows_the_case_counts_after_login(logged_in: Client) -> None:
    response = logged_in.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'dir="ltr"' in body
    assert "persons" in body.lower()


def test_persian_pages_are_right_to_left_with_persian_digits(logged_in: Client) -> None:
    from dadkhah.web.people.models import Person

    for n in range(12):
        Person.objects.create(public_id=f"P-{n:06d}")
    logged_in.post("/i18n/setlang/", {"language": "fa", "next": "/"})
    body = logged_in.get("/").content.decode()
    assert 'lang="fa" dir="rtl"' in body
    assert "۱۲" in body


def test_pages_reference_no_other_host(logged_in: Client) -> None:
    for url in ("/", "/login/", "/admin/"):
        body = logged_in.get(url).content.decode()
        hosts = re.findall(r'(?:src|href)="(https?:)?//', body)
        assert hosts == [], url


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(client: Client) -> None:
    user_create(username="analyst", password=PASSWORD)
    response = client.post("/login/", {"username": "analyst", "password": "nope"})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_weak_passwords_are_refused() -> None:
    from dadkhah.core.errors import InputError

    with pytest.raises(InputError, match="Password refused"):
        user_create(username="x", password="short")
    assert not User.objects.filter(username="x").exists()


def test_admin_lists_every_model_of_the_case(client: Client) -> None:
    user_create(username="boss", password=PASSWORD, role="admin")
    login(client, "boss", PASSWORD)
    body = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for name in (
        "Sources",
        "Records",
        "Persons",
        "Claims",
        "Events",
        "Bodies",
        "Places",
        "Evidence items",
        "Witnesses",
        "Testimonies",
        "Memberships",
        "Posts",
    ):
        assert name in body, name


def test_the_stylesheet_is_served_by_the_app_itself(client: Client) -> None:
    response = client.get("/static/dadkhah/app.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
