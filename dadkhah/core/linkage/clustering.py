"""Constrained clustering of scored record pairs into persons.

Splink scores pairs; turning pairs into persons is ours, because it must honour
what people decided and what the sources promise:

* a reviewer's "same" is a must-link: applied first, never undone by the model;
* a reviewer's "different" is a cannot-link: no chain of links may join the two;
* a duplicate-free source names a person at most once, so a cluster may hold at
  most one record from it (field notes, "Lists"). This is what keeps a common
  name from chaining namesakes together across lists;
* in an incremental run, the persons that exist already are fixed: new records
  may join one of them, but may not fuse two of them.

The algorithm is greedy agglomeration in decreasing order of match probability
(Kruskal's order on the maximum spanning forest) with a constraint check before
each union — the "constrained single linkage" of Wagstaff et al., *Constrained
K-means clustering with background knowledge* (ICML 2001), applied to a
threshold graph. Best-first order matters: when two namesakes from one
duplicate-free list both match a third record, the better match wins and the
other is refused instead of being chained in.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, MutableSequence, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

__all__ = ["ClusterResult", "Constraints", "RefusedLink", "cluster_records"]

T = TypeVar("T")


@dataclass(frozen=True)
class Constraints:
    """What the clustering must respect.

    Attributes:
        same: Pairs of record ids a reviewer judged to be the same person.
        different: Pairs of record ids a reviewer judged to be different persons.
        exclusive: For each record from a duplicate-free source, that source's
            key; two records with the same key never share a cluster (unless a
            reviewer said "same").
        fixed: For an incremental run, the existing person of each record that
            has one; records of one person start together and two persons are
            never fused by the model.
        partial: Records that name one part of a name only (a survivor's
            "Reza, Evin"): many people fit them, so the model never links
            them by guess; their links above the threshold are refused (reason
            "one name only") and go to review with their candidates. A
            reviewer's "same" still joins them (issue 10, decided).
    """

    same: Sequence[tuple[int, int]] = ()
    different: Sequence[tuple[int, int]] = ()
    exclusive: Mapping[int, Hashable] = field(default_factory=dict)
    fixed: Mapping[int, Hashable] = field(default_factory=dict)
    partial: frozenset[int] = frozenset()


@dataclass(frozen=True)
class RefusedLink:
    """A link above the threshold that a constraint kept out, for the review queue.

    Attributes:
        a: One record id.
        b: The other record id.
        probability: The pair's match probability (1.0 for a reviewer's "same").
        reason: "different" (a reviewer's decision), "duplicate-free" (both
            clusters hold a record of the same duplicate-free source),
            "existing persons" (an incremental link would fuse two persons),
            "one name only" (a record naming one part of a name) or
            "conflicting decisions" (a "same" that a "different" contradicts).
    """

    a: int
    b: int
    probability: float
    reason: str


@dataclass(frozen=True)
class ClusterResult:
    """Clusters as a record → cluster map.

    Attributes:
        labels: Each record id's cluster label: the smallest record id in it.
        refused: Links above the threshold that a constraint refused, best first.
        links_used: How many links joined two clusters.
    """

    labels: dict[int, int]
    refused: list[RefusedLink]
    links_used: int

    def clusters(self) -> dict[int, list[int]]:
        """Cluster label → sorted record ids."""
        out: dict[int, list[int]] = {}
        for record, label in self.labels.items():
            out.setdefault(label, []).append(record)
        for members in out.values():
            members.sort()
        return out


def _merge_sets(state: dict[int, set[T]], ra: int, rb: int) -> None:
    """Move component rb's set into ra's, adding the smaller set to the larger."""
    small = state.pop(rb, None)
    if not small:
        return
    big = state.get(ra)
    if big is None:
        state[ra] = small
        return
    if len(big) < len(small):
        big, small = small, big
        state[ra] = big
    big |= small


def find_root(parent: MutableSequence[int] | dict[int, int], x: int) -> int:
    """The root of ``x`` in a union-find forest (``parent[r] == r`` at a root), compressing the path."""
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:  # path compression
        parent[x], x = root, parent[x]
    return root


class _Forest:
    """Union-find over dense indices with per-component constraint state."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n
        self.groups: dict[int, set[Hashable]] = {}
        self.cannot: dict[int, set[int]] = {}
        self.person: dict[int, Hashable] = {}

    def find(self, i: int) -> int:
        return find_root(self.parent, i)

    def blocked_by(self, ra: int, rb: int, *, check_groups: bool) -> str | None:
        """Why the components ra and rb may not be joined, or None."""
        ca, cb = self.cannot.get(ra), self.cannot.get(rb)
        if ca and cb is not None and len(ca) > len(cb):
            ca, cb, ra, rb = cb, ca, rb, ra
        if ca and any(self.find(x) == rb for x in ca):
            return "different"
        pa, pb = self.person.get(ra), self.person.get(rb)
        if pa is not None and pb is not None and pa != pb:
            return "existing persons"
        if check_groups:
            ga, gb = self.groups.get(ra), self.groups.get(rb)
            if ga and gb and not ga.isdisjoint(gb):
                return "duplicate-free"
        return None

    def union(self, ra: int, rb: int) -> None:
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        _merge_sets(self.groups, ra, rb)
        _merge_sets(self.cannot, ra, rb)
        pb = self.person.pop(rb, None)
        if pb is not None:
            self.person.setdefault(ra, pb)


def cluster_records(
    record_ids: Iterable[int],
    links: Iterable[tuple[int, int, float]],
    *,
    threshold: float,
    constraints: Constraints | None = None,
) -> ClusterResult:
    """Cluster records from scored links, honouring the constraints.

    Args:
        record_ids: Every record to cluster (a record with no link is a person
            of its own).
        links: (record a, record b, match probability) for scored pairs; pairs
            naming an unknown record are ignored.
        threshold: A link joins two clusters only when its probability is at
            least this.
        constraints: Review decisions, duplicate-free sources and fixed persons.

    Returns:
        The `ClusterResult`.
    """
    constraints = constraints or Constraints()
    ids = sorted(set(record_ids))
    index = {r: i for i, r in enumerate(ids)}
    forest = _Forest(len(ids))
    for record, group in constraints.exclusive.items():
        i = index.get(record)
        if i is not None:
            forest.groups[i] = {group}
    for a, b in constraints.different:
        ia, ib = index.get(a), index.get(b)
        if ia is None or ib is None or ia == ib:
            continue
        forest.cannot.setdefault(ia, set()).add(ib)
        forest.cannot.setdefault(ib, set()).add(ia)
    refused: list[RefusedLink] = []

    # Existing persons first (incremental runs): their records start together.
    by_person: dict[Hashable, int] = {}
    for record, person in sorted(constraints.fixed.items(), key=lambda kv: kv[0]):
        i = index.get(record)
        if i is None:
            continue
        root = forest.find(i)
        forest.person[root] = person
        first = by_person.setdefault(person, i)
        if first != i:
            ra, rb = forest.find(first), root
            if ra != rb:
                forest.union(ra, rb)

    # Then the reviewers' "same": forced, except against a "different".
    for a, b in sorted(constraints.same):
        ia, ib = index.get(a), index.get(b)
        if ia is None or ib is None:
            continue
        ra, rb = forest.find(ia), forest.find(ib)
        if ra == rb:
            continue
        why = forest.blocked_by(ra, rb, check_groups=False)
        if why == "different":
            refused.append(RefusedLink(min(a, b), max(a, b), 1.0, "conflicting decisions"))
            continue
        forest.union(ra, rb)

    # Then the model's links, best first; ties broken by the pair for determinism.
    candidates = sorted(
        ((p, min(a, b), max(a, b)) for a, b, p in links if p >= threshold and a != b),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    used = 0
    for p, a, b in candidates:
        ia, ib = index.get(a), index.get(b)
        if ia is None or ib is None:
            continue
        ra, rb = forest.find(ia), forest.find(ib)
        if ra == rb:
            continue
        if a in constraints.partial or b in constraints.partial:
            refused.append(RefusedLink(a, b, p, "one name only"))
            continue
        why = forest.blocked_by(ra, rb, check_groups=True)
        if why is not None:
            refused.append(RefusedLink(a, b, p, why))
            continue
        forest.union(ra, rb)
        used += 1

    smallest: dict[int, int] = {}
    for i, record in enumerate(ids):  # ids are sorted: the first seen is the smallest
        smallest.setdefault(forest.find(i), record)
    labels = {record: smallest[forest.find(i)] for i, record in enumerate(ids)}
    return ClusterResult(labels=labels, refused=refused, links_used=used)
