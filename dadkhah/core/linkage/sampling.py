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
3. **One-name records.** A record that names one part of a name only
   (``partial``: "Reza, Evin") is never linked by the registry, which keeps
   it as a person of its own and sends it to review. Its doubt still belongs
   in the counts (issue 10, decided): in each sample it joins at most one of
   its candidates (the best pair to each other registry person), candidate i
   with probability p_i, scaled down when they add up past 1. One draw per
   record, never a coin per candidate, so it cannot bridge two candidates.
4. **The probabilities as a whole.** A calibration fitted on some lists is
   off on lists written another way, and off for all their pairs at once:
   the error of a count is not a sum of independent coins. Each sample
   therefore adds one shift, drawn from N(0, ``tilt``²), to the log-odds of
   every probability it uses. The spread (`CALIBRATION_SPREAD`) is measured,
   not assumed: bench/bench_linkage_decisions.py finds, for each data set of
   the panel, the shift that centres the samples on the true count.
5. The merges kept, the joins drawn and the one-name records' choices are
   clustered by the project's own constrained clustering, best first, so
   each sample obeys the registry's rules: a reviewer's "same" always joins,
   a reviewer's "different" is never bridged by any chain, and a
   duplicate-free list gives a person at most one record.

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
pair coins did, and the rest from redundant pairs. The merge-and-join sampler's interval held the truth in 7
of 10 cases (seeds 300–309), and in none of 6 cases of the second
generator (its registry is 4% above the truth: links the model misses). The
shift of step 4 makes it hold in 12 of 12 and 5 of 6 (docs/methodology/linkage.md,
section 8, has the tables): an interval as wide as the calibration is uncertain.

The samples are still not exact draws from a joint posterior over partitions
(Tancredi & Liseo 2011; Steorts et al. 2016; Sadinle 2017 do that, at a far
higher cost): they vary the registry's own decisions one person and one pair
of persons at a time, and they are only as good as the probabilities.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from dadkhah.core.errors import InputError
from dadkhah.core.linkage.clustering import Constraints, cluster_records, find_root

__all__ = [
    "CALIBRATION_SPREAD",
    "ConflictingDecisionsError",
    "DecisionConflict",
    "Doubts",
    "LinkageSamples",
    "decision_conflicts",
    "registry_doubts",
    "sample_linkages",
    "shift_log_odds",
]

#: Linkage samples drawn when nobody says otherwise: enough for the 2.5% and
#: 97.5% points of a count to be stable to about one sample either side.
DEFAULT_SAMPLES = 50

#: How far, in log-odds, a case's match probabilities may be off as a whole:
#: the standard deviation of the one shift drawn per sample (module docstring,
#: 4). Measured by bench/bench_linkage_decisions.py: the shift that centres
#: the samples on the truth was −0.2 (SD 0.3) on 18 synthetic cases and +1.4
#: (1.1 to 1.8) on 6 cases of the second generator, whose lists are written
#: differently; 1.0 is the spread of those offsets across the two.
CALIBRATION_SPREAD = 1.0

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
class Doubts:
    """The registry's linkage taken apart into the decisions a sample may undo or add.

    Attributes:
        merges: (a, b, probability) of each link that built a registry person,
            best first (a maximum spanning forest of each person: the links
            the clustering used, not the redundant ones).
        person_of_merge: The registry person (its cluster label) of each merge.
        joins: (a, b, probability) for each pair of registry persons with a
            scored pair between them: the best such pair (none that involves
            a one-name record left alone: those are in ``one_name``).
        one_name: For each one-name record the registry left as a person of
            its own, its candidates: the best pair to each other registry
            person, best first.
    """

    merges: list[tuple[int, int, float]]
    person_of_merge: NDArray[np.int64]
    joins: list[tuple[int, int, float]]
    one_name: dict[int, list[tuple[int, int, float]]] = field(default_factory=dict)


def registry_doubts(
    records: Sequence[int],
    scored: Sequence[tuple[int, int, float]],
    rules: Constraints,
    threshold: float,
) -> Doubts:
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
    size: dict[int, int] = {}
    for r in records:
        size[base[r]] = size.get(base[r], 0) + 1
    alone = {r for r in rules.partial if r in base and size[base[r]] == 1}
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
    joins: list[tuple[int, int, float]] = []
    one_name: dict[int, list[tuple[int, int, float]]] = {}
    for a, b, p in best.values():  # in order met, so best first
        if a in alone or b in alone:
            one_name.setdefault(a if a in alone else b, []).append((a, b, p))
        else:
            joins.append((a, b, p))
    return Doubts(merges, np.asarray(person, dtype=np.int64), joins, one_name)


def shift_log_odds(p: NDArray[np.float64], shift: float) -> NDArray[np.float64]:
    """Probabilities with ``shift`` added to their log-odds (0 and 1 stay put)."""
    if shift == 0.0 or p.size == 0:
        return p
    inner = (p > 0.0) & (p < 1.0)
    out = p.copy()
    q = p[inner]
    logit = np.clip(np.log(q / (1.0 - q)) + shift, -500.0, 500.0)
    out[inner] = 1.0 / (1.0 + np.exp(-logit))
    return out


def _one_each(
    p: NDArray[np.float64], owner: NDArray[np.int64], rng: np.random.Generator
) -> NDArray[np.int64]:
    """At most one candidate per owner: candidate i with p_i / max(1, the owner's sum of p).

    ``owner`` is sorted (candidates of one owner are contiguous); returns the
    indices of the chosen candidates.
    """
    owners, start = np.unique(owner, return_index=True)
    total = np.add.reduceat(p, start)
    scale = np.maximum(1.0, total)[np.searchsorted(owners, owner)]
    cum = np.cumsum(p / scale)
    base = np.concatenate(([0.0], cum))[start]  # the cumulative sum before each owner
    u = base + rng.random(owners.size)
    chosen = np.searchsorted(cum, u, side="right")
    end = np.append(start[1:], p.size)
    hit = chosen < end
    return chosen[hit]


def sample_linkages(
    record_ids: Iterable[int],
    pairs: Iterable[tuple[int, int, float]],
    *,
    constraints: Constraints | None = None,
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    one_name_links: bool = True,
    tilt: float = CALIBRATION_SPREAD,
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
        one_name_links: Let a sample link a one-name record (which the
            registry never links by guess) to one of its candidates, with that
            candidate's probability; False keeps each apart in every sample.
        tilt: Standard deviation of one shift of every probability's log-odds
            per sample: how far this case's probabilities may be off as a
            whole (module docstring, 4; 0: taken exactly as they are).

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
    doubts = registry_doubts(records, scored, rules, threshold)
    merge_p = np.array([p for _a, _b, p in doubts.merges], dtype=np.float64)
    join_p = np.array([p for _a, _b, p in doubts.joins], dtype=np.float64)
    persons, person_index = np.unique(doubts.person_of_merge, return_inverse=True)
    # A one-name record joins at most one candidate, each with its probability
    # (scaled down when they add up past 1): one draw per record, never a
    # coin per candidate, which would bridge its candidates (module docstring, 3).
    guess_owner = np.repeat(
        np.arange(len(doubts.one_name)), [len(c) for c in doubts.one_name.values()]
    )
    guess_links = [t for cands in doubts.one_name.values() for t in cands]
    guess_p = np.array([p for _a, _b, p in guess_links], dtype=np.float64)
    # The samples' own rules: every decision and duplicate-free list, but a
    # one-name record may now be linked, by its draw above and nothing else.
    sample_rules = Constraints(
        same=rules.same, different=rules.different, exclusive=rules.exclusive
    )
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1, dtype=np.uint32)[0])
    rng = np.random.default_rng(seed)
    labels = np.empty((samples, len(records)), dtype=np.int32)
    for s in range(samples):
        # How far this data set's probabilities may be off, one draw per
        # sample for all of them (module docstring, 4).
        shift = rng.normal(0.0, tilt) if tilt > 0 else 0.0
        m_p, j_p, g_p = (shift_log_odds(v, shift) for v in (merge_p, join_p, guess_p))
        # One level per registry person: its merges weaker than the level are
        # undone, so a merge is kept with its own probability, and never while
        # a weaker merge of the same person is kept (module docstring, 1).
        level = rng.random(persons.size)
        kept = m_p > level[person_index] if m_p.size else np.zeros(0, dtype=bool)
        joined = rng.random(j_p.size) < j_p
        links = [doubts.merges[i] for i in np.flatnonzero(kept)]
        links += [doubts.joins[i] for i in np.flatnonzero(joined)]
        if one_name_links and g_p.size:
            links += [guess_links[i] for i in _one_each(g_p, guess_owner, rng)]
        # threshold 0: every link drawn is offered to the clustering, best first,
        # which refuses what a decision or a duplicate-free list forbids.
        result = cluster_records(
            records, links, threshold=0.0, constraints=sample_rules if one_name_links else rules
        )
        labels[s] = _dense(result.labels, records)
    return LinkageSamples(np.asarray(records, dtype=np.int64), labels, seed)
