"""Linkage samples: every one respects the review decisions and the duplicate-free lists."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadkhah.core.errors import InputError
from dadkhah.core.linkage.clustering import Constraints
from dadkhah.core.linkage.sampling import (
    DEFAULT_THRESHOLD,
    ConflictingDecisionsError,
    decision_conflicts,
    sample_linkages,
)


@st.composite
def pair_tables(draw: st.DrawFn) -> tuple[list[int], list[tuple[int, int, float]], Constraints]:
    """Records on up to three lists, random scored pairs, consistent random decisions.

    Decisions come from a hidden true partition, so they never contradict each
    other: "same" only inside a true person, "different" only across two.
    """
    n = draw(st.integers(2, 14))
    records = list(range(10, 10 + n))
    truth = {r: draw(st.integers(0, max(1, n // 2))) for r in records}
    lists = {r: draw(st.sampled_from(["a", "b", "c", None])) for r in records}
    all_pairs = [(x, y) for i, x in enumerate(records) for y in records[i + 1 :]]
    chosen = draw(st.lists(st.sampled_from(all_pairs), unique=True, max_size=len(all_pairs)))
    pairs = [(a, b, draw(st.floats(0, 1))) for a, b in chosen]
    decided = draw(st.lists(st.sampled_from(all_pairs), unique=True, max_size=8))
    same = [(a, b) for a, b in decided if truth[a] == truth[b]]
    different = [(a, b) for a, b in decided if truth[a] != truth[b]]
    exclusive = {r: name for r, name in lists.items() if name is not None}
    return records, pairs, Constraints(same=same, different=different, exclusive=exclusive)


def _forced_together(same: list[tuple[int, int]], records: list[int]) -> dict[int, int]:
    parent = {r: r for r in records}

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in same:
        parent[find(a)] = find(b)
    return {r: find(r) for r in records}


@settings(max_examples=150, deadline=None)
@given(pair_tables(), st.integers(0, 2**32 - 1))
def test_review_decisions_bind_every_sampled_linkage(
    table: tuple[list[int], list[tuple[int, int, float]], Constraints], seed: int
) -> None:
    records, pairs, constraints = table
    drawn = sample_linkages(records, pairs, constraints=constraints, samples=20, seed=seed)
    column = {int(r): j for j, r in enumerate(drawn.records)}
    forced = _forced_together(list(constraints.same), records)
    for labels in drawn.labels:
        for a, b in constraints.same:
            assert labels[column[a]] == labels[column[b]]
        for a, b in constraints.different:
            assert labels[column[a]] != labels[column[b]]
        # One record per person per duplicate-free list, unless reviewers joined them.
        for i, a in enumerate(records):
            for b in records[i + 1 :]:
                if (
                    constraints.exclusive.get(a) is not None
                    and constraints.exclusive.get(a) == constraints.exclusive.get(b)
                    and forced[a] != forced[b]
                ):
                    assert labels[column[a]] != labels[column[b]]
        # Records linked only through scored pairs: a person is never made of unscored strangers.
        scored = {(a, b) for a, b, _p in pairs} | set(constraints.same)
        for person in set(labels.tolist()):
            members = [r for r in records if labels[column[r]] == person]
            if len(members) > 1:
                assert all(
                    any((min(m, o), max(m, o)) in scored for o in members if o != m)
                    for m in members
                )


def test_certain_pairs_always_link_and_impossible_ones_never() -> None:
    drawn = sample_linkages([1, 2, 3, 4], [(1, 2, 1.0), (3, 4, 0.0)], samples=30, seed=1)
    assert (drawn.persons() == 3).all()


def test_the_share_of_samples_that_link_a_pair_follows_its_probability() -> None:
    drawn = sample_linkages([1, 2], [(1, 2, 0.3)], samples=4000, seed=2)
    linked = (drawn.labels[:, 0] == drawn.labels[:, 1]).mean()
    assert linked == pytest.approx(0.3, abs=0.03)


def test_the_same_seed_gives_the_same_samples() -> None:
    pairs = [(1, 2, 0.5), (2, 3, 0.5), (3, 4, 0.4)]
    one = sample_linkages([1, 2, 3, 4], pairs, samples=10, seed=5)
    two = sample_linkages([1, 2, 3, 4], pairs, samples=10, seed=5)
    assert np.array_equal(one.labels, two.labels)


def test_contradicting_decisions_are_named_in_the_refusal() -> None:
    rules = Constraints(same=[(1, 2), (2, 3)], different=[(1, 3)])
    with pytest.raises(ConflictingDecisionsError, match=r"1 ≠ 3 contradicts 1 = 2, 2 = 3"):
        sample_linkages([1, 2, 3], [], constraints=rules, samples=1, seed=0)


def test_a_conflict_names_the_shortest_chain_of_same_decisions() -> None:
    conflicts = decision_conflicts([(1, 2), (2, 3), (3, 4), (1, 4)], [(2, 4)])
    assert len(conflicts) == 1
    assert conflicts[0].different == (2, 4)
    assert len(conflicts[0].chain) == 2


def test_consistent_decisions_are_no_conflict() -> None:
    assert decision_conflicts([(1, 2), (3, 4)], [(1, 3), (2, 4)]) == []


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_a_probability_outside_zero_one_is_refused(bad: float) -> None:
    with pytest.raises(InputError, match="between 0 and 1"):
        sample_linkages([1, 2], [(1, 2, bad)], samples=1, seed=0)


def test_zero_samples_is_refused() -> None:
    with pytest.raises(InputError, match="1 or more"):
        sample_linkages([1, 2], [], samples=0)


def test_redundant_pairs_between_two_persons_join_them_as_often_as_their_best_pair() -> None:
    # Persons {1, 2, 3} and {4, 5}, certain inside; six pairs between them, the
    # best 0.3. Six independent coins would join them in 1 − 0.7 × 0.8⁵ = 77%
    # of samples; the same two persons are one decision, taken with the best pair.
    inside = [(1, 2, 1.0), (2, 3, 1.0), (1, 3, 1.0), (4, 5, 1.0)]
    between = [(1, 4, 0.3)] + [(a, b, 0.2) for a in (1, 2, 3) for b in (4, 5) if (a, b) != (1, 4)]
    drawn = sample_linkages([1, 2, 3, 4, 5], inside + between, samples=4000, seed=3, tilt=0)
    persons = drawn.persons()
    assert set(persons.tolist()) == {1, 2}
    assert (persons == 1).mean() == pytest.approx(0.3, abs=0.025)


def test_a_clean_person_splits_no_more_often_than_its_weakest_merge_says() -> None:
    # One person of three records: merges 0.97 (1–2) and 0.95 (2–3); the third
    # pair (1–3, 0.9) is redundant. The person splits when its weakest merge
    # fails (5%), into three only when its strongest does too (3%).
    pairs = [(1, 2, 0.97), (2, 3, 0.95), (1, 3, 0.9)]
    drawn = sample_linkages([1, 2, 3], pairs, samples=8000, seed=4, tilt=0)
    persons = drawn.persons()
    assert (persons > 1).mean() == pytest.approx(0.05, abs=0.008)
    assert (persons == 3).mean() == pytest.approx(0.03, abs=0.006)
    # Records 1 and 2 are apart only when 2 and 3 are too: a merge is never
    # undone while a weaker one of the same person stays.
    apart_12 = drawn.labels[:, 0] != drawn.labels[:, 1]
    apart_23 = drawn.labels[:, 1] != drawn.labels[:, 2]
    assert not (apart_12 & ~apart_23).any()


def test_a_one_name_record_joins_one_candidate_at_most_with_its_probability() -> None:
    # Record 3 names one part of a name: the registry never links it by guess
    # (its candidates are 1–2 and 4), but its doubt enters the counts: in each
    # sample it joins one candidate at most, each with its pair's probability,
    # and never bridges them (issue 10, decided).
    rules = Constraints(partial=frozenset({3}))
    pairs = [(1, 2, 0.99), (1, 3, 0.3), (2, 3, 0.25), (3, 4, 0.2)]
    drawn = sample_linkages([1, 2, 3, 4], pairs, constraints=rules, samples=6000, seed=5, tilt=0)
    with_12 = drawn.labels[:, 2] == drawn.labels[:, 0]
    with_4 = drawn.labels[:, 2] == drawn.labels[:, 3]
    assert not (with_12 & with_4).any()
    assert with_12.mean() == pytest.approx(0.3, abs=0.03)  # its best pair to person 1–2
    assert with_4.mean() == pytest.approx(0.2, abs=0.03)
    registry = sample_linkages(
        [1, 2, 3, 4], pairs, constraints=rules, samples=50, seed=5, one_name_links=False
    )
    assert (registry.labels[:, 2] != registry.labels[:, 0]).all()
    assert (registry.labels[:, 2] != registry.labels[:, 3]).all()


def test_candidates_that_add_up_past_one_are_scaled_down() -> None:
    rules = Constraints(partial=frozenset({1}))
    pairs = [(1, 2, 0.8), (1, 3, 0.8)]
    drawn = sample_linkages([1, 2, 3], pairs, constraints=rules, samples=4000, seed=8, tilt=0)
    assert (drawn.persons() == 2).all()  # always one of the two, never both, never none
    assert (drawn.labels[:, 0] == drawn.labels[:, 1]).mean() == pytest.approx(0.5, abs=0.03)


def test_the_calibration_shift_moves_every_probability_of_a_sample_together() -> None:
    # Ten separate 0.5 joins: without the shift the number joined is
    # binomial (SD 1.6); one shared shift per sample spreads it far more,
    # with the same middle.
    pairs = [(2 * i, 2 * i + 1, 0.5) for i in range(10)]
    ids = list(range(20))
    plain = sample_linkages(ids, pairs, samples=3000, seed=9, tilt=0).persons()
    shifted = sample_linkages(ids, pairs, samples=3000, seed=9, tilt=2.0).persons()
    assert plain.std() == pytest.approx(np.sqrt(10 * 0.25), rel=0.1)
    assert shifted.std() > 1.8 * plain.std()
    assert np.median(shifted) == pytest.approx(15, abs=1)


def test_pairs_below_the_threshold_are_joins_and_above_it_merges() -> None:
    # At threshold 0.7 the 0.6 pair is a join between two persons (linked in
    # 60% of samples); at 0.5 it is the merge that made one person (kept in 60%).
    for threshold in (0.5, 0.7):
        drawn = sample_linkages([1, 2], [(1, 2, 0.6)], samples=4000, seed=6, threshold=threshold)
        assert (drawn.persons() == 1).mean() == pytest.approx(0.6, abs=0.025)


def test_the_default_threshold_is_the_linkage_default() -> None:
    from dadkhah.core.linkage.settings import LinkageSettings

    assert DEFAULT_THRESHOLD == LinkageSettings().threshold == 0.55


def test_a_threshold_outside_zero_one_is_refused() -> None:
    with pytest.raises(InputError, match="threshold must lie between 0 and 1"):
        sample_linkages([1, 2], [(1, 2, 0.5)], samples=1, seed=0, threshold=1.5)
