"""`dadkhah estimate-table` as users and scripts call it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dadkhah.cli.estimate import estimate_table_command
from tests.conftest import shared_data

REPO = Path(__file__).resolve().parents[2]
QUICK = ["--iterations", "4000", "--burn-in", "500", "--thinning", "10", "--chains", "2",
         "--workers", "1", "--seed", "5", "-K", "5"]  # fmt: skip


def invoke(*args: str) -> object:
    return CliRunner().invoke(estimate_table_command, list(args), catch_exceptions=False)


def test_json_output_is_one_object_with_both_methods() -> None:
    path = shared_data("mse", "rome_hiv_4lists.csv")
    result = invoke(str(path), "--json", *QUICK)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documented"] == 1896
    assert [r["method"] for r in data["results"]] == ["lcmcr", "loglinear"]
    lcmcr, loglinear = data["results"]
    assert {"estimate", "lower", "upper", "chains", "rhat", "ess", "warnings"} <= set(lcmcr)
    assert lcmcr["chains"] == 2
    assert loglinear["estimate"] == pytest.approx(12318, rel=0.01)
    assert loglinear["model"] == "c1:c2"
    assert data["settings"]["lcmcr"]["seed"] == 5


def test_the_text_report_never_shows_a_number_without_its_interval() -> None:
    path = shared_data("mse", "kosovo_1999_4lists.csv")
    result = invoke(str(path), *QUICK)
    assert result.exit_code == 0, result.output
    for line in result.stdout.splitlines():
        if line.strip().startswith(("LCMCR", "log-linear")):
            assert "95% interval" in line
    assert "Seed 5" in result.stdout


@pytest.mark.parametrize("method", ["lcmcr", "loglinear"])
def test_one_method_can_be_chosen(method: str) -> None:
    path = shared_data("mse", "taiwan_hepatitis_a_1995_3lists.csv")
    result = invoke(str(path), "--json", "--method", method, *QUICK)
    data = json.loads(result.stdout)
    assert [r["method"] for r in data["results"]] == [method]


def test_a_stratified_table_gives_strata_and_a_total() -> None:
    path = shared_data("mse", "upstate_ny_spina_bifida_3lists_by_ethnicity.csv")
    result = invoke(str(path), "--json", *QUICK)
    data = json.loads(result.stdout)
    assert data["documented"] == 621
    assert [s["stratum"] for s in data["strata"]] == ["caucasian", "afro-american"]
    # two people documented: too few to estimate; the total says so
    assert [s["stratum"] for s in data["failed_strata"]] == ["other"]
    assert "stratum-not-estimated" in data["warning_codes"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A,count\n1,30\n", "only one list"),
        ("A,B,count\n1,0,3\n0,1,4\n", "no person appears on more than one list"),
        ("A,B,count\n1,2,3\n", "row 2, column 'B'"),
        ("A,B,count\n1,1,-1\n", "not a whole number"),
        ("A,B,count\n1,1,1.5\n", "not a whole number"),
        ("A,B,count\n1,1,3\n1,0,2\n", "at least 10"),
        ("", "is empty"),
        (",".join(f"L{i}" for i in range(26)) + ",count\n" + "1," * 26 + "3\n", "at most 25"),
    ],
)
def test_bad_input_exits_non_zero_with_a_sentence_on_stderr(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    result = invoke(str(path), "--json", *QUICK)
    assert result.exit_code != 0
    assert expected in result.stderr
    assert result.stdout == ""


def test_too_few_kept_draws_is_refused_before_running() -> None:
    path = shared_data("mse", "rome_hiv_4lists.csv")
    result = invoke(str(path), "--iterations", "50", "--thinning", "10")
    assert result.exit_code == 2
    assert "--iterations" in result.stderr


def test_plots_are_written_where_asked(tmp_path: Path) -> None:
    path = shared_data("mse", "taiwan_hepatitis_a_1995_3lists.csv")
    result = invoke(str(path), *QUICK, "--plots", str(tmp_path / "fig"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "fig" / "posterior.svg").exists()
    assert (tmp_path / "fig" / "traces.png").exists()


def _registered() -> bool:
    from dadkhah.cli.main import cli

    return "estimate-table" in cli.commands


def test_python_dash_m_dadkhah_runs_estimate_table() -> None:
    if not _registered():
        pytest.skip("dadkhah.cli.main does not register dadkhah.cli.estimate yet")
    path = shared_data("mse", "rome_hiv_4lists.csv")
    env = {k: v for k, v in os.environ.items() if k not in ("DADKHAH_CASE", "DATABASE_URL")}
    proc = subprocess.run(
        [sys.executable, "-m", "dadkhah", "estimate-table", str(path), "--json",
         "--method", "loglinear"],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["results"][0]["estimate"] == pytest.approx(12318, rel=0.01)


def test_all_methods_give_dga_beside_the_others_with_a_reading() -> None:
    path = shared_data("mse", "rome_hiv_4lists.csv")
    result = invoke(str(path), "--json", "--method", "all", *QUICK)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [r["method"] for r in data["results"]] == ["lcmcr", "loglinear", "dga"]
    dga = data["results"][2]
    assert dga["lower"] <= dga["estimate"] <= dga["upper"]
    assert dga["details"]["graphs"] == 61
    assert data["settings"]["dga"] == {"delta": None}
    assert data["comparison"] and all(isinstance(s, str) for s in data["comparison"])


def test_all_methods_in_text_compare_them_and_never_show_a_bare_number() -> None:
    path = shared_data("mse", "massachusetts_congenital_anomaly_5lists.csv")
    result = invoke(str(path), "--method", "all", *QUICK)
    assert result.exit_code == 0, result.output
    dga = [line for line in result.stdout.splitlines() if line.strip().startswith("dga")]
    assert len(dga) == 1 and "95% interval" in dga[0] and "best graph [" in dga[0]
    assert "Reading the methods together:" in result.stdout


def test_all_methods_list_dga_as_not_run_beyond_five_lists() -> None:
    path = shared_data("mse", "new_orleans_trafficking_8lists.csv")
    result = invoke(str(path), "--json", "--method", "all", "--dga-delta", "0.5", *QUICK)
    assert result.exit_code == 0, result.output
    dga = json.loads(result.stdout)["results"][2]
    assert dga["method"] == "dga" and dga["estimate"] is None
    assert dga["warning_codes"] == ["not-run"]
    assert "3 to 5 lists" in dga["warnings"][0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A,B,count\n1,1,30\n1,0,20\n0,1,25\n", "needs 3 to 5 lists"),
        ("A,B,C,count\n1,1,0,30\n1,0,0,20\n0,1,0,25\n", "list(s) C record nobody"),
    ],
    ids=["two-lists", "a-list-never-appears"],
)
def test_dga_by_name_refuses_a_table_it_cannot_take(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    result = invoke(str(path), "--json", "--method", "dga")
    assert result.exit_code != 0
    assert expected in result.stderr
    assert result.stdout == ""
