"""`dadkhah demo` builds the demo case and prints a login that works: log in, get HTTP 200.

In process: the command runs through CliRunner (with --no-serve) on the test database, and
the printed login goes through Django's test client, CSRF checks on. What serving adds,
waitress answering on a port, `serve` shows in a real process in tests/cli/test_upload_limits.py
(the demo calls the same `_serve` after building).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client

from dadkhah.cli.main import cli

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def _totp(secret: str) -> str:
    """The code an authenticator app shows now for a base32 secret (RFC 6238)."""
    from base64 import b32decode

    from django_otp.oath import totp

    return f"{totp(b32decode(secret + '=' * (-len(secret) % 8))):06d}"


def _csrf(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found is not None, page
    return found.group(1)


def test_demo_builds_the_case_and_the_printed_login_works(
    tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dadkhah.core.case import open_case

    # The command sets DADKHAH_CASE in os.environ; in process it must not outlive the test.
    monkeypatch.setenv("DADKHAH_CASE", "")
    monkeypatch.delenv("DADKHAH_CASE")
    password = "demo password for the test"
    result = CliRunner().invoke(
        cli,
        ["demo", "--no-serve", "--dir", str(tmp_path / "demo"),
         # Enough people for every step (import, linkage, estimate); nothing asserted
         # here depends on the case's size, and a larger one costs a minute more of CPU.
         "--persons", "120"],
        env={"DADKHAH_DEMO_PASSWORD": password},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = result.output
    # What the settings take from DADKHAH_CASE when `serve` starts on the demo's folder.
    case = open_case(tmp_path / "demo")
    settings.CASE = case
    settings.DADKHAH_SYNTHETIC = case.config.synthetic

    client = Client(enforce_csrf_checks=True)
    page = client.get("/login/").content.decode()
    response = client.post(
        "/login/",
        {"username": "demo", "password": password, "csrfmiddlewaretoken": _csrf(page), "next": "/"},
        follow=True,
    )
    # the password is right; next comes the second factor, from the printed secret
    assert "/account/verify/" in response.request["PATH_INFO"]
    secret = re.search(r"Authenticator secret: ([A-Z2-7]+)", out).group(1)
    assert f"secret={secret}" in out  # the otpauth URI for an authenticator app
    token = _csrf(response.content.decode())
    response = client.post(
        "/account/verify/",
        {"token": _totp(secret), "csrfmiddlewaretoken": token, "next": "/"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.request["PATH_INFO"].rstrip("/") == ""
    home = response.content.decode()
    assert "Log out" in home or "خروج" in home
    assert "synthetic" in home.lower() or "ساختگی" in home
    assert "user: demo" in out
    assert f"password: {password}" in out
