"""Pairwise and B-cubed scores."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadkhah.core.linkage.metrics import attainable, scores, scores_by_list_combination


def test_a_perfect_clustering_scores_one_everywhere() -> None:
    truth = {1: "a", 2: "a", 3: "b"}
    s = scores({1: 0, 2: 0, 3: 1}, truth)
    assert (s.precision, s.recall, s.f1, s.bcubed_f1) == (1.0, 1.0, 1.0, 1.0)


def test_pairwise_and_bcubed_by_hand() -> None:
    # truth: {1,2,3} {4}; predicted {1,2} {3,4}
    s = scores({1: 0, 2: 0, 3: 1, 4: 1}, {1: "a", 2: "a", 3: "a", 4: "b"})
    assert (s.true_pairs, s.predicted_pairs, s.correct_pairs) == (3, 2, 1)
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(1 / 3)
    # B-cubed precision: records 1,2 → 1; 3,4 → 1/2 each → 3/4.
    assert s.bcubed_precision == pytest.approx(0.75)
    # B-cubed recall: 1,2 → 2/3; 3 → 1/3; 4 → 1 → (2/3+2/3+1/3+1)/4
    assert s.bcubed_recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)


@given(st.dictionaries(st.integers(0, 30), st.integers(0, 5)), st.data())
def test_scores_lie_between_zero_and_one(truth, data) -> None:
    predicted = {r: data.draw(st.integers(0, 5)) for r in truth}
    s = scores(predicted, truth)
    for v in (s.precision, s.recall, s.f1, s.bcubed_precision, s.bcubed_recall, s.bcubed_f1):
        assert 0.0 <= v <= 1.0


def test_scores_by_list_combination_restrict_to_the_lists() -> None:
    truth = {1: "a", 2: "a", 3: "a"}
    predicted = {1: 0, 2: 0, 3: 1}
    lists = {1: "x", 2: "y", 3: "z"}
    out = dict(scores_by_list_combination(predicted, truth, lists, sizes=[2]))
    assert out[("x", "y")].f1 == 1.0
    assert out[("x", "z")].recall == 0.0
    assert set(out) == {("x", "y"), ("x", "z"), ("y", "z")}


def test_attainable_counts_every_pair_of_a_record_no_linker_may_join_as_missed() -> None:
    # Person A has records 1, 2, 3; person B records 4, 5: four true pairs.
    truth = {1: "A", 2: "A", 3: "A", 4: "B", 5: "B"}
    # Record 3 names one part of a name: pairs 1-3 and 2-3 cannot be made.
    recall, f1 = attainable(truth, linkable=[1, 2, 4, 5])
    assert recall == pytest.approx(2 / 4)
    assert f1 == pytest.approx(2 * 0.5 / 1.5)
    assert attainable(truth, linkable=truth) == (1.0, 1.0)
