"""`dadkhah --case DIR estimate` on a linked case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dadkhah.cli.main import cli
from dadkhah.web.estimates.models import EstimateRun
from tests.web.estimates.test_estimate_run import _population

pytestmark = pytest.mark.django_db


def test_estimate_prints_json_stores_the_run_and_writes_figures(case_dir: Path) -> None:
    _population(1500, [0.35, 0.3, 0.4])
    result = CliRunner().invoke(
        cli,
        ["--case", str(case_dir), "estimate", "--json", "--seed", "1",
         "--iterations", "3000", "--burn-in", "500", "--thinning", "10", "--chains", "2"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {r["method"] for r in data["results"]} == {"lcmcr", "loglinear"}
    for r in data["results"]:
        assert r["lower"] <= r["estimate"] <= r["upper"]
    run = EstimateRun.objects.get()
    assert run.documented == data["documented"]
    assert any(p.endswith(".svg") for p in run.plots)
    # Stored relative to the case folder (or absolute), never to the working folder.
    estimates = (case_dir / "estimates").resolve()
    assert all((case_dir / p).resolve().is_relative_to(estimates) for p in run.plots)
    assert all((case_dir / p).is_file() for p in run.plots)


def test_estimate_names_the_lists_when_a_list_is_unknown(case_dir: Path) -> None:
    _population(100, [0.5, 0.5])
    result = CliRunner().invoke(cli, ["--case", str(case_dir), "estimate", "--lists", "list-0,x"])
    assert result.exit_code == 1
    assert "no list source named x" in result.output
    assert EstimateRun.objects.count() == 0


def test_estimate_all_methods_stores_dga_and_the_reading(case_dir: Path) -> None:
    _population(800, [0.35, 0.3, 0.4])
    result = CliRunner().invoke(
        cli,
        ["--case", str(case_dir), "estimate", "--json", "--method", "all", "--no-plots",
         "--seed", "1", "--iterations", "2000", "--burn-in", "500", "--thinning", "10",
         "--chains", "2"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["method"] for r in data["results"]] == ["lcmcr", "loglinear", "dga"]
    dga = data["results"][2]
    assert dga["lower"] <= dga["estimate"] <= dga["upper"]
    assert data["comparison"]
    stored = EstimateRun.objects.get().result
    assert [r["method"] for r in stored["results"]] == ["lcmcr", "loglinear", "dga"]
    assert stored["comparison"] == data["comparison"]


def test_estimate_dga_by_name_on_two_lists_is_refused_and_nothing_is_stored(
    case_dir: Path,
) -> None:
    _population(300, [0.5, 0.5])
    result = CliRunner().invoke(
        cli, ["--case", str(case_dir), "estimate", "--method", "dga", "--no-plots"]
    )
    assert result.exit_code == 1
    assert "needs 3 to 5 lists" in result.output
    assert EstimateRun.objects.count() == 0
