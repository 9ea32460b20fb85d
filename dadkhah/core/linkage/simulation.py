"""How much review helps: let the ground truth answer the most uncertain pairs.

On a synthetic case the truth is known, so a "reviewer" that always answers
correctly can be simulated: take the review queue in the order a person would
see it (most uncertain first), answer the first N pairs from the truth, and
cluster again with those answers as constraints. The F1 gained per 100
decisions says how much a reviewer's hour is worth.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from dadkhah.core.linkage.clustering import ClusterResult, Constraints, cluster_records
from dadkhah.core.linkage.metrics import LinkageScores, scores

__all__ = ["ReviewStep", "review_order", "simulate_review"]


def review_order(
    links: Iterable[tuple[int, int, float]],
    *,
    low: float,
    high: float,
    refused: Iterable[tuple[int, int]] = (),
) -> list[tuple[int, int, float]]:
    """The review queue: pairs in [low, high) and refused links, most uncertain first.

    Uncertainty is |p - 0.5|; ties are broken by the pair, as the queue does.
    """
    refused_set = {(min(a, b), max(a, b)) for a, b in refused}
    queue = [
        (min(a, b), max(a, b), p)
        for a, b, p in links
        if low <= p < high or (min(a, b), max(a, b)) in refused_set
    ]
    queue.sort(key=lambda t: (abs(t[2] - 0.5), t[0], t[1]))
    return queue


@dataclass(frozen=True)
class ReviewStep:
    """The clustering after N simulated decisions.

    Attributes:
        decisions: How many pairs were answered.
        same: How many of them were "same".
        scores: The scores against the truth after re-clustering.
    """

    decisions: int
    same: int
    scores: LinkageScores

    def gain_per_100(self, before: LinkageScores) -> float:
        """Pairwise F1 gained per 100 decisions."""
        if self.decisions == 0:
            return 0.0
        return (self.scores.f1 - before.f1) * 100.0 / self.decisions


def simulate_review(
    record_ids: Sequence[int],
    links: Sequence[tuple[int, int, float]],
    truth: Mapping[int, Hashable],
    *,
    threshold: float,
    low: float,
    high: float,
    steps: Iterable[int],
    exclusive: Mapping[int, Hashable] | None = None,
    refused: Iterable[tuple[int, int]] = (),
) -> list[ReviewStep]:
    """Answer the first N queued pairs from the truth, for each N, and re-cluster.

    Args:
        record_ids: Every record.
        links: The scored pairs (a, b, probability) of the run.
        truth: Record → true person.
        threshold: The clustering threshold of the run.
        low: Lower end of the review band.
        high: Upper end (exclusive) of the review band.
        steps: The numbers of decisions to simulate (e.g. 100, 200, 500).
        exclusive: Record → duplicate-free source, as in the run.
        refused: Links the run's constraints refused (queued as well).

    Returns:
        One `ReviewStep` per number of decisions, in the order given.
    """
    queue = review_order(links, low=low, high=high, refused=refused)
    out: list[ReviewStep] = []
    for n in steps:
        answered = queue[:n]
        same = [(a, b) for a, b, _p in answered if truth.get(a) == truth.get(b)]
        different = [(a, b) for a, b, _p in answered if truth.get(a) != truth.get(b)]
        result: ClusterResult = cluster_records(
            record_ids,
            links,
            threshold=threshold,
            constraints=Constraints(same=same, different=different, exclusive=exclusive or {}),
        )
        out.append(ReviewStep(len(answered), len(same), scores(result.labels, truth)))
    return out
