"""Whether a match probability means what it says: reliability, ECE, blocking recall, recalibration.

A linkage model's pair probability is *calibrated* when, of the pairs scored
about p, a share p are true matches. Fellegi-Sunter probabilities trained by
EM are often not: comparisons are treated as independent when they are not
(a prison stands in its city, a father's name runs in families), so the
weights add up evidence twice and the probabilities run to the extremes
(Winkler 2000; Enamorado, Fifield & Imai 2019, *fastLink*, §2.3).

This module measures it and corrects it:

* `reliability` bins scored pairs by predicted probability (deciles of
  [0, 1]) and gives each bin's mean prediction and observed share of true
  matches; `expected_calibration_error` is the pair-weighted mean gap
  (Naeini, Cooper & Hauskrecht 2015, *Obtaining well calibrated
  probabilities using Bayesian binning*, eq. 1);
* `blocking_recall` is the share of true pairs that any blocking rule puts
  among the candidates: a pair never compared can never be linked;
* `fit_isotonic` fits a monotone map from the model's probability to the
  observed share by pool-adjacent-violators (Zadrozny & Elkan 2002,
  *Transforming classifier scores into accurate multiclass probability
  estimates*); `Recalibration` applies it by linear interpolation between
  the fitted steps. Monotone: it never reorders pairs, so the clustering's
  best-first order is kept and only the threshold's meaning changes.

Plain Python, no Django, no Splink.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

__all__ = [
    "Bin",
    "Recalibration",
    "blocking_recall",
    "expected_calibration_error",
    "fit_isotonic",
    "reliability",
]


@dataclass(frozen=True)
class Bin:
    """One bin of a reliability table.

    Attributes:
        low: Lower edge (inclusive).
        high: Upper edge (exclusive, but 1.0 is in the last bin).
        pairs: Scored pairs in the bin.
        predicted: Their mean predicted probability (NaN-free: 0 when empty).
        observed: The share of them that are true matches (0 when empty).
    """

    low: float
    high: float
    pairs: int
    predicted: float
    observed: float


def reliability(
    probabilities: Sequence[float], outcomes: Sequence[bool], *, bins: int = 10
) -> list[Bin]:
    """The reliability table: equal-width bins of predicted probability.

    Args:
        probabilities: Each scored pair's predicted match probability.
        outcomes: Whether each pair is a true match (same order).
        bins: Number of equal-width bins over [0, 1] (10: deciles).

    Raises:
        ValueError: the two sequences differ in length, or bins < 1.
    """
    if len(probabilities) != len(outcomes):
        raise ValueError(
            f"reliability: {len(probabilities)} probabilities but {len(outcomes)} outcomes."
        )
    if bins < 1:
        raise ValueError("reliability: at least one bin is needed.")
    count = [0] * bins
    total_p = [0.0] * bins
    hits = [0] * bins
    for p, y in zip(probabilities, outcomes, strict=True):
        i = min(int(p * bins), bins - 1)
        count[i] += 1
        total_p[i] += p
        hits[i] += int(y)
    return [
        Bin(
            low=i / bins,
            high=(i + 1) / bins,
            pairs=count[i],
            predicted=total_p[i] / count[i] if count[i] else 0.0,
            observed=hits[i] / count[i] if count[i] else 0.0,
        )
        for i in range(bins)
    ]


def expected_calibration_error(table: Sequence[Bin]) -> float:
    """The pair-weighted mean |observed − predicted| over the bins (0 when no pair)."""
    n = sum(b.pairs for b in table)
    if n == 0:
        return 0.0
    return sum(b.pairs * abs(b.observed - b.predicted) for b in table) / n


def blocking_recall(
    records: Sequence[Mapping[str, Any]],
    rules: Iterable[Sequence[str]],
    truth: Mapping[int, Hashable],
    *,
    id_column: str = "unique_id",
) -> tuple[float, int]:
    """The share of true pairs that at least one blocking rule makes candidates.

    A rule pairs two records when every column of the rule is present and
    equal on both (Splink's `block_on`).

    Args:
        records: The linkage table's rows (only the rules' columns and the id are read).
        rules: The blocking rules, each a sequence of columns.
        truth: Record id → true person.
        id_column: The id column.

    Returns:
        (recall, number of true pairs); recall is 1.0 when there is no true pair.
    """
    rules = [tuple(r) for r in rules]
    by_id = {row[id_column]: row for row in records}
    members: dict[Hashable, list[int]] = defaultdict(list)
    for record, person in truth.items():
        if record in by_id:
            members[person].append(record)
    total = reached = 0
    for ids in members.values():
        for a, b in combinations(ids, 2):
            total += 1
            ra, rb = by_id[a], by_id[b]
            for rule in rules:
                if all(ra.get(c) is not None and ra.get(c) == rb.get(c) for c in rule):
                    reached += 1
                    break
    return (reached / total if total else 1.0), total


@dataclass(frozen=True)
class Recalibration:
    """A monotone map from a model's probability to a calibrated one.

    Attributes:
        x: Increasing knots of the model's probability (first 0.0, last 1.0).
        y: Calibrated probability at each knot (non-decreasing, in [0, 1]).
        fitted_on: What it was fitted on (saved with the model).
    """

    x: tuple[float, ...]
    y: tuple[float, ...]
    fitted_on: str = ""

    def __post_init__(self) -> None:
        if len(self.x) != len(self.y) or len(self.x) < 2:
            raise ValueError("Recalibration: x and y need the same length, at least 2.")
        if any(b < a for a, b in zip(self.x, self.x[1:], strict=False)):
            raise ValueError("Recalibration: x must be increasing.")
        if any(b < a for a, b in zip(self.y, self.y[1:], strict=False)):
            raise ValueError("Recalibration: y must be non-decreasing (a monotone map).")

    def __call__(self, p: float) -> float:
        """The calibrated probability of a model probability (linear between knots)."""
        x, y = self.x, self.y
        if p <= x[0]:
            return y[0]
        if p >= x[-1]:
            return y[-1]
        i = bisect.bisect_right(x, p)
        x0, x1, y0, y1 = x[i - 1], x[i], y[i - 1], y[i]
        return y0 if x1 == x0 else y0 + (y1 - y0) * (p - x0) / (x1 - x0)

    def inverse(self, q: float) -> float:
        """The smallest model probability whose calibrated value reaches q (1.0 if none)."""
        x, y = self.x, self.y
        if q <= y[0]:
            return x[0]
        for i in range(1, len(x)):
            if y[i] >= q:
                y0, y1 = y[i - 1], y[i]
                return x[i] if y1 == y0 else x[i - 1] + (x[i] - x[i - 1]) * (q - y0) / (y1 - y0)
        return 1.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (stored in the model)."""
        return {"x": list(self.x), "y": list(self.y), "fitted_on": self.fitted_on}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Recalibration:
        """Read `as_dict` output."""
        return cls(
            tuple(float(v) for v in data["x"]),
            tuple(float(v) for v in data["y"]),
            str(data.get("fitted_on", "")),
        )


def fit_isotonic(
    probabilities: Sequence[float],
    outcomes: Sequence[bool],
    *,
    fitted_on: str = "",
    min_bin: int = 20,
) -> Recalibration:
    """Fit a monotone recalibration by pool-adjacent-violators.

    The pairs are sorted by predicted probability and grouped in blocks of
    at least `min_bin` pairs (a floor on the noise of each step); blocks whose
    observed share falls below their left neighbour's are pooled until the
    shares are non-decreasing (Barlow et al. 1972, the PAV algorithm). Each
    pooled block becomes a knot at its mean prediction, and the ends are
    pinned to (0, 0) and (1, 1) only where the fit does not go beyond them.

    Args:
        probabilities: The model's probability of each pair.
        outcomes: Whether each pair is a true match.
        fitted_on: A label saved with the map (which data it came from).
        min_bin: Fewest pairs in a starting block.

    Raises:
        ValueError: fewer than `min_bin` pairs, or lengths that differ.
    """
    if len(probabilities) != len(outcomes):
        raise ValueError("fit_isotonic: probabilities and outcomes differ in length.")
    if len(probabilities) < min_bin:
        raise ValueError(f"fit_isotonic: {len(probabilities)} pairs, at least {min_bin} needed.")
    order = sorted(zip(probabilities, outcomes, strict=True), key=lambda t: t[0])
    # Starting blocks: runs of min_bin pairs (the last absorbs the remainder).
    blocks: list[list[float]] = []  # [sum of p, sum of y, count]
    for start in range(0, len(order), min_bin):
        chunk = order[start : start + min_bin]
        if blocks and len(chunk) < min_bin:
            last = blocks[-1]
            last[0] += sum(p for p, _ in chunk)
            last[1] += sum(y for _, y in chunk)
            last[2] += len(chunk)
            continue
        blocks.append([sum(p for p, _ in chunk), float(sum(y for _, y in chunk)), len(chunk)])
    pooled: list[list[float]] = []
    for block in blocks:
        pooled.append(block)
        while len(pooled) > 1 and pooled[-2][1] / pooled[-2][2] > pooled[-1][1] / pooled[-1][2]:
            last = pooled.pop()
            for k in range(3):
                pooled[-1][k] += last[k]
    xs = [b[0] / b[2] for b in pooled]
    ys = [b[1] / b[2] for b in pooled]
    if xs[0] > 0.0:
        xs.insert(0, 0.0)
        ys.insert(0, min(ys[0], 0.0))
    if xs[-1] < 1.0:
        xs.append(1.0)
        ys.append(max(ys[-1], 1.0))
    # Equal x can arise when a block holds one repeated probability: keep the last.
    knots: dict[float, float] = {}
    for x, y in zip(xs, ys, strict=True):
        knots[x] = y
    return Recalibration(tuple(knots), tuple(knots.values()), fitted_on)
