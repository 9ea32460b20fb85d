"""Behind a TLS proxy: forms POST once the proxy's scheme and public origin are trusted.

The settings come from the environment (README, "Settings"); the HTTP tests use the
values those variables produce, and a subprocess checks the parsing itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "a long fictional passphrase 4 tests"
PROXY = {"SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")}


def settings_with(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(getattr(settings, 'SECURE_PROXY_SSL_HEADER', None)); "
        "print(settings.CSRF_TRUSTED_ORIGINS)"
    )
    base = {k: v for k, v in os.environ.items() if not k.startswith("DADKHAH_")}
    base.pop("DATABASE_URL", None)
    base["DJANGO_SETTINGS_MODULE"] = "dadkhah.web.settings"
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**base, **env},
        cwd=REPO,
        timeout=120,
    )


def test_the_proxy_settings_are_read_from_the_environment() -> None:
    result = settings_with(
        {
            "DADKHAH_PROXY_SSL_HEADER": "1",
            "DADKHAH_CSRF_TRUSTED_ORIGINS": "https://a.example, https://b.example:8443",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "('HTTP_X_FORWARDED_PROTO', 'https')",
        "['https://a.example', 'https://b.example:8443']",
    ]
    unset = settings_with({})
    assert unset.stdout.splitlines() == ["None", "[]"]


def test_a_trusted_origin_without_a_scheme_stops_start_up_with_a_clear_message() -> None:
    result = settings_with({"DADKHAH_CSRF_TRUSTED_ORIGINS": "case.example.org"})
    assert result.returncode != 0
    assert "DADKHAH_CSRF_TRUSTED_ORIGINS: 'case.example.org' is not an origin" in result.stderr


def login_through_proxy(*, host: str, origin: str) -> int:
    """Log in as a browser behind the proxy would: GET the form, POST it with its token."""
    client = Client(enforce_csrf_checks=True)
    headers = {"HTTP_HOST": host, "HTTP_X_FORWARDED_PROTO": "https", "HTTP_ORIGIN": origin}
    client.get("/login/", **headers)
    token = client.cookies["csrftoken"].value
    response = client.post(
        "/login/",
        {"username": "liaison", "password": PASSWORD, "csrfmiddlewaretoken": token},
        **headers,
    )
    return response.status_code


@pytest.fixture
def user(db: None) -> None:
    get_user_model().objects.create_user(username="liaison", password=PASSWORD)


@override_settings(ALLOWED_HOSTS=["case.example.org"])
def test_a_login_post_over_the_proxy_fails_without_the_proxy_setting(user: None) -> None:
    assert login_through_proxy(host="case.example.org", origin="https://case.example.org") == 403


@override_settings(ALLOWED_HOSTS=["case.example.org"], **PROXY)
def test_a_login_post_over_the_proxy_succeeds_with_the_proxy_setting(user: None) -> None:
    assert login_through_proxy(host="case.example.org", origin="https://case.example.org") == 302


@override_settings(ALLOWED_HOSTS=["127.0.0.1"], **PROXY)
def test_a_public_name_other_than_the_host_needs_a_trusted_origin(user: None) -> None:
    assert login_through_proxy(host="127.0.0.1", origin="https://case.example.org") == 403
    with override_settings(CSRF_TRUSTED_ORIGINS=["https://case.example.org"]):
        assert login_through_proxy(host="127.0.0.1", origin="https://case.example.org") == 302
