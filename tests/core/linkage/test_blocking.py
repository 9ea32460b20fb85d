"""The default blocking rules reach the kinds of true pair the evaluation panel found unreached (issue 10)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dadkhah.core.dates import UncertainDate
from dadkhah.core.linkage.calibration import blocking_recall
from dadkhah.core.linkage.schema import linkage_row, order_free_keys
from dadkhah.core.linkage.settings import LinkageSettings

DEATH = UncertainDate(dt.date(1988, 8, 30), dt.date(1988, 8, 30))


def _rules_reaching(a: dict[str, Any], b: dict[str, Any]) -> list[tuple[str, ...]]:
    """The default rules that make the pair a candidate."""
    truth = {a["unique_id"]: "p", b["unique_id"]: "p"}
    return [
        rule
        for rule in LinkageSettings().blocking
        if blocking_recall([a, b], [rule], truth) == (1.0, 1)
    ]


def test_a_slip_in_both_names_is_reached_by_initials_province_and_day_of_death() -> None:
    # A families' list against an OCR'd export: "Naser" read "Nasscr",
    # "Baharzadeh" read "Baharzacleh"; no name key is left in common.
    a = linkage_row(
        1, "families", given="Naser", family="Baharzadeh", city="city:isfahan", death=DEATH
    )
    b = linkage_row(
        2, "merged", given="Nasscr", family="Baharzacleh", city="city:isfahan", death=DEATH
    )
    assert (a["given_coarse"], b["given_coarse"]) == ("NSR", "NSKR")
    assert (a["family_coarse"], b["family_coarse"]) == ("BHRZD", "BHRZKL")
    assert _rules_reaching(a, b) == [("initials", "province", "death_lo")]


def test_swapped_name_order_with_a_slip_is_reached_by_one_name_and_the_province() -> None:
    # "Khalillou Slmin": the family name first, no comma, and an OCR slip.
    a = linkage_row(1, "families", given="Simin", family="Khalillou", city="city:shiraz")
    b = linkage_row(2, "merged", given="Khalillou", family="Slmin", city="city:shiraz")
    assert _rules_reaching(a, b) == [("name_high", "province")]


def test_swapped_name_order_is_reached_without_anything_else() -> None:
    a = linkage_row(1, "survivors", given="Javad", family="Amiri")
    b = linkage_row(2, "merged", given="Amiri", family="Javad")
    assert _rules_reaching(a, b) == [("name_low", "name_high")]


def test_a_slip_in_both_names_without_a_date_is_not_reached() -> None:
    # The limit: a survivors' list gives no date, so nothing is left to block on.
    a = linkage_row(1, "survivors", given="Naser", family="Baharzadeh", prison="prison:dastgerd")
    b = linkage_row(
        2, "merged", given="Nasscr", family="Baharzacleh", city="city:isfahan", death=DEATH
    )
    assert _rules_reaching(a, b) == []


def test_other_persons_of_one_province_and_day_share_no_rule() -> None:
    a = linkage_row(
        1, "families", given="Naser", family="Baharzadeh", city="city:isfahan", death=DEATH
    )
    b = linkage_row(2, "merged", given="Parvin", family="Karimi", city="city:isfahan", death=DEATH)
    assert _rules_reaching(a, b) == []


@pytest.mark.parametrize(
    ("given", "family", "expected"),
    [
        ("SMN", "XL", {"name_low": "SMN", "name_high": "XL", "initials": "SX"}),
        ("XL", "SMN", {"name_low": "SMN", "name_high": "XL", "initials": "SX"}),
        ("ALI", None, {"name_low": None, "name_high": None, "initials": None}),
        (None, "KRMI", {"name_low": None, "name_high": None, "initials": None}),
    ],
)
def test_order_free_keys_read_the_names_in_either_order(
    given: str | None, family: str | None, expected: dict[str, str | None]
) -> None:
    assert order_free_keys(given, family) == expected
