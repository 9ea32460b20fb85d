"""Term frequencies are counted over the records in which their comparison is present."""

from __future__ import annotations

import pyarrow as pa
import pytest
from splink import Linker

from dadkhah.core.linkage.schema import linkage_row, rows_to_table
from dadkhah.core.linkage.settings import PERSON_MODEL, LinkageSettings
from dadkhah.pipelines.linkage import (
    _register,
    _register_term_frequencies,
    _settings_creator,
)
from dadkhah.pipelines.linkage_backends import database_api


def _table() -> pa.Table:
    rows = [
        # Two records name Evin; two give only the city; one gives no place at all.
        linkage_row(1, "a", given="Ali", family="Ahmadi", city="city:tehran", prison="prison:evin"),
        linkage_row(2, "a", given="Ali", family="Karimi", city="city:tehran", prison="prison:evin"),
        linkage_row(3, "b", given="Reza", family="Ahmadi", city="city:tehran"),
        linkage_row(4, "b", given="Hasan", family="Ahmadi", city="city:tehran"),
        linkage_row(5, "b", given="Hasan", family="Karimi"),
    ]
    return rows_to_table(rows)


def _frequencies(column: str) -> dict[str, float]:
    table = _table()
    db_api = database_api("duckdb")
    linker = Linker(
        _register(db_api, table, "records"),
        _settings_creator(LinkageSettings(), PERSON_MODEL, table),
    )
    _register_term_frequencies(linker, db_api, table)
    frame = linker.table_management.compute_tf_table(column).as_pandas_dataframe()
    return dict(zip(frame[column], frame[f"tf_{column}"], strict=True))


def test_a_prison_is_counted_among_the_records_whose_place_is_known() -> None:
    # Evin: 2 of the 4 records with a place, not 2 of the 2 that name a prison.
    assert _frequencies("prison") == pytest.approx({"prison:evin": 0.5})


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("given_key", {"ALI": 0.4, "RZA": 0.2, "HSN": 0.4}),
        ("family_key", {"AHMDI": 0.6, "KRIMI": 0.4}),
    ],
)
def test_a_name_is_counted_among_the_records_that_give_it(
    column: str, expected: dict[str, float]
) -> None:
    assert _frequencies(column) == pytest.approx(expected)
