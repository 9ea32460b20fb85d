"""`createuser --totp` and `user reset`: an admin restores access, and the log says so."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User
from django.test import Client

from dadkhah.cli.main import cli
from tests.login import login

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long enough passphrase 42"
NEW_PASSWORD = "copper meadow whistles at dawn"


def _run(case_dir: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(
        cli, ["--case", str(case_dir), *args], env={"DADKHAH_ACTOR": "cli:root", **(env or {})}
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_createuser_explains_enrollment_at_first_login(case_dir: Path) -> None:
    out = _run(case_dir, "createuser", "alice", env={"DADKHAH_PASSWORD": PASSWORD})
    assert "Created user 'alice'" in out
    assert "authenticator" in out and "QR code" in out


def test_createuser_totp_prints_a_secret_that_signs_in(case_dir: Path) -> None:
    from django_otp.oath import totp

    out = _run(case_dir, "createuser", "alice", "--totp", env={"DADKHAH_PASSWORD": PASSWORD})
    secret = re.search(r"Authenticator secret: ([A-Z2-7]+)", out).group(1)
    assert "otpauth://totp/dadkhah%3Aalice?secret=" + secret in out
    codes = re.search(r"Recovery codes \(each works once\): (.+)", out).group(1).split()
    assert len(codes) == 10
    from base64 import b32decode

    key = b32decode(secret + "=" * (-len(secret) % 8))
    client = Client()
    client.post("/login/", {"username": "alice", "password": PASSWORD})
    response = client.post("/account/verify/", {"token": f"{totp(key):06d}"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_user_reset_sets_a_password_removes_the_second_factor_and_is_audited(
    case_dir: Path,
) -> None:
    from dadkhah.web.accounts.second_factor import confirmed_totp
    from dadkhah.web.custody.models import CustodyEntry

    _run(case_dir, "createuser", "alice", "--totp", env={"DADKHAH_PASSWORD": PASSWORD})
    for _ in range(5):
        Client().post("/login/", {"username": "alice", "password": "wrong"})
    out = _run(
        case_dir,
        "user",
        "reset",
        "alice",
        "--password",
        "--second-factor",
        env={"DADKHAH_PASSWORD": NEW_PASSWORD},
    )
    assert "Unlocked 'alice' (1 lockout record(s) removed)" in out
    alice = User.objects.get(username="alice")
    assert alice.check_password(NEW_PASSWORD)
    assert confirmed_totp(alice) is None
    client = Client()
    client.post("/login/", {"username": "alice", "password": NEW_PASSWORD})
    assert client.get("/")["Location"].startswith("/account/enroll/")
    events = [
        (e.actor, e.data) for e in CustodyEntry.objects.filter(action="account").order_by("seq")
    ]
    assert [a for a, _ in events] == ["cli:root"] * 3
    for name in ("password_reset", "second_factor_reset", "unlocked"):
        assert any(f'"event":"{name}"' in d and '"user":"alice"' in d for _, d in events)
    assert all(NEW_PASSWORD not in d for _, d in events)
    _run(case_dir, "verify")


def test_user_reset_of_an_unknown_user_says_so(case_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["--case", str(case_dir), "user", "reset", "nobody"])
    assert result.exit_code == 1
    assert "No user 'nobody'" in result.output


def test_user_reset_refuses_a_weak_password(case_dir: Path) -> None:
    _run(case_dir, "createuser", "alice", env={"DADKHAH_PASSWORD": PASSWORD})
    result = CliRunner().invoke(
        cli,
        ["--case", str(case_dir), "user", "reset", "alice", "--password"],
        env={"DADKHAH_PASSWORD": "aaaaaaaaaaaa"},
    )
    assert result.exit_code == 1 and "too easy to guess" in result.output
    assert login(Client(), "alice", PASSWORD)
