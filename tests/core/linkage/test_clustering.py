"""Constrained clustering: decisions and duplicate-free sources are honoured."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dadkhah.core.linkage.clustering import Constraints, cluster_records


def _components(
    ids: list[int], links: list[tuple[int, int, float]], threshold: float
) -> set[frozenset[int]]:
    parent = {i: i for i in ids}

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b, p in links:
        if p >= threshold:
            parent[find(a)] = find(b)
    groups: dict[int, set[int]] = {}
    for i in ids:
        groups.setdefault(find(i), set()).add(i)
    return {frozenset(g) for g in groups.values()}


def _as_sets(labels: dict[int, int]) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for r, c in labels.items():
        groups.setdefault(c, set()).add(r)
    return {frozenset(g) for g in groups.values()}


links_strategy = st.lists(
    st.tuples(st.integers(0, 19), st.integers(0, 19), st.floats(0, 1)), max_size=60
)


@given(links_strategy, st.floats(0, 1))
def test_without_constraints_clusters_are_the_connected_components(links, threshold) -> None:
    ids = list(range(20))
    links = [(a, b, p) for a, b, p in links if a != b]
    result = cluster_records(ids, links, threshold=threshold)
    assert _as_sets(result.labels) == _components(ids, links, threshold)


@given(
    links_strategy,
    st.lists(st.tuples(st.integers(0, 19), st.integers(0, 19)), max_size=10),
    st.dictionaries(st.integers(0, 19), st.sampled_from(["a", "b"]), max_size=20),
)
def test_no_cluster_holds_a_different_pair_or_two_records_of_a_duplicate_free_list(
    links, different, exclusive
) -> None:
    ids = list(range(20))
    result = cluster_records(
        ids, links, threshold=0.5, constraints=Constraints(different=different, exclusive=exclusive)
    )
    for a, b in different:
        if a != b:
            assert result.labels[a] != result.labels[b]
    seen: set[tuple[int, str]] = set()
    for record, group in exclusive.items():
        key = (result.labels[record], group)
        assert key not in seen
        seen.add(key)


@given(links_strategy, st.lists(st.tuples(st.integers(0, 19), st.integers(0, 19)), max_size=10))
def test_a_same_decision_is_never_split_by_the_model(links, same) -> None:
    result = cluster_records(range(20), links, threshold=0.99, constraints=Constraints(same=same))
    for a, b in same:
        assert result.labels[a] == result.labels[b]


def test_the_better_match_wins_when_a_duplicate_free_list_has_namesakes() -> None:
    # 1 and 2 are namesakes in one duplicate-free list; 3 matches 1 better than 2.
    links = [(2, 3, 0.95), (1, 3, 0.99)]
    result = cluster_records(
        [1, 2, 3], links, threshold=0.9, constraints=Constraints(exclusive={1: "fam", 2: "fam"})
    )
    assert result.labels == {1: 1, 2: 2, 3: 1}
    assert [(r.a, r.b, r.reason) for r in result.refused] == [(2, 3, "duplicate-free")]


def test_a_different_decision_stops_a_chain_through_a_third_record() -> None:
    links = [(1, 2, 0.99), (2, 3, 0.98)]
    result = cluster_records(
        [1, 2, 3], links, threshold=0.9, constraints=Constraints(different=[(1, 3)])
    )
    assert result.labels[1] == result.labels[2] != result.labels[3]
    assert result.refused[0].reason == "different"


def test_conflicting_decisions_keep_the_different_and_are_reported() -> None:
    result = cluster_records(
        [1, 2], [], threshold=0.9, constraints=Constraints(same=[(1, 2)], different=[(2, 1)])
    )
    assert result.labels[1] != result.labels[2]
    assert result.refused[0].reason == "conflicting decisions"


def test_a_reviewer_may_join_two_records_of_a_duplicate_free_list() -> None:
    result = cluster_records(
        [1, 2],
        [],
        threshold=0.9,
        constraints=Constraints(same=[(1, 2)], exclusive={1: "x", 2: "x"}),
    )
    assert result.labels[1] == result.labels[2]


def test_incremental_links_join_one_existing_person_but_never_fuse_two() -> None:
    fixed = {1: "P-1", 2: "P-1", 3: "P-2"}
    links = [(4, 1, 0.99), (4, 3, 0.97), (5, 4, 0.95)]
    result = cluster_records(
        range(1, 6), links, threshold=0.9, constraints=Constraints(fixed=fixed)
    )
    assert result.labels == {1: 1, 2: 1, 3: 3, 4: 1, 5: 1}
    assert [r.reason for r in result.refused] == ["existing persons"]


def test_links_below_the_threshold_are_not_used() -> None:
    result = cluster_records([1, 2], [(1, 2, 0.5)], threshold=0.9)
    assert result.labels == {1: 1, 2: 2}
    assert result.links_used == 0
    assert result.clusters() == {1: [1], 2: [2]}


def test_a_one_name_record_is_never_linked_by_the_model_but_goes_to_review() -> None:
    result = cluster_records(
        [1, 2, 3],
        [(1, 2, 0.99), (2, 3, 0.8)],
        threshold=0.5,
        constraints=Constraints(partial=frozenset({3})),
    )
    assert result.labels == {1: 1, 2: 1, 3: 3}
    assert [(r.a, r.b, r.reason) for r in result.refused] == [(2, 3, "one name only")]


def test_a_reviewers_same_still_joins_a_one_name_record() -> None:
    result = cluster_records(
        [1, 2],
        [(1, 2, 0.9)],
        threshold=0.5,
        constraints=Constraints(same=[(1, 2)], partial=frozenset({2})),
    )
    assert result.labels == {1: 1, 2: 1}
