"""The evidence and custody commands end to end on a real case folder.

The commands run in process (CliRunner), the case's tables in the test database, so that
they run on SQLite and on PostgreSQL alike. The crash test stays in subprocesses, as its
point is the process: `evidence add` and custody appends killed (SIGKILL) at random
moments leave no half item and a log that verifies; re-running the add completes it.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dadkhah.core.evidence_store import EvidenceStore
from tests.cli.dadkhah_process import cli_env, run_cli
from tests.cli.in_process import invoke

REPO = Path(__file__).resolve().parents[2]


_env = cli_env
run = run_cli


def _files(root: Path, n: int, prefix: str = "f") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (root / f"{prefix}{i:04d}.txt").write_text(
            f"fictional record {prefix}{i}\n" * (1 + i % 7), encoding="utf-8"
        )
    return root


@pytest.fixture
def populated_case(tmp_path: Path, settings: Any) -> Path:
    from dadkhah.core.case import init_case

    case = tmp_path / "case"
    settings.CASE = init_case(case, name="CLI test")  # the custody entries are signed by its key
    files = _files(tmp_path / "files", 5)
    (files / "same.txt").write_bytes((files / "f0000.txt").read_bytes())
    result = invoke(
        "--case",
        str(case),
        "evidence",
        "add",
        str(files),
        "--collected-by",
        "Investigator A",
        "--method",
        "download",
        "--source",
        "https://example.org/fictional",
        "--collected-at",
        "2024-05-01T10:00:00+03:30",
    )
    assert result.exit_code == 0, result.output
    assert "5 added, 1 duplicate(s)" in result.stdout
    return case


@pytest.mark.django_db
def test_verify_passes_and_prints_the_tree_head(populated_case: Path) -> None:
    result = invoke("--case", str(populated_case), "verify")
    assert result.exit_code == 0, result.output
    assert "6 entries" in result.stdout and "VERIFIED" in result.stdout


@pytest.mark.django_db
def test_bundle_export_verifies_with_the_bundled_script_and_the_command(
    populated_case: Path, tmp_path: Path
) -> None:
    out = tmp_path / "court.zip"
    result = invoke(
        "--case",
        str(populated_case),
        "bundle",
        "export",
        "--out",
        str(out),
        "--items",
        "name:f000[0-2]*.txt name:f0000.txt",
    )
    assert result.exit_code == 0, result.output
    assert "1 item(s)" in result.stdout
    fingerprint = result.stdout.split("fingerprint: ")[1].split()[0]
    with zipfile.ZipFile(out) as z:
        (tmp_path / "verify.py").write_bytes(z.read("verify.py"))
    # A subprocess: the bundled script must run in a bare Python (-I -S), without dadkhah.
    alone = subprocess.run(
        [sys.executable, "-I", "-S", str(tmp_path / "verify.py"), str(out), "--key", fingerprint],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert alone.returncode == 0, alone.stdout + alone.stderr
    checked = invoke("bundle", "verify", str(out), "--key", fingerprint)
    assert checked.exit_code == 0, checked.output
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 1
    out.write_bytes(bytes(data))
    bad = invoke("bundle", "verify", str(out))
    assert bad.exit_code == 1 and "FAIL" in bad.stdout


@pytest.mark.django_db
def test_verify_names_a_changed_item_and_exits_1(populated_case: Path, tmp_path: Path) -> None:
    # A copy of the case folder: the same tables (the test database), a forged store.
    work = tmp_path / "copy"
    shutil.copytree(populated_case, work)
    obj = next(p for p in (work / "evidence").glob("*/*/*") if p.is_file())
    os.chmod(obj, 0o644)
    obj.write_bytes(b"forged")
    os.chmod(obj, 0o444)
    result = invoke("--case", str(work), "verify")
    assert result.exit_code == 1
    assert f"FAIL item {obj.name}" in result.stdout and "content changed" in result.stdout
    assert invoke("--case", str(populated_case), "verify").exit_code == 0  # the original


# --- crash safety ---------------------------------------------------------------------------

APPEND_LOOP = """
import sys
from dadkhah.cli.context import setup_django
from dadkhah.core.case import open_case
case = open_case(sys.argv[1]); setup_django(case)
from dadkhah.web.custody.services import custody_append
for i in range(100000):
    custody_append(case=case, events=[{"actor": "loop", "action": "view", "details": {"i": i}}] * 3)
"""


N_FILES = 600


def _count(case: Path, table: str) -> int:
    import sqlite3

    with sqlite3.connect(case / "case.sqlite3") as db:
        return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def _kill_after(
    argv: list[str],
    delay: float,
    started: Callable[[], bool],
    env: dict[str, str] | None = None,
) -> None:
    """Start argv, wait until it has begun its work, then SIGKILL it `delay` seconds later.

    Waiting for the work to begin (not for a fixed time) keeps the kill inside the
    work however slowly a loaded machine starts Python and Django.
    """
    proc = subprocess.Popen(
        argv, env=_env(env), cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 120
    while not started() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)


# Subprocesses: the point is a process killed (SIGKILL) mid-work, and its case file after.
@pytest.mark.slow
def test_killing_add_and_appends_at_random_moments_leaves_a_consistent_case(tmp_path: Path) -> None:
    rng = random.Random(1988)
    case = tmp_path / "case"
    assert run("init", str(case)).returncode == 0
    files = _files(tmp_path / "files", N_FILES)
    add = [sys.executable, "-m", "dadkhah", "--case", str(case), "evidence", "add", str(files)]
    counts = []
    # Small batches: many transactions, so kills land in and between them.
    for _ in range(3):
        before = _count(case, "evidence_evidenceitem")
        _kill_after(
            add,
            rng.uniform(0.05, 0.6),
            started=lambda b=before: _count(case, "evidence_evidenceitem") > b,  # type: ignore[misc]
            env={"DADKHAH_INGEST_BATCH": "7"},
        )
        counts.append(_count(case, "evidence_evidenceitem"))
        logged = _count(case, "custody_custodyentry")
        _kill_after(
            [sys.executable, "-c", APPEND_LOOP, str(case)],
            rng.uniform(0.05, 1.0),
            started=lambda n=logged: _count(case, "custody_custodyentry") > n,  # type: ignore[misc]
        )
    # The kills landed mid-work: an add was cut short, and the append loop ran.
    assert any(0 < c < N_FILES for c in counts), counts
    assert _count(case, "custody_custodyentry") > counts[-1]
    store = EvidenceStore(case / "evidence")
    for sha in store.iter_hashes():  # no half item: whatever is in the store is whole
        assert store.rehash(sha) is None, sha
    mid = run("--case", str(case), "verify")
    assert mid.returncode == 0, mid.stdout + mid.stderr
    done = run("--case", str(case), "evidence", "add", str(files))
    assert done.returncode == 0, done.stderr
    final = run("--case", str(case), "verify")
    assert final.returncode == 0, final.stdout
    assert f"{N_FILES} items" in final.stdout
    assert "warning" not in final.stderr  # every stored object is now an item
