"""The normalized form of a row (schema v1, docs/methodology/import.md)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadkhah.core.linkage.schema import row_from_normalized
from dadkhah.core.record import date_from_json, date_json
from dadkhah.pipelines.importing.headers import FIELDS, Columns
from dadkhah.pipelines.importing.normalize import (
    RowNormalizer,
    infer_column_calendar,
    split_full_name,
)

ALL = Columns(by_field={f: f for f in FIELDS})


def norm(**fields: str) -> tuple[dict[str, object], list[str]]:
    out, problems = RowNormalizer(columns=ALL, file="f.csv")(2, fields)
    return out, [p.code for p in problems]


@pytest.mark.parametrize(
    ("text", "given", "family", "order"),
    [
        ("Kaveh Darvishzadeh", "Kaveh", "Darvishzadeh", "given_first"),
        ("Mohammad Reza Ahmadi", "Mohammad Reza", "Ahmadi", "given_first"),
        ("Darvishzadeh, Kaveh", "Kaveh", "Darvishzadeh", "family_first"),
        ("DARVISHZADEH Kaveh", "Kaveh", "DARVISHZADEH", "family_first"),
        ("KAVEH DARVISHZADEH", "KAVEH", "DARVISHZADEH", "given_first"),
        ("Ali Hassan Zadeh", "Ali", "Hassan Zadeh", "given_first"),
        ("علی حسن زاده", "علی", "حسن زاده", "given_first"),
        ("علی رضا قزوینلو", "علی رضا", "قزوینلو", "given_first"),
        ("تابش، علی", "علی", "تابش", "family_first"),
        # Family name first without a comma: the second word a given name, the first not.
        ("JALALZADEH NASER", "NASER", "JALALZADEH", "family_first"),
        ("Karimi Ali", "Ali", "Karimi", "family_first"),
        ("حسینی محمد", "محمد", "حسینی", "family_first"),
        ("Ali Reza", "Ali", "Reza", "given_first"),
        # Seyed abbreviated to an initial stays with the given name, as do titles.
        ("S. Morteza Akbarnejad", "S. Morteza", "Akbarnejad", "given_first"),
        ("SEYED Ali Karimi", "SEYED Ali", "Karimi", "given_first"),
        ("Reza", "Reza", "", "single"),
        ("Jalalzadeh", "", "Jalalzadeh", "single"),
        ("فاطمه", "فاطمه", "", "single"),
        ("Seyed Reza", "Seyed Reza", "", "single"),
    ],
)
def test_a_one_column_name_is_split(text: str, given: str, family: str, order: str) -> None:
    assert split_full_name(text) == (given, family, order)


def test_separate_name_columns_win_over_the_full_name() -> None:
    out, _ = norm(full_name="Kaveh D.", given_name="Kaveh", family_name="Darvishzadeh")
    assert (out["given_name"], out["family_name"], out["full_name"]) == (
        "Kaveh",
        "Darvishzadeh",
        "Kaveh D.",
    )
    assert "name_order" not in out


def test_names_get_keys_that_agree_across_scripts_and_honorifics_become_flags() -> None:
    latin, _ = norm(given_name="Seyed Mohammad-Reza", family_name="Hosseini")
    persian, _ = norm(given_name="سید محمدرضا", family_name="حسینی")
    assert latin["given_key"] == persian["given_key"]
    assert latin["family_key"] == persian["family_key"]
    assert latin["honorifics"] == persian["honorifics"] == ["seyed"]
    assert persian["display"] == "Mohammadreza Hosseini"


@pytest.mark.parametrize(
    ("fields", "years", "source"),
    [
        ({"birth_year": "1340"}, [1961, 1962], "birth_year"),
        ({"birth_year": "۱۳۴۰"}, [1961, 1962], "birth_year"),
        ({"birth_year": "1958"}, [1958, 1958], "birth_year"),
        ({"birth_date": "1958-03-02", "birth_year": "1340"}, [1958, 1958], "birth_date"),
        ({"age": "25", "death_date": "1988-08-01"}, [1962, 1963], "age"),
        ({"age": "۲۵ ساله", "death_date": "مرداد ۱۳۶۷"}, [1962, 1963], "age"),
    ],
)
def test_the_birth_years_come_from_a_date_a_year_or_an_age(
    fields: dict[str, str], years: list[int], source: str
) -> None:
    out, problems = norm(full_name="Ali Tabesh", **fields)
    assert (out["birth_year"], out["birth_from"]) == (years, source)
    assert problems == []


def test_an_age_without_a_death_date_gives_no_birth_year() -> None:
    out, _ = norm(full_name="Ali Tabesh", age="25")
    assert out["age"] == 25
    assert "birth_year" not in out


def test_dates_are_intervals_with_precision_calendar_and_text() -> None:
    out, _ = norm(full_name="Ali Tabesh", death_date="مرداد ۱۳۶۷")
    assert out["death_date"] == {
        "earliest": "1988-07-23",
        "latest": "1988-08-22",
        "precision": "month",
        "calendar": "jalali",
        "text": "مرداد ۱۳۶۷",
    }
    assert date_json(date_from_json(out["death_date"])) == out["death_date"]  # type: ignore[arg-type]


def test_an_unreadable_date_is_kept_as_text_with_unknown_precision_and_flagged() -> None:
    out, problems = norm(full_name="Ali Tabesh", death_date="soon after Ashura")
    assert out["death_date"]["precision"] == "unknown"  # type: ignore[index]
    assert out["death_date"]["text"] == "soon after Ashura"  # type: ignore[index]
    assert out["flags"] == ["date_unparsed:death_date"]
    assert problems == ["date_unparsed"]


def test_places_and_groups_get_gazetteer_ids_and_codes() -> None:
    out, problems = norm(
        full_name="Ali Tabesh",
        city="Bakhtaran",
        prison="Rajaei Shahr",
        burial_place="Khavaran",
        affiliation="هوادار مجاهدین",
    )
    assert (out["city"], out["prison"], out["affiliation"]) == (
        "city:kermanshah",
        "prison:gohardasht",
        "pmoi",
    )
    assert str(out["burial_place"]).endswith(":khavaran")
    assert out["sympathizer"] is True
    assert problems == []


def test_the_city_comes_from_the_prison_when_the_row_names_none() -> None:
    out, _ = norm(full_name="Ali Tabesh", prison="Evin")
    assert (out["city"], out["city_from"]) == ("city:tehran", "prison")


def test_an_unknown_place_and_group_are_flagged() -> None:
    out, problems = norm(full_name="Ali Tabesh", city="Atlantis", affiliation="Ninjas")
    assert "city" not in out and "affiliation" not in out
    assert out["flags"] == ["place_unknown:city", "affiliation_unknown:affiliation"]
    assert problems == ["place_unknown", "affiliation_unknown"]


@pytest.mark.parametrize(("text", "code"), [("M", "m"), ("female", "f"), ("زن", "f"), ("مرد", "m")])
def test_sex_is_coded(text: str, code: str) -> None:
    assert norm(full_name="Ali Tabesh", sex=text)[0]["sex"] == code


def test_the_linkage_table_reads_the_normalized_form() -> None:
    out, _ = norm(
        given_name="Kaveh",
        family_name="Darvishzadeh",
        father_name="Nader",
        birth_year="1341",
        death_date="1367/05/10",
        city="Tehran",
        prison="Evin",
        affiliation="Tudeh",
        sex="m",
    )
    row = row_from_normalized(7, "s", out)
    assert row["given_key"] and row["family_key"] and row["father_key"]
    assert row["birth_lo"] is not None and row["death_lo"] == row["death_hi"]
    assert (row["city"], row["prison"], row["affiliation"], row["sex"]) == (
        "city:tehran",
        "prison:evin",
        "tudeh",
        "m",
    )


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=30), max_size=8))
def test_any_row_normalizes_to_json_without_raising(fields: dict[str, str]) -> None:
    out, problems = RowNormalizer(columns=ALL, file="f.csv")(2, fields)
    assert json.loads(json.dumps(out)) == out
    assert out["v"] == 1
    assert all(not p.fatal for p in problems)


# --- Dates and ages as other people write them (issue 16) ------------------------------


def norm_with(
    calendar: str | None = None, column_calendars: dict[str, str] | None = None, **fields: str
) -> dict[str, object]:
    normalizer = RowNormalizer(
        columns=ALL, file="f.csv", calendar=calendar, column_calendars=column_calendars
    )
    return normalizer(2, fields)[0]


def interval(out: dict[str, object], field: str) -> tuple[object, object]:
    value = out[field]
    assert isinstance(value, dict)
    return value["earliest"], value["latest"]


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ("death_date", "67-5-10", ("1988-08-01", "1988-08-01")),
        ("arrest_date", "10/5/67", ("1988-08-01", "1988-08-01")),
        ("death_date", "88", ("1988-01-01", "1988-12-31")),
        ("death_date", "5/8/88", ("1988-05-08", "1988-08-05")),
        ("birth_date", "40/5/10", (None, None)),  # a birth's two-digit year is not guessed
        ("death_date", "45", (None, None)),  # outside the events' era
    ],
)
def test_an_event_dates_two_digit_year_is_read_by_the_era_of_the_events(
    field: str, text: str, expected: tuple[str | None, str | None]
) -> None:
    out = norm_with(full_name="Ali Tabesh", **{field: text})
    assert interval(out, field) == expected
    flags = out.get("flags", [])
    assert flags == ([] if expected[0] is not None else [f"date_unparsed:{field}"])


def test_a_column_calendar_replaces_the_files_for_its_field_only() -> None:
    fields = {"full_name": "Ali Tabesh", "birth_date": "40/5/10", "death_date": "30/7/67"}
    out = norm_with(calendar="gregorian", column_calendars={"birth_date": "jalali"}, **fields)
    assert interval(out, "birth_date") == ("1961-08-01", "1961-08-01")  # Jalali 1340/05/10
    assert interval(out, "death_date") == ("1967-07-30", "1967-07-30")  # the file's Gregorian
    out = norm_with(column_calendars={"death_date": "gregorian"}, **fields)
    assert interval(out, "death_date") == ("1967-07-30", "1967-07-30")  # over the era rule
    assert interval(out, "birth_date") == (None, None)  # no calendar for the birth date


def test_a_column_calendar_reads_a_two_digit_birth_year() -> None:
    out = norm_with(column_calendars={"birth_year": "jalali"}, full_name="A B", birth_year="40")
    assert (out["birth_year"], out["birth_from"]) == ([1961, 1962], "birth_year")
    out = norm_with(calendar="gregorian", full_name="A B", birth_year="40")
    assert (out["birth_year"], out["birth_from"]) == ([1940, 1940], "birth_year")
    out = norm_with(full_name="A B", birth_year="40")
    assert "birth_year" not in out
    assert out["flags"] == ["date_unparsed:birth_year"]


@pytest.mark.parametrize(
    "text",
    [
        "۲۸ ساله",
        "٢٨ سال",
        "28 ans",
        "aged 28",
        "28 yrs",
        "28 years old",
        "age 28",
        "c. 28",
        "about 28",
        "حدود ۲۸",
        "۲۸",
        "28?",
    ],
)
def test_an_age_is_read_in_the_forms_lists_write(text: str) -> None:
    out = norm_with(full_name="Ali Tabesh", age=text, death_date="1988-08-01")
    assert (out["age"], out["birth_year"], out["birth_from"]) == (28, [1959, 1960], "age")
    assert "age_range" not in out


@pytest.mark.parametrize(
    ("text", "death", "years"),
    [
        ("25-30", "1988-08-01", [1957, 1963]),
        ("25 to 30", "1988-08-01", [1957, 1963]),
        ("۲۵ تا ۳۰", "مرداد ۱۳۶۷", [1957, 1963]),
        ("25-30", "1367", [1957, 1964]),
    ],
)
def test_an_age_range_widens_the_birth_years_and_is_no_age(
    text: str, death: str, years: list[int]
) -> None:
    out = norm_with(full_name="Ali Tabesh", age=text, death_date=death)
    assert (out["age_range"], out["birth_year"], out["birth_from"]) == ([25, 30], years, "age")
    assert "age" not in out


@pytest.mark.parametrize(
    ("death", "years"),
    [
        ("1988-08-01", [1962, 1963]),
        ("Mordad 1367", [1962, 1963]),
        ("Dey 1367", [1962, 1964]),
        ("1367", [1962, 1964]),
        ("67", [1962, 1964]),
    ],
)
def test_an_age_at_a_month_or_a_year_widens_the_birth_years(death: str, years: list[int]) -> None:
    out = norm_with(full_name="Ali Tabesh", age="25", death_date=death)
    assert (out["age"], out["birth_year"]) == (25, years)


@pytest.mark.parametrize("text", ["30-25", "old", "0", "1340"])
def test_an_age_that_is_no_number_of_years_is_flagged(text: str) -> None:
    out = norm_with(full_name="Ali Tabesh", age=text, death_date="1988")
    assert "age" not in out and "age_range" not in out and "birth_year" not in out
    assert out["flags"] == ["age_invalid:age"]


@pytest.mark.parametrize(
    ("values", "calendar"),
    [
        (["1367/05/10", "67/5/12", "مرداد ۶۷"], "jalali"),
        (["1988-08-01", "5/8/88", "Aug 88"], "gregorian"),
        (["1367/05/10", "1988-08-01"], None),
        (["67/5/10", ""], None),
    ],
)
def test_infer_column_calendar_names_the_calendar_of_a_columns_values(
    values: list[str], calendar: str | None
) -> None:
    assert infer_column_calendar(values) == calendar


def test_an_inferred_calendar_reads_the_columns_two_digit_years() -> None:
    column = ["1340/02/01", "1338", "41/3/5"]
    calendar = infer_column_calendar(column)
    out = norm_with(
        column_calendars={"birth_date": calendar} if calendar is not None else None,
        full_name="A B",
        birth_date=column[2],
    )
    assert interval(out, "birth_date") == ("1962-05-26", "1962-05-26")  # Jalali 1341/03/05


@pytest.mark.parametrize("text", ["?", "نامعلوم", "N.C."])
def test_an_age_or_birth_year_written_as_unknown_is_not_given(text: str) -> None:
    out, problems = norm(full_name="Ali Tabesh", age=text, birth_year=text, death_date="1988")
    assert "age" not in out and "birth_year" not in out and "flags" not in out
    assert problems == []
