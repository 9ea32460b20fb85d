"""The simulated reviewer: answers from the truth never make the clustering worse here."""

from __future__ import annotations

from dadkhah.core.linkage.metrics import scores
from dadkhah.core.linkage.simulation import review_order, simulate_review


def test_the_queue_is_the_band_and_the_refused_most_uncertain_first() -> None:
    links = [(1, 2, 0.95), (3, 4, 0.55), (5, 6, 0.3), (8, 7, 0.7), (9, 10, 0.1)]
    queue = review_order(links, low=0.2, high=0.9, refused=[(2, 1)])
    assert [(a, b) for a, b, _ in queue] == [(3, 4), (7, 8), (5, 6), (1, 2)]


def test_answering_uncertain_pairs_from_the_truth_fixes_them() -> None:
    # truth: {1,2} one person, {3} another. The model links 1-3 (wrong) and misses 1-2.
    truth = {1: "a", 2: "a", 3: "b"}
    links = [(1, 3, 0.6), (1, 2, 0.4)]
    before = cluster_f1 = scores({1: 1, 2: 2, 3: 1}, truth)
    steps = simulate_review(
        [1, 2, 3], links, truth, threshold=0.5, low=0.2, high=0.9, steps=[0, 1, 2]
    )
    assert steps[0].scores.f1 == cluster_f1.f1
    assert [s.decisions for s in steps] == [0, 1, 2]
    assert steps[-1].scores.f1 == 1.0
    assert steps[-1].same == 1
    assert steps[-1].gain_per_100(before) > 0
