"""Lockout after five failed logins, keyed on the user name, with no IP address stored."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from dadkhah.web.accounts.account_events import user_access_reset
from dadkhah.web.accounts.lockout import is_locked_out
from tests.login import login
from tests.web.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ADDRESSES = ("203.0.113.77", "2001:db8::77", "198.51.100.9")


def _fail(client: Client, n: int, *, address: str = ADDRESSES[0]) -> None:
    for _ in range(n):
        client.post(
            "/login/",
            {"username": "analyst", "password": "wrong password"},
            REMOTE_ADDR=address,
            HTTP_X_FORWARDED_FOR=ADDRESSES[2],
        )


def test_five_failures_lock_the_user_even_with_the_right_password(
    client: Client, analyst: User
) -> None:
    _fail(client, 4)
    assert not is_locked_out(username="analyst")
    _fail(client, 1)
    assert is_locked_out(username="analyst")
    response = client.post("/login/", {"username": "analyst", "password": PASSWORD})
    assert response.status_code == 429
    assert "Ask an administrator to unlock it" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_follows_the_user_name_across_addresses(client: Client, analyst: User) -> None:
    for address in (*ADDRESSES, "192.0.2.1", "192.0.2.2"):
        _fail(Client(), 1, address=address)
    assert is_locked_out(username="analyst")


def test_no_ip_address_is_stored_in_any_lockout_table(client: Client, analyst: User) -> None:
    _fail(client, 6, address=ADDRESSES[0])
    _fail(client, 2, address=ADDRESSES[1])
    tables = [m._meta.db_table for m in apps.get_app_config("axes").get_models()]
    assert tables, "django-axes has no tables"
    dumped = []
    with connection.cursor() as cur:
        for table in tables:
            cur.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            dumped.extend(repr(row) for row in cur.fetchall())
    assert dumped, "the failures were not recorded at all"
    text = "\n".join(dumped)
    for address in ADDRESSES:
        assert address not in text
    assert "analyst" in text


def test_a_successful_login_forgets_earlier_failures(client: Client, analyst: User) -> None:
    _fail(client, 4)
    login(client, "analyst", PASSWORD)
    client.post("/logout/")
    _fail(client, 4)
    assert not is_locked_out(username="analyst")


def test_an_admin_reset_unlocks_the_user(client: Client, analyst: User) -> None:
    _fail(client, 5)
    result = user_access_reset(case=None, actor="cli:root", username="analyst")
    assert result.unlocked == 1
    assert not is_locked_out(username="analyst")
    login(client, "analyst", PASSWORD)
