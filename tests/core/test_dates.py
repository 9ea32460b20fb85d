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
    if jalali or year_first or d > 12 or d == m:
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
