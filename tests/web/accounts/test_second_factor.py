"""The second factor: enrollment with a QR code, verification, recovery codes, who needs it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from dadkhah.web.accounts import second_factor
from dadkhah.web.accounts.second_factor import (
    confirmed_totp,
    requires_second_factor,
    totp_device_create_confirmed,
)
from tests.login import fresh_code, login, totp_now
from tests.web.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _password_only(client: Client, username: str = "analyst") -> None:
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302


def test_a_user_without_an_authenticator_is_sent_to_enrollment_before_anything_else(
    client: Client, analyst: User
) -> None:
    _password_only(client)
    for url in ("/", "/people/", "/admin/", "/account/password/", "/account/verify/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/account/enroll/"), url


def test_enrollment_shows_an_inline_svg_qr_code_and_the_otpauth_uri(
    client: Client, analyst: User
) -> None:
    _password_only(client)
    body = client.get("/account/enroll/").content.decode()
    assert "<svg" in body and "<img" not in body
    uri = re.search(r'class="otpauth">([^<]+)<', body).group(1).replace("&amp;", "&")
    assert uri.startswith("otpauth://totp/dadkhah%3Aanalyst?secret=")
    device = second_factor.totp_enrollment_start(user=analyst)
    assert device.config_url == uri
    # the same secret on reload: a code scanned once stays valid
    assert uri in client.get("/account/enroll/").content.decode().replace("&amp;", "&")


def test_confirming_enrollment_shows_ten_recovery_codes_once_and_opens_the_app(
    client: Client, analyst: User
) -> None:
    _password_only(client)
    client.get("/account/enroll/")
    device = second_factor.totp_enrollment_start(user=analyst)
    response = client.post("/account/enroll/", {"token": totp_now(device), "next": "/people/"})
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "no-store" in response["Cache-Control"]
    assert client.get("/").status_code == 200
    # enrolled: the enrollment page now refuses a second device
    assert client.get("/account/enroll/")["Location"].startswith("/account/verify/")


def test_a_wrong_enrollment_code_confirms_nothing(client: Client, analyst: User) -> None:
    _password_only(client)
    client.get("/account/enroll/")
    device = second_factor.totp_enrollment_start(user=analyst)
    wrong = "000000" if totp_now(device) != "000000" else "111111"
    response = client.post("/account/enroll/", {"token": wrong})
    assert "not valid" in response.content.decode()
    assert confirmed_totp(analyst) is None
    assert client.get("/")["Location"].startswith("/account/enroll/")


def test_a_recovery_code_signs_in_once(client: Client, analyst: User) -> None:
    totp_device_create_confirmed(user=analyst)
    codes = second_factor.recovery_codes_replace(user=analyst)
    _password_only(client)
    assert client.post("/account/verify/", {"token": codes[0]}).status_code == 302
    assert client.get("/").status_code == 200
    client.post("/logout/")
    _password_only(client)
    again = client.post("/account/verify/", {"token": codes[0]})
    assert again.status_code == 200 and "not valid" in again.content.decode()
    assert client.get("/")["Location"].startswith("/account/verify/")


def test_a_totp_code_is_accepted_once(client: Client, analyst: User) -> None:
    device = totp_device_create_confirmed(user=analyst)
    code = totp_now(device)
    _password_only(client)
    assert client.post("/account/verify/", {"token": code}).status_code == 302
    other = Client()
    _password_only(other)
    assert other.post("/account/verify/", {"token": code}).status_code == 200
    assert other.get("/")["Location"].startswith("/account/verify/")


def test_a_wrong_code_keeps_the_user_out(client: Client, analyst: User) -> None:
    device = totp_device_create_confirmed(user=analyst)
    _password_only(client)
    wrong = "123456" if totp_now(device) != "123456" else "654321"
    response = client.post("/account/verify/", {"token": wrong})
    assert response.status_code == 200
    assert client.get("/people/")["Location"].startswith("/account/verify/")


def test_the_verification_page_redirects_only_within_the_site(
    client: Client, analyst: User
) -> None:
    _password_only(client)
    response = client.post(
        "/account/verify/", {"token": fresh_code(analyst), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_session_gets_a_new_id_when_the_second_factor_is_passed(
    client: Client, analyst: User
) -> None:
    _password_only(client)
    before = client.session.session_key
    client.post("/account/verify/", {"token": fresh_code(analyst)})
    assert client.session.session_key != before


@pytest.mark.parametrize(
    "roles", [("admin",), ("investigator",), ("viewer",), ("witness_liaison",), ("a-new-role",), ()]
)
def test_every_role_needs_a_second_factor_unless_exempt(roles: tuple[str, ...]) -> None:
    user = User.objects.create(username="u")
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    assert requires_second_factor(user)


def test_a_role_listed_as_exempt_needs_none() -> None:
    user = User.objects.create(username="u")
    user.groups.add(Group.objects.create(name="kiosk"))
    assert not requires_second_factor(user, exempt=frozenset({"kiosk"}))
    user.groups.add(Group.objects.create(name="admin"))
    assert requires_second_factor(user, exempt=frozenset({"kiosk"}))


def test_no_role_is_exempt_today() -> None:
    assert second_factor.SECOND_FACTOR_EXEMPT_ROLES == frozenset()


def test_the_login_helper_verifies_twice_in_one_time_step(analyst: User) -> None:
    login(Client(), "analyst", PASSWORD)
    login(Client(), "analyst", PASSWORD)
    login(Client(), "analyst", PASSWORD)
    assert confirmed_totp(analyst) is not None


def test_a_reset_second_factor_ends_the_verified_state_of_open_sessions(
    client: Client, analyst: User
) -> None:
    login(client, "analyst", PASSWORD)
    assert client.get("/").status_code == 200
    second_factor.recovery_codes_replace(user=analyst)
    assert second_factor.second_factor_reset(user=analyst) == 2  # authenticator, codes
    assert client.get("/")["Location"].startswith("/account/enroll/")


def test_the_admin_login_is_the_same_login_with_its_second_factor(
    client: Client, analyst: User
) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/admin/"
    analyst.is_staff = True
    analyst.save()
    client.post("/login/?next=/admin/", {"username": "analyst", "password": PASSWORD})
    assert client.get("/admin/")["Location"].startswith("/account/enroll/")
