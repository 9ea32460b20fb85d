"""`dadkhah demo` builds the demo case and serves it: log in, get HTTP 200."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
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


def _wait_for(port: int, proc: subprocess.Popen[str], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"demo exited early: {proc.stdout.read() if proc.stdout else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("demo did not start serving in time")


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
            "300",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        _wait_for(port, proc, 300)
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
        assert response.status == 200
        assert response.geturl().rstrip("/") == base
        home = response.read().decode()
        assert "Log out" in home or "خروج" in home
        assert "synthetic" in home.lower() or "ساختگی" in home
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert "user: demo" in out
    assert "password: demo password for the test" in out
