"""Why two records were (or were not) linked: the match weight, term by term.

In the Fellegi-Sunter model a pair's match weight is the prior weight plus
one term per comparison: log2(m/u) of the level the pair falls in (plus a
term-frequency adjustment, negative for a common name that agrees), and the
match probability is 2^w / (1 + 2^w) (Fellegi & Sunter, *A theory for record
linkage*, JASA 1969; Splink's "match weight"). An explanation keeps those
terms for one pair in a compact form — the comparison's level number and its
weights — and is rendered with the level labels of the model that scored it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Term",
    "compact_explanation",
    "comparison_names",
    "describe",
    "level_weights",
    "probability_from_weight",
    "render",
]


def probability_from_weight(weight: float) -> float:
    """Match probability from a match weight (log2 odds)."""
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    odds = math.pow(2.0, weight)
    return odds / (1.0 + odds)


def _prior_weight(splink_model: Mapping[str, Any]) -> float:
    prior = float(splink_model["probability_two_random_records_match"])
    return float(math.log2(prior / (1.0 - prior)))


def comparison_names(splink_model: Mapping[str, Any]) -> list[str]:
    """The comparisons of a trained Splink model, in order."""
    return [str(c["output_column_name"]) for c in splink_model["comparisons"]]


def _num(value: Any) -> float:
    if value is None:
        return 0.0
    number = float(value)
    return 0.0 if math.isnan(number) else number


def level_weights(splink_model: Mapping[str, Any]) -> dict[str, dict[int, float]]:
    """Comparison → level number (gamma) → log2(m/u), as Splink weighs the level."""
    out: dict[str, dict[int, float]] = {}
    for comparison in splink_model["comparisons"]:
        weights: dict[int, float] = {-1: 0.0}
        non_null = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for i, level in enumerate(non_null):
            m, u = level.get("m_probability"), level.get("u_probability")
            gamma = len(non_null) - 1 - i
            weights[gamma] = math.log2(m / u) if m and u else 0.0
        out[str(comparison["output_column_name"])] = weights
    return out


def _level_of(weight: float, by_level: Mapping[int, float]) -> int:
    """The level whose weight is the pair's (Splink writes a level's log2(m/u) as is)."""
    best, gap = -1, math.inf
    for gamma, w in by_level.items():
        d = abs(w - weight)
        if d < gap or (d == gap and gamma > best):
            best, gap = gamma, d
    return best if gap < 1e-3 else -1


def compact_explanation(
    row: Mapping[str, Any], weights: Mapping[str, Mapping[int, float]]
) -> dict[str, list[float]]:
    """The terms of one scored pair in compact form.

    Args:
        row: A scored pair with, for each comparison c, `mw_<c>` (the level's
            weight) or `gamma_<c>` (the level number), and `tf_<c>` where the
            comparison is term-frequency adjusted.
        weights: `level_weights` of the model that scored it.

    Returns:
        ``{comparison: [level number, weight, term-frequency weight]}``; the
        level number is Splink's gamma (-1 when a value is missing).
    """
    out: dict[str, list[float]] = {}
    for name, by_level in weights.items():
        gamma = row.get(f"gamma_{name}")
        weight = row.get(f"mw_{name}")
        if gamma is not None:
            g = int(gamma)
            w = by_level.get(g, 0.0)
        elif weight is not None:
            w = _num(weight)
            g = _level_of(w, by_level)
            w = by_level.get(g, w)
        else:
            g, w = -1, 0.0
        out[name] = [g, round(w, 4), round(_num(row.get(f"tf_{name}")), 4)]
    return out


@dataclass(frozen=True)
class Term:
    """One comparison's part in a match weight.

    Attributes:
        comparison: given, family, father, birth, … (the model's names).
        level: What the two records share at this comparison, in words.
        weight: log2(m/u) of the level: positive for evidence of a match.
        tf_weight: The term-frequency adjustment (negative for a common value).
        missing: True when one side has no value (the term is then 0).
    """

    comparison: str
    level: str
    weight: float
    tf_weight: float
    missing: bool

    @property
    def total(self) -> float:
        return self.weight + self.tf_weight


def _level_labels(splink_model: Mapping[str, Any]) -> dict[str, dict[int, str]]:
    """Comparison → gamma → label; Splink numbers non-null levels from the last (0) up."""
    out: dict[str, dict[int, str]] = {}
    for comparison in splink_model["comparisons"]:
        levels = comparison["comparison_levels"]
        labels: dict[int, str] = {}
        non_null = [lv for lv in levels if not lv.get("is_null_level")]
        for i, level in enumerate(non_null):
            labels[len(non_null) - 1 - i] = str(level.get("label_for_charts", ""))
        labels[-1] = next(
            (str(lv.get("label_for_charts", "")) for lv in levels if lv.get("is_null_level")),
            "missing on one side",
        )
        out[str(comparison["output_column_name"])] = labels
    return out


def describe(
    compact: Mapping[str, Sequence[float]], splink_model: Mapping[str, Any]
) -> tuple[float, list[Term]]:
    """The prior weight and the labelled terms of a compact explanation.

    Args:
        compact: What `compact_explanation` made.
        splink_model: The trained Splink model (the `splink` part of a saved
            dadkhah model) whose levels the numbers refer to.

    Returns:
        (prior weight, terms in the model's comparison order).
    """
    labels = _level_labels(splink_model)
    terms = []
    for name in comparison_names(splink_model):
        gamma, weight, tf = (compact.get(name) or (-1, 0.0, 0.0))[:3]
        g = int(gamma)
        terms.append(
            Term(
                comparison=name,
                level=labels.get(name, {}).get(g, f"level {g}"),
                weight=float(weight),
                tf_weight=float(tf),
                missing=g == -1,
            )
        )
    return _prior_weight(splink_model), terms


def render(compact: Mapping[str, Sequence[float]], splink_model: Mapping[str, Any]) -> list[str]:
    """Plain-text lines: one per comparison, then the total and the probability."""
    prior, terms = describe(compact, splink_model)
    lines = [f"{'prior (two random records)':<34} {prior:+7.2f}"]
    total = prior
    for term in terms:
        total += term.total
        tf = f"  (common-value adjustment {term.tf_weight:+.2f})" if term.tf_weight else ""
        lines.append(f"{term.comparison + ': ' + term.level:<34} {term.total:+7.2f}{tf}")
    lines.append(f"{'match weight':<34} {total:+7.2f}")
    lines.append(f"{'match probability':<34} {probability_from_weight(total):7.4f}")
    return lines
