"""Run the `dadkhah` command in a subprocess, as a user does: the one helper the CLI tests share.

Most CLI tests run in process (CliRunner); these are for exit codes, signals and a
fresh interpreter. The subprocess gets its own SQLite case: the variables that would
point it at the test run's case or database are left out of its environment.

Migrating a new case's database costs seconds of CPU, and dozens of tests create a case
with `dadkhah init`: each test process migrates one case with the real `init` and gives
every later new case a copy of that database, which `init` then only checks (migrate
finds nothing to apply). Tests of `init` itself pass ``migrated_template=False``.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
_ALWAYS_DROPPED = ("DADKHAH_CASE", "DATABASE_URL")


def cli_env(
    extra: dict[str, str] | None = None, *, drop_prefixes: Iterable[str] = ()
) -> dict[str, str]:
    """This process's environment without the case and database variables, plus ``extra``."""
    prefixes = tuple(drop_prefixes)
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in _ALWAYS_DROPPED and not (prefixes and k.startswith(prefixes))
    }
    env.update(extra or {})
    return env


_template: Path | None = None


def migrated_database_template() -> Path:
    """A case database that a real `dadkhah init` migrated, made once per test process."""
    global _template
    if _template is None or not _template.is_file():
        folder = Path(tempfile.mkdtemp(prefix="dadkhah-migrated-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        root = folder / "case"
        done = run_cli("init", str(root), "--name", "Template", migrated_template=False)
        assert done.returncode == 0, done.stdout + done.stderr
        _template = root / "case.sqlite3"
    return _template


def place_migrated_database(root: Path) -> None:
    """Copy the migrated template into ``root``, a folder about to become a new case.

    Nothing is placed where ``root`` already holds a case or a database, or is not a folder:
    `init` must meet those as they are.
    """
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        return
    template = migrated_database_template()
    root.mkdir(parents=True, exist_ok=True)
    target = root / "case.sqlite3"
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    # SQLite's backup API copies a consistent database, WAL contents included.
    with sqlite3.connect(template) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    copy.close()


def run_cli(
    *args: str,
    env: dict[str, str] | None = None,
    drop_prefixes: Iterable[str] = (),
    timeout: float = 300,
    stdin: str | None = None,
    migrated_template: bool = True,
) -> subprocess.CompletedProcess[str]:
    """`python -m dadkhah ARGS` from the checkout; stdin is ``stdin`` or nothing.

    An `init` of a new SQLite case starts from :func:`migrated_database_template` unless
    ``migrated_template`` is false.
    """
    new_case = args[1:2] and Path(args[1]).is_absolute() and args[0] == "init"
    if migrated_template and new_case and "DATABASE_URL" not in (env or {}):
        place_migrated_database(Path(args[1]))
    return subprocess.run(
        [sys.executable, "-m", "dadkhah", *args],
        capture_output=True,
        text=True,
        env=cli_env(env, drop_prefixes=drop_prefixes),
        cwd=REPO,
        timeout=timeout,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )


_SESSION = """
import json
import sys
import traceback

from click.testing import CliRunner

from dadkhah.cli.main import cli

said = []
for argv in json.loads(sys.argv[1]):
    result = CliRunner().invoke(cli, argv)
    err = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        err += "".join(traceback.format_exception(result.exception))
    said.append([result.exit_code, result.stdout, err])
with open(sys.argv[2], "w", encoding="utf-8") as fh:
    json.dump(said, fh)
"""


def _session_case(argv: Sequence[str]) -> str | None:
    if "--case" in argv:
        return argv[argv.index("--case") + 1]
    return argv[1] if argv[:1] == ["init"] and len(argv) > 1 else None


def run_cli_session(
    *commands: Sequence[str],
    env: dict[str, str] | None = None,
    drop_prefixes: Iterable[str] = (),
    timeout: float = 300,
) -> list[subprocess.CompletedProcess[str]]:
    """Several `dadkhah` command lines, one after another, in one fresh interpreter.

    For tests whose case must be a SQLite file of its own (a backup snapshots it, a
    restore makes a new one) and that run several commands on it: one start of Python and
    Django instead of one a command. Django is set up for the first case a command names,
    so every command names that case (``--case``, or ``init`` of it) or none. Each command
    comes back as a CompletedProcess: its exit code, stdout and stderr (an uncaught
    exception's traceback ends its stderr). An ``init`` of a new case starts from
    :func:`migrated_database_template`, as in :func:`run_cli`.
    """
    argvs = [list(c) for c in commands]
    cases = {c for c in map(_session_case, argvs) if c is not None}
    assert len(cases) <= 1, f"one case a session, not {sorted(cases)}"
    for argv in argvs:
        new_case = argv[:1] == ["init"] and len(argv) > 1 and Path(argv[1]).is_absolute()
        if new_case and "DATABASE_URL" not in (env or {}):
            place_migrated_database(Path(argv[1]))
    with tempfile.TemporaryDirectory(prefix="dadkhah-session-") as tmp:
        said = Path(tmp) / "said.json"
        done = subprocess.run(
            [sys.executable, "-c", _SESSION, json.dumps(argvs), str(said)],
            capture_output=True,
            text=True,
            env=cli_env(env, drop_prefixes=drop_prefixes),
            cwd=REPO,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 0 and said.is_file(), done.stdout + done.stderr
        results = json.loads(said.read_text(encoding="utf-8"))
    return [
        subprocess.CompletedProcess(["dadkhah", *argv], code, out, err)
        for argv, (code, out, err) in zip(argvs, results, strict=True)
    ]
