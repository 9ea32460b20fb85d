"""Tests for Jalali arithmetic and for reading dates into intervals."""

from __future__ import annotations

import datetime as dt

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadkhah.core import date_words
from dadkhah.core.dates import (
    Calendar,
    DateParseError,
    Precision,
    UncertainDate,
    birth_years_from_age,
    format_jalali,
    gregorian_to_jalali,
    infer_calendar,
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
    says_unknown,
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


# --- Lists as other people write them (issue 16) ---------------------------------------

MORDAD_1367 = (D(1988, 7, 23), D(1988, 8, 22))
AUG_1988 = (D(1988, 8, 1), D(1988, 8, 31))
DAY_1367_05_10 = (D(1988, 8, 1), D(1988, 8, 1))


@pytest.mark.parametrize(
    ("text", "interval", "precision"),
    [
        # Jalali months spelled other ways, and typed with Arabic letters.
        ("Mourdad 1367", MORDAD_1367, "month"),
        ("Mordaad 1367", MORDAD_1367, "month"),
        ("Mordād 1367", MORDAD_1367, "month"),
        ("Sharivar 1367", (D(1988, 8, 23), D(1988, 9, 22)), "month"),
        ("Adhar 1367", (D(1988, 11, 22), D(1988, 12, 21)), "month"),
        ("Abaan 1367", (D(1988, 10, 23), D(1988, 11, 21)), "month"),
        ("Dei 1367", (D(1988, 12, 22), D(1989, 1, 20)), "month"),
        ("Isfand 1367", (D(1989, 2, 20), D(1989, 3, 20)), "month"),
        ("Ordibehisht 1367", (D(1988, 4, 21), D(1988, 5, 21)), "month"),
        ("Khordaad 1367", (D(1988, 5, 22), D(1988, 6, 21)), "month"),
        ("Farvardeen 1367", (D(1988, 3, 21), D(1988, 4, 20)), "month"),
        ("شهريور 1367", (D(1988, 8, 23), D(1988, 9, 22)), "month"),
        ("٢٠ شهريور ١٣٦٧", (D(1988, 9, 11), D(1988, 9, 11)), "day"),
        ("اردی\u200cبهشت ۱۳۶۷", (D(1988, 4, 21), D(1988, 5, 21)), "month"),
        ("مردادماه ۱۳۶۷", MORDAD_1367, "month"),
        ("1367 مرداد 10", DAY_1367_05_10, "day"),
        ("10 مرداد ماه 1367", DAY_1367_05_10, "day"),
        ("late Mordad 1367", (D(1988, 8, 12), D(1988, 8, 22)), "range"),
        ("شهریور ۱۳۶۷ ه.ش", (D(1988, 8, 23), D(1988, 9, 22)), "month"),
        ("1367/05/10 ه.ش", DAY_1367_05_10, "day"),
        ("1367, Mordad 10", DAY_1367_05_10, "day"),
        # French month names, accented or not, and their abbreviations.
        ("janv. 1988", (D(1988, 1, 1), D(1988, 1, 31)), "month"),
        ("févr. 1988", (D(1988, 2, 1), D(1988, 2, 29)), "month"),
        ("fev 1988", (D(1988, 2, 1), D(1988, 2, 29)), "month"),
        ("avr. 1988", (D(1988, 4, 1), D(1988, 4, 30)), "month"),
        ("juil. 1988", (D(1988, 7, 1), D(1988, 7, 31)), "month"),
        ("10 août 1988", (D(1988, 8, 10), D(1988, 8, 10)), "day"),
        ("déc. 1988", (D(1988, 12, 1), D(1988, 12, 31)), "month"),
        # Numbers in either order and with any separator.
        ("1988 (Aug)", AUG_1988, "month"),
        ("Aug. 1988", AUG_1988, "month"),
        ("08/1988", AUG_1988, "month"),
        ("1988/08", AUG_1988, "month"),
        ("1367.05.10", DAY_1367_05_10, "day"),
        ("10.05.1367", DAY_1367_05_10, "day"),
        ("10-05-1367", DAY_1367_05_10, "day"),
        ("١٣٦٧/٥/١٠", DAY_1367_05_10, "day"),
        ("1367 05 10", DAY_1367_05_10, "day"),
        ("10 5 1367", DAY_1367_05_10, "day"),
        # French words for parts, seasons, ordinals and ranges.
        ("fin juillet 1988", (D(1988, 7, 21), D(1988, 7, 31)), "range"),
        ("début août 1988", (D(1988, 8, 1), D(1988, 8, 10)), "range"),
        ("mi-août 1988", (D(1988, 8, 11), D(1988, 8, 20)), "range"),
        ("1er septembre 1988", (D(1988, 9, 1), D(1988, 9, 1)), "day"),
        ("été 1988", (D(1988, 6, 1), D(1988, 9, 22)), "season"),
        ("fin de l'été 1988", (D(1988, 6, 1), D(1988, 9, 22)), "season"),
        ("vers 1961", (D(1961, 1, 1), D(1961, 12, 31)), "year"),
        ("août-septembre 1988", (D(1988, 8, 1), D(1988, 9, 30)), "range"),
        ("entre juillet et septembre 1988", (D(1988, 7, 1), D(1988, 9, 30)), "range"),
        ("de juillet à septembre 1988", (D(1988, 7, 1), D(1988, 9, 30)), "range"),
        # Persian words transliterated.
        ("avayel-e Shahrivar 1367", (D(1988, 8, 23), D(1988, 9, 1)), "range"),
        ("akhar-e Mordad 1367", (D(1988, 8, 12), D(1988, 8, 22)), "range"),
        ("tabestan 1367", (D(1988, 6, 22), D(1988, 9, 22)), "season"),
        # "A or B" is the range holding both.
        ("Mordad or Shahrivar 1367", (D(1988, 7, 23), D(1988, 9, 22)), "range"),
        ("مرداد یا شهریور ۱۳۶۷", (D(1988, 7, 23), D(1988, 9, 22)), "range"),
        ("1988 or 1989", (D(1988, 1, 1), D(1989, 12, 31)), "range"),
        # A day or month written as unknown.
        ("1367/05/??", MORDAD_1367, "month"),
        ("??/05/1367", MORDAD_1367, "month"),
        ("1367/?/?", (D(1988, 3, 21), D(1989, 3, 20)), "year"),
        # Year spans and decades.
        ("1367-68", (D(1988, 3, 21), D(1990, 3, 20)), "range"),
        ("1988/89", (D(1988, 1, 1), D(1989, 12, 31)), "range"),
        ("1960s", (D(1960, 1, 1), D(1969, 12, 31)), "range"),
        ("دهه ۱۳۴۰", (D(1961, 3, 21), D(1971, 3, 20)), "range"),
    ],
)
def test_parse_date_reads_other_peoples_lists(text, interval, precision):
    result = parse_date_detailed(text)
    assert result.ok, result.problem
    assert (result.value.earliest, result.value.latest) == interval
    assert result.value.precision == Precision(precision)


J, G = Calendar.JALALI, Calendar.GREGORIAN


@pytest.mark.parametrize(
    ("text", "hint", "era", "interval", "precision", "warning"),
    [
        # The era of the events decides: 57–71 Jalali, 78–93 Gregorian.
        ("67-5-10", None, "event", DAY_1367_05_10, "day", "67 read as Jalali 1367"),
        ("67/05/10", None, "event", DAY_1367_05_10, "day", "67 read as Jalali 1367"),
        ("۶۷/۵/۱۰", None, "event", DAY_1367_05_10, "day", "67 read as Jalali 1367"),
        ("67.5.10", None, "event", DAY_1367_05_10, "day", "67 read as Jalali 1367"),
        ("10/5/67", None, "event", DAY_1367_05_10, "day", "67 read as Jalali 1367"),
        ("57", None, "event", (D(1978, 3, 21), D(1979, 3, 20)), "year", "57 read as Jalali 1357"),
        ("71", None, "event", (D(1992, 3, 21), D(1993, 3, 20)), "year", "71 read as Jalali 1371"),
        ("67", None, "event", (D(1988, 3, 21), D(1989, 3, 20)), "year", "67 read as Jalali 1367"),
        ("67/5", None, "event", MORDAD_1367, "month", "67 read as Jalali 1367"),
        ("88", None, "event", (D(1988, 1, 1), D(1988, 12, 31)), "year", "88 read as Gregorian 1988"),
        ("'88", None, "event", (D(1988, 1, 1), D(1988, 12, 31)), "year", "88 read as Gregorian 1988"),
        ("78", None, "event", (D(1978, 1, 1), D(1978, 12, 31)), "year", "78 read as Gregorian 1978"),
        ("93", None, "event", (D(1993, 1, 1), D(1993, 12, 31)), "year", "93 read as Gregorian 1993"),
        ("30/07/88", None, "event", (D(1988, 7, 30),) * 2, "day", "88 read as Gregorian 1988"),
        ("88-07-30", None, "event", (D(1988, 7, 30),) * 2, "day", "88 read as Gregorian 1988"),
        ("08/88", None, "event", AUG_1988, "month", "88 read as Gregorian 1988"),
        # a/b/yy in the Gregorian calendar stays ambiguous: both readings.
        ("5/8/88", None, "event", (D(1988, 5, 8), D(1988, 8, 5)), "range", "88 read as Gregorian 1988"),
        # A calendar given with the column decides, for any era.
        ("67/5/10", J, None, DAY_1367_05_10, "day", "67 read as Jalali 1367"),
        ("10/5/67", J, "birth", DAY_1367_05_10, "day", "67 read as Jalali 1367"),
        ("40", J, "birth", (D(1961, 3, 21), D(1962, 3, 20)), "year", "40 read as Jalali 1340"),
        ("67/5/10", G, "event", (D(1967, 5, 10),) * 2, "day", "67 read as Gregorian 1967"),
        ("30/7/88", G, None, (D(1988, 7, 30),) * 2, "day", "88 read as Gregorian 1988"),
        # A month name or a Persian season decides the calendar.
        ("مرداد ماه ۶۷", None, None, MORDAD_1367, "month", "67 read as Jalali 1367"),
        ("Mordad 67", None, "birth", MORDAD_1367, "month", "67 read as Jalali 1367"),
        ("تابستان ۶۷", None, None, (D(1988, 6, 22), D(1988, 9, 22)), "season", "67 read as Jalali 1367"),
        ("Aug 88", None, None, AUG_1988, "month", "88 read as Gregorian 1988"),
        ("10-20 Mordad 67", None, None, (D(1988, 8, 1), D(1988, 8, 11)), "range", "67 read as Jalali 1367"),
        ("tabestan 67", None, None, (D(1988, 6, 22), D(1988, 9, 22)), "season", "67 read as Jalali 1367"),
        ("مرداد يا شهريور ٦٧", None, None, (D(1988, 7, 23), D(1988, 9, 22)), "range", "67 read as Jalali 1367"),
        ("67-5-?", None, "event", MORDAD_1367, "month", "67 read as Jalali 1367"),
    ],
)  # fmt: skip
def test_a_two_digit_year_is_read_where_the_context_makes_the_century_plain(
    text, hint, era, interval, precision, warning
):
    result = parse_date_detailed(text, calendar_hint=hint, era=era)
    assert result.ok, result.problem
    assert (result.value.earliest, result.value.latest) == interval
    assert result.value.precision == Precision(precision)
    assert result.warnings[0] == "two-digit year " + warning
    assert result.warnings.count(result.warnings[0]) == 1


@pytest.mark.parametrize(
    ("text", "era", "reason"),
    [
        ("67-5-10", None, "a two-digit year (67) needs the calendar: write the year in full"),
        ("67-5-10", "birth", "a two-digit year (67) needs the calendar: write the year in full"),
        ("40", "birth", "a two-digit year (40) needs the calendar: write the year in full"),
        ("10/5/67", None, "a two-digit year (67) needs the calendar: write the year in full"),
        (
            "45",
            "event",
            "a two-digit year (45) needs the calendar (only 57–71 and 78–93 are read without "
            "one): write the year in full",
        ),
        (
            "1/1/75",
            "event",
            "a two-digit year (75) needs the calendar (only 57–71 and 78–93 are read without "
            "one): write the year in full",
        ),
        (
            "12/12/12",
            "event",
            "12/12/12 has a two-digit year: write the year in full or give the calendar",
        ),
    ],
)
def test_a_two_digit_year_without_a_plain_century_is_refused(text, era, reason):
    result = parse_date_detailed(text, era=era)
    assert result.problem == f"cannot read {text!r} as a date: {reason}"
    assert not result.value.is_known


_SEPARATED = st.sampled_from(["/", "-", ".", " / ", " "])
_DIGITS = st.sampled_from(["0123456789", "۰۱۲۳۴۵۶۷۸۹", "٠١٢٣٤٥٦٧٨٩"])


@given(
    st.dates(min_value=D(1930, 1, 1), max_value=D(2030, 12, 31)),
    st.booleans(),
    st.booleans(),
    st.booleans(),
    _SEPARATED,
    _DIGITS,
)
def test_a_day_written_in_any_order_and_separator_reads_back(
    day, jalali, year_first, padded, sep, digits
):
    if jalali:
        y, m, d = gregorian_to_jalali(day)
    else:
        y, m, d = day.year, day.month, day.day
    mm, dd = (f"{m:02d}", f"{d:02d}") if padded else (str(m), str(d))
    text = sep.join((str(y), mm, dd) if year_first else (dd, mm, str(y)))
    text = text.translate(str.maketrans("0123456789", digits))
    value = parse_date(text)
    if jalali or year_first or d > 12 or d == m or sep == ".":  # d.m.yyyy is day first
        assert (value.earliest, value.latest) == (day, day)
        assert value.precision == Precision.DAY
    else:  # d/m/yyyy with both ≤ 12: the range of the two readings
        other = dt.date(y, d, m)
        assert (value.earliest, value.latest) == tuple(sorted((day, other)))
        assert value.precision == Precision.RANGE
    assert value.calendar == (Calendar.JALALI if jalali else Calendar.GREGORIAN)


@given(
    st.dates(min_value=D(1978, 3, 21), max_value=D(1993, 3, 20)),
    st.sampled_from(["/", "-", "."]),
    st.booleans(),
)
def test_an_event_day_with_a_two_digit_jalali_year_reads_back(day, sep, year_first):
    y, m, d = gregorian_to_jalali(day)
    parts = (f"{y % 100}", str(m), str(d)) if year_first else (str(d), str(m), f"{y % 100}")
    result = parse_date_detailed(sep.join(parts), era="event")
    assert (result.value.earliest, result.value.latest) == (day, day)
    assert result.warnings == (f"two-digit year {y % 100} read as Jalali {y}",)


@pytest.mark.parametrize(
    ("text", "hint", "years"),
    [
        ("1340", None, (1961, 1962)),
        ("۱۳۴۰", None, (1961, 1962)),
        ("١٣٤٠", None, (1961, 1962)),
        ("40", J, (1961, 1962)),
        ("40", G, (1940, 1940)),
        ("40", None, None),  # a birth's two-digit year is never guessed
        ("67", None, None),
        ("1340 ش", None, (1961, 1962)),
        ("1340 ه.ش", None, (1961, 1962)),
        ("متولد ۱۳۴۰", None, (1961, 1962)),
        ("1961", None, (1961, 1961)),
        ("c. 1961", None, (1961, 1961)),
        ("born 1961", None, (1961, 1961)),
        ("b. 1961", None, (1961, 1961)),
        ("1960s", None, (1960, 1969)),
        ("1340s", None, (1961, 1971)),
        ("1339/40", None, (1960, 1962)),
        ("1339-1340", None, (1960, 1962)),
        ("1340/05/01", None, (1961, 1961)),
    ],
)
def test_parse_birth_year_reads_what_lists_write(text, hint, years):
    assert parse_birth_year(text, calendar_hint=hint) == years


@pytest.mark.parametrize(
    ("age", "oldest", "death", "years"),
    [
        (25, None, "1988-08-01", (1962, 1963)),
        (25, None, "Mordad 1367", (1962, 1963)),  # a month inside one Gregorian year
        (25, None, "Dey 1367", (1962, 1964)),  # 22 Dec 1988 – 20 Jan 1989
        (25, None, "1367", (1962, 1964)),  # 21 Mar 1988 – 20 Mar 1989
        (25, None, "1988", (1962, 1963)),
        (25, 30, "1988-08-01", (1957, 1963)),
        (25, 30, "1367", (1957, 1964)),
    ],
)
def test_birth_years_from_age_widen_with_the_date_and_the_age_range(age, oldest, death, years):
    assert birth_years_from_age(age, parse_date(death), oldest=oldest) == years


@pytest.mark.parametrize(
    ("values", "calendar"),
    [
        (["1367/05/10", "67/5/12", "", "1367/06/01"], Calendar.JALALI),
        (["مرداد ۶۷", "67/5/12", "شهریور"], Calendar.JALALI),
        (["10 Mordad 67", "?"], Calendar.JALALI),
        (["1367 ه.ش"], Calendar.JALALI),
        (["1988-08-01", "5/8/88", "August 88"], Calendar.GREGORIAN),
        (["19880801", "Aug 88"], Calendar.GREGORIAN),
        (["1367/05/10", "1988-08-01"], None),  # mixed
        (["67/5/10", "5/8/88", ""], None),  # no evidence
        ([], None),
        (["Mordad 1988"], None),  # a value that contradicts itself shows nothing
        (["1367/05/10"] * 19 + ["1988-08-01"], Calendar.JALALI),  # 95 %
        (["1367/05/10"] * 18 + ["1988-08-01"] * 2, None),  # 90 %
    ],
)
def test_infer_calendar_from_a_columns_values(values, calendar):
    assert infer_calendar(values) == calendar


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("", True),
        ("?", True),
        ("؟", True),
        ("نامعلوم", True),
        ("N.C.", True),
        ("inconnue", True),
        ("na maloum", True),
        ("n/k", True),
        ("1367", False),
        ("Mordad", False),
    ],
)
def test_says_unknown_knows_the_words_for_not_known(text, unknown):
    assert says_unknown(text) is unknown
    if unknown:
        result = parse_date_detailed(text)
        assert result.ok and not result.value.is_known


# --- Dates in the languages of the diaspora (issue 16) ----------------------------------

JUL_1988 = (D(1988, 7, 1), D(1988, 7, 31))
SUMMER_1988 = (D(1988, 6, 1), D(1988, 9, 22))
SUMMER_1367 = (D(1988, 6, 22), D(1988, 9, 22))
SHAHRIVAR_1367 = (D(1988, 8, 23), D(1988, 9, 22))
JUL_TO_SEP_1988 = (D(1988, 7, 1), D(1988, 9, 30))
YEAR_1988 = (D(1988, 1, 1), D(1988, 12, 31))
YEAR_1367 = (D(1988, 3, 21), D(1989, 3, 20))


@pytest.mark.parametrize(
    ("text", "interval", "precision", "calendar"),
    [
        # Arabic: the Levantine and Iraqi month names, one word or two.
        ("آب 1988", AUG_1988, "month", G),
        ("١٠ آب ١٩٨٨", (D(1988, 8, 10),) * 2, "day", G),
        ("تموز 1988", JUL_1988, "month", G),
        ("٣٠ تموز ١٩٨٨ م", (D(1988, 7, 30),) * 2, "day", G),
        ("آذار 1988", (D(1988, 3, 1), D(1988, 3, 31)), "month", G),
        ("اذار ١٩٨٨", (D(1988, 3, 1), D(1988, 3, 31)), "month", G),
        ("شباط 1988", (D(1988, 2, 1), D(1988, 2, 29)), "month", G),
        ("نيسان 1988", (D(1988, 4, 1), D(1988, 4, 30)), "month", G),
        ("أيار 1988", (D(1988, 5, 1), D(1988, 5, 31)), "month", G),
        ("حزيران 1988", (D(1988, 6, 1), D(1988, 6, 30)), "month", G),
        ("أيلول ١٩٨٨", (D(1988, 9, 1), D(1988, 9, 30)), "month", G),
        ("تشرين الأول 1988", (D(1988, 10, 1), D(1988, 10, 31)), "month", G),
        ("تشرين الثاني ١٩٨٨", (D(1988, 11, 1), D(1988, 11, 30)), "month", G),
        ("كانون الأول ١٩٨٨", (D(1988, 12, 1), D(1988, 12, 31)), "month", G),
        ("١ كانون الثاني ١٩٨٩", (D(1989, 1, 1),) * 2, "day", G),
        # Arabic: the Egyptian and Gulf names.
        ("أغسطس 1988", AUG_1988, "month", G),
        ("اغسطس 1988", AUG_1988, "month", G),
        ("يوليو 1988", JUL_1988, "month", G),
        ("يوليه 1988", JUL_1988, "month", G),
        ("إبريل 1988", (D(1988, 4, 1), D(1988, 4, 30)), "month", G),
        ("يونيه 1988", (D(1988, 6, 1), D(1988, 6, 30)), "month", G),
        ("سبتمبر ١٩٨٨", (D(1988, 9, 1), D(1988, 9, 30)), "month", G),
        # Arabic: the Jalali months as Arabic writers spell them, and ه.ش.
        ("شهريور ١٣٦٧", SHAHRIVAR_1367, "month", J),
        ("١٠ شهريور ١٣٦٧ ه.ش", (D(1988, 9, 1),) * 2, "day", J),
        ("مرداد ١٣٦٧ هـ.ش", MORDAD_1367, "month", J),
        ("أرديبهشت 1367", (D(1988, 4, 21), D(1988, 5, 21)), "month", J),
        ("عام ١٣٦٧ هـ.ش", YEAR_1367, "year", J),
        # Arabic words: seasons, parts, about, between, year.
        ("صيف 1988", SUMMER_1988, "season", G),
        ("في صيف عام ١٩٨٨", SUMMER_1988, "season", G),
        ("خريف 1988", (D(1988, 9, 1), D(1988, 12, 21)), "season", G),
        ("ربيع 1367", (D(1988, 3, 21), D(1988, 6, 21)), "season", J),
        ("أوائل أيلول 1988", (D(1988, 9, 1), D(1988, 9, 10)), "range", G),
        ("بداية أيلول 1988", (D(1988, 9, 1), D(1988, 9, 10)), "range", G),
        ("منتصف آب 1988", (D(1988, 8, 11), D(1988, 8, 20)), "range", G),
        ("أواسط آب 1988", (D(1988, 8, 11), D(1988, 8, 20)), "range", G),
        ("نهاية آب 1988", (D(1988, 8, 21), D(1988, 8, 31)), "range", G),
        ("أواخر شهر تموز من عام 1988", (D(1988, 7, 21), D(1988, 7, 31)), "range", G),
        ("حوالي عام 1988", YEAR_1988, "year", G),
        ("سنة 1988", YEAR_1988, "year", G),
        ("بين تموز وآب 1988", (D(1988, 7, 1), D(1988, 8, 31)), "range", G),
        ("من تموز إلى أيلول 1988", JUL_TO_SEP_1988, "range", G),
        # Kurdish (Sorani): the Jalali months, with the ezafe ی and Kurdish letters.
        ("گەلاوێژی ١٣٦٧", MORDAD_1367, "month", J),
        ("گەلاوێژ ١٣٦٧", MORDAD_1367, "month", J),
        ("١٢ی گەلاوێژی ١٣٦٧", (D(1988, 8, 3),) * 2, "day", J),
        ("گه\u200cلاویژی ١٣٦٧", MORDAD_1367, "month", J),  # typed with ه‌ for ە
        ("گلاویژی ١٣٦٧", MORDAD_1367, "month", J),  # typed without the ە
        ("نیمه\u200cی مرداد ۱۳۶۷", (D(1988, 8, 2), D(1988, 8, 11)), "range", J),  # Persian ezafe
        ("خاکەلێوەی ١٣٦٧", (D(1988, 3, 21), D(1988, 4, 20)), "month", J),
        ("گوڵانی ١٣٦٧", (D(1988, 4, 21), D(1988, 5, 21)), "month", J),
        ("جۆزەردانی ١٣٦٧", (D(1988, 5, 22), D(1988, 6, 21)), "month", J),
        ("پووشپەڕی ١٣٦٧", (D(1988, 6, 22), D(1988, 7, 22)), "month", J),
        ("خەرمانانی ١٣٦٧", SHAHRIVAR_1367, "month", J),
        ("ڕەزبەری ١٣٦٧", (D(1988, 9, 23), D(1988, 10, 22)), "month", J),
        ("گەڵاڕێزانی ١٣٦٧", (D(1988, 10, 23), D(1988, 11, 21)), "month", J),
        ("سەرماوەزی ١٣٦٧", (D(1988, 11, 22), D(1988, 12, 21)), "month", J),
        ("بەفرانباری ١٣٦٧", (D(1988, 12, 22), D(1989, 1, 20)), "month", J),
        ("ڕێبەندانی ١٣٦٧", (D(1989, 1, 21), D(1989, 2, 19)), "month", J),
        ("ڕەشەمەی ١٣٦٧", (D(1989, 2, 20), D(1989, 3, 20)), "month", J),
        # Kurdish words: seasons, parts, about, year, between; Iraqi Gregorian months.
        ("هاوینی ١٩٨٨", SUMMER_1988, "season", G),
        ("هاوینی ساڵی ١٣٦٧", SUMMER_1367, "season", J),
        ("پاییزی ١٣٦٧", (D(1988, 9, 23), D(1988, 12, 21)), "season", J),
        ("سەرەتای گەلاوێژی ١٣٦٧", (D(1988, 7, 23), D(1988, 8, 1)), "range", J),
        ("ناوەڕاستی گەلاوێژی ١٣٦٧", (D(1988, 8, 2), D(1988, 8, 11)), "range", J),
        ("کۆتایی گەلاوێژی ١٣٦٧", (D(1988, 8, 12), D(1988, 8, 22)), "range", J),
        ("نزیکەی ساڵی ١٩٨٨", YEAR_1988, "year", G),
        ("ساڵی ١٣٦٧", YEAR_1367, "year", J),
        ("لە نێوان گەلاوێژ و خەرمانانی ١٣٦٧", (D(1988, 7, 23), D(1988, 9, 22)), "range", J),
        ("تەممووزی ١٩٨٨", JUL_1988, "month", G),
        ("کانوونی دووەمی ١٩٨٩", (D(1989, 1, 1), D(1989, 1, 31)), "month", G),
        # German.
        ("10. August 1988", (D(1988, 8, 10),) * 2, "day", G),
        ("10.08.1988", (D(1988, 8, 10),) * 2, "day", G),
        ("am 07.08.1988", (D(1988, 8, 7),) * 2, "day", G),  # dots: day first
        ("Mai 1988", (D(1988, 5, 1), D(1988, 5, 31)), "month", G),
        ("März 1988", (D(1988, 3, 1), D(1988, 3, 31)), "month", G),
        ("Maerz 1988", (D(1988, 3, 1), D(1988, 3, 31)), "month", G),
        ("Jänner 1989", (D(1989, 1, 1), D(1989, 1, 31)), "month", G),
        ("Mär. 1988", (D(1988, 3, 1), D(1988, 3, 31)), "month", G),
        ("Okt. 1988", (D(1988, 10, 1), D(1988, 10, 31)), "month", G),
        ("Dez. 1988", (D(1988, 12, 1), D(1988, 12, 31)), "month", G),
        ("Anfang August 1988", (D(1988, 8, 1), D(1988, 8, 10)), "range", G),
        ("Mitte August 1988", (D(1988, 8, 11), D(1988, 8, 20)), "range", G),
        ("Ende Juli 1988", (D(1988, 7, 21), D(1988, 7, 31)), "range", G),
        ("Ende 1988", (D(1988, 9, 1), D(1988, 12, 31)), "range", G),
        ("im Sommer 1988", SUMMER_1988, "season", G),
        ("Frühjahr 1988", (D(1988, 3, 1), D(1988, 6, 21)), "season", G),
        ("Herbst 1988", (D(1988, 9, 1), D(1988, 12, 21)), "season", G),
        ("ca. 1988", YEAR_1988, "year", G),
        ("ungefähr August 1988", AUG_1988, "month", G),
        ("zw. Juli und September 1988", JUL_TO_SEP_1988, "range", G),
        ("zwischen Juli und September 1988", JUL_TO_SEP_1988, "range", G),
        ("vom 1. bis 15. August 1988", (D(1988, 8, 1), D(1988, 8, 15)), "range", G),
        ("Juli oder August 1988", (D(1988, 7, 1), D(1988, 8, 31)), "range", G),
        # Swedish, Dutch, Spanish, Italian, Turkish, Azeri, Kurmanji.
        ("augusti 1988", AUG_1988, "month", G),
        ("i början av augusti 1988", (D(1988, 8, 1), D(1988, 8, 10)), "range", G),
        ("sommaren 1988", SUMMER_1988, "season", G),
        ("mellan juli och september 1988", JUL_TO_SEP_1988, "range", G),
        ("augustus 1988", AUG_1988, "month", G),
        ("zomer 1988", SUMMER_1988, "season", G),
        ("eind augustus 1988", (D(1988, 8, 21), D(1988, 8, 31)), "range", G),
        ("half augustus 1988", (D(1988, 8, 11), D(1988, 8, 20)), "range", G),
        ("tussen juli en september 1988", JUL_TO_SEP_1988, "range", G),
        ("10 agosto 1988", (D(1988, 8, 10),) * 2, "day", G),
        ("verano de 1988", SUMMER_1988, "season", G),
        ("a finales de julio de 1988", (D(1988, 7, 21), D(1988, 7, 31)), "range", G),
        ("entre julio y septiembre de 1988", JUL_TO_SEP_1988, "range", G),
        ("estate 1988", SUMMER_1988, "season", G),
        ("fine agosto 1988", (D(1988, 8, 21), D(1988, 8, 31)), "range", G),
        ("10 Ağustos 1988", (D(1988, 8, 10),) * 2, "day", G),
        ("1988 yazı", SUMMER_1988, "season", G),
        ("1988 yazında", SUMMER_1988, "season", G),
        ("Ağustos 1988 sonu", (D(1988, 8, 21), D(1988, 8, 31)), "range", G),
        ("avqust 1988", AUG_1988, "month", G),
        ("Tebax 1988", AUG_1988, "month", G),
    ],
)
def test_parse_date_reads_the_languages_of_the_diaspora(text, interval, precision, calendar):
    result = parse_date_detailed(text)
    assert result.ok, result.problem
    assert (result.value.earliest, result.value.latest) == interval
    assert result.value.precision == Precision(precision)
    assert result.value.calendar == calendar
    assert result.value.text == text


@pytest.mark.parametrize(
    ("text", "interval", "calendar"),
    [
        # آذار (Levantine March, Gregorian) is not آذر (Azar, the ninth Jalali month).
        ("آذار 1988", (D(1988, 3, 1), D(1988, 3, 31)), G),
        ("آذر 1367", (D(1988, 11, 22), D(1988, 12, 21)), J),
        ("اذر 1367", (D(1988, 11, 22), D(1988, 12, 21)), J),
        # تموز is July, تیر is Tir; آب is August, آبان is Aban.
        ("تموز 1988", JUL_1988, G),
        ("تیر 1367", (D(1988, 6, 22), D(1988, 7, 22)), J),
        ("آب 1988", AUG_1988, G),
        ("آبان 1367", (D(1988, 10, 23), D(1988, 11, 21)), J),
        # Sorani گوڵان is Ordibehesht; Kurmanji Gulan is May.
        ("گوڵان ١٣٦٧", (D(1988, 4, 21), D(1988, 5, 21)), J),
        ("Gulan 1988", (D(1988, 5, 1), D(1988, 5, 31)), G),
        # The Kurdish ezafe ی is read off a month, not off the Jalali month دی.
        ("دی 1367", (D(1988, 12, 22), D(1989, 1, 20)), J),
        ("گەلاوێژی 1367", MORDAD_1367, J),
    ],
)
def test_look_alike_months_keep_their_own_calendar(text, interval, calendar):
    value = parse_date(text)
    assert (value.earliest, value.latest) == interval
    assert value.calendar == calendar


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Mai", "no year"),  # a month only next to a year: a bare "Mai" is a name
        ("Ende", "no year"),
        ("آب", "no year"),
        ("آب 1367", "the year 1367 is a jalali year but the date is written in the gregorian"),
        ("آذار 1367", "the year 1367 is a jalali year but the date is written in the gregorian"),
        ("vor 1988", "an open-ended date ('vor') has no interval: give a range"),
        ("nach 1988", "an open-ended date ('nach') has no interval: give a range"),
        ("منذ 1988", "an open-ended date ('منذ') has no interval: give a range"),
    ],
)
def test_diaspora_words_alone_or_contradicting_are_no_date(text, reason):
    result = parse_date_detailed(text)
    assert result.problem is not None
    assert result.problem.startswith(f"cannot read {text!r} as a date: {reason}")
    assert not result.value.is_known


@pytest.mark.parametrize(
    ("text", "interval", "warning"),
    [
        ("Sommer 88", SUMMER_1988, "two-digit year 88 read as Gregorian 1988"),
        ("10.8.88", (D(1988, 8, 10),) * 2, "two-digit year 88 read as Gregorian 1988"),
        ("آب 88", AUG_1988, "two-digit year 88 read as Gregorian 1988"),
        ("گەلاوێژی ٦٧", MORDAD_1367, "two-digit year 67 read as Jalali 1367"),
    ],
)
def test_diaspora_event_dates_with_two_digit_years(text, interval, warning):
    result = parse_date_detailed(text, era="event")
    assert (result.value.earliest, result.value.latest) == interval
    assert result.warnings == (warning,)


def test_a_dotted_date_is_day_first_unless_the_column_says_otherwise():
    assert parse_date("07.08.1988").earliest == D(1988, 8, 7)
    assert parse_date("07.08.1988").precision == Precision.DAY
    assert parse_date("07.08.1988", day_first=False).earliest == D(1988, 7, 8)
    # slashes stay ambiguous: both readings
    value = parse_date("07/08/1988")
    assert (value.earliest, value.latest) == (D(1988, 7, 8), D(1988, 8, 7))


@pytest.mark.parametrize(
    ("values", "calendar"),
    [
        (["گەلاوێژی ١٣٦٧", "١٢ی گەلاوێژی ٦٧"], Calendar.JALALI),
        (["آب 88", "تموز ١٩٨٨", "10.08.88"], Calendar.GREGORIAN),
        (["Mai", "Ende", "آب"], None),  # words without a day or a year show nothing
        (["Mai", "Mordad 1367"], Calendar.JALALI),
    ],
)
def test_infer_calendar_reads_the_diaspora_words(values, calendar):
    assert infer_calendar(values) == calendar


def test_no_date_word_means_two_things():
    tables = {
        "Jalali month": set(date_words.JALALI_MONTHS),
        "Gregorian month": set(date_words.GREGORIAN_MONTHS),
        "season": set(date_words.SEASONS),
        "part": set(date_words.PARTS),
        "Jalali marker": date_words.JALALI_MARKS,
        "Gregorian marker": date_words.GREGORIAN_MARKS,
        "lunar marker": date_words.LUNAR_MARKS,
        "filler": date_words.FILLERS,
        "open-ended": date_words.OPEN_ENDED,
    }
    shared = {
        (a, b, word)
        for a, words_a in tables.items()
        for b, words_b in tables.items()
        if a < b
        for word in words_a & words_b
    }
    # م after a year is the Arabic "AD"; after a day, the Persian ordinal (۸م).
    assert shared == {("Gregorian marker", "filler", "م")}
    for words in tables.values():
        assert {date_words.date_key(word) for word in words} == words  # held as they are looked up
