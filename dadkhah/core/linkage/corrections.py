"""Corrections of a trained Fellegi-Sunter model that keep its probabilities honest.

EM on lists that were never written for it goes wrong in two known ways,
and both showed on the second generator's lists (issue 10):

* **Agreement that counts against a match.** A field present on few pairs
  (a prison on one list, an affiliation on two) lets EM settle on an m
  below u for "the same prison": agreeing would then lower the probability.
  Levels of a comparison are written from the strongest agreement down to
  "everything else", so their likelihood ratios m/u should not increase
  down the list (monotone likelihood ratio). `order_restrict_levels`
  enforces it by pooling adjacent violators, the order-restricted estimate
  (Robertson, Wright & Dykstra, *Order Restricted Statistical Inference*,
  1988, ch. 1): pooled levels share one ratio Σm / Σu, and the totals of m
  and u are kept, so each stays a probability distribution.
* **A prior from a rule the lists do not support.** The share of matching
  pairs λ is first estimated from pairs that agree on every name, assuming
  that rule finds a fixed share of the matches; where lists leave out the
  father's name, it finds far fewer, and every probability comes out too
  low. `prior_fixed_point` re-estimates λ as the expected share of matches
  over all pairs given the trained m and u: the M-step of the Fellegi-Sunter
  EM for λ (Winkler 1988; Jaro 1989) run on the scored candidate pairs, the
  pairs blocking leaves out having a negligible probability.

Plain Python: no Splink, no Django.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

__all__ = ["order_restrict_levels", "prior_fixed_point"]


def order_restrict_levels(splink_model: dict[str, Any]) -> list[str]:
    """Make each comparison's likelihood ratios non-increasing down its levels (in place).

    Args:
        splink_model: A saved Splink model (its "comparisons" with
            m_probability and u_probability per level).

    Returns:
        A note for each comparison whose levels were pooled.
    """
    notes = []
    for comparison in splink_model["comparisons"]:
        levels = [
            lv
            for lv in comparison["comparison_levels"]
            if not lv.get("is_null_level")
            and lv.get("m_probability") is not None
            and lv.get("u_probability") is not None
        ]
        if len(levels) < 2:
            continue
        # Blocks of adjacent levels: [sum m, sum u, first index, last index].
        blocks: list[list[Any]] = []
        for i, lv in enumerate(levels):
            blocks.append([float(lv["m_probability"]), float(lv["u_probability"]), i, i])
            while len(blocks) > 1 and _ratio(blocks[-2]) < _ratio(blocks[-1]):
                last = blocks.pop()
                blocks[-1][0] += last[0]
                blocks[-1][1] += last[1]
                blocks[-1][3] = last[3]
        if len(blocks) == len(levels):
            continue
        pooled = []
        for m, u, first, last in blocks:
            if first == last:
                continue
            ratio = _ratio([m, u])
            for lv in levels[first : last + 1]:
                lv["m_probability"] = float(lv["u_probability"]) * ratio
            pooled.append(
                " + ".join(str(lv.get("label_for_charts", "?")) for lv in levels[first : last + 1])
            )
        notes.append(
            f"{comparison['output_column_name']}: levels pooled to keep agreement evidence ordered ({'; '.join(pooled)})"
        )
    return notes


def _ratio(block: Sequence[float]) -> float:
    m, u = block[0], block[1]
    return m / u if u > 0 else math.inf


def prior_fixed_point(
    bayes_factors_log2: Sequence[float],
    total_pairs: float,
    start: float,
    *,
    iterations: int = 200,
    tolerance: float = 1e-9,
) -> float:
    """The share of matching pairs λ that the trained m and u imply.

    Iterates λ ← Σ p_i(λ) / N, with p_i(λ) = λ·K_i / (λ·K_i + 1 − λ) for the
    Bayes factor K_i of each scored pair and N every pair of records.

    Args:
        bayes_factors_log2: log2 of each scored pair's Bayes factor (its match
            weight without the prior's term).
        total_pairs: Every pair the model could have scored (n(n−1)/2).
        start: The first λ (the training's estimate).
        iterations: At most this many steps.
        tolerance: Stop when λ moves by less than this share of itself.

    Returns:
        λ, in (0, 1); `start` when there is nothing to re-estimate from.
    """
    import numpy as np

    weights = np.asarray(bayes_factors_log2, dtype=np.float64)
    if weights.size == 0 or total_pairs <= 0 or not 0.0 < start < 1.0:
        return start
    factors = np.exp2(np.minimum(weights, 1000.0))
    lam = start
    for _ in range(iterations):
        expected = float(np.sum(lam * factors / (lam * factors + 1.0 - lam)))
        new = min(max(expected / total_pairs, 1e-12), 0.5)
        if abs(new - lam) <= tolerance * lam:
            return new
        lam = new
    return lam
