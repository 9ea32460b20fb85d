"""Review priority: doubt times what the answer would change in the published numbers."""

from __future__ import annotations

import pytest

from dadkhah.core.linkage.priority import expected_effect, singletons_changed


@pytest.mark.parametrize(
    ("a", "b", "changed"),
    [
        ({"x"}, {"y"}, 2),  # two single-list persons become one person on two lists
        ({"x"}, {"x", "y"}, 1),  # one singleton absorbed
        ({"x", "y"}, {"y", "z"}, 0),  # both already on several lists
        ({"x"}, {"x"}, 1),  # two singletons of one list become one singleton
        (set(), {"x"}, 0),  # a record on no counted list does not change the singletons
    ],
)
def test_a_merge_changes_the_single_list_persons_by(a: set[str], b: set[str], changed: int) -> None:
    assert singletons_changed(a, b) == changed


def test_a_pair_that_would_move_the_estimate_goes_before_an_equally_doubtful_one() -> None:
    moves = expected_effect(0.5, {"x"}, {"y"})
    stays = expected_effect(0.5, {"x", "y"}, {"y", "z"})
    assert moves > stays


def test_a_nearly_certain_pair_goes_after_a_doubtful_one_of_the_same_effect() -> None:
    assert expected_effect(0.5, {"x"}, {"y"}) > expected_effect(0.97, {"x"}, {"y"})


def test_doubt_is_symmetric_around_one_half() -> None:
    assert expected_effect(0.3, {"x"}, {"y"}) == pytest.approx(expected_effect(0.7, {"x"}, {"y"}))
