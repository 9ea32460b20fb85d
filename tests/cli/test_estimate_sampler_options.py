"""`estimate-table --sampler` and `--sensitivity`: the LCMCR options of issue 15."""

from __future__ import annotations

import json

from click.testing import CliRunner

from dadkhah.cli.estimate import _sensitivity_lines, estimate_table_command
from dadkhah.core.estimation.lcmcr import SENSITIVITY_ALPHA, SENSITIVITY_K
from tests.conftest import shared_data

QUICK = ["--method", "lcmcr", "--iterations", "2000", "--burn-in", "200", "--thinning", "10",
         "--chains", "2", "--workers", "1", "--seed", "5", "-K", "5"]  # fmt: skip


def invoke(*args: str) -> object:
    return CliRunner().invoke(estimate_table_command, list(args), catch_exceptions=False)


def test_the_tempered_sampler_is_recorded_with_its_swap_rates() -> None:
    path = shared_data("mse", "taiwan_hepatitis_a_1995_3lists.csv")
    result = invoke(str(path), "--json", "--sampler", "tempered", *QUICK)
    assert result.exit_code == 0, result.output
    lcmcr = json.loads(result.stdout)["results"][0]
    assert lcmcr["details"]["sampler"] == "tempered"
    assert lcmcr["details"]["settings"]["sampler"] == "tempered"
    rates = lcmcr["details"]["swap_rates"]
    assert len(rates) == 2 and all(len(chain) == 3 for chain in rates)
    assert all(0.0 <= rate <= 1.0 for chain in rates for rate in chain)


def test_sensitivity_rows_come_in_the_json_and_the_report() -> None:
    path = shared_data("mse", "taiwan_hepatitis_a_1995_3lists.csv")
    result = invoke(str(path), "--json", "--sensitivity", *QUICK)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"][0]["details"]["sensitivity"]
    assert len(rows) == len(SENSITIVITY_K) + len(SENSITIVITY_ALPHA) - 1
    assert {"K", "a_alpha", "b_alpha", "estimate", "lower", "upper", "rhat"} <= set(rows[0])
    text = "\n".join(_sensitivity_lines(rows))  # what the report prints under LCMCR
    assert "sensitivity (short runs)" in text
    assert text.count("this run's K and prior") == 1


def test_no_sensitivity_table_unless_asked() -> None:
    path = shared_data("mse", "taiwan_hepatitis_a_1995_3lists.csv")
    result = invoke(str(path), "--json", *QUICK)
    assert "sensitivity" not in json.loads(result.stdout)["results"][0]["details"]


def test_chains_start_where_asked_and_the_run_records_it() -> None:
    path = shared_data("mse", "taiwan_hepatitis_a_1995_3lists.csv")
    default = json.loads(invoke(str(path), "--json", *QUICK).stdout)
    lists = json.loads(invoke(str(path), "--json", "--start", "lists", *QUICK).stdout)
    assert default["settings"]["lcmcr"]["start"] == "uniform"
    assert lists["settings"]["lcmcr"]["start"] == "lists"
    assert default["results"][0]["estimate"] != lists["results"][0]["estimate"]
