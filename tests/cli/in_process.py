"""Run the `dadkhah` command in process (CliRunner), on the test database.

Starting `dadkhah` in a subprocess costs seconds (a fresh Python imports Django and the
heavy libraries); most CLI tests only need what the command prints, its exit code and
what it wrote, which CliRunner gives in milliseconds. In process, the command's
`setup_django` keeps the test's database (SQLite in memory, or PostgreSQL in the
PostgreSQL run), so every case folder of a test shares one database: a test that needs
a second, empty case rolls the first one's rows back (:func:`rolled_back`).
tests/cli/dadkhah_process.py stays for what needs a process: signals, a fresh
interpreter, the environment read at start.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from dadkhah.cli.main import cli


def invoke(
    *args: str, env: dict[str, str | None] | None = None, input: str | None = None
) -> Result:
    """`dadkhah ARGS` in process, with ``env`` set for the command's length (a variable
    given as None is unset) and ``input`` on its standard input."""
    # DADKHAH_CASE: None keeps the variable that each command's setup_django sets from
    # outliving the command (CliRunner puts back the variables it was given).
    runner = CliRunner(env={"DADKHAH_CASE": None, **(env or {})})
    return runner.invoke(cli, list(args), input=input)


def said(result: Result) -> str:
    """What the command printed (stdout and stderr), and the traceback of an uncaught error."""
    error = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
    return result.output + error


def invoke_ok(*args: str, env: dict[str, str] | None = None) -> str:
    """`dadkhah ARGS`, which must succeed: its standard output."""
    result = invoke(*args, env=env)
    assert result.exit_code == 0, said(result)
    return result.stdout


def invoke_refused(*args: str, env: dict[str, str] | None = None) -> str:
    """`dadkhah ARGS`, which must refuse with exit status 1: its standard error."""
    result = invoke(*args, env=env)
    # exit 1 from the command's own refusal (SystemExit), not from an uncaught exception
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), said(result)
    return result.stderr


@contextmanager
def rolled_back() -> Iterator[None]:
    """Undo the rows the block writes, as a new case starts without another case's rows.

    For a first case that only gives a file (an export) to a second one: in process both
    case folders share the test's database.
    """
    from django.db import transaction

    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def case_for_commands(root: Path, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The case folder ``root`` as the one the in-process commands work on: the custody
    entries they write go to its log. Call it from a fixture that has pytest-django's
    ``settings`` and ``monkeypatch``."""
    from dadkhah.core.case import open_case

    settings.CASE = open_case(root)
    # setup_django sets DADKHAH_CASE in os.environ; in process it must not outlive the test.
    monkeypatch.setenv("DADKHAH_CASE", "")
    monkeypatch.delenv("DADKHAH_CASE")
    return root
