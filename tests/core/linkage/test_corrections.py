"""Order-restricted levels and the prior re-estimated from scored pairs."""

from __future__ import annotations

import math
import random

import pytest

from dadkhah.core.linkage.corrections import order_restrict_levels, prior_fixed_point


def _model(levels: list[tuple[float, float]]) -> dict[str, object]:
    return {
        "comparisons": [
            {
                "output_column_name": "affiliation",
                "comparison_levels": [
                    {"is_null_level": True, "label_for_charts": "null"},
                    *(
                        {"m_probability": m, "u_probability": u, "label_for_charts": f"level {i}"}
                        for i, (m, u) in enumerate(levels)
                    ),
                ],
            }
        ]
    }


def _levels(model: dict[str, object]) -> list[dict[str, float]]:
    comparison = model["comparisons"][0]  # type: ignore[index]
    return [lv for lv in comparison["comparison_levels"] if "m_probability" in lv]


def test_an_agreement_that_counts_against_a_match_is_pooled_with_disagreement() -> None:
    model = _model([(0.01, 0.27), (0.99, 0.73)])  # same affiliation: m < u
    notes = order_restrict_levels(model)
    levels = _levels(model)
    ratios = [lv["m_probability"] / lv["u_probability"] for lv in levels]
    assert ratios[0] == pytest.approx(ratios[1]) == pytest.approx(1.0)
    assert sum(lv["m_probability"] for lv in levels) == pytest.approx(1.0)
    assert notes and "affiliation" in notes[0]


def test_levels_already_in_order_are_left_alone() -> None:
    model = _model([(0.8, 0.01), (0.15, 0.09), (0.05, 0.9)])
    assert order_restrict_levels(model) == []
    assert [lv["m_probability"] for lv in _levels(model)] == [0.8, 0.15, 0.05]


def test_prior_fixed_point_recovers_the_share_of_matches() -> None:
    # Pairs drawn from the Fellegi-Sunter model itself: four fields agreeing
    # with chance m among matches and u among non-matches; each pair's
    # weight is its true log2 Bayes factor.
    rng = random.Random(4)
    m, u, fields = 0.9, 0.05, 4
    total, matches = 200_000, 400
    weights = []
    for i in range(total):
        chance = m if i < matches else u
        agree = sum(rng.random() < chance for _ in range(fields))
        weights.append(agree * math.log2(m / u) + (fields - agree) * math.log2((1 - m) / (1 - u)))
    lam = prior_fixed_point(weights, total, start=1e-5)
    assert lam == pytest.approx(matches / total, rel=0.15)


def test_prior_fixed_point_keeps_the_start_without_pairs() -> None:
    assert prior_fixed_point([], 100, start=0.01) == 0.01
    assert math.isclose(prior_fixed_point([1.0], 0, start=0.2), 0.2)
