"""Estimates pooled over plausible linkages: the linkage share, thresholds, sensitivity."""

from __future__ import annotations

import math

import numpy as np
import pytest

from dadkhah.core.errors import InputError
from dadkhah.core.estimation import CountsTable, LcmcrSettings, LoglinearSettings, estimate_table
from dadkhah.core.estimation.linkage import (
    SensitivityRow,
    check_threshold,
    count_interval,
    estimate_linkage_samples,
    linkage_share,
    pool_results,
    sensitivity_warning,
)
from dadkhah.core.estimation.result import MethodResult

FAST = LcmcrSettings(burn_in=500, iterations=2000, thinning=10, chains=2, seed=3, workers=1)


def _table(n: int, seed: int, p: tuple[float, ...] = (0.4, 0.35, 0.3)) -> CountsTable:
    rng = np.random.default_rng(seed)
    caught = rng.random((n, len(p))) < np.array(p)
    names = [f"l{j}" for j in range(len(p))]
    rows = [frozenset(names[j] for j in range(len(p)) if r[j]) for r in caught if r.any()]
    return CountsTable.from_memberships(names, rows)


def test_linkage_share_is_near_zero_when_every_linkage_gives_the_same_posterior() -> None:
    rng = np.random.default_rng(0)
    draws = [rng.normal(1000, 50, 200) for _ in range(40)]
    assert linkage_share(draws) < 0.05


def test_linkage_share_is_near_one_when_linkages_move_a_narrow_posterior() -> None:
    rng = np.random.default_rng(0)
    draws = [rng.normal(1000 + 100 * k, 5, 200) for k in range(40)]
    assert linkage_share(draws) > 0.95


def test_one_linkage_sample_has_no_linkage_share() -> None:
    assert linkage_share([np.arange(10.0)]) == 0.0


def test_pooled_interval_widens_when_linkages_disagree_and_keeps_the_point() -> None:
    point = estimate_table(_table(2000, 1), lcmcr=FAST)
    # Linkages that read between 5% fewer and 5% more documented people.
    tables = [_table(n, 10 + n) for n in (1900, 1950, 2000, 2050, 2100, 2150)]
    samples = estimate_linkage_samples(
        tables, methods=["lcmcr", "loglinear"], lcmcr=FAST, loglinear=LoglinearSettings()
    )
    pooled = pool_results(point.results, samples, seed=1)
    assert [r.method for r in pooled] == ["lcmcr", "loglinear"]
    for before, after in zip(point.results, pooled, strict=True):
        assert after.linkage_share is not None and 0 < after.linkage_share < 1
        assert after.details["at_point_linkage"]["estimate"] == before.estimate
        assert after.details["linkage_samples_used"] == len(tables)
        assert after.lower is not None and after.upper is not None
        assert after.lower <= after.estimate <= after.upper  # type: ignore[operator]
    lcmcr = pooled[0]
    assert lcmcr.at_point is point.results[0]
    assert lcmcr.to_dict()["linkage_share"] == pytest.approx(lcmcr.linkage_share)


def test_a_linkage_sample_without_overlap_is_left_out_of_the_pool() -> None:
    apart = CountsTable.from_arrays(["a", "b", "c"], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [5, 5, 5])
    samples = estimate_linkage_samples(
        [apart, _table(1500, 2)], methods=["loglinear"], lcmcr=FAST, loglinear=LoglinearSettings()
    )
    assert len(samples) == 1


@pytest.mark.parametrize("bad", [0, 1, -0.2, 1.3, math.nan])
def test_a_threshold_outside_zero_one_is_refused_with_what_to_do(bad: float) -> None:
    with pytest.raises(InputError, match=r"outside \(0, 1\).*Use e\.g\. 0\.5"):
        check_threshold(bad)


def test_count_interval_spans_the_middle_95_percent_of_samples() -> None:
    assert count_interval(list(range(1, 201))) == (5, 195)


def _row(threshold: float, estimate: float) -> SensitivityRow:
    return SensitivityRow(threshold, 900, {"lcmcr": (estimate, estimate - 50, estimate + 50)})


def test_sensitivity_warns_loudly_when_the_estimate_moves_more_than_its_half_width() -> None:
    result = MethodResult("lcmcr", 1000, 950, 1050)
    rows = [_row(0.3, 980), _row(0.5, 1000), _row(0.9, 1080)]
    warning = sensitivity_warning(rows, [result])
    assert warning is not None
    assert warning.code == "threshold-sensitive"
    assert warning.message.startswith("THE ESTIMATE DEPENDS ON THE LINK THRESHOLD")
    assert "moves by 100" in warning.message


def test_sensitivity_is_quiet_when_the_estimate_stays_within_its_half_width() -> None:
    result = MethodResult("lcmcr", 1000, 950, 1050)
    assert sensitivity_warning([_row(0.3, 990), _row(0.9, 1010)], [result]) is None


def test_linkage_samples_refit_the_log_linear_model_chosen_at_the_point_linkage() -> None:
    from dadkhah.core.estimation.loglinear import fit_model

    point = estimate_table(_table(1500, 1), methods=["loglinear"])
    chosen = tuple(tuple(p) for p in point.results[0].details["pairs"])
    tables = [_table(1500, 20 + k) for k in range(3)]
    samples = estimate_linkage_samples(
        tables, methods=["loglinear"], lcmcr=FAST, loglinear=LoglinearSettings(), point=point
    )
    for table, (documented, results) in zip(tables, samples, strict=True):
        fit = fit_model(table, chosen)  # type: ignore[arg-type]
        assert fit is not None
        assert documented == table.documented
        assert results[0].estimate == pytest.approx(fit.estimate)
