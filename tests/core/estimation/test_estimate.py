"""Estimating a table: numbers come with intervals and warnings; undefined estimates refuse."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pytest

from dadkhah.core.estimation import (
    CountsTable,
    EstimationInputError,
    LcmcrSettings,
    estimate_table,
    read_counts_csv,
)
from dadkhah.core.estimation.estimate import _lcmcr_result, comparison_warnings
from dadkhah.core.estimation.lcmcr import ChainDraws, LcmcrRun
from dadkhah.core.estimation.result import MethodResult
from tests.conftest import shared_data

QUICK = LcmcrSettings(K=5, burn_in=500, iterations=5000, thinning=10, chains=2, workers=1, seed=1)


def _codes(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {w.code for w in result.all_warnings()}


def test_one_list_is_refused_because_the_estimate_is_undefined() -> None:
    table = CountsTable.from_arrays(["A"], [[1]], [40])
    with pytest.raises(EstimationInputError, match=r"only one list .* undefined"):
        estimate_table(table, lcmcr=QUICK)


def test_a_second_list_that_records_nobody_still_counts_as_one_list() -> None:
    table = CountsTable.from_arrays(["A", "B"], [[1, 0]], [40])
    with pytest.raises(EstimationInputError, match="only one list"):
        estimate_table(table, lcmcr=QUICK)


def test_lists_without_any_overlap_are_refused_with_the_reason() -> None:
    table = CountsTable.from_arrays(["A", "B", "C"], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [5, 6, 7])
    with pytest.raises(EstimationInputError, match="no person appears on more than one list"):
        estimate_table(table, lcmcr=QUICK)


def test_an_unknown_method_is_refused() -> None:
    table = CountsTable.from_arrays(["A", "B"], [[1, 1], [1, 0], [0, 1]], [20, 40, 30])
    with pytest.raises(EstimationInputError, match="unknown method magic"):
        estimate_table(table, methods=["magic"])


def test_two_lists_give_a_log_linear_estimate_and_say_lcmcr_cannot_run() -> None:
    table = CountsTable.from_arrays(["A", "B"], [[1, 1], [1, 0], [0, 1]], [20, 40, 30])
    result = estimate_table(table, lcmcr=QUICK)
    lcmcr, loglinear = result.results
    assert lcmcr.estimate is None and "not-run" in {w.code for w in lcmcr.warnings}
    assert loglinear.estimate == pytest.approx(150)
    assert "too-few-lists" in _codes(result)


def test_thin_overlap_and_pairs_that_never_meet_are_warned_about() -> None:
    table = read_counts_csv(shared_data("mse", "new_orleans_trafficking_8lists.csv"))
    result = estimate_table(table, lcmcr=QUICK)
    codes = _codes(result)
    assert {"little-overlap", "lists-never-overlap"} <= codes


def test_the_two_methods_disagreeing_beyond_their_intervals_is_warned_about() -> None:
    a = MethodResult("lcmcr", 700, 500, 1000)
    b = MethodResult("loglinear", 3400, 1400, 11500)
    assert [w.code for w in comparison_warnings([a, b], 600)] == ["methods-disagree"]
    c = MethodResult("loglinear", 900, 800, 1100)
    assert comparison_warnings([a, c], 600) == []


def test_an_estimate_far_beyond_the_documented_is_flagged_as_extrapolation() -> None:
    a = MethodResult("loglinear", 5000, 3000, 9000)
    assert [w.code for w in comparison_warnings([a], 100)] == ["large-extrapolation"]


def _run(medians: list[float]) -> LcmcrRun:
    rng = np.random.default_rng(0)
    chains = tuple(
        ChainDraws(
            chain=c,
            n=np.round(rng.normal(m, m * 0.02, 500)).astype(np.int64),
            alpha=np.ones(500),
            k_star=np.full(500, 2, dtype=np.int64),
            start_n0=0,
            seconds=0.0,
        )
        for c, m in enumerate(medians)
    )
    return LcmcrRun(LcmcrSettings(chains=len(medians), seed=1), 100, chains)


def test_chains_in_two_modes_are_reported_loudly() -> None:
    result = _lcmcr_result(_run([1000, 1000, 1000, 1600]))
    codes = [w.code for w in result.warnings]
    assert "chains-disagree" in codes
    message = next(w.message for w in result.warnings if w.code == "chains-disagree")
    assert message.startswith("CHAINS DISAGREE")
    assert re.search(r"chain 4: 1,[56]\d\d", message)


def test_chains_that_agree_give_no_convergence_warning() -> None:
    result = _lcmcr_result(_run([1000, 1000, 1000, 1000]))
    assert result.warnings == []
    assert result.details["rhat"] < 1.01


def test_a_single_chain_is_warned_about() -> None:
    result = _lcmcr_result(_run([1000]))
    assert "one-chain" in {w.code for w in result.warnings}


def test_the_json_has_the_documented_shape_and_every_setting() -> None:
    table = read_counts_csv(shared_data("mse", "rome_hiv_4lists.csv"))
    result = estimate_table(table, lcmcr=QUICK)
    data = json.loads(result.to_json())
    assert data["documented"] == 1896
    lcmcr, loglinear = data["results"]
    assert set(lcmcr) >= {
        "method",
        "estimate",
        "lower",
        "upper",
        "chains",
        "rhat",
        "ess",
        "warnings",
    }
    assert set(loglinear) >= {"method", "estimate", "lower", "upper", "model", "warnings"}
    assert lcmcr["lower"] <= lcmcr["estimate"] <= lcmcr["upper"]
    assert loglinear["estimate"] == 12318 and loglinear["model"] == "c1:c2"
    assert data["settings"]["lcmcr"]["seed"] == 1
    assert data["settings"]["lcmcr"]["K"] == 5
    assert data["settings"]["loglinear"]["criterion"] == "aic"
    assert data["table_sha256"] == table.sha256()
    assert isinstance(data["warnings"], list)


def test_an_unbounded_interval_serialises_as_null_not_infinity() -> None:
    result = MethodResult("loglinear", 500, 300, math.inf)
    assert result.to_dict()["upper"] is None
