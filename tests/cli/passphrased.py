"""The backup and archive commands with the passphrase given as their users give it.

`backup`, `restore`, `archive` and `restore-archive` read the passphrase from
DADKHAH_BACKUP_PASSPHRASE; ``passphrase=None`` runs them with none set (and none inherited
from the test's own environment), to see them refuse.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence

from click.testing import Result

from tests.cli import in_process
from tests.cli.dadkhah_process import run_cli, run_cli_session

VARIABLE = "DADKHAH_BACKUP_PASSPHRASE"


def _given(passphrase: str | None) -> dict[str, str] | None:
    return {VARIABLE: passphrase} if passphrase is not None else None


def run(*args: str, passphrase: str | None) -> subprocess.CompletedProcess[str]:
    """`python -m dadkhah ARGS` in a subprocess."""
    return run_cli(*args, env=_given(passphrase), drop_prefixes=(VARIABLE,))


def session(
    *commands: Sequence[str], passphrase: str | None
) -> list[subprocess.CompletedProcess[str]]:
    """The command lines on one case in one fresh interpreter (run_cli_session)."""
    return run_cli_session(*commands, env=_given(passphrase), drop_prefixes=(VARIABLE,))


def invoke(*args: str, passphrase: str | None) -> Result:
    """In process, for a refusal that comes before a case's database is opened (the test
    has no database: a command that opened one would fail without the expected message)."""
    return in_process.invoke(*args, env={VARIABLE: passphrase})
