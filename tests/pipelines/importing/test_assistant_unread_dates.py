"""An unread column of dates of the events' era is asked about as the death date."""

from __future__ import annotations

from dadkhah.pipelines.importing.assistant import assess
from dadkhah.pipelines.importing.readers import SourceRow


def _rows(headers: list[str], rows: list[list[str]]) -> list[SourceRow]:
    return [
        SourceRow(number=i + 2, values=dict(zip(headers, row, strict=True)), problems=[])
        for i, row in enumerate(rows)
    ]


HEADERS = ["name", "xq7"]
ROWS = [
    ["Dariush Sepehri", "1988-08-01"],
    ["Shirin Kamali", "1367/05/15"],
    ["Bahram Naderi", "1988-09-02"],
    ["Laleh Farahani", "Mordad 1367"],
    ["Kourosh Jamshidi", "1988-07-30"],
]


def test_an_unread_date_column_is_asked_about_as_the_death_date() -> None:
    reading = assess(HEADERS, _rows(HEADERS, ROWS), file="list.csv")
    column = reading.columns[1]
    assert (column.field, column.status, column.confidence) == ("death_date", "ask", 0.45)
    assert column.reason == (
        "The header names no known field, but its values are dates "
        "(5 of 5 values read as dates, 100% in 1978–1995)."
    )
    # A question, not a guess: kept in raw, and the import goes on.
    assert reading.chosen() == {"name": "full_name"}
    assert reading.error() is None
    assert [c.header for c, _q in reading.doubtful()] == ["xq7"]


def test_not_when_another_column_holds_the_death_date() -> None:
    headers = ["name", "date of death", "xq7"]
    rows = [[n, d, d] for n, d in ROWS]
    reading = assess(headers, _rows(headers, rows), file="list.csv")
    assert [(c.header, c.field, c.status) for c in reading.columns] == [
        ("name", "full_name", "sure"),
        ("date of death", "death_date", "sure"),
        ("xq7", None, "unused"),
    ]


def test_not_when_the_values_are_not_dates_of_the_events() -> None:
    rows = [[n, "1962-03-01"] for n, _d in ROWS]
    reading = assess(HEADERS, _rows(HEADERS, rows), file="list.csv")
    assert (reading.columns[1].field, reading.columns[1].status) == (None, "unused")


def test_not_with_fewer_than_five_values() -> None:
    reading = assess(HEADERS, _rows(HEADERS, ROWS[:4]), file="list.csv")
    assert (reading.columns[1].field, reading.columns[1].status) == (None, "unused")
