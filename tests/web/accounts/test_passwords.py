"""Passwords: Argon2 in production, zxcvbn strength, and changing one's own password."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

from dadkhah.core.errors import InputError
from dadkhah.web.accounts.passwords import ZxcvbnValidator
from dadkhah.web.accounts.services import user_create
from tests.login import login
from tests.web.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_production_settings_hash_passwords_with_argon2id() -> None:
    from django.contrib.auth.hashers import check_password, make_password

    from dadkhah.web import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        encoded = make_password(PASSWORD)
        assert encoded.startswith("argon2$argon2id$")
        assert check_password(PASSWORD, encoded)


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaaaa", "password1234", "qwertyuiop12", "abcdefghijkl"]
)
def test_guessable_passwords_of_twelve_characters_are_refused(password: str) -> None:
    with pytest.raises(InputError, match="too easy to guess"):
        user_create(username="analyst", password=password)
    assert not User.objects.filter(username="analyst").exists()


def test_a_long_phrase_passes_the_strength_check() -> None:
    ZxcvbnValidator().validate("river lantern oblique 1988 marble")


def test_the_twelve_character_minimum_still_holds() -> None:
    with pytest.raises(InputError, match="at least 12 characters"):
        user_create(username="analyst", password="Xq7#vB2!pL")


def test_a_user_changes_their_password_with_the_current_one_and_it_is_audited(
    client: Client, analyst: User, open_case: object
) -> None:
    from dadkhah.web.custody.models import CustodyEntry

    login(client, "analyst", PASSWORD)
    new = "harbour quietly seventeen lanterns"
    refused = client.post(
        "/account/password/",
        {"old_password": "not my password", "new_password1": new, "new_password2": new},
    )
    assert refused.status_code == 200
    assert not CustodyEntry.objects.filter(action="account").exists()

    weak = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": "a" * 12, "new_password2": "a" * 12},
    )
    assert "too easy to guess" in weak.content.decode()

    done = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert done.status_code == 302
    analyst.refresh_from_db()
    assert analyst.check_password(new)
    # still signed in (Django keeps the session valid for the new password hash)
    assert client.get("/").status_code == 200
    entry = CustodyEntry.objects.get(action="account")
    assert entry.actor == "web:analyst"
    assert '"event":"password_changed"' in entry.data and new not in entry.data


def test_the_password_page_needs_a_login(client: Client) -> None:
    response = client.get("/account/password/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
