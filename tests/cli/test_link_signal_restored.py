"""`link` catches SIGTERM only while it runs, and gives the previous handler back.

A handler left behind in a process that calls the command in-process (the test
suite, a notebook) is inherited by every process forked there later: a pool worker
then turns the pool's SIGTERM into an exception instead of ending, and the pool waits
on it forever.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from dadkhah.cli.main import cli


@pytest.mark.django_db(transaction=True)
def test_link_gives_back_the_sigterm_handler_it_found(tmp_path: Path) -> None:
    runner = CliRunner()
    case = tmp_path / "case"
    assert runner.invoke(cli, ["init", str(case)]).exit_code == 0
    before = signal.getsignal(signal.SIGTERM)
    result = runner.invoke(cli, ["--case", str(case), "link"])
    assert result.exit_code != 0, result.output  # an empty case has nothing to link
    assert "record" in result.output.lower(), result.output
    assert signal.getsignal(signal.SIGTERM) is before
