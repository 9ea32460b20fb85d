"""The linkage table: one row per record, in the columns the model compares.

The model never sees a list's own columns. Each record becomes one row of
this table: cross-script name keys, strict, loose and coarse (the one ladder
of `dadkhah.core.names`, which the search also uses), the written form
and, where the source wrote Latin, the Latin spelling; uncertain dates as
day-number intervals (earliest, latest); places and groups as gazetteer ids.
Splink reads it as one table on DuckDB or Spark.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import pyarrow as pa

from dadkhah.core.dates import UncertainDate
from dadkhah.core.names import name_part_keys, parse_name
from dadkhah.core.places import Gazetteer
from dadkhah.core.record import NormalizedRecord, read_birth_years, read_date, read_record

__all__ = [
    "NAME_FIELDS",
    "SCHEMA",
    "empty_table",
    "linkage_row",
    "order_free_keys",
    "row_from_normalized",
    "rows_to_table",
]

NAME_FIELDS = ("given", "family", "father")
DATE_FIELDS = ("birth", "death", "arrest")
PLACE_FIELDS = ("city", "prison", "affiliation")

SCHEMA = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("source", pa.string()),
        *[
            (f"{name}_{part}", pa.string())
            for name in NAME_FIELDS
            for part in ("key", "loose", "coarse", "norm", "latin")
        ],
        ("given_parts", pa.list_(pa.string())),
        ("name_low", pa.string()),
        ("name_high", pa.string()),
        ("initials", pa.string()),
        ("birth_year", pa.int32()),
        *[(f"{d}_{end}", pa.int32()) for d in DATE_FIELDS for end in ("lo", "hi")],
        *[(p, pa.string()) for p in PLACE_FIELDS],
        ("province", pa.string()),
        ("sex", pa.string()),
    ]
)

# Days are counted from 0001-01-01 (date.toordinal) so that interval arithmetic
# is plain integer arithmetic in every SQL dialect.


def order_free_keys(given: str | None, family: str | None) -> dict[str, str | None]:
    """Blocking keys that read a record's given and family name in either order.

    A list that writes the family name first without a comma ("Khalillou
    Simin"), or an importer that guesses the order wrong, swaps the two
    fields: the coarse keys of the two names in alphabetical order
    (`name_low`, `name_high`) are the same whichever field holds which.
    `initials` are the first letters of the two coarse keys, also in
    alphabetical order: a typo or an OCR slip rarely touches the first letter.

    Args:
        given: The given name's coarse key.
        family: The family name's coarse key.

    Returns:
        The columns `name_low`, `name_high` and `initials`; all None unless
        both names are present.
    """
    if not given or not family:
        return {"name_low": None, "name_high": None, "initials": None}
    low, high = sorted((given, family))
    return {"name_low": low, "name_high": high, "initials": "".join(sorted(given[0] + family[0]))}


def _name_columns(name: str, text: str | None) -> dict[str, Any]:
    empty = {f"{name}_{p}": None for p in ("key", "loose", "coarse", "norm", "latin")}
    if text is None or not text.strip():
        return empty
    parts = parse_name(text)
    if not parts.key:
        return empty
    latin = " ".join(parts.tokens) if parts.script == "latin" else None
    return {
        f"{name}_key": parts.key,
        f"{name}_loose": parts.loose_key,
        f"{name}_coarse": parts.coarse_key,
        f"{name}_norm": parts.joined,
        f"{name}_latin": latin,
    }


@lru_cache(maxsize=1)
def _gazetteer() -> Gazetteer:
    return Gazetteer.load()


@lru_cache(maxsize=65_536)
def _province(place_id: str | None) -> str | None:
    """The 1988 province of a city or prison (a prison by way of its city), if the gazetteer knows it."""
    if not place_id:
        return None
    try:
        place = _gazetteer().get(place_id)
    except KeyError:
        return None
    if place.province_1988 is None and place.parent:
        return _province(place.parent)
    return place.province_1988


def _interval(value: UncertainDate | None) -> tuple[int | None, int | None]:
    if value is None or value.earliest is None or value.latest is None:
        return None, None
    return value.earliest.toordinal(), value.latest.toordinal()


def _birth_year(value: UncertainDate | None) -> int | None:
    """A year to block on: the first year of an interval that spans at most two.

    A Jalali year (1340 = 21 March 1961 – 20 March 1962) spans two Gregorian
    years; its first one is the one a Latin list gives three times in four.
    """
    if value is None or value.earliest is None or value.latest is None:
        return None
    if value.latest.year - value.earliest.year > 1:
        return None
    return value.earliest.year


def linkage_row(
    record_id: int,
    source: str,
    *,
    given: str | None = None,
    family: str | None = None,
    father: str | None = None,
    birth: UncertainDate | None = None,
    death: UncertainDate | None = None,
    arrest: UncertainDate | None = None,
    city: str | None = None,
    prison: str | None = None,
    affiliation: str | None = None,
    sex: str | None = None,
) -> dict[str, Any]:
    """One row of the linkage table.

    Args:
        record_id: The record's id (its primary key in the case).
        source: The name of the list it comes from.
        given: Given name as written (either script).
        family: Family name as written.
        father: Father's name as written.
        birth: Birth date as an uncertain interval (a year, an age at death …).
        death: Date of death (or of execution) as an uncertain interval.
        arrest: Date of arrest as an uncertain interval.
        city: Gazetteer id of the city.
        prison: Gazetteer id of the prison.
        affiliation: Canonical id of the political affiliation.
        sex: "m" or "f".

    Returns:
        A dict with every column of `SCHEMA`.
    """
    row: dict[str, Any] = {"unique_id": int(record_id), "source": source}
    for name, text in zip(NAME_FIELDS, (given, family, father), strict=True):
        row.update(_name_columns(name, text))
    row["given_parts"] = sorted(name_part_keys(given)) if row["given_key"] and given else None
    row.update(order_free_keys(row["given_coarse"], row["family_coarse"]))
    row["birth_year"] = _birth_year(birth)
    for prefix, value in zip(DATE_FIELDS, (birth, death, arrest), strict=True):
        row[f"{prefix}_lo"], row[f"{prefix}_hi"] = _interval(value)
    for column, place in zip(PLACE_FIELDS, (city, prison, affiliation), strict=True):
        row[column] = place or None
    row["province"] = _province(city) or _province(prison)
    row["sex"] = sex or None
    return row


def _birth(normalized: NormalizedRecord) -> UncertainDate | None:
    birth = read_date(normalized.get("birth_date"))
    if birth is not None and birth.is_known:
        return birth
    years = read_birth_years(normalized)
    if years is None:
        return None
    try:
        return UncertainDate(dt.date(years[0], 1, 1), dt.date(years[1], 12, 31))
    except ValueError:
        return None


def _known(value: object) -> UncertainDate | None:
    """A stored date (`dadkhah.core.record.DateJSON`) when both its ends are known."""
    date = read_date(value)
    return date if date is not None and date.is_known else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def row_from_normalized(
    record_id: int, source: str, normalized: Mapping[str, Any]
) -> dict[str, Any]:
    """The linkage row of a record from its normalized form (`dadkhah.core.record`).

    The importer's normalized form (`NormalizedRecord`) gives the
    name fields as written (``given_name``, ``family_name``, ``father_name``),
    dates as intervals (``birth_date``, ``death_date``, ``arrest_date``), the
    birth years as ``[first, last]`` (``birth_year``, from a year or an age),
    and gazetteer ids (``city``, ``prison``, ``affiliation``).

    Args:
        record_id: The record's primary key.
        source: The name of the record's source.
        normalized: `Record.normalized`, of any version (`read_record`).

    Returns:
        The row (see `linkage_row`).
    """
    n = read_record(normalized)
    return linkage_row(
        record_id,
        source,
        given=_text(n.get("given_name")),
        family=_text(n.get("family_name")),
        father=_text(n.get("father_name")),
        birth=_birth(n),
        death=_known(n.get("death_date")),
        arrest=_known(n.get("arrest_date")),
        # A city the importer took from the prison is where the prison stands,
        # not the person's city: it is not compared as one.
        city=None if n.get("city_from") == "prison" else _text(n.get("city")),
        prison=_text(n.get("prison")),
        affiliation=_text(n.get("affiliation")),
        sex=_text(n.get("sex")),
    )


def rows_to_table(rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    """The linkage table of the rows, typed by `SCHEMA` (an all-null column keeps its type)."""
    return pa.Table.from_pylist(list(rows), schema=SCHEMA)


def empty_table() -> pa.Table:
    """A linkage table with no row."""
    return SCHEMA.empty_table()
