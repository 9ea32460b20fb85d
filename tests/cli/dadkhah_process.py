"""Run the `dadkhah` command in a subprocess, as a user does: the one helper the CLI tests share.

Most CLI tests run in process (CliRunner); these are for exit codes, signals and a
fresh interpreter. The subprocess gets its own SQLite case: the variables that would
point it at the test run's case or database are left out of its environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable
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


def run_cli(
    *args: str,
    env: dict[str, str] | None = None,
    drop_prefixes: Iterable[str] = (),
    timeout: float = 300,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """`python -m dadkhah ARGS` from the checkout; stdin is ``stdin`` or nothing."""
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
