"""The Solar Hijri (Jalali) calendar: the one place that converts, built on jdatetime.

Every conversion between the Jalali and the Gregorian calendar, every month length
and leap year, and the month names go through this module; nothing else imports
jdatetime or does calendar arithmetic (tests/core/test_jalali.py checks both).

jdatetime converts with FarsiWeb's jalali.c arithmetic (a 2820-year cycle of
33-year sub-cycles). It agrees day by day with the astronomical rule of the
official Iranian calendar (Borkowski 1996, "The Persian calendar for 3000 years",
Earth, Moon and Planets 74, the rule jalaali-js follows) for 1200–1634 AP
(1821–2256 CE), checked in the tests over every day; outside that span the two
rules disagree on some leap years. The lists of a case date 1300s AP (1921–2021),
and the date parser reads four-digit Jalali years 1200–1499 only.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import jdatetime

JALALI_MIN_YEAR = 1
JALALI_MAX_YEAR = 3177
#: The span in which jdatetime agrees with the astronomical rule on every day.
JALALI_CHECKED_YEARS = (1200, 1634)

#: Month names, Farvardin first.
MONTHS_FA: tuple[str, ...] = tuple(jdatetime.date.j_months_fa)
MONTHS_EN: tuple[str, ...] = tuple(jdatetime.date.j_months_en)

_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _check_jalali_year(year: int) -> None:
    if not JALALI_MIN_YEAR <= year <= JALALI_MAX_YEAR:
        raise ValueError(f"Jalali year {year} is outside {JALALI_MIN_YEAR}–{JALALI_MAX_YEAR}")


@lru_cache(maxsize=4096)
def jalali_new_year(year: int) -> dt.date:
    """The Gregorian date of 1 Farvardin (Nowruz) of a Jalali year.

    Args:
        year: Jalali year, 1–3177.

    Returns:
        The Gregorian day on which the year begins (1367 → 1988-03-21).
    """
    _check_jalali_year(year)
    day: dt.date = jdatetime.date(year, 1, 1).togregorian()
    return day


def is_jalali_leap(year: int) -> bool:
    """True when the Jalali year has 366 days (Esfand has 30)."""
    if year == JALALI_MAX_YEAR:
        raise ValueError(f"Jalali year {year} is outside {JALALI_MIN_YEAR}–{JALALI_MAX_YEAR - 1}")
    _check_jalali_year(year)
    return bool(jdatetime.date(year, 1, 1).isleap())


def jalali_month_length(year: int, month: int) -> int:
    """Days in a Jalali month: 31 for months 1–6, 30 for 7–11, 29 or 30 for Esfand."""
    if not 1 <= month <= 12:
        raise ValueError(f"Jalali month {month} is not 1–12")
    if month < 12:
        return int(jdatetime.j_days_in_month[month - 1])
    return 30 if is_jalali_leap(year) else 29


@lru_cache(maxsize=65536)  # dates repeat: a list's deaths fall on some seventy days
def jalali_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """Convert a Jalali date to the Gregorian day.

    Args:
        year: Jalali year (1367).
        month: 1 (Farvardin) – 12 (Esfand).
        day: Day of the month.

    Returns:
        The Gregorian date (1367/05/08 → 1988-07-30).

    Raises:
        ValueError: The Jalali date does not exist.
    """
    _check_jalali_year(year)
    length = jalali_month_length(year, month)
    if not 1 <= day <= length:
        raise ValueError(f"day {day} is not in Jalali {year}/{month:02d} (1–{length})")
    gregorian: dt.date = jdatetime.date(year, month, day).togregorian()
    return gregorian


@lru_cache(maxsize=65536)
def gregorian_to_jalali(day: dt.date) -> tuple[int, int, int]:
    """Convert a Gregorian date to (Jalali year, month, day).

    Args:
        day: A Gregorian date.

    Returns:
        ``(year, month, day)`` in the Jalali calendar (1988-07-30 → (1367, 5, 8)).

    Raises:
        ValueError: The day is outside Jalali years 1–3177.
    """
    if isinstance(day, dt.datetime):
        day = day.date()
    j = jdatetime.date.fromgregorian(date=day)  # a ValueError before 622 CE
    _check_jalali_year(j.year)
    return j.year, j.month, j.day


def jalali_month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first and last Gregorian days of a Jalali month, both inclusive.

    Args:
        year: Jalali year.
        month: Jalali month 1–12.

    Returns:
        ``(first, last)``: Mordad 1367 → (1988-07-23, 1988-08-22).
    """
    return (
        jalali_to_gregorian(year, month, 1),
        jalali_to_gregorian(year, month, jalali_month_length(year, month)),
    )


def jalali_year_range(year: int) -> tuple[dt.date, dt.date]:
    """The first and last Gregorian days of a Jalali year (1340 → 1961-03-21, 1962-03-20)."""
    return jalali_to_gregorian(year, 1, 1), jalali_to_gregorian(year, 12, 29 + is_jalali_leap(year))


def jalali_years_of(gregorian_year: int) -> tuple[int, int]:
    """The two Jalali years a Gregorian year overlaps (1966 → 1344, 1345; Nowruz in March)."""
    first = gregorian_to_jalali(dt.date(gregorian_year, 1, 1))[0]
    return first, gregorian_to_jalali(dt.date(gregorian_year, 12, 31))[0]


def format_jalali(day: dt.date, *, persian_digits: bool = False) -> str:
    """Write a Gregorian date as a Jalali ``yyyy/mm/dd`` string (1988-07-30 → "1367/05/08")."""
    y, m, d = gregorian_to_jalali(day)
    text = f"{y:04d}/{m:02d}/{d:02d}"
    return text.translate(_FA_DIGITS) if persian_digits else text


def month_name(month: int, *, fa: bool) -> str:
    """A Jalali month's name: Persian ("مرداد") or transliterated ("Mordad")."""
    if not 1 <= month <= 12:
        raise ValueError(f"Jalali month {month} is not 1–12")
    return (MONTHS_FA if fa else MONTHS_EN)[month - 1]
