"""The normalized record schema: the producer writes it, old rows still read (issue 11)."""

from __future__ import annotations

import datetime as dt
import json
import typing

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadkhah.core.custody.records import RecordContent
from dadkhah.core.dates import Calendar, Precision, UncertainDate
from dadkhah.core.linkage.schema import NAME_FIELDS as LINKAGE_NAMES
from dadkhah.core.linkage.schema import row_from_normalized
from dadkhah.core.record import (
    DATE_FIELDS,
    FIELDS,
    NAME_FIELDS,
    NAME_PARTS,
    SCHEMA_VERSION,
    DateJSON,
    NormalizedRecord,
    RecordKey,
    date_from_json,
    date_json,
    read_birth_years,
    read_date,
    read_record,
)
from dadkhah.core.spellings import record_spelling
from dadkhah.pipelines.importing.headers import FIELDS as COLUMNS
from dadkhah.pipelines.importing.headers import Columns
from dadkhah.pipelines.importing.normalize import RowNormalizer

ALL = Columns(by_field={f: f for f in COLUMNS})

# Fictional rows: Persian and Latin script, Jalali and Gregorian dates, fields left empty.
ROWS: list[tuple[str | None, dict[str, str]]] = [
    (
        "jalali",
        {
            "given_name": "سیدعلی",
            "family_name": "تابش‌نیا",
            "father_name": "حسن",
            "sex": "مرد",
            "birth_year": "۱۳۴۰",
            "arrest_date": "۱۳۶۶/۰۲/۱۵",
            "death_date": "مرداد ۱۳۶۷",
            "prison": "اوین / ۲۰۹",
            "affiliation": "هوادار مجاهدین",
            "notes": "از فهرست خانواده‌ها",
        },
    ),
    (
        "gregorian",
        {
            "full_name": "TABESH, Simin",
            "sex": "f",
            "birth_date": "1962-03-01",
            "death_date": "summer 1988",
            "age": "25-30",
            "city": "Evin",
            "burial_place": "Khavaran",
        },
    ),
    (None, {"full_name": "Kaveh Darvishpour", "age": "28", "death_date": "1988-08-30"}),
    (None, {"family_name": "Arjomandi", "death_date": "sometime", "sex": "x", "ward": "7"}),
    (None, {"notes": "name not given"}),
]


def _normalized(calendar: str | None, fields: dict[str, str]) -> dict[str, object]:
    text, _problems = RowNormalizer(columns=ALL, file="f.csv", calendar=calendar).text(2, fields)
    return typing.cast("dict[str, object]", json.loads(text))


def test_record_key_literal_names_every_key_of_the_schema() -> None:
    assert typing.get_args(RecordKey) == FIELDS
    assert set(NAME_FIELDS) | set(DATE_FIELDS) < set(FIELDS)


def test_linkage_compares_the_name_parts_of_the_schema() -> None:
    assert LINKAGE_NAMES == NAME_PARTS


def test_only_the_version_is_required() -> None:
    assert NormalizedRecord.__required_keys__ == frozenset({"v"})
    assert set(NormalizedRecord.__optional_keys__) == set(FIELDS) - {"v"}


@pytest.mark.parametrize(("calendar", "fields"), ROWS)
def test_the_producer_writes_the_schema_exactly(
    calendar: str | None, fields: dict[str, str]
) -> None:
    out = _normalized(calendar, fields)
    assert set(out) <= set(FIELDS), set(out) - set(FIELDS)
    assert NormalizedRecord.__required_keys__ <= set(out)
    assert out["v"] == SCHEMA_VERSION
    # A missing value is an absent key, never null or empty.
    assert all(value not in (None, "", []) for value in out.values())
    for name in DATE_FIELDS:
        if name in out:
            assert set(typing.cast("dict[str, object]", out[name])) == set(DateJSON.__annotations__)


def test_the_rows_cover_both_scripts_calendars_and_missing_fields() -> None:
    jalali, gregorian, _, unread, bare = (_normalized(c, f) for c, f in ROWS)
    assert typing.cast("DateJSON", jalali["death_date"])["calendar"] == "jalali"
    assert jalali["birth_year"] == [1961, 1962]
    assert jalali["sympathizer"] is True and jalali["ward"] == "۲۰۹"
    assert typing.cast("DateJSON", gregorian["birth_date"])["calendar"] == "gregorian"
    assert gregorian["name_order"] == "family_first" and gregorian["age_range"] == [25, 30]
    assert typing.cast("DateJSON", unread["death_date"])["earliest"] is None
    assert "sex" not in unread
    assert "date_unparsed:death_date" in typing.cast("list[str]", unread["flags"])
    assert set(bare) == {"v", "notes", "flags"}


@given(
    st.one_of(
        st.builds(UncertainDate.unknown, st.text()),
        st.builds(
            lambda day, width, precision, calendar, text: UncertainDate(
                day, day + dt.timedelta(days=width), precision, calendar, text
            ),
            st.dates(dt.date(1900, 1, 1), dt.date(2000, 1, 1)),
            st.integers(0, 400),
            st.sampled_from(Precision),
            st.sampled_from([None, *Calendar]),
            st.text(),
        ),
    )
)
def test_date_json_round_trips(value: UncertainDate) -> None:
    stored = json.loads(json.dumps(date_json(value), ensure_ascii=False))
    assert date_from_json(stored) == value
    assert date_json(typing.cast("UncertainDate", date_from_json(stored))) == stored


@pytest.mark.parametrize(
    "damaged",
    [None, "1988", [], {"earliest": "1988-13-01", "latest": "1988-13-02"},
     {"earliest": "1988-08-01"}, {"earliest": 1988, "latest": 1988},
     {"earliest": "1988-08-01", "latest": "1988-08-02", "precision": "fortnight"}],
)  # fmt: skip
def test_a_damaged_stored_date_reads_as_none(damaged: object) -> None:
    assert read_date(damaged) is None


@pytest.mark.parametrize(
    ("stored", "years"),
    [([1961, 1962], (1961, 1962)), (1962, (1962, 1962)), ((1960, 1960), (1960, 1960)),
     (["1961", "1962"], (1961, 1962)), (None, None), ([1961], None), (["a", "b"], None),
     ("1962", None), ({"first": 1961}, None)],
)  # fmt: skip
def test_birth_years_read_the_producers_pair_and_a_hand_written_year(
    stored: object, years: tuple[int, int] | None
) -> None:
    record = read_record({} if stored is None else {"birth_year": stored})
    assert read_birth_years(record) == years


def test_an_old_row_without_a_version_reads_as_version_one() -> None:
    old = {
        "given_name": "Simin",
        "family_name": "Tabesh",
        "birth_year": 1962,
        "death_date": {"earliest": "1988-08-01", "latest": "1988-08-31", "text": "Aug 1988"},
    }
    stored = json.loads(json.dumps(old))
    record = read_record(stored)
    assert record["v"] == 1
    assert stored == old  # the stored row is not touched: its custody hash stays
    assert record_spelling(record) == "Simin Tabesh"
    row = row_from_normalized(1, "list", stored)
    assert row == row_from_normalized(1, "list", {**stored, "v": 1})
    assert row["birth_year"] == 1962
    assert row["death_lo"] == dt.date(1988, 8, 1).toordinal()
    assert read_record(None) == {"v": 1} and read_record("text") == {"v": 1}


def test_reading_a_current_row_neither_copies_nor_changes_its_hash() -> None:
    stored = json.loads(_normalized_json())
    before = RecordContent(1, "r1", 2, 1, None, {}, stored).to_bytes()
    assert read_record(stored) is stored
    assert RecordContent(1, "r1", 2, 1, None, {}, stored).to_bytes() == before


def _normalized_json() -> str:
    calendar, fields = ROWS[0]
    return RowNormalizer(columns=ALL, file="f.csv", calendar=calendar).text(2, fields)[0]
