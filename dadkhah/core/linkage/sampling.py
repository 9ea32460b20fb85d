"""Plausible linkages drawn from pair match probabilities, for counts that carry linkage doubt.

The registry's persons are one clustering of the records: the links at or
above the threshold. Other clusterings are almost as plausible, and every
count and estimate made from the registry should say how much it would move
under them. This module draws such clusterings ("linkage samples").

The sampler (stated for a lawyer in docs/methodology/linkage.md, section 8)
starts from the registry and doubts its decisions, not its pairs:

1. **Merges.** Each registry person was built by a chain of links, best first
   (`cluster_records`): a maximum spanning forest of its pairs. Each such
   merge may be undone. One uniform level is drawn per person and every merge
   of that person weaker than the level is undone, so a merge of probability
   p is kept in a share p of samples, and a merge is never undone while a
   weaker merge of the same person is kept: a person splits at its weakest
   links first.
2. **Joins.** Two registry persons with scored pairs between them are joined
   with the probability of their best pair, one coin per two persons.
3. The merges kept and the joins drawn are clustered by the project's own
   constrained clustering, best first, so each sample obeys the registry's
   rules: a reviewer's "same" always joins, a reviewer's "different" is never
   bridged by any chain, a duplicate-free list gives a person at most one
   record, and a one-name record (``partial``) is never linked by guess.

Why not a coin per pair (the first version, "multiple imputation of
linkages"): the pairs of one person are not independent evidence. Two
persons of 3 and 2 records have 6 pairs; six independent coins of 0.2 join
them in 1 − 0.8⁶ = 74% of samples although each pair says 20%. Inside a
person the same redundancy hid its doubt: a triangle of 0.6 pairs stayed
whole in 65% of samples rather than 60%. On the synthetic case (3,000
persons, seeds 300–309, truth read only to score) the pair coins gave 25–50
fewer documented persons than the registry, fewer still than the truth, and
the interval never held the truth; of the gap to the registry, about two
fifths came from one-name records, which the registry never links but the
pair coins did, and the rest from redundant pairs. The merge-and-join sampler's interval holds the truth in 7
of 10 cases and the registry's count in all (docs/methodology/linkage.md has
the table); its middle still lies about 9 persons below the truth, as the
registry does, which is the probabilities' over-confidence, not the sampler's.

The samples are still not exact draws from a joint posterior over partitions
(Tancredi & Liseo 2011; Steorts et al. 2016; Sadinle 2017 do that, at a far
higher cost): they vary the registry's own decisions one person and one pair
of persons at a time, and they are only as good as the probabilities'
calibration (on the synthetic case the stored probabilities are somewhat
over-confident between 0.05 and 0.99).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from dadkhah.core.errors import InputError
from dadkhah.core.linkage.clustering import Constraints, cluster_records, find_root

__all__ = [
    "ConflictingDecisionsError",
    "DecisionConflict",
    "LinkageSamples",
    "decision_conflicts",
    "sample_linkages",
]

#: Linkage samples drawn when nobody says otherwise: enough for the 2.5% and
#: 97.5% points of a count to be stable to about one sample either side.
DEFAULT_SAMPLES = 50

#: The registry's link threshold when the caller does not give its run's: the
#: default of `dadkhah.core.linkage.settings.LinkageSettings.threshold` (not
#: imported here, because that module loads Splink; a test keeps them equal).
DEFAULT_THRESHOLD = 0.55


class ConflictingDecisionsError(InputError):
    """Review decisions that no partition can satisfy (A = B, B = C, A ≠ C)."""


@dataclass(frozen=True)
class DecisionConflict:
    """A "different" decision that a chain of "same" decisions contradicts.

    Attributes:
        different: The pair decided "different".
        chain: The "same" decisions that join the pair's two records, in path order.
    """

    different: tuple[int, int]
    chain: tuple[tuple[int, int], ...]

    def describe(self) -> str:
        """The conflict in words: which decisions, and why they cannot all hold."""
        a, b = self.different
        links = ", ".join(f"{x} = {y}" for x, y in self.chain)
        return f"{a} ≠ {b} contradicts {links} (these make {a} and {b} one person)"


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def decision_conflicts(
    same: Iterable[tuple[int, int]], different: Iterable[tuple[int, int]]
) -> list[DecisionConflict]:
    """Every "different" decision joined by a chain of "same" decisions.

    "Same person" is transitive: A = B and B = C make A and C one person, so
    a decision A ≠ C cannot hold with them. Each conflict names the path of
    "same" decisions (breadth-first, so the shortest) that joins the pair.
    """
    graph: dict[int, set[int]] = {}
    for a, b in same:
        if a == b:
            continue
        graph.setdefault(a, set()).add(b)
        graph.setdefault(b, set()).add(a)
    out = []
    for a, b in sorted({_ordered(a, b) for a, b in different if a != b}):
        if a not in graph or b not in graph:
            continue
        previous: dict[int, int] = {a: a}
        queue = deque([a])
        while queue and b not in previous:
            x = queue.popleft()
            for y in sorted(graph[x]):
                if y not in previous:
                    previous[y] = x
                    queue.append(y)
        if b in previous:
            chain = []
            node = b
            while node != a:
                chain.append(_ordered(previous[node], node))
                node = previous[node]
            out.append(DecisionConflict((a, b), tuple(reversed(chain))))
    return out


@dataclass(frozen=True)
class LinkageSamples:
    """Plausible clusterings of the same records.

    Attributes:
        records: The record ids, sorted; column j of ``labels`` is ``records[j]``.
        labels: (samples, records) array: the person index of each record in
            each sample (0 … persons − 1, numbered in order of first record).
        seed: The seed the samples were drawn with.
    """

    records: NDArray[np.int64]
    labels: NDArray[np.int32]
    seed: int

    @property
    def samples(self) -> int:
        """How many linkages were drawn."""
        return int(self.labels.shape[0])

    def persons(self) -> NDArray[np.int64]:
        """The number of distinct persons in each sample."""
        if self.labels.shape[1] == 0:
            return np.zeros(self.samples, dtype=np.int64)
        counts: NDArray[np.int64] = self.labels.max(axis=1).astype(np.int64) + 1
        return counts


def _dense(labels: dict[int, int], records: Sequence[int]) -> NDArray[np.int32]:
    """Cluster labels (smallest record id) as person indices 0, 1, … in record order."""
    index: dict[int, int] = {}
    out = np.empty(len(records), dtype=np.int32)
    for j, record in enumerate(records):
        out[j] = index.setdefault(labels[record], len(index))
    return out


@dataclass(frozen=True)
class _Doubts:
    """The registry's linkage taken apart into the decisions a sample may undo or add.

    Attributes:
        merges: (a, b, probability) of each link that built a registry person,
            best first (a maximum spanning forest of each person: the links
            the clustering used, not the redundant ones).
        person_of_merge: The registry person (its cluster label) of each merge.
        joins: (a, b, probability) for each pair of registry persons with a
            scored pair between them: the best such pair.
    """

    merges: list[tuple[int, int, float]]
    person_of_merge: NDArray[np.int64]
    joins: list[tuple[int, int, float]]


def _doubts(
    records: Sequence[int],
    scored: Sequence[tuple[int, int, float]],
    rules: Constraints,
    threshold: float,
) -> _Doubts:
    """The registry's persons at ``threshold``, their merges, and the best pair between each two.

    ``scored`` is sorted best first, so the first pair met between two records
    or two persons is the best one.
    """
    base = cluster_records(records, scored, threshold=threshold, constraints=rules).labels
    parent = {r: r for r in records}
    for a, b in rules.same:  # a reviewer's "same" is no doubt: never undone
        if a in parent and b in parent:
            ra, rb = find_root(parent, a), find_root(parent, b)
            if ra != rb:
                parent[rb] = ra
    merges: list[tuple[int, int, float]] = []
    person: list[int] = []
    best: dict[tuple[int, int], tuple[int, int, float]] = {}
    for a, b, p in scored:
        la, lb = base[a], base[b]
        if la == lb:
            ra, rb = find_root(parent, a), find_root(parent, b)
            if ra != rb:
                parent[rb] = ra
                merges.append((a, b, p))
                person.append(la)
        else:
            best.setdefault((min(la, lb), max(la, lb)), (a, b, p))
    return _Doubts(merges, np.asarray(person, dtype=np.int64), list(best.values()))


def sample_linkages(
    record_ids: Iterable[int],
    pairs: Iterable[tuple[int, int, float]],
    *,
    constraints: Constraints | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> LinkageSamples:
    """Draw plausible clusterings of the records from their pairs' match probabilities.

    Args:
        record_ids: Every record to cluster; a record in no pair is a person of its own.
        pairs: (record a, record b, match probability) for every scored pair.
        constraints: Review decisions ("same" forces, "different" forbids, through
            whole clusters), duplicate-free lists (one record per person) and
            one-name records (``partial``: never linked by the model); ``fixed``
            persons are ignored: a sample re-links everything.
        samples: How many clusterings to draw (at least 1).
        seed: Seed of the draws (None: a random seed, kept in the result).
        threshold: The registry's link threshold: the persons whose links a
            sample may undo, and between which it may add one.

    Returns:
        The `LinkageSamples`.

    Raises:
        InputError: ``samples`` below 1, a probability or threshold outside
            [0, 1].
        ConflictingDecisionsError: review decisions that contradict each other,
            which no clustering can satisfy; resolve them in review first.
    """
    if samples < 1:
        raise InputError(f"linkage samples must be 1 or more (got {samples}).")
    if not 0.0 <= threshold <= 1.0:
        raise InputError(f"the link threshold must lie between 0 and 1 (got {threshold}).")
    given = constraints or Constraints()
    conflicts = decision_conflicts(given.same, given.different)
    if conflicts:
        raise ConflictingDecisionsError(
            "review decisions contradict each other, so no linkage can respect them all: "
            + "; ".join(c.describe() for c in conflicts[:5])
            + (f" (and {len(conflicts) - 5} more)" if len(conflicts) > 5 else "")
            + ". Change one of them in review (dadkhah review, or the review page) first."
        )
    rules = Constraints(
        same=given.same,
        different=given.different,
        exclusive=given.exclusive,
        partial=given.partial,
    )
    records = sorted(set(record_ids))
    known = set(records)
    scored = [(int(a), int(b), float(p)) for a, b, p in pairs if a != b and a in known]
    scored = [t for t in scored if t[1] in known]
    probabilities = np.array([p for _a, _b, p in scored], dtype=np.float64)
    if probabilities.size and (
        not np.isfinite(probabilities).all()
        or (probabilities < 0).any()
        or (probabilities > 1).any()
    ):
        raise InputError("match probabilities must lie between 0 and 1; the pair table is damaged.")
    # Best first, as the registry's own clustering (clustering.py, Wagstaff et al. 2001).
    scored = sorted(
        ((min(a, b), max(a, b), p) for a, b, p in scored), key=lambda t: (-t[2], t[0], t[1])
    )
    doubts = _doubts(records, scored, rules, threshold)
    merge_p = np.array([p for _a, _b, p in doubts.merges], dtype=np.float64)
    join_p = np.array([p for _a, _b, p in doubts.joins], dtype=np.float64)
    persons, person_index = np.unique(doubts.person_of_merge, return_inverse=True)
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1, dtype=np.uint32)[0])
    rng = np.random.default_rng(seed)
    labels = np.empty((samples, len(records)), dtype=np.int32)
    for s in range(samples):
        # One level per registry person: its merges weaker than the level are
        # undone, so a merge is kept with its own probability, and never while
        # a weaker merge of the same person is kept (module docstring, 1).
        level = rng.random(persons.size)
        kept = merge_p > level[person_index] if merge_p.size else np.zeros(0, dtype=bool)
        joined = rng.random(join_p.size) < join_p
        links = [doubts.merges[i] for i in np.flatnonzero(kept)]
        links += [doubts.joins[i] for i in np.flatnonzero(joined)]
        # threshold 0: every link drawn is offered to the clustering, best first,
        # which refuses what a decision or a duplicate-free list forbids.
        result = cluster_records(records, links, threshold=0.0, constraints=rules)
        labels[s] = _dense(result.labels, records)
    return LinkageSamples(np.asarray(records, dtype=np.int64), labels, seed)
