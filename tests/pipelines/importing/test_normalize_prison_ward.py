"""A prison and its ward written in one prison cell ("اوین / ۲۰۹")."""

from __future__ import annotations

import pytest

from dadkhah.pipelines.importing.headers import FIELDS, Columns
from dadkhah.pipelines.importing.normalize import RowNormalizer, prison_and_ward

ALL = Columns(by_field={f: f for f in FIELDS})


def norm(**fields: str) -> tuple[dict[str, object], list[str]]:
    out, problems = RowNormalizer(columns=ALL, file="f.csv")(
        2, {"full_name": "Ali Tabesh", **fields}
    )
    return out, [p.code for p in problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("اوین / ۲۰۹", ("اوین", "۲۰۹")),
        ("گوهردشت بند ۸", ("گوهردشت", "بند ۸")),
        ("Evin, ward 209", ("Evin", "ward 209")),
        ("اوین بند زنان", ("اوین", "بند زنان")),
        ("Bandar Abbas", None),
        ("Evin", None),
        ("Atlantis 5", None),  # not a prison the gazetteer knows
        ("Tabriz 1988", None),  # a year is no ward
    ],
)
def test_a_prison_value_ending_in_a_ward_is_split(
    text: str, expected: tuple[str, str] | None
) -> None:
    assert prison_and_ward(text) == expected


@pytest.mark.parametrize(
    ("prison", "ward", "key", "prison_id"),
    [
        ("اوین / ۲۰۹", "۲۰۹", "209", "prison:evin"),
        ("گوهردشت بند ۸", "بند ۸", "8", "prison:gohardasht"),
    ],
)
def test_the_prison_and_its_ward_are_kept_from_one_cell(
    prison: str, ward: str, key: str, prison_id: str
) -> None:
    out, problems = norm(prison=prison)
    assert (out["prison"], out["ward"], out["ward_key"], out["ward_prison"]) == (
        prison_id,
        ward,
        key,
        prison_id,
    )
    assert problems == []


def test_a_ward_column_wins_over_the_ward_in_the_prison_cell() -> None:
    out, _problems = norm(prison="اوین / ۲۰۹", ward="Ward 240")
    assert (out["prison"], out["ward"], out["ward_key"]) == ("prison:evin", "Ward 240", "240")
