"""A real browser logs in, enrolls an authenticator, switches to Persian, sees right-to-left.

Every request the page makes goes to the test server: nothing from another host.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from dadkhah.web.accounts.services import user_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough passphrase 42"


def _code_from(secret: str) -> str:
    """The code an authenticator app would show for a base32 secret typed into it."""
    from base64 import b32decode

    from django_otp.oath import totp

    return f"{totp(b32decode(secret + '=' * (-len(secret) % 8))):06d}"


def test_login_second_factor_enrollment_language_switch_and_air_gap(
    browser: Any, live_server: Any, tmp_path: Path
) -> None:
    user_create(username="analyst", password=PASSWORD)
    page = browser.new_page(locale="en-US")
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))

    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "analyst")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")

    # No authenticator yet: the enrollment page, with a QR code drawn in the page itself.
    assert "/account/enroll/" in page.url
    assert page.locator("figure.qr svg").count() == 1
    secret = page.inner_text("code.secret")
    assert secret in page.inner_text("code.otpauth")
    page.fill("#id_token", _code_from(secret))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator("ol.recovery-codes li").count() == 10
    with page.expect_navigation():
        page.click("main a:has-text('continue')")
    page.wait_for_selector("dl.counts")
    assert page.get_attribute("html", "dir") == "ltr"

    page.click("button[name=language][value=fa]")
    page.wait_for_selector("html[dir=rtl]")
    assert page.get_attribute("html", "lang") == "fa"
    assert "خروج" in page.inner_text("header")
    # the stylesheet really loaded (the synthetic-free page still lays out the counts grid)
    display = page.eval_on_selector("dl.counts", "el => getComputedStyle(el).display")
    assert display == "grid"
    page.screenshot(path=str(tmp_path / "home-fa.png"), full_page=True)

    assert hosts == {urlparse(live_server.url).netloc}
