"""Stable ids: a cluster inherits the id of most of its earlier records."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadkhah.core.linkage.stable_ids import (
    IdChange,
    assign_stable_ids,
    format_public_id,
    next_public_number,
    parse_public_id,
)


def test_public_ids_round_trip() -> None:
    assert format_public_id(123) == "P-000123"
    assert parse_public_id("P-000123") == 123
    assert parse_public_id("X-1") is None
    assert next_public_number(["P-000007", "P-000002", "other"]) == 8
    assert next_public_number([]) == 1


def test_a_first_run_numbers_clusters_by_their_smallest_record() -> None:
    result = assign_stable_ids({10: "a", 11: "a", 5: "b"}, {}, next_number=1)
    assert result.assignment == {5: "P-000001", 10: "P-000002", 11: "P-000002"}
    assert [c.kind for c in result.changes] == ["new", "new"]
    assert result.next_number == 3


@given(st.dictionaries(st.integers(0, 50), st.integers(0, 8), min_size=1))
def test_the_same_clusters_again_keep_every_id_and_change_nothing(clusters) -> None:
    first = assign_stable_ids(clusters, {}, next_number=1)
    relabelled = {r: f"c{c}" for r, c in clusters.items()}
    again = assign_stable_ids(relabelled, first.assignment, next_number=first.next_number)
    assert again.assignment == first.assignment
    assert again.changes == []


def test_a_merge_keeps_the_id_of_most_records_and_logs_the_absorbed_one() -> None:
    previous = {1: "P-000001", 2: "P-000001", 3: "P-000002"}
    result = assign_stable_ids({1: 0, 2: 0, 3: 0}, previous, next_number=3)
    assert set(result.assignment.values()) == {"P-000001"}
    assert result.changes == [IdChange("merge", "P-000002", "P-000001", (3,))]


def test_a_split_keeps_the_id_with_the_larger_part_and_gives_the_rest_a_new_one() -> None:
    previous = {1: "P-000004", 2: "P-000004", 3: "P-000004"}
    result = assign_stable_ids({1: 0, 2: 0, 3: 1}, previous, next_number=9)
    assert result.assignment == {1: "P-000004", 2: "P-000004", 3: "P-000009"}
    assert result.changes == [
        IdChange("new", "P-000009", None, (3,)),
        IdChange("split", "P-000004", "P-000009", (3,)),
    ]


def test_new_records_joining_a_person_are_not_a_change() -> None:
    result = assign_stable_ids({1: 0, 2: 0}, {1: "P-000001"}, next_number=2)
    assert result.assignment == {1: "P-000001", 2: "P-000001"}
    assert result.changes == []


@pytest.mark.parametrize("tie_first", [True, False])
def test_a_tie_between_two_ids_goes_to_the_older_id(tie_first: bool) -> None:
    previous = {1: "P-000002", 2: "P-000001"} if tie_first else {1: "P-000001", 2: "P-000002"}
    result = assign_stable_ids({1: 0, 2: 0}, previous, next_number=3)
    assert set(result.assignment.values()) == {"P-000001"}
