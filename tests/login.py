"""Sign a test client in the way a user does: password, then the authenticator's code.

Nothing is switched off for tests. :func:`login` posts the login form, then posts a real
TOTP code (RFC 6238) computed from the user's authenticator secret to the verification
page, which checks it as it checks any user's. A user with no authenticator gets one,
as an admin's ``createuser --totp`` would give it.
"""

from __future__ import annotations

import re
import time
from typing import Any

from django.test import Client


def totp_now(device: Any, *, offset_steps: int = 0) -> str:
    """The code the authenticator app of ``device`` shows now (plus ``offset_steps``)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def fresh_code(user: Any) -> str:
    """A code the user's authenticator would show that the server has not yet accepted.

    A TOTP code is accepted once (RFC 6238 §5.2); a test signing the same user in twice
    within 30 seconds takes the next step's code, which the server's tolerance of one
    step accepts, and past that a new recovery code (checked like any other).
    """
    from django_otp.oath import TOTP

    from dadkhah.web.accounts.second_factor import (
        confirmed_totp,
        recovery_code_add,
        totp_device_create_confirmed,
    )

    device = confirmed_totp(user) or totp_device_create_confirmed(user=user)
    for offset in range(device.tolerance + 1):
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time() + offset * device.step
        if totp.t() > device.last_t:
            return totp_now(device, offset_steps=offset)
    return recovery_code_add(user=user)


def _csrf_token(client: Client, url: str) -> str:
    """The CSRF token of the form at ``url`` (a client may enforce CSRF checks)."""
    body = client.get(url).content.decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    return match.group(1) if match is not None else ""


def login(client: Client, username: str, password: str) -> Client:
    """Sign ``client`` in with the password and a real second-factor code."""
    from django.contrib.auth.models import User

    response = client.post(
        "/login/",
        {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": _csrf_token(client, "/login/"),
        },
    )
    assert response.status_code == 302, f"login as {username!r} failed: {response.status_code}"
    user = User.objects.get(username=username)
    code = fresh_code(user)
    response = client.post(
        "/account/verify/",
        {
            "token": code,
            "next": "/",
            "csrfmiddlewaretoken": _csrf_token(client, "/account/verify/"),
        },
    )
    assert response.status_code == 302, f"second factor of {username!r} refused"
    assert response["Location"] == "/", response["Location"]
    return client


def browser_login(page: Any, base_url: str, username: str, password: str) -> None:
    """Sign a Playwright page in: the login form, then the verification form."""
    from django.contrib.auth.models import User

    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    user = User.objects.get(username=username)
    code = fresh_code(user)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "/account/verify/" in page.url, page.url
    page.fill("#id_token", code)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "/account/" not in page.url, page.url


ROLE_PASSWORD = "a long enough passphrase 42"


def signed_in_as(role: str, password: str = ROLE_PASSWORD) -> Client:
    """A client signed in, as a user does, as a new user named after ``role`` and in it."""
    from dadkhah.web.accounts.services import user_create

    user_create(username=role, password=password, role=role)
    client = Client()
    login(client, role, password)
    return client
