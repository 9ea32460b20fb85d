"""One limit for a file, on the CLI and on the web, and no empty evidence through either.

The CLI tests run in process (CliRunner) on the test database; `serve` runs in a subprocess,
as the point there is the real server process and the limit it takes from the case.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.cli.dadkhah_process import cli_env, place_migrated_database
from tests.cli.in_process import case_for_commands
from tests.cli.in_process import invoke as run

REPO = Path(__file__).resolve().parents[2]


env = cli_env


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dadkhah.core.case import init_case

    # The in-process tests use the test database; `serve` opens the case's own file, a copy
    # of a migrated one, so that it starts without migrating.
    root = tmp_path_factory.mktemp("limits") / "case"
    place_migrated_database(root)
    init_case(root)
    with (root / "case.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n[evidence]\nmax_file_bytes = 4096\n")
    return root


@pytest.fixture
def in_process(case: Path, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    return case_for_commands(case, settings, monkeypatch)


@pytest.mark.django_db
def test_evidence_add_refuses_an_empty_file_and_says_why(in_process: Path, tmp_path: Path) -> None:
    case = in_process
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "empty.jpg").write_bytes(b"")
    (folder / "photo.txt").write_text("a fictional description\n", encoding="utf-8")
    result = run("--case", str(case), "evidence", "add", str(folder))
    assert result.exit_code == 0, result.stderr
    assert "1 added, 0 duplicate(s), 1 skipped." in result.stdout
    assert "empty.jpg: is empty (0 bytes)" in result.stderr
    alone = run("--case", str(case), "evidence", "add", str(folder / "empty.jpg"))
    assert "0 added" in alone.stdout and "is empty (0 bytes)" in alone.stderr


@pytest.mark.django_db
def test_evidence_add_refuses_a_file_over_the_case_limit(in_process: Path, tmp_path: Path) -> None:
    case = in_process
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 5000)
    result = run("--case", str(case), "evidence", "add", str(big))
    assert result.exit_code != 0
    assert "limit of 4096 bytes" in result.stderr and "max_file_bytes" in result.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(port: int, size: int) -> int:
    # The first request loads the app; on a loaded two-core machine that can take a while.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request(
            "POST",
            "/evidence/upload/",
            body=b"x" * size,
            headers={"Content-Type": "application/octet-stream"},
        )
        return conn.getresponse().status
    finally:
        conn.close()


def test_serve_takes_its_upload_limit_from_the_case_not_from_waitress(case: Path) -> None:
    # A subprocess: the point is the real server (waitress) and the body limit it is given.
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dadkhah", "--case", str(case), "serve", "--port", str(port)],
        env=env(),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "serve did not start"
                time.sleep(0.3)
        limit = 4096 + 1024 * 1024
        # One byte over the case's limit (plus room for the form) is refused by the server.
        assert _post(port, limit + 1) == 413
        # Within it the request reaches the app (which then asks for a login).
        assert _post(port, 4096) != 413
    finally:
        server.terminate()
        server.wait(timeout=30)
