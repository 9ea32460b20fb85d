"""Estimates by stratum and their totals, combined draw by draw."""

from __future__ import annotations

import json

import numpy as np
import pytest

from dadkhah.core.estimation import (
    CountsTable,
    EstimationInputError,
    LcmcrSettings,
    estimate_strata,
    read_stratified_counts_csv,
)
from tests.conftest import shared_data

QUICK = LcmcrSettings(K=5, burn_in=500, iterations=4000, thinning=10, chains=2, workers=1, seed=4)


def _table(scale: int) -> CountsTable:
    return CountsTable.from_arrays(
        ["A", "B", "C"],
        [[1, 1, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]],
        [2 * scale, 4 * scale, 3 * scale, 3 * scale, 12 * scale, 11 * scale, 14 * scale],
    )


def test_the_lcmcr_total_is_the_sum_of_the_strata_draws_draw_by_draw() -> None:
    result = estimate_strata({"Evin": _table(5), "Gohardasht": _table(3)}, lcmcr=QUICK)
    parts = [s.result("lcmcr").draws for s in result.strata]  # type: ignore[union-attr]
    total = result.total("lcmcr")
    assert total is not None and total.draws is not None
    assert np.array_equal(total.draws, parts[0] + parts[1])
    assert total.estimate == pytest.approx(float(np.median(parts[0] + parts[1])))
    assert total.lower <= total.estimate <= total.upper  # type: ignore[operator]
    assert result.documented == _table(5).documented + _table(3).documented


def test_each_stratum_has_its_own_seed_and_the_run_is_reproducible() -> None:
    tables = {"Evin": _table(5), "Gohardasht": _table(5)}
    a = estimate_strata(tables, lcmcr=QUICK)
    b = estimate_strata(tables, lcmcr=QUICK)
    seeds = a.settings["stratum_seeds"]
    assert seeds["Evin"] != seeds["Gohardasht"]
    assert np.array_equal(a.total("lcmcr").draws, b.total("lcmcr").draws)  # type: ignore[union-attr]
    evin, gohardasht = (s.result("lcmcr").draws for s in a.strata)  # type: ignore[union-attr]
    assert not np.array_equal(evin, gohardasht)


def test_a_stratum_that_cannot_be_estimated_is_named_and_kept_as_documented() -> None:
    apart = CountsTable.from_arrays(["A", "B", "C"], [[1, 0, 0], [0, 1, 0]], [4, 5])
    result = estimate_strata({"Evin": _table(5), "Mashhad": apart}, lcmcr=QUICK)
    assert [f.stratum for f in result.failures] == ["Mashhad"]
    assert "no person appears on more than one list" in result.failures[0].reason
    assert "stratum-not-estimated" in {w.code for w in result.warnings}
    evin = result.strata[0].result("lcmcr")
    total = result.total("lcmcr")
    assert evin is not None and total is not None and evin.draws is not None
    assert np.array_equal(total.draws, evin.draws + 9)


def test_the_log_linear_total_reproduces_a_single_strata_interval() -> None:
    result = estimate_strata({"only": _table(5)}, methods=["loglinear"], lcmcr=QUICK)
    one = result.strata[0].result("loglinear")
    total = result.total("loglinear")
    assert one is not None and total is not None
    assert total.estimate == pytest.approx(one.estimate, rel=0.01)
    assert total.lower == pytest.approx(one.lower, rel=0.02)
    assert total.upper == pytest.approx(one.upper, rel=0.02)
    assert "approximate-total" in {w.code for w in total.warnings}


def test_the_spina_bifida_strata_give_totals_near_the_unstratified_table() -> None:
    tables = read_stratified_counts_csv(
        shared_data("mse", "upstate_ny_spina_bifida_3lists_by_ethnicity.csv")
    )
    result = estimate_strata(tables, lcmcr=QUICK)
    assert result.documented == 621
    # "other" documents 2 people: too few to estimate, so it is named and kept as documented.
    assert [f.stratum for f in result.failures] == ["other"]
    total = result.total("loglinear")
    assert total is not None and 680 < total.estimate < 800  # type: ignore[operator]
    data = json.loads(result.to_json())
    assert [s["stratum"] for s in data["strata"]] == ["caucasian", "afro-american"]
    assert [s["stratum"] for s in data["failed_strata"]] == ["other"]
    assert {"method", "estimate", "lower", "upper"} <= set(data["results"][0])


def test_no_strata_is_refused() -> None:
    with pytest.raises(EstimationInputError, match="no strata"):
        estimate_strata({}, lcmcr=QUICK)
