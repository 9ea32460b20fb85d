"""Column recognition: canonical, English and Persian headers, and mapping files."""

from __future__ import annotations

from pathlib import Path

import pytest

from dadkhah.pipelines.importing.headers import (
    FIELDS,
    ColumnResolver,
    Mapping,
    load_mapping,
    parse_mapping,
    recognize,
)
from dadkhah.pipelines.importing.prepare import dry_run
from dadkhah.pipelines.importing.validate import ImportFileError

DATA = Path(__file__).resolve().parents[2] / "data" / "import"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        *[(f, f) for f in FIELDS],
        ("Full Name", "full_name"),
        ("FAMILY_NAME", "family_name"),
        ("Father's name", "father_name"),
        ("Date of execution", "death_date"),
        ("  Surname ", "family_name"),
        ("نام", "given_name"),
        ("نام خانوادگی", "family_name"),
        ("نام‌خانوادگی", "family_name"),  # ZWNJ
        ("نامخانوادگی", "family_name"),
        ("نام خانوادگي", "family_name"),  # Arabic yeh
        ("نام پدر", "father_name"),
        ("تاريخ تولد", "birth_date"),
        ("تاریخ اعدام", "death_date"),
        ("شهر", "city"),
        ("زندان", "prison"),
        ("ردیف", "record_id"),
        ("شناسه", "record_id"),
        ("سازمان", "affiliation"),
        ("گرايش سياسي", "affiliation"),
        ("محل دفن", "burial_place"),
        ("توضیحات", "notes"),
        ("جنسیت", "sex"),
        ("سن", "age"),
        ("shoe size", None),
        ("", None),
    ],
)
def test_headers_are_recognized(header: str, field: str | None) -> None:
    assert recognize(header) == field


def test_a_mapping_wins_over_a_recognized_header() -> None:
    mapping = Mapping(columns={"full_name": "Victim"})
    columns = ColumnResolver(mapping, file="f.csv").add_all(["full_name", "Victim"])
    assert columns.by_field["full_name"] == "Victim"
    assert columns.unused == ["full_name"]


def test_a_mapping_matches_headers_whatever_their_spacing_and_case() -> None:
    mapping = Mapping(columns={"full_name": "Name of Victim"})
    columns = ColumnResolver(mapping, file="f.csv").add_all([" name  of victim"])
    assert columns.by_field == {"full_name": " name  of victim"}


def test_a_mapping_file_reads_a_list_with_its_own_headers() -> None:
    report = dry_run(
        DATA / "custom_headers.csv", source="s", mapping=load_mapping(DATA / "custom_mapping.toml")
    )
    assert report.columns == {
        "record_id": "No.",
        "full_name": "Name of victim",
        "death_date": "Executed on",
        "prison": "Detained at",
    }
    assert report.records_imported == 2
    assert not report.has_fatal
    second = report.sample[1]["normalized"]
    assert (second["given_name"], second["family_name"], second["name_order"]) == (
        "Shirin",
        "Mehrabanpour",
        "family_first",
    )


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"colums": {}}, "unknown key 'colums'"),
        ({"columns": {"shoe": "x"}}, "'shoe' is not a field"),
        ({"columns": {"full_name": ""}}, "must be a column's header"),
        ({"columns": "full_name"}, "[columns] must be a table"),
        ({"delimiter": ";;"}, "one character"),
        ({"calendar": "julian"}, "jalali or gregorian"),
        ({"encoding": "klingon"}, "unknown encoding 'klingon'"),
        ({"sheet": 3}, "sheet must be text"),
    ],
)
def test_a_wrong_mapping_is_refused_with_the_reason(data: dict[str, object], fragment: str) -> None:
    with pytest.raises(ImportFileError) as info:
        parse_mapping(data, name="m.toml")
    assert fragment in str(info.value)
    assert str(info.value).startswith("m.toml")


def test_the_mapping_can_name_the_encoding_and_delimiter() -> None:
    mapping = parse_mapping({"encoding": "cp1256", "delimiter": ";"}, name="m.toml")
    report = dry_run(DATA / "good_fa_cp1256_semicolon.csv", source="s", mapping=mapping)
    assert (report.encoding, report.delimiter) == ("cp1256", ";")
    assert report.records_imported == 3
