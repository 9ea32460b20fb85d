"""Two columns that hold the same values: one name in two scripts, one date in two calendars."""

from __future__ import annotations

from pathlib import Path

from dadkhah.pipelines.importing.assistant import assess
from dadkhah.pipelines.importing.prepare import dry_run
from dadkhah.pipelines.importing.readers import Limits, SourceRow


def _rows(headers: list[str], rows: list[list[str]]) -> list[SourceRow]:
    return [
        SourceRow(number=i + 2, values=dict(zip(headers, row, strict=True)), problems=[])
        for i, row in enumerate(rows)
    ]


def _read(headers: list[str], rows: list[list[str]]) -> dict[str, tuple[str | None, str]]:
    reading = assess(headers, _rows(headers, rows), file="list.csv")
    assert reading.error() is None
    return {c.header: (c.field, c.status) for c in reading.columns}


BILINGUAL = ["no", "forename_latin", "forename_fa", "surname_latin", "surname_fa"]
BILINGUAL_ROWS = [
    ["1", "Dariush", "داریوش", "Sepehri", "سپهری"],
    ["2", "Shirin", "شیرین", "Kamali", "کمالی"],
    ["3", "Bahram", "بهرام", "Naderi", "نادری"],
    ["4", "Laleh", "لاله", "Farahani", "فراهانی"],
    ["5", "Kourosh", "کوروش", "Jamshidi", "جمشیدی"],
]


def test_one_name_in_two_scripts_reads_the_persian_column() -> None:
    assert _read(BILINGUAL, BILINGUAL_ROWS) == {
        "no": ("record_id", "sure"),
        "forename_latin": (None, "unused"),
        "forename_fa": ("given_name", "sure"),
        "surname_latin": (None, "unused"),
        "surname_fa": ("family_name", "sure"),
    }


def test_the_latin_column_says_why_it_is_kept_in_raw() -> None:
    reading = assess(BILINGUAL, _rows(BILINGUAL, BILINGUAL_ROWS), file="list.csv")
    latin = next(c for c in reading.columns if c.header == "surname_latin")
    assert latin.kept == "the same names in Latin script; kept in raw"
    assert latin.reason == "Kept in raw only: the same names in Latin script; kept in raw."
    assert reading.questions == ()


def test_the_persian_column_first_is_read_as_well() -> None:
    headers = ["Victim's full name (Persian script)", "Victim's full name (Latin script)"]
    rows = [["مهرداد کیانی", "Mehrdad Kiani"], ["پروین صدری", "Parvin Sadri"]]
    assert _read(headers, rows) == {
        "Victim's full name (Persian script)": ("full_name", "sure"),
        "Victim's full name (Latin script)": (None, "unused"),
    }


def test_one_name_twice_in_one_script_stays_a_question() -> None:
    headers = ["surname_latin", "surname_fa"]
    rows = [["Sepehri", "Kamali"], ["Naderi", "Farahani"], ["Jamshidi", "Kiani"]]
    reading = assess(headers, _rows(headers, rows), file="list.csv")
    assert reading.competing == (("family_name", ("surname_latin", "surname_fa"), True),)
    assert reading.error() is not None
    assert reading.error().problem.code == "columns_ambiguous"  # type: ignore[union-attr]


CALENDARS = ["name", "dod_greg", "dod_jalali"]
CALENDAR_ROWS = [
    ["Dariush Sepehri", "1988-08-01", "1367/05/10"],
    ["Shirin Kamali", "1988-08", "1367/05/15"],
    ["Bahram Naderi", "1988-09-02", "1367/06/11"],
    ["Laleh Farahani", "1988-07-30", "1367/05/08"],
    ["Kourosh Jamshidi", "1988", "1367/06/20"],
]


def test_one_date_in_two_calendars_reads_the_narrower_column() -> None:
    reading = assess(CALENDARS, _rows(CALENDARS, CALENDAR_ROWS), file="list.csv")
    assert reading.error() is None
    got = {c.header: (c.field, c.status, c.calendar, c.kept) for c in reading.columns}
    assert got == {
        "name": ("full_name", "sure", None, None),
        "dod_greg": (None, "unused", "gregorian", "the same dates in the other calendar"),
        "dod_jalali": ("death_date", "sure", "jalali", None),
    }
    assert reading.mapping().calendars == {"death_date": "jalali"}


def test_equal_dates_in_two_calendars_read_the_first_column() -> None:
    headers = ["name", "Date of death (Gregorian)", "Date of death (Jalali)"]
    rows = [
        ["Dariush Sepehri", "1988-08-01", "1367/05/10"],
        ["Shirin Kamali", "1988-09-02", "1367/06/11"],
        ["Bahram Naderi", "1988-07-30", "1367/05/08"],
    ]
    got = {
        c.header: (c.field, c.status)
        for c in assess(headers, _rows(headers, rows), file="l").columns
    }
    assert got == {
        "name": ("full_name", "sure"),
        "Date of death (Gregorian)": ("death_date", "sure"),
        "Date of death (Jalali)": (None, "unused"),
    }


def test_two_date_columns_that_disagree_stay_a_question() -> None:
    rows = [
        ["Dariush Sepehri", "1988-08-01", "1366/05/10"],
        ["Shirin Kamali", "1988-09-02", "1366/06/11"],
        ["Bahram Naderi", "1988-07-30", "1366/05/08"],
    ]
    reading = assess(CALENDARS, _rows(CALENDARS, rows), file="list.csv")
    assert reading.competing == (("death_date", ("dod_greg", "dod_jalali"), True),)
    assert reading.error().problem.code == "columns_ambiguous"  # type: ignore[union-attr]


def test_the_import_warns_that_the_latin_column_is_kept_in_raw(tmp_path: Path) -> None:
    path = tmp_path / "bilingual.csv"
    lines = [",".join(BILINGUAL), *(",".join(r) for r in BILINGUAL_ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = dry_run(path, source="s", mapping=None, limits=Limits())
    found = sorted((p.column, p.message()) for p in report.problems if p.code == "column_unused")
    assert found == [
        (
            header,
            "bilingual.csv, column "
            + repr(header)
            + ": warning: the column names no field of the import (the same names in Latin "
            "script; kept in raw); kept in raw only; map it in a mapping file if it holds one "
            "of the known fields.",
        )
        for header in ("forename_latin", "surname_latin")
    ]
    assert report.records_imported == 5
