"""Display names: the best attested spelling in each script, the romanization only as a fallback."""

from __future__ import annotations

import pytest

from dadkhah.core.spellings import best_attested, display_names


def test_a_latin_record_beats_the_machine_romanization() -> None:
    persian = {"given_name": "امیرحسین", "family_name": "جهانی", "display": "Amrhsin Jhani"}
    latin = {"given_name": "Amirhossein", "family_name": "Jahanee"}
    assert display_names([(persian, "F"), (latin, "C")]) == (
        "Amirhossein Jahanee",
        "امیرحسین جهانی",
    )


def test_the_romanization_is_shown_only_where_no_record_spells_the_name_in_latin() -> None:
    persian = {"given_name": "امیرحسین", "family_name": "جهانی", "display": "Amrhsin Jhani"}
    assert display_names([(persian, "F")]) == ("Amrhsin Jhani", "امیرحسین جهانی")


def test_the_most_frequent_spelling_wins_over_a_more_reliable_one() -> None:
    records = [
        ({"full_name": "Amir Jahani"}, "A"),
        ({"given_name": "Amir", "family_name": "Jahanee"}, "F"),
        ({"given_name": "Amir", "family_name": "Jahanee"}, "E"),
    ]
    assert display_names(records)[0] == "Amir Jahanee"


@pytest.mark.parametrize(
    ("spellings", "expected"),
    [
        ([("Jahanee", "F"), ("Jahani", "B")], "Jahani"),
        ([("Jahani", "D"), ("Jahanee", "B")], "Jahanee"),
        ([("Jahani", "C"), ("Jahanee", "C")], "Jahanee"),
        ([("Ali", "F"), ("Ali Ahmadi", "F")], "Ali Ahmadi"),
        ([("Jahani", ""), ("Jahanee", "E")], "Jahanee"),
        ([], ""),
    ],
)
def test_a_tie_goes_to_the_most_reliable_source(
    spellings: list[tuple[str, str]], expected: str
) -> None:
    assert best_attested(spellings) == expected
    assert best_attested(reversed(spellings)) == expected
