"""`dadkhah demo` builds the demo case and serves it: log in, get HTTP 200."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(port: int, proc: subprocess.Popen[str], seconds: float, printed: list[str]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            time.sleep(0.5)  # let the reader take the last lines
            raise AssertionError("demo exited early: " + "".join(printed))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("demo did not start serving in time")


def _totp(secret: str) -> str:
    """The code an authenticator app shows now for a base32 secret (RFC 6238)."""
    from base64 import b32decode

    from django_otp.oath import totp

    return f"{totp(b32decode(secret + '=' * (-len(secret) % 8))):06d}"


def test_demo_serves_the_app_and_the_printed_login_works(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DADKHAH_CASE", "DATABASE_URL")}
    env["DADKHAH_DEMO_PASSWORD"] = "demo password for the test"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dadkhah",
            "demo",
            "--port",
            str(port),
            "--dir",
            str(tmp_path / "demo"),
            "--persons",
            # Enough people for every step (import, linkage, estimate); nothing asserted
            # here depends on the case's size, and a larger one costs a minute more of CPU.
            "120",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    # Read the output as it comes: the login, the authenticator secret and the recovery
    # codes are printed before the server starts.
    printed: list[str] = []
    assert proc.stdout is not None
    reader = threading.Thread(target=lambda: printed.extend(iter(proc.stdout.readline, "")))
    reader.start()
    try:
        # Building even a small case takes a minute of CPU on a shared machine.
        _wait_for(port, proc, 600, printed)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        base = f"http://127.0.0.1:{port}"
        page = opener.open(f"{base}/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {
                "username": "demo",
                "password": env["DADKHAH_DEMO_PASSWORD"],
                "csrfmiddlewaretoken": token,
                "next": "/",
            }
        ).encode()
        request = urllib.request.Request(
            f"{base}/login/", data=data, headers={"Referer": f"{base}/login/"}
        )
        response = opener.open(request)
        # the password is right; next comes the second factor, from the printed secret
        assert "/account/verify/" in response.geturl()
        out = "".join(printed)
        secret = re.search(r"Authenticator secret: ([A-Z2-7]+)", out).group(1)
        assert f"secret={secret}" in out  # the otpauth URI for an authenticator app
        token = re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode()
        ).group(1)
        data = urllib.parse.urlencode(
            {"token": _totp(secret), "csrfmiddlewaretoken": token, "next": "/"}
        ).encode()
        verify = f"{base}/account/verify/"
        response = opener.open(
            urllib.request.Request(verify, data=data, headers={"Referer": verify})
        )
        assert response.status == 200
        assert response.geturl().rstrip("/") == base
        home = response.read().decode()
        assert "Log out" in home or "خروج" in home
        assert "synthetic" in home.lower() or "ساختگی" in home
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        reader.join(timeout=30)
    out = "".join(printed)
    assert "user: demo" in out
    assert "password: demo password for the test" in out
