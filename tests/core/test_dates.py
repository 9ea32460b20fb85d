"""Tests for Jalali arithmetic and for reading dates into intervals."""

from __future__ import annotations

import datetime as dt

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadkhah.core.dates import (
    Calendar,
    DateParseError,
    Precision,
    UncertainDate,
    birth_years_from_age,
    format_jalali,
    gregorian_to_jalali,
    is_jalali_leap,
    jalali_month_length,
    jalali_month_range,
    jalali_new_year,
    jalali_to_gregorian,
    jalali_year_range,
    parse_birth_year,
    parse_date,
    parse_date_detailed,
    parse_date_strict,
)
from dadkhah.core.errors import InputError
from dadkhah.core.script import normalize_digits

D = dt.date


@pytest.mark.parametrize(
    ("jalali", "gregorian"),
    [
        ((1367, 5, 8), D(1988, 7, 30)),
        ((1367, 1, 1), D(1988, 3, 21)),
        ((1366, 12, 30), D(1988, 3, 20)),  # 1366 is leap
        ((1367, 4, 1), D(1988, 6, 22)),  # Tir 1367
        ((1367, 5, 1), D(1988, 7, 23)),  # Mordad 1367
        ((1367, 6, 1), D(1988, 8, 23)),  # Shahrivar 1367
        ((1367, 7, 1), D(1988, 9, 23)),  # Mehr 1367
        ((1367, 12, 29), D(1989, 3, 20)),
        ((1368, 1, 1), D(1989, 3, 21)),
        ((1340, 1, 1), D(1961, 3, 21)),
        ((1357, 11, 22), D(1979, 2, 11)),
        ((1399, 12, 30), D(2021, 3, 20)),
        ((1400, 1, 1), D(2021, 3, 21)),
        ((1403, 12, 30), D(2025, 3, 20)),
        ((1404, 1, 1), D(2025, 3, 21)),
    ],
)
def test_jalali_to_gregorian_matches_known_pairs(jalali, gregorian):
    assert jalali_to_gregorian(*jalali) == gregorian
    assert gregorian_to_jalali(gregorian) == jalali


@pytest.mark.parametrize(
    ("year", "leap"),
    [
        (1366, True),
        (1367, False),
        (1370, True),
        (1375, True),
        (1399, True),
        (1403, True),
        (1404, False),
    ],
)
def test_is_jalali_leap_follows_the_official_calendar(year, leap):
    assert is_jalali_leap(year) is leap
    assert jalali_month_length(year, 12) == (30 if leap else 29)


@pytest.mark.parametrize("year", range(1340, 1420))
def test_nowruz_agrees_with_jdatetime(year):
    assert jalali_new_year(year) == jdatetime.date(year, 1, 1).togregorian()


@given(st.dates(min_value=D(1800, 1, 1), max_value=D(2200, 12, 31)))
def test_gregorian_jalali_round_trip(day):
    assert jalali_to_gregorian(*gregorian_to_jalali(day)) == day


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)))
def test_gregorian_to_jalali_agrees_with_jdatetime(day):
    j = jdatetime.date.fromgregorian(date=day)
    assert gregorian_to_jalali(day) == (j.year, j.month, j.day)


@given(st.integers(1200, 1600), st.integers(1, 12), st.integers(1, 31))
def test_jalali_round_trip(year, month, day):
    if day > jalali_month_length(year, month):
        with pytest.raises(ValueError):
            jalali_to_gregorian(year, month, day)
    else:
        assert gregorian_to_jalali(jalali_to_gregorian(year, month, day)) == (year, month, day)


@given(st.integers(1200, 1600))
def test_jalali_months_tile_the_year(year):
    first, last = jalali_year_range(year)
    day = first
    for month in range(1, 13):
        lo, hi = jalali_month_range(year, month)
        assert lo == day
        day = hi + dt.timedelta(days=1)
    assert day - dt.timedelta(days=1) == last


def test_jalali_month_range_is_inclusive():
    assert jalali_month_range(1367, 5) == (D(1988, 7, 23), D(1988, 8, 22))


def test_format_jalali_writes_both_digit_sets():
    assert format_jalali(D(1988, 7, 30)) == "1367/05/08"
    assert format_jalali(D(1988, 7, 30), persian_digits=True) == "۱۳۶۷/۰۵/۰۸"


@given(st.text(alphabet="0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩/-"))
def test_digit_normalization_round_trips(text):
    ascii_digits = normalize_digits(text)
    assert normalize_digits(ascii_digits) == ascii_digits
    persian = ascii_digits.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert normalize_digits(persian) == ascii_digits


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision", "calendar"),
    [
        ("1988-07-30", D(1988, 7, 30), D(1988, 7, 30), "day", "gregorian"),
        ("1988-07-30 00:00:00", D(1988, 7, 30), D(1988, 7, 30), "day", "gregorian"),
        ("1988-07-30T12:00:00Z", D(1988, 7, 30), D(1988, 7, 30), "day", "gregorian"),
        ("30/07/1988", D(1988, 7, 30), D(1988, 7, 30), "day", "gregorian"),
        ("30.07.1988", D(1988, 7, 30), D(1988, 7, 30), "day", "gregorian"),
        ("07/30/1988", D(1988, 7, 30), D(1988, 7, 30), "day", "gregorian"),
        ("1367/05/08", D(1988, 7, 30), D(1988, 7, 30), "day", "jalali"),
        ("۱۳۶۷/۰۵/۰۸", D(1988, 7, 30), D(1988, 7, 30), "day", "jalali"),
        ("08/05/1367", D(1988, 7, 30), D(1988, 7, 30), "day", "jalali"),
        ("13670508", D(1988, 7, 30), D(1988, 7, 30), "day", "jalali"),
        ("٠٥/١٣٦٧", D(1988, 7, 23), D(1988, 8, 22), "month", "jalali"),
        ("1367/5", D(1988, 7, 23), D(1988, 8, 22), "month", "jalali"),
        ("مرداد ۱۳۶۷", D(1988, 7, 23), D(1988, 8, 22), "month", "jalali"),
        ("مرداد ماه ۱۳۶۷", D(1988, 7, 23), D(1988, 8, 22), "month", "jalali"),
        ("Mordad 1367", D(1988, 7, 23), D(1988, 8, 22), "month", "jalali"),
        ("Amordad 1367", D(1988, 7, 23), D(1988, 8, 22), "month", "jalali"),
        ("Shahrivar 1367", D(1988, 8, 23), D(1988, 9, 22), "month", "jalali"),
        ("شهریور ۱۳۶۷", D(1988, 8, 23), D(1988, 9, 22), "month", "jalali"),
        ("10 Mordad 1367", D(1988, 8, 1), D(1988, 8, 1), "day", "jalali"),
        ("۸ مرداد ۱۳۶۷ ه.ش", D(1988, 7, 30), D(1988, 7, 30), "day", "jalali"),
        ("۸ام مرداد ۱۳۶۷", D(1988, 7, 30), D(1988, 7, 30), "day", "jalali"),
        ("1367", D(1988, 3, 21), D(1989, 3, 20), "year", "jalali"),
        ("1988", D(1988, 1, 1), D(1988, 12, 31), "year", "gregorian"),
        ("summer 1988", D(1988, 6, 1), D(1988, 9, 22), "season", "gregorian"),
        ("تابستان ۱۳۶۷", D(1988, 6, 22), D(1988, 9, 22), "season", "jalali"),
        ("August 1988", D(1988, 8, 1), D(1988, 8, 31), "month", "gregorian"),
        ("Aug 1988", D(1988, 8, 1), D(1988, 8, 31), "month", "gregorian"),
        ("آگوست ۱۹۸۸", D(1988, 8, 1), D(1988, 8, 31), "month", "gregorian"),
        ("Aug 30, 1988", D(1988, 8, 30), D(1988, 8, 30), "day", "gregorian"),
        ("Tuesday 30th of August 1988", D(1988, 8, 30), D(1988, 8, 30), "day", "gregorian"),
        ("early August 1988", D(1988, 8, 1), D(1988, 8, 10), "range", "gregorian"),
        ("late August 1988", D(1988, 8, 21), D(1988, 8, 31), "range", "gregorian"),
        ("اواخر تیر ۱۳۶۷", D(1988, 7, 12), D(1988, 7, 22), "range", "jalali"),
        ("1988-08", D(1988, 8, 1), D(1988, 8, 31), "month", "gregorian"),
        ("1367/05/01 - 1367/05/15", D(1988, 7, 23), D(1988, 8, 6), "range", "jalali"),
        ("1367/05/01-1367/05/15", D(1988, 7, 23), D(1988, 8, 6), "range", "jalali"),
        ("1 - 15 Mordad 1367", D(1988, 7, 23), D(1988, 8, 6), "range", "jalali"),
        ("between July and September 1988", D(1988, 7, 1), D(1988, 9, 30), "range", "gregorian"),
        ("from July to September 1988", D(1988, 7, 1), D(1988, 9, 30), "range", "gregorian"),
        ("July–September 1988", D(1988, 7, 1), D(1988, 9, 30), "range", "gregorian"),
        ("بین تیر و شهریور ۱۳۶۷", D(1988, 6, 22), D(1988, 9, 22), "range", "jalali"),
        ("۱۳۶۷/۵/۸ تا ۱۳۶۷/۶/۱۰", D(1988, 7, 30), D(1988, 9, 1), "range", "jalali"),
        ("late Tir to early Mehr 1367", D(1988, 7, 12), D(1988, 10, 2), "range", "jalali"),
        ("1367-1368", D(1988, 3, 21), D(1990, 3, 20), "range", "jalali"),
        ("Mordad 67", D(1988, 7, 23), D(1988, 8, 22), "month", "jalali"),
    ],
)
def test_parse_date_reads_what_sources_write(text, earliest, latest, precision, calendar):
    result = parse_date_detailed(text)
    assert result.ok, result.problem
    value = result.value
    assert (value.earliest, value.latest) == (earliest, latest)
    assert value.precision == Precision(precision)
    assert value.calendar == Calendar(calendar)
    assert value.text == text


def test_ambiguous_day_and_month_cover_both_readings():
    result = parse_date_detailed("07/08/1988")
    assert (result.value.earliest, result.value.latest) == (D(1988, 7, 8), D(1988, 8, 7))
    assert result.value.precision == Precision.RANGE
    assert any("ambiguous" in w for w in result.warnings)


@pytest.mark.parametrize(("day_first", "day"), [(True, D(1988, 8, 7)), (False, D(1988, 7, 8))])
def test_day_first_resolves_the_ambiguity(day_first, day):
    assert parse_date("07/08/1988", day_first=day_first) == UncertainDate.day(
        day, text="07/08/1988"
    )


def test_two_digit_year_needs_the_calendar():
    assert not parse_date_detailed("67/5/10").ok
    value = parse_date("67/5/10", calendar_hint=Calendar.JALALI)
    assert value.earliest == D(1988, 8, 1)


@pytest.mark.parametrize("text", ["", "  ", "?", "نامعلوم", "unknown", "N/A"])
def test_plainly_unknown_is_unknown_without_a_problem(text):
    result = parse_date_detailed(text)
    assert result.ok
    assert not result.value.is_known
    assert result.value.text == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("nonsense", "nonsense"),
        ("1367/12/30", "not a jalali date"),  # 1367 is not leap
        ("1988-02-30", "not a gregorian date"),
        ("Mordad 1988", "gregorian year"),
        ("1650", "neither"),
        ("before 1988", "open-ended"),
        ("1367/08/01 - 1367/05/01", "ends before it begins"),
        ("5 رجب 1408", "not a month"),
    ],
)
def test_unreadable_dates_say_why(text, reason):
    result = parse_date_detailed(text)
    assert not result.ok
    assert reason in result.problem
    assert parse_date(text) == UncertainDate.unknown(text)
    with pytest.raises(DateParseError) as exc:
        parse_date_strict(text)
    assert isinstance(exc.value, InputError)
    assert reason in str(exc.value)


def test_approximate_dates_are_flagged():
    result = parse_date_detailed("circa 1988")
    assert result.value.precision == Precision.YEAR
    assert "approximate" in result.warnings


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)))
def test_a_written_jalali_day_parses_back(day):
    value = parse_date(format_jalali(day, persian_digits=True))
    assert value.earliest == value.latest == day
    assert value.calendar == Calendar.JALALI
    assert parse_date(day.isoformat()).earliest == day


@given(st.integers(1300, 1420), st.integers(1, 12))
def test_a_jalali_month_parses_to_its_range(year, month):
    value = parse_date(f"{year}/{month}")
    assert (value.earliest, value.latest) == jalali_month_range(year, month)


@pytest.mark.parametrize(
    ("text", "years"),
    [("1340", (1961, 1962)), ("۱۳۴۰", (1961, 1962)), ("1961", (1961, 1961)), ("x", None)],
)
def test_parse_birth_year_gives_gregorian_years(text, years):
    assert parse_birth_year(text) == years


def test_parse_birth_year_reads_two_digits_with_the_calendar():
    assert parse_birth_year("40", calendar_hint=Calendar.JALALI) == (1961, 1962)


def test_birth_years_from_age_at_death():
    death = parse_date("Mordad 1367")
    assert birth_years_from_age(25, death) == (1962, 1963)
    assert birth_years_from_age(25, UncertainDate.unknown()) is None
