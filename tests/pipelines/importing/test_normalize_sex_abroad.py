"""The sex as lists kept abroad write it (Kurdish نێر/مێ, German m/w, Turkish erkek/kadın)."""

from __future__ import annotations

import pytest

from dadkhah.pipelines.importing.headers import FIELDS, Columns
from dadkhah.pipelines.importing.normalize import RowNormalizer

ALL = Columns(by_field={f: f for f in FIELDS})


@pytest.mark.parametrize(
    ("written", "sex"),
    [
        ("نێر", "m"),
        ("مێ", "f"),
        ("ژن", "f"),
        ("w", "f"),
        ("W.", "f"),
        ("männlich", "m"),
        ("Erkek", "m"),
        ("Kadın", "f"),
        ("qadın", "f"),
        ("Kvinna", "f"),
        ("femme", "f"),
        ("ذكر", "m"),
    ],
)
def test_a_sex_written_abroad_is_read(written: str, sex: str) -> None:
    out, problems = RowNormalizer(columns=ALL, file="f.csv")(
        2, {"full_name": "Ali Tabesh", "sex": written}
    )
    assert (out["sex"], [p.code for p in problems]) == (sex, [])
