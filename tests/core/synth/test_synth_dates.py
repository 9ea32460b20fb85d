"""Dates as lists write them, checked against the calendar and against the truth."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import jdatetime
import pytest

from dadkhah.core.synth.datefmt import FIRST_DAY, LAST_DAY, fa_date, jalali, latin_date
from tests.core.synth.readers import lists_toml, read_list

AUG_3 = dt.date(1988, 8, 3).toordinal()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(1988, 3, 20), (1366, 12, 30)),  # 1366 is a leap year
        (dt.date(1988, 3, 21), (1367, 1, 1)),
        (dt.date(1988, 6, 22), (1367, 4, 1)),
        (dt.date(1988, 7, 22), (1367, 4, 31)),
        (dt.date(1988, 7, 23), (1367, 5, 1)),
        (dt.date(1988, 8, 23), (1367, 6, 1)),
        (dt.date(1988, 9, 23), (1367, 7, 1)),
    ],
)
def test_jalali_months_of_1367_begin_where_the_field_notes_say(
    day: dt.date, expected: tuple[int, int, int]
) -> None:
    assert jalali(day.toordinal()) == expected


def test_the_jalali_table_agrees_with_jdatetime_on_every_day() -> None:
    for ordinal in range(FIRST_DAY, LAST_DAY + 1):
        j = jdatetime.date.fromgregorian(date=dt.date.fromordinal(ordinal))
        assert jalali(ordinal) == (j.year, j.month, j.day), dt.date.fromordinal(ordinal)


@pytest.mark.parametrize(
    ("style", "digits", "expected"),
    [
        ("ymd", "fa", "۱۳۶۷/۰۵/۱۲"),
        ("ymd", "ar", "١٣٦٧/٠٥/١٢"),
        ("ymd_short", "ascii", "1367/5/12"),
        ("day_month", "fa", "۱۲ مرداد ۱۳۶۷"),
        ("month", "ascii", "مرداد 1367"),
        ("season", "fa", "تابستان ۱۳۶۷"),
        ("year", "fa", "۱۳۶۷"),
    ],
)
def test_persian_date_styles(style: str, digits: str, expected: str) -> None:
    assert fa_date(AUG_3, style, digits) == expected


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("dmy", "03/08/1988"),
        ("mdy", "08/03/1988"),
        ("iso", "1988-08-03"),
        ("dot", "03.08.1988"),
        ("d_mon_y", "3 Aug 1988"),
        ("mon_y", "August 1988"),
        ("season", "summer 1988"),
        ("jalali", "12 Mordad 1367"),
        ("jalali_month", "Mordad 1367"),
    ],
)
def test_latin_date_styles(style: str, expected: str) -> None:
    assert latin_date(AUG_3, style) == expected


def test_an_unknown_style_is_an_error() -> None:
    with pytest.raises(ValueError, match="style"):
        fa_date(AUG_3, "ydm")


def test_families_list_dates_are_the_true_death_or_notification_dates(small_case: Path) -> None:
    entry = next(e for e in lists_toml(small_case)["lists"] if e["name"] == "families_fa")
    _, records = read_list(small_case, entry)
    with (small_case / "truth" / "records.csv").open(encoding="utf-8") as fh:
        who = {
            r["record_id"]: r["person_key"]
            for r in csv.DictReader(fh)
            if r["list"] == "families_fa"
        }
    with (small_case / "truth" / "persons.csv").open(encoding="utf-8") as fh:
        persons = {p["person_key"]: p for p in csv.DictReader(fh)}
    fold = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
    checked = notified = 0
    for rec in records:
        text = rec["تاریخ اعدام"].translate(fold)
        if text.count("/") != 2:
            continue
        y, m, d = (int(x) for x in text.split("/"))
        day = jdatetime.date(y, m, d).togregorian().isoformat()
        person = persons[who[rec["شناسه"]]]
        assert day in (person["death_date"], person["notification_date"])
        checked += 1
        notified += day != person["death_date"]
    assert checked > 300 and 0 < notified < checked / 2


def test_true_death_dates_fall_in_the_two_waves(small_case: Path) -> None:
    with (small_case / "truth" / "persons.csv").open(encoding="utf-8") as fh:
        persons = list(csv.DictReader(fh))
    first = sorted(p["death_date"] for p in persons if p["death_date"] and p["wave"] == "1")
    second = sorted(p["death_date"] for p in persons if p["death_date"] and p["wave"] == "2")
    assert "1988-07-27" <= first[0] and second[-1] <= "1988-10-07"
    assert second[0] >= "1988-08-26"
    assert first[len(first) // 2] < second[len(second) // 2]
