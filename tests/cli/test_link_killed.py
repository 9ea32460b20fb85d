"""`dadkhah link` killed outright: the next run marks the orphaned run "interrupted"."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.dadkhah_process import cli_env, run_cli

REPO = Path(__file__).resolve().parents[2]


env = cli_env


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, timeout=600)


def statuses(case: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(case / "case.sqlite3", timeout=30) as db:
        return db.execute("SELECT id, status FROM linkage_linkrun ORDER BY id").fetchall()


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dadkhah.core.synth import SynthParams, generate_case

    tmp = tmp_path_factory.mktemp("killed")
    generate_case(tmp / "synth", SynthParams(persons=300, seed=4, mode="csv"))
    root = tmp / "case"
    assert run("init", str(root)).returncode == 0
    for name in ("families_fa", "ngo_latin"):
        lst = tmp / "synth" / "lists" / f"{name}.csv"
        result = run("--case", str(root), "import", str(lst), "--source", name)
        assert result.returncode == 0, result.stderr[-2000:]
    return root


@pytest.mark.parametrize(
    ("sig", "expected"), [(signal.SIGKILL, "interrupted"), (signal.SIGTERM, "failed")]
)
def test_a_killed_link_is_closed_by_the_next_run(case: Path, sig: int, expected: str) -> None:
    before = {i for i, _s in statuses(case)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "dadkhah", "--case", str(case), "link"],
        env=env(),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    new: list[tuple[int, str]] = []
    while not new:
        assert proc.poll() is None, "link ended before it could be killed"
        assert time.monotonic() < deadline, "no run appeared"
        time.sleep(0.1)
        new = [(i, s) for i, s in statuses(case) if i not in before]
    os.kill(proc.pid, sig)
    proc.wait(timeout=60)
    (run_id, _status), *_ = new
    after = dict(statuses(case))
    assert after[run_id] == ("running" if sig == signal.SIGKILL else "failed")
    again = run("--case", str(case), "link")
    assert again.returncode == 0, again.stderr[-2000:]
    assert dict(statuses(case))[run_id] == expected
