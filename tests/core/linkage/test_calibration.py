"""Reliability tables, ECE, blocking recall and the monotone recalibration."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadkhah.core.linkage.calibration import (
    Recalibration,
    blocking_recall,
    expected_calibration_error,
    fit_isotonic,
    reliability,
)


def _calibrated_sample(n: int, seed: int) -> tuple[list[float], list[bool]]:
    rng = random.Random(seed)
    probs = [rng.random() for _ in range(n)]
    return probs, [rng.random() < p for p in probs]


def test_reliability_puts_each_pair_in_its_decile_and_counts_true_matches() -> None:
    table = reliability([0.05, 0.05, 0.95, 1.0], [False, True, True, True])
    assert [b.pairs for b in table] == [2, 0, 0, 0, 0, 0, 0, 0, 0, 2]
    assert table[0].observed == 0.5
    assert table[9].predicted == pytest.approx(0.975)


def test_ece_is_small_for_calibrated_probabilities_and_large_for_underconfident_ones() -> None:
    probs, outcomes = _calibrated_sample(20_000, 1)
    assert expected_calibration_error(reliability(probs, outcomes)) < 0.02
    shrunk = [p / 3 for p in probs]
    assert expected_calibration_error(reliability(shrunk, outcomes)) > 0.25


def test_reliability_refuses_sequences_of_different_lengths() -> None:
    with pytest.raises(ValueError, match="2 probabilities but 1 outcomes"):
        reliability([0.1, 0.2], [True])


def test_blocking_recall_counts_true_pairs_that_share_a_rule() -> None:
    records = [
        {"unique_id": 1, "given": "ALI", "family": "KRMI"},
        {"unique_id": 2, "given": "ALI", "family": "KRIMI"},
        {"unique_id": 3, "given": "HSN", "family": "RHIMI"},
        {"unique_id": 4, "given": None, "family": "RHIMI"},
    ]
    truth = {1: "p", 2: "p", 3: "q", 4: "q"}
    assert blocking_recall(records, [("given",)], truth) == (0.5, 2)
    assert blocking_recall(records, [("given",), ("family",)], truth) == (1.0, 2)
    assert blocking_recall(records, [("given", "family")], truth) == (0.0, 2)


def test_isotonic_fit_corrects_underconfident_probabilities_on_fresh_data() -> None:
    probs, outcomes = _calibrated_sample(20_000, 2)
    cal = fit_isotonic([p / 3 for p in probs], outcomes, min_bin=200)
    fresh, fresh_out = _calibrated_sample(20_000, 3)
    fixed = [cal(p / 3) for p in fresh]
    assert expected_calibration_error(reliability(fixed, fresh_out)) < 0.03


@given(st.lists(st.tuples(st.floats(0, 1), st.booleans()), min_size=20, max_size=300))
def test_isotonic_fit_is_a_monotone_map_into_the_unit_interval(
    sample: list[tuple[float, bool]],
) -> None:
    cal = fit_isotonic([p for p, _ in sample], [y for _, y in sample], min_bin=5)
    grid = [i / 100 for i in range(101)]
    values = [cal(p) for p in grid]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert all(a <= b for a, b in pairwise(values))


def test_recalibration_inverse_finds_the_model_probability_that_reaches_a_level() -> None:
    cal = Recalibration(x=(0.0, 0.1, 1.0), y=(0.0, 0.5, 1.0))
    assert cal(0.05) == pytest.approx(0.25)
    assert cal.inverse(0.25) == pytest.approx(0.05)
    assert cal.inverse(0.0) == 0.0
    assert Recalibration.from_dict(cal.as_dict()) == cal


def test_recalibration_refuses_a_map_that_is_not_monotone() -> None:
    with pytest.raises(ValueError, match="non-decreasing"):
        Recalibration(x=(0.0, 0.5, 1.0), y=(0.0, 0.8, 0.6))
