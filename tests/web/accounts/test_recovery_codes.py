"""Recovery codes: random, shown once, stored only as salted hashes (ASVS 5.0 V6.5.2)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from dadkhah.web.accounts import second_factor
from dadkhah.web.accounts.models import RecoveryCode, RecoveryCodeDevice
from dadkhah.web.accounts.recovery_codes import (
    ALPHABET,
    ITERATIONS,
    recovery_code_generate,
    recovery_code_normalize,
)
from tests.login import fresh_code, login
from tests.web.accounts.conftest import PASSWORD

BEFORE = ("accounts", "0002_viewer_is_read_only")
HASHED = ("accounts", "0003_recovery_codes_hashed")
STATIC = ("otp_static", "0003_add_timestamps")


def _table_text() -> str:
    """Every column of every row of the recovery-code table, as one string."""
    with connection.cursor() as cur:
        cur.execute(f"SELECT * FROM {RecoveryCode._meta.db_table}")
        return " ".join(str(v) for row in cur.fetchall() for v in row)


def test_generated_codes_have_twelve_unambiguous_characters_in_groups_of_four() -> None:
    codes = {recovery_code_generate() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"[^-]{4}-[^-]{4}-[^-]{4}", code), code
        assert set(recovery_code_normalize(code)) <= set(ALPHABET)
    assert not set("01ilo") & set(ALPHABET)


@pytest.mark.django_db
def test_the_stored_value_is_a_salted_hash_and_never_the_code(analyst: User) -> None:
    codes = second_factor.recovery_codes_replace(user=analyst)
    stored = _table_text()
    for code in codes:
        assert code not in stored
        assert recovery_code_normalize(code) not in stored
    hashes = list(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert len(hashes) == 10
    salts = set()
    for value in hashes:
        algorithm, iterations, salt, _digest = value.split("$")
        assert (algorithm, int(iterations)) == ("pbkdf2_sha256", ITERATIONS)
        salts.add(salt)
    assert len(salts) == 10  # a salt per code


@pytest.mark.django_db
def test_a_code_is_accepted_once_typed_in_any_case_with_or_without_hyphens(
    analyst: User,
) -> None:
    first, second, *_ = second_factor.recovery_codes_replace(user=analyst)
    device = RecoveryCodeDevice.objects.get(user=analyst)
    assert device.verify_token(f" {first.upper().replace('-', ' ')} ")
    assert second_factor.recovery_codes_left(device) == 9
    assert not device.verify_token(first)
    device.throttling_failure_timestamp = None  # a wrong code throttles; not the point here
    device.save()
    assert device.verify_token(second.replace("-", ""))
    assert second_factor.recovery_codes_left(device) == 8


@pytest.mark.django_db
def test_signing_in_with_a_recovery_code_says_how_many_are_left(
    client: Client, analyst: User
) -> None:
    second_factor.totp_device_create_confirmed(user=analyst)
    codes = second_factor.recovery_codes_replace(user=analyst)
    client.post("/login/", {"username": "analyst", "password": PASSWORD})
    response = client.post("/account/verify/", {"token": codes[3]}, follow=True)
    assert response.redirect_chain[0] == ("/", 302)
    assert "9 are left" in response.content.decode()


@pytest.mark.django_db
def test_the_login_helper_signs_in_past_the_authenticator_with_a_new_hashed_code(
    analyst: User,
) -> None:
    totp = second_factor.totp_device_create_confirmed(user=analyst)
    totp.last_t = 2**40  # as if every code it shows for now had been accepted already
    totp.save()
    login(Client(), "analyst", PASSWORD)
    device = RecoveryCodeDevice.objects.get(user=analyst)
    assert second_factor.recovery_codes_left(device) == 0  # the helper's code, used once
    code = fresh_code(analyst)
    assert re.fullmatch(r"[^-]{4}-[^-]{4}-[^-]{4}", code)
    assert code not in _table_text()
    client = Client()
    client.post("/login/", {"username": "analyst", "password": PASSWORD})
    assert client.post("/account/verify/", {"token": code}).status_code == 302


@pytest.mark.django_db
def test_a_reset_removes_the_hashed_codes(analyst: User) -> None:
    second_factor.second_factor_hand_over(user=analyst)
    assert RecoveryCode.objects.filter(device__user=analyst).count() == 10
    assert second_factor.second_factor_reset(user=analyst) == 2  # authenticator, codes
    assert not RecoveryCodeDevice.objects.filter(user=analyst).exists()
    assert not RecoveryCode.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_hashes_plaintext_static_tokens_which_keep_working_once() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE, STATIC]).apps
    user = old.get_model("auth", "User").objects.create(username="old")
    static = old.get_model("otp_static", "StaticDevice").objects.create(
        user=user, name="recovery codes", confirmed=True
    )
    tokens = ["ab2cd3ef", "gh4ij5kl"]
    for token in tokens:
        static.token_set.create(token=token)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([HASHED])
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    assert not StaticToken.objects.exists() and not StaticDevice.objects.exists()
    device = RecoveryCodeDevice.objects.get(user_id=user.pk)
    assert (device.name, device.confirmed) == ("recovery codes", True)
    stored = _table_text()
    assert all(token not in stored for token in tokens)
    assert device.verify_token("AB2C-D3EF")
    assert not device.verify_token("ab2cd3ef")
    assert second_factor.recovery_codes_left(device) == 1
