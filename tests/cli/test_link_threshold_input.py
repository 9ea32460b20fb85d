"""A link threshold outside (0, 1) is refused before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dadkhah.cli.main import cli
from dadkhah.web.linkage.models import LinkRun

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad", ["0", "1", "1.2", "-0.1"])
def test_link_refuses_a_threshold_outside_zero_one_and_runs_nothing(
    case_dir: Path, bad: str
) -> None:
    result = CliRunner().invoke(cli, ["--case", str(case_dir), "link", "--threshold", bad])
    assert result.exit_code == 2
    assert "--threshold" in result.output and "0<x<1" in result.output
    assert not LinkRun.objects.exists()


@pytest.mark.parametrize("command", ["link", "link-files"])
def test_link_help_names_the_settings_default_threshold(command: str) -> None:
    from dadkhah.core.linkage.settings import LinkageSettings

    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert LinkageSettings().threshold == 0.55
    assert "strictly between 0 and 1 (default 0.55)." in " ".join(result.output.split())
