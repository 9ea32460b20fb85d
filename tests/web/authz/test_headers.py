"""Hardening headers on every page, and production settings that pass `check --deploy`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from dadkhah.web.middleware import POLICY
from tests.web.authz.conftest import make_user, sign_in

REPO = Path(__file__).resolve().parents[3]


def test_the_policy_names_no_other_origin_and_forbids_framing() -> None:
    assert "frame-ancestors 'none'" in POLICY
    sources = " ".join(d.split(" ", 1)[1] for d in POLICY.split("; ") if " " in d)
    assert not re.search(r"https?:|\*|//|wss?:", sources), sources


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/login/", "/", "/people/", "/audit/"])
def test_every_page_sends_the_hardening_headers(client: Client, url: str) -> None:
    if url != "/login/":
        sign_in(client, make_user("boss", "admin"))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def _django(case_dir: Path, *args: str, https: bool = True) -> subprocess.CompletedProcess[str]:
    # A deployment's environment: not the test run's database, debug or the browser tests'
    # DJANGO_ALLOW_ASYNC_UNSAFE (which a worker may have set before this test runs).
    dropped = ("DATABASE_URL", "DADKHAH_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(DJANGO_SETTINGS_MODULE="dadkhah.web.settings", DADKHAH_CASE=str(case_dir),
               DADKHAH_ALLOWED_HOSTS="dadkhah.example.org")  # fmt: skip
    if https:  # what a deployment behind a TLS proxy sets (README, "Settings")
        env.update(DADKHAH_HTTPS="1", DADKHAH_PROXY_SSL_HEADER="1",
                   DADKHAH_CSRF_TRUSTED_ORIGINS="https://dadkhah.example.org")  # fmt: skip
    else:
        env.pop("DADKHAH_HTTPS", None)
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_check_deploy_at_warning_level(case_dir: Path) -> None:
    result = _django(case_dir, "-m", "django", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_turns_on_hsts_secure_cookies_and_the_redirect(case_dir: Path) -> None:
    show = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_SSL_REDIRECT)"
    )
    on = _django(case_dir, "-c", show)
    assert on.stdout.split() == ["31536000", "True", "True", "True"], on.stderr
    off = _django(case_dir, "-c", show, https=False)
    assert off.stdout.split() == ["0", "False", "False", "False"], off.stderr
