"""Log-linear estimates against the published and independently computed values in ../shared/data/mse."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadkhah.core.estimation.loglinear import (
    LoglinearSettings,
    fit_loglinear,
    fit_model,
    profile_interval,
)
from dadkhah.core.estimation.table import CountsTable, EstimationInputError, read_counts_csv
from tests.conftest import shared_data

# (file, estimate, lower, upper, model) from ../shared/data/mse/README.md:
# AIC-best main effects + two-way interactions, 95% profile-likelihood interval.
REFERENCE = [
    ("rome_hiv_4lists.csv", 12318, 10266, 14992, "c1:c2"),
    (
        "kosovo_1999_4lists.csv",
        14342,
        12525,
        16543,
        "EXH:ABA + EXH:OSCE + EXH:HRW + ABA:OSCE + OSCE:HRW",
    ),
    ("allegheny_lesbian_4lists.csv", 7126, 5887, 8722, "A:B + A:C + A:D + B:C + B:D + C:D"),
    ("massachusetts_congenital_anomaly_5lists.csv", 635, 602, 674, None),
    ("casale_monferrato_diabetes_4lists.csv", 2771, 2527, 3104, None),
    ("upstate_ny_spina_bifida_3lists.csv", 753, 708, 808, None),
    ("taiwan_hepatitis_a_1995_3lists.csv", 1313, 655, 3031, "P:Q + P:E + Q:E"),
]


@pytest.mark.parametrize(
    ("name", "estimate", "lower", "upper", "model"), REFERENCE, ids=[r[0] for r in REFERENCE]
)
def test_the_aic_best_model_matches_the_reference_within_one_percent(
    name: str, estimate: int, lower: int, upper: int, model: str | None
) -> None:
    fit = fit_loglinear(read_counts_csv(shared_data("mse", name)))
    assert fit.chosen.estimate == pytest.approx(estimate, rel=0.01)
    assert fit.lower == pytest.approx(lower, rel=0.01)
    assert fit.upper == pytest.approx(upper, rel=0.01)
    if model is not None:
        assert fit.chosen.name == model


def test_rome_hiv_matches_rcapture_aic_and_standard_error() -> None:
    fit = fit_loglinear(read_counts_csv(shared_data("mse", "rome_hiv_4lists.csv")))
    assert fit.chosen.aic == pytest.approx(86.65, abs=0.01)
    assert fit.chosen.std_error == pytest.approx(1189, abs=1)


@pytest.mark.parametrize(
    ("name", "estimate", "lower", "upper"),
    [
        ("kosovo_1999_4lists.csv", 7395, 7148, 7656),
        ("rome_hiv_4lists.csv", 11121, 9532, 13114),
        ("taiwan_hepatitis_a_1995_3lists.csv", 388, 350, 436),
    ],
)
def test_the_independence_model_matches_the_reference(
    name: str, estimate: int, lower: int, upper: int
) -> None:
    table = read_counts_csv(shared_data("mse", name))
    fit = fit_model(table, ())
    assert fit is not None
    lo, hi, unbounded = profile_interval(table, fit)
    assert fit.estimate == pytest.approx(estimate, rel=0.01)
    assert (lo, hi) == (pytest.approx(lower, rel=0.01), pytest.approx(upper, rel=0.01))
    assert not unbounded


def test_two_lists_give_the_lincoln_petersen_estimate() -> None:
    # n1 = 60, n2 = 50, both = 20: N = n1 n2 / m = 150 (Petersen; Chapman's variant differs)
    table = CountsTable.from_arrays(["A", "B"], [[1, 1], [1, 0], [0, 1]], [20, 40, 30])
    fit = fit_loglinear(table)
    assert fit.chosen.name == "independence"
    assert fit.chosen.estimate == pytest.approx(150.0)
    assert fit.lower < 150 < fit.upper


def test_an_interaction_between_lists_that_share_nobody_is_never_fitted() -> None:
    table = CountsTable.from_arrays(
        ["A", "B", "C"], [[1, 0, 1], [0, 1, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1]], [5, 6, 30, 40, 50]
    )
    assert fit_model(table, ((0, 1),)) is None
    fit = fit_loglinear(table)
    assert all(pair != (0, 1) for m in fit.candidates for pair in m.pairs)


def test_bic_penalises_more_and_picks_no_larger_a_model_than_aic() -> None:
    table = read_counts_csv(shared_data("mse", "kosovo_1999_4lists.csv"))
    aic = fit_loglinear(table, LoglinearSettings(criterion="aic"))
    bic = fit_loglinear(table, LoglinearSettings(criterion="bic"))
    assert len(bic.chosen.pairs) <= len(aic.chosen.pairs)


def test_six_lists_are_searched_forward_stepwise() -> None:
    fit = fit_loglinear(read_counts_csv(shared_data("mse", "snowshoe_hare_6occasions.csv")))
    assert fit.search.startswith("forward stepwise")
    assert math.isfinite(fit.upper) and fit.lower <= fit.chosen.estimate <= fit.upper


def test_more_lists_than_the_log_linear_limit_are_refused() -> None:
    lists = [f"L{i}" for i in range(11)]
    rows = [[1 if j in (i, (i + 1) % 11) else 0 for j in range(11)] for i in range(11)]
    table = CountsTable.from_arrays(lists, rows, [3] * 11)
    with pytest.raises(EstimationInputError, match="at most 10 lists"):
        fit_loglinear(table)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=200), min_size=7, max_size=7).filter(
        lambda c: sum(c[i] for i in (2, 4, 5, 6)) > 0 and sum(c) > 10
    )
)
def test_the_interval_holds_the_estimate_and_never_goes_below_the_documented(
    counts: list[int],
) -> None:
    # cells of three lists in binary order 001 … 111; index 2, 4, 5, 6 are on several lists
    patterns = [[(code >> s) & 1 for s in (2, 1, 0)] for code in range(1, 8)]
    table = CountsTable.from_arrays(["A", "B", "C"], patterns, counts)
    if any(size == 0 for size in table.list_sizes().values()):
        return
    try:
        fit = fit_loglinear(table)
    except EstimationInputError:
        return
    assert table.documented - 1e-6 <= fit.lower <= fit.upper
    assert fit.chosen.estimate < 1e6 * table.documented
    inside = fit.lower - 0.5 <= fit.chosen.estimate <= fit.upper + 0.5
    assert inside or fit.estimate_outside_interval
