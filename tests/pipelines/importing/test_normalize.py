"""The normalized form of a row (schema v1, docs/methodology/import.md)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadkhah.core.linkage.schema import row_from_normalized
from dadkhah.pipelines.importing.headers import FIELDS, Columns
from dadkhah.pipelines.importing.normalize import (
    RowNormalizer,
    date_from_json,
    date_json,
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
