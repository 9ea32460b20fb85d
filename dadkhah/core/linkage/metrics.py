"""Accuracy of a linkage against a ground truth: pairwise and B-cubed.

Pairwise precision and recall count record pairs put in one cluster (Christen,
*Data Matching*, 2012, section 7.3); they weigh a large cluster by the square
of its size. B-cubed (Bagga & Baldwin, *Algorithms for scoring coreference
chains*, 1998) averages over records instead: for each record, the share of
its predicted cluster that truly belongs with it (precision) and the share of
its true cluster that was found (recall). Both are computed from the
contingency table of (predicted, true) cluster sizes, so a million records
take well under a second.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from typing import TypeVar

__all__ = ["LinkageScores", "attainable", "scores", "scores_by_list_combination"]

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class LinkageScores:
    """Pairwise and B-cubed scores of predicted clusters against the truth.

    Attributes:
        records: Records scored.
        true_pairs: Pairs of records of the same true person.
        predicted_pairs: Pairs of records in the same predicted cluster.
        correct_pairs: Pairs in both.
        precision: Pairwise precision (1.0 when nothing was predicted).
        recall: Pairwise recall (1.0 when there was nothing to find).
        f1: Pairwise F1.
        bcubed_precision: B-cubed precision.
        bcubed_recall: B-cubed recall.
        bcubed_f1: B-cubed F1.
    """

    records: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    precision: float
    recall: float
    f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float

    def as_dict(self) -> dict[str, float | int]:
        """The scores as a plain dict (for JSON)."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def scores(predicted: Mapping[K, Hashable], truth: Mapping[K, Hashable]) -> LinkageScores:
    """Score predicted clusters against true ones over the records both know.

    Args:
        predicted: Record → predicted cluster label.
        truth: Record → true person label.

    Returns:
        The `LinkageScores`; records missing from either map are left out.
    """
    common = [r for r in predicted if r in truth]
    cells = Counter((predicted[r], truth[r]) for r in common)
    pred_sizes = Counter(predicted[r] for r in common)
    true_sizes = Counter(truth[r] for r in common)
    n = len(common)
    correct = sum(_pairs(c) for c in cells.values())
    pred_pairs = sum(_pairs(c) for c in pred_sizes.values())
    true_pairs = sum(_pairs(c) for c in true_sizes.values())
    precision = correct / pred_pairs if pred_pairs else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    if n:
        # Each record in cell (i, j) contributes n_ij / |C_i| and n_ij / |T_j|.
        bp = sum(c * c / pred_sizes[i] for (i, _j), c in cells.items()) / n
        br = sum(c * c / true_sizes[j] for (_i, j), c in cells.items()) / n
    else:
        bp = br = 1.0
    return LinkageScores(
        records=n,
        true_pairs=true_pairs,
        predicted_pairs=pred_pairs,
        correct_pairs=correct,
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
        bcubed_precision=bp,
        bcubed_recall=br,
        bcubed_f1=_f1(bp, br),
    )


def attainable(truth: Mapping[K, Hashable], linkable: Iterable[K]) -> tuple[float, float]:
    """The best pairwise recall and F1 of a linker that links only `linkable` records.

    A record that names only one part of a name ("Reza", Evin, 1981) cannot be
    joined to anyone without guessing: many people fit it, and some of them
    are on no list at all. A linker that is right about every other pair, and
    makes no false link, still misses every true pair that involves such a
    record; this is the ceiling it reaches.

    Args:
        truth: Record → true person label.
        linkable: The records a linker may join to others.

    Returns:
        (recall, F1) at precision 1.
    """
    keep = set(linkable)
    all_pairs = sum(_pairs(c) for c in Counter(truth.values()).values())
    reachable = sum(_pairs(c) for c in Counter(truth[r] for r in truth if r in keep).values())
    recall = reachable / all_pairs if all_pairs else 1.0
    return recall, _f1(1.0, recall)


def scores_by_list_combination(
    predicted: Mapping[K, Hashable],
    truth: Mapping[K, Hashable],
    list_of: Mapping[K, str],
    *,
    sizes: Iterable[int] | None = None,
) -> list[tuple[tuple[str, ...], LinkageScores]]:
    """Scores restricted to the records of each combination of lists.

    The clusters are those of the full run, restricted to the records of the
    lists in the combination: "how well were the records of A and B linked".

    Args:
        predicted: Record → predicted cluster label.
        truth: Record → true person label.
        list_of: Record → the list it comes from.
        sizes: Combination sizes to report (default: every size from 1 to the
            number of lists).

    Returns:
        (lists, scores) for each combination, in a stable order.
    """
    lists = sorted(set(list_of.values()))
    wanted = sorted(set(sizes)) if sizes is not None else range(1, len(lists) + 1)
    by_list: dict[str, list[K]] = {name: [] for name in lists}
    for record, name in list_of.items():
        by_list[name].append(record)
    out: list[tuple[tuple[str, ...], LinkageScores]] = []
    for k in wanted:
        for combo in combinations(lists, k):
            records = [r for name in combo for r in by_list[name]]
            sub_pred = {r: predicted[r] for r in records if r in predicted}
            out.append((combo, scores(sub_pred, truth)))
    return out
