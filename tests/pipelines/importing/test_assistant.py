"""The mapping assistant: each column's reading, the questions, and the mapping it suggests."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from dadkhah.pipelines.importing.assistant import (
    LOOKAHEAD_ROWS,
    ColumnReading,
    Reading,
    assess,
    read_columns,
)
from dadkhah.pipelines.importing.headers import Mapping, parse_mapping
from dadkhah.pipelines.importing.prepare import dry_run, prepare
from dadkhah.pipelines.importing.readers import SourceRow
from dadkhah.pipelines.importing.validate import ImportFileError

DATA = Path(__file__).resolve().parents[2] / "data" / "import"

OUTSIDE_HEADERS = ["id", "src", "fname", "lname", "father", "yob", "death", "city"]
OUTSIDE_ROWS = [
    ["17", "list B", "Reza", "Karimi", "Hossein", "1340", "1367/05/10", "Tehran"],
    ["18", "list B", "Maryam", "Saberi", "Ali", "1339", "1988-08-01", "Mashhad"],
    ["19", "list C", "Hamid", "Rostami", "", "1962", "Mordad 1367", "Shiraz"],
    ["20", "list C", "Nasrin", "Ahmadi", "Mahmoud", "1345", "1367/06/02", "Tabriz"],
    ["21", "list B", "Javad", "Nouri", "Kazem", "", "1988-09", "Tehran"],
]


def _rows(headers: list[str], rows: list[list[str]]) -> list[SourceRow]:
    return [
        SourceRow(number=i + 2, values=dict(zip(headers, row, strict=True)), problems=[])
        for i, row in enumerate(rows)
    ]


def _write(path: Path, headers: list[str], rows: list[list[str]]) -> Path:
    lines = [",".join(headers), *(",".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_outside_list_is_read_with_no_mapping() -> None:
    reading = assess(OUTSIDE_HEADERS, _rows(OUTSIDE_HEADERS, OUTSIDE_ROWS), file="outside.csv")
    assert [(c.header, c.field, c.status) for c in reading.columns] == [
        ("id", "record_id", "sure"),
        ("src", None, "unused"),
        ("fname", "given_name", "sure"),
        ("lname", "family_name", "sure"),
        ("father", "father_name", "sure"),
        ("yob", "birth_year", "sure"),
        ("death", "death_date", "sure"),
        ("city", "city", "sure"),
    ]
    assert reading.confident
    assert reading.questions == ()
    assert reading.error() is None
    assert reading.columns[0].samples == ("17", "18", "19", "20", "21")
    assert reading.columns[1].reason == "Kept in raw only: the header names no known field."


def test_the_outside_list_imports_with_no_mapping(tmp_path: Path) -> None:
    path = _write(tmp_path / "outside.csv", OUTSIDE_HEADERS, OUTSIDE_ROWS)
    report = dry_run(path, source="s")
    assert report.columns == {
        "record_id": "id",
        "given_name": "fname",
        "family_name": "lname",
        "father_name": "father",
        "birth_year": "yob",
        "death_date": "death",
        "city": "city",
    }
    assert report.unused_columns == ["src"]
    assert report.records_imported == 5
    assert not report.has_fatal
    assert report.problem_counts["column_unused"] == 1


def test_two_date_columns_are_asked_about_and_stop_the_import() -> None:
    reading = read_columns(DATA / "unsure_columns.csv")
    by_header = {c.header: c for c in reading.columns}
    assert (by_header["date"].status, by_header["date 2"].status) == ("ask", "ask")
    assert by_header["date"].field == "death_date"
    assert by_header["date"].confidence == 0.8
    assert reading.questions == (
        "Which column holds death_date: 'date' or 'date 2'? Both read as death_date.",
    )
    assert not reading.confident
    error = reading.error()
    assert error is not None
    assert error.problem.code == "columns_unsure"
    report = dry_run(DATA / "unsure_columns.csv", source="s")
    assert report.records_imported == 0
    assert [p.code for p in report.problems] == ["columns_unsure"]


def test_a_weak_header_with_fitting_values_is_accepted() -> None:
    headers = ["name", "date"]
    rows = _rows(headers, [["Reza Karimi", "1988-08-01"], ["Ali Nouri", "Mordad 1367"]])
    column = assess(headers, rows, file="f.csv").columns[1]
    assert (column.field, column.status, column.confidence) == ("death_date", "sure", 0.8)
    assert column.reason == (
        "The header holds 'date', a weak hint of death_date; the values fit "
        "(2 of 2 values read as dates, 100% in 1978–1995)."
    )
    assert column.alternatives == (("arrest_date", 0.74), ("birth_date", 0.35))


def test_values_that_contradict_the_header_lower_the_confidence() -> None:
    headers = ["name", "age"]
    rows = _rows(headers, [[f"Person {c}", "Tehran"] for c in "abcdef"])
    column = assess(headers, rows, file="f.csv").columns[1]
    assert (column.field, column.status, column.confidence) == ("age", "ask", 0.7)
    assert column.reason == (
        "The header is a usual name for age; the values do not fit (0 of 6 values are ages "
        "from 1 to 110)."
    )


def test_a_doubtful_column_of_a_minor_field_does_not_stop_the_import() -> None:
    headers = ["name", "age"]
    rows = _rows(headers, [[f"Person {c}", "Tehran"] for c in "abcdef"])
    reading = assess(headers, rows, file="f.csv")
    assert reading.questions == (
        "Does column 'age' hold age (or none)? Read at 70%; values 'Tehran', 'Tehran', 'Tehran'.",
    )
    assert reading.error() is None
    assert reading.chosen() == {"name": "full_name"}


@pytest.mark.parametrize(
    ("header", "field", "calendar"),
    [
        ("Date of death (Jalali)", "death_date", "jalali"),
        ("Year of birth (Gregorian)", "birth_year", "gregorian"),
        ("سال تولد (شمسی)", "birth_year", "jalali"),
        ("تاریخ اعدام (میلادی)", "death_date", "gregorian"),
        ("Date of execution [hijri shamsi]", "death_date", "jalali"),
        ("Age [years]", "age", None),
    ],
)
def test_a_calendar_in_the_header_is_the_columns_calendar(
    header: str, field: str, calendar: str | None
) -> None:
    reading = assess(["name", header], [], file="f.csv")
    column = reading.columns[1]
    assert (column.field, column.calendar) == (field, calendar)
    expected = {field: calendar} if calendar is not None else {}
    assert reading.mapping().calendars == expected


def test_a_header_calendar_is_used_for_that_column(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "cal.csv",
        ["name", "Date of death (Gregorian)", "Year of birth (Jalali)"],
        [["Reza Karimi", "5/8/88", "40"]],
    )
    prep = prepare(path)
    assert prep.column_calendars == {"death_date": "gregorian", "birth_year": "jalali"}
    row = next(prep.rows())
    assert row.normalized["death_date"]["earliest"] == "1988-05-08"
    assert row.normalized["birth_year"] == [1961, 1962]


def test_the_mapping_file_wins_and_is_marked_mapped() -> None:
    headers = ["id", "date", "date 2"]
    mapping = Mapping(columns={"full_name": "id", "death_date": "date 2"})
    reading = assess(headers, [], mapping=mapping, file="f.csv")
    assert [(c.header, c.field, c.status) for c in reading.columns] == [
        ("id", "full_name", "mapped"),
        ("date", None, "unused"),
        ("date 2", "death_date", "mapped"),
    ]


def test_the_suggested_mapping_is_a_mapping_file_that_reads_the_same(tmp_path: Path) -> None:
    reading = read_columns(DATA / "unsure_columns.csv", mapping=Mapping(calendar="gregorian"))
    text = reading.mapping_toml()
    parsed = parse_mapping(tomllib.loads(text), name="m.toml")
    assert parsed.columns == {
        "record_id": "id",
        "full_name": "full_name",
        "death_date": "date",
        "arrest_date": "date 2",
    }
    assert parsed.calendar == "gregorian"
    assert "# QUESTION: Which column holds death_date: 'date' or 'date 2'?" in text
    assert "# 'date 2': ask, 76%;" in text
    report = dry_run(DATA / "unsure_columns.csv", source="s", mapping=parsed)
    assert (report.records_imported, report.has_fatal) == (3, False)


def test_a_hostile_header_stays_one_line_in_the_mapping_file() -> None:
    headers = ["name", 'evil"\nfull_name = "x']
    text = assess(headers, [], file="f.csv").mapping_toml()
    parsed = tomllib.loads(text)
    assert parsed["columns"] == {"full_name": "name"}


def test_the_lookahead_gives_back_every_row_in_order(tmp_path: Path) -> None:
    count = LOOKAHEAD_ROWS + 137
    rows = [[str(i), f"Person {i}", "1988-08-01"] for i in range(count)]
    path = _write(tmp_path / "long.csv", ["id", "name", "death"], rows)
    numbers = [row.number for row in prepare(path).rows()]
    assert numbers == list(range(2, count + 2))


def test_a_missing_mapped_column_is_named(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError) as info:
        read_columns(DATA / "good_utf8.csv", mapping=Mapping(columns={"full_name": "Victim"}))
    assert info.value.problem.code == "mapping_invalid"
    assert "the file has no column 'Victim'" in str(info.value)


def test_a_list_with_no_name_column_asks_for_one() -> None:
    reading = read_columns(DATA / "no_name.csv")
    assert reading.questions == (
        "Which column holds the names (full_name, or given_name and family_name)? "
        "None was recognized.",
    )
    assert not reading.has_name


def test_values_that_say_not_known_are_no_evidence() -> None:
    headers = ["name", "date"]
    values = ["1988-08-01", "?", "؟", "unknown", "نامعلوم", "Mordad 1367", "n/a"]
    rows = _rows(headers, [[f"Person {i}", v] for i, v in enumerate(values)])
    column = assess(headers, rows, file="f.csv").columns[1]
    assert column.samples == ("1988-08-01", "Mordad 1367")
    assert (column.field, column.status, column.confidence) == ("death_date", "sure", 0.8)


def test_a_field_another_column_holds_is_no_rival() -> None:
    headers = ["name", "date of arrest", "date"]
    rows = _rows(headers, [["Ali Nouri", "1360", "1988-08-01"], ["Reza Saberi", "1361", "1367"]])
    by_header = {c.header: c for c in assess(headers, rows, file="f.csv").columns}
    assert (by_header["date"].field, by_header["date"].status) == ("death_date", "sure")
    assert by_header["date"].alternatives[0] == ("arrest_date", 0.74)


def test_a_birth_year_beside_a_birth_date_is_no_rival() -> None:
    headers = ["name", "Year born"]
    rows = _rows(headers, [[f"Person {i}", str(1950 + i)] for i in range(6)])
    column = assess(headers, rows, file="f.csv").columns[1]
    assert (column.field, column.status) == ("birth_year", "sure")
    assert [name for name, _ in column.alternatives] == ["birth_date"]


def test_the_mappings_calendar_for_a_column_wins_over_its_header(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "cal.csv",
        ["name", "Date of death (Jalali)"],
        [["Reza Karimi", "1367/05/10"], ["Ali Nouri", "1988-08-01"]],
    )
    assert prepare(path).column_calendars == {"death_date": "jalali"}
    mapping = parse_mapping({"calendars": {"death_date": "gregorian"}}, name="m.toml")
    assert prepare(path, mapping=mapping).column_calendars == {"death_date": "gregorian"}
    reading = read_columns(path, mapping=mapping)
    assert reading.mapping().calendars == {"death_date": "gregorian"}
    assert '[calendars]\ndeath_date = "gregorian"\n' in reading.mapping_toml()


def test_raw_only_keeps_a_recognized_column_out(tmp_path: Path) -> None:
    path = _write(tmp_path / "outside.csv", OUTSIDE_HEADERS, OUTSIDE_ROWS)
    mapping = parse_mapping({"raw_only": ["city", "SRC"]}, name="m.toml")
    reading = read_columns(path, mapping=mapping)
    by_header = {c.header: (c.field, c.status) for c in reading.columns}
    assert by_header["city"] == (None, "mapped")
    assert by_header["src"] == (None, "mapped")
    assert by_header["death"] == ("death_date", "sure")
    # The suggested mapping keeps saying so, and the import leaves the column in raw.
    again = parse_mapping(tomllib.loads(reading.mapping_toml()), name="m.toml")
    assert again.raw_only == ["city", "SRC"]
    rows = list(prepare(path, mapping=again).rows())
    assert [r.normalized.get("city") for r in rows] == [None] * len(OUTSIDE_ROWS)
    assert [r.raw["city"] for r in rows] == [row[7] for row in OUTSIDE_ROWS]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"raw_only": "city"}, "raw_only must be a list of column headers"),
        ({"raw_only": ["city", ""]}, "raw_only must be a list of column headers"),
        (
            {"raw_only": ["City"], "columns": {"city": "city"}},
            "column 'City' is both in raw_only and mapped to city",
        ),
    ],
)
def test_a_wrong_raw_only_is_refused(data: dict[str, object], fragment: str) -> None:
    with pytest.raises(ImportFileError) as info:
        parse_mapping(data, name="m.toml")
    assert info.value.problem.code == "mapping_invalid"
    assert fragment in str(info.value)


def test_a_raw_only_column_the_file_lacks_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path / "outside.csv", OUTSIDE_HEADERS, OUTSIDE_ROWS)
    for read in (read_columns, lambda p, mapping: list(prepare(p, mapping=mapping).rows())):
        with pytest.raises(ImportFileError) as info:
            read(path, mapping=Mapping(raw_only=["ward"]))
        assert info.value.problem.code == "mapping_invalid"
        assert "the file has no column 'ward'" in str(info.value)


def test_a_lone_doubtful_place_column_is_kept_raw_and_asked_about(tmp_path: Path) -> None:
    rows = [["1", "Reza Karimi", "Karaj road"], ["2", "Maryam Saberi", "near the river"]]
    rows += [[str(i), "Hamid Rostami", "north of the town"] for i in range(3, 8)]
    path = _write(tmp_path / "lieu.csv", ["id", "full_name", "lieu"], rows)
    report = dry_run(path, source="s")
    assert report.has_fatal is False
    assert report.records_imported == len(rows)
    unsure = [p for p in report.problems if p.code == "column_unsure"]
    assert [(p.column, p.detail.split("?")[0]) for p in unsure] == [
        ("lieu", "Does column 'lieu' hold city (or none)")
    ]
    assert "lieu" in report.unused_columns
    assert "city" not in report.columns


def _doubt(header: str, field: str, *alternatives: tuple[str, float]) -> ColumnReading:
    return ColumnReading(header, field, 0.6, "ask", alternatives, ("x", "y"), "doubt", None)


@pytest.mark.parametrize(
    ("columns", "competing", "stops", "kept_raw"),
    [
        # A name in doubt (its reading or its first alternative) stops the import.
        ([_doubt("who", "full_name")], (), ["who"], []),
        ([_doubt("Victim ID", "record_id", ("family_name", 0.5))], (), ["Victim ID"], []),
        # Two columns that could hold one date stop it too.
        (
            [_doubt("date", "death_date"), _doubt("date 2", "arrest_date")],
            (("death_date", ("date", "date 2"), False),),
            ["date", "date 2"],
            [],
        ),
        # A lone doubtful date, place or id column is kept in raw only, with its question.
        ([_doubt("lieu", "city"), _doubt("ref", "record_id")], (), [], ["lieu", "ref"]),
    ],
)
def test_only_names_and_contested_fields_stop_the_import(
    columns: list[ColumnReading],
    competing: tuple[tuple[str, tuple[str, ...], bool], ...],
    stops: list[str],
    kept_raw: list[str],
) -> None:
    reading = Reading(file="f.csv", columns=tuple(columns), questions=("?",), competing=competing)
    assert [c.header for c in reading.stopping()] == stops
    assert [c.header for c, _q in reading.doubtful()] == kept_raw
    error = reading.error()
    assert (error.problem.code if error else None) == ("columns_unsure" if stops else None)
