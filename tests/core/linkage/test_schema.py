"""The coarse key folds the spellings of other romanization traditions together."""

from __future__ import annotations

import pytest

from dadkhah.core.linkage.schema import linkage_row
from dadkhah.core.names import coarse_key, cross_script_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Chahrokh", "شاهرخ"),  # French ch for ش
        ("Kadhimzada", "کاظم زاده"),  # Arabic dh for ظ, -zada for -zadeh
        ("Adharpour", "Azarpour"),
        ("Ridha", "Reza"),
        ("Hassan", "Hasan"),
        ("Baqirnizhad", "باقرنژاد"),
        ("Madjid", "Majid"),  # French dj inside a name
        ("Askarnejad", "عسگرنژاد"),  # ک for گ
    ],
)
def test_spellings_of_one_name_in_other_traditions_share_a_coarse_key(a: str, b: str) -> None:
    assert coarse_key(cross_script_key(a)) == coarse_key(cross_script_key(b))


@pytest.mark.parametrize(("a", "b"), [("Mohammad", "Mohammadi"), ("Hasan", "Mohsen")])
def test_different_names_keep_different_coarse_keys(a: str, b: str) -> None:
    assert coarse_key(cross_script_key(a)) != coarse_key(cross_script_key(b))


def test_equal_loose_keys_give_equal_coarse_keys() -> None:
    row_a = linkage_row(1, "x", given="Morad", family="Bejan")
    row_b = linkage_row(2, "y", given="Murad", family="Bijan")
    assert row_a["given_loose"] == row_b["given_loose"]
    assert row_a["given_coarse"] == row_b["given_coarse"]
    assert row_a["family_coarse"] == row_b["family_coarse"]
