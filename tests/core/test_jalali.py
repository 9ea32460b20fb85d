"""The Jalali calendar in one module: jdatetime checked against the astronomical rule, and
no other module converting."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import jdatetime
import pytest

from dadkhah.core import jalali
from dadkhah.core.jalali import (
    JALALI_CHECKED_YEARS,
    format_jalali,
    gregorian_to_jalali,
    is_jalali_leap,
    jalali_month_length,
    jalali_month_range,
    jalali_new_year,
    jalali_to_gregorian,
    jalali_year_range,
    jalali_years_of,
)

D = dt.date

# An independent reading: Borkowski (1996), "The Persian calendar for 3000 years", Earth,
# Moon and Planets 74 — the leap years follow the vernal equinox through break years (the
# arithmetic of jalaali-js, and of dadkhah.core.dates before jdatetime took over).
_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210,
           1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178)  # fmt: skip


def borkowski_nowruz(year: int) -> dt.date:
    gy = year + 621
    leap_j = -14
    jp = _BREAKS[0]
    jump = 0
    for jm in _BREAKS[1:]:
        jump = jm - jp
        if year < jm:
            break
        leap_j += jump // 33 * 8 + (jump % 33) // 4
        jp = jm
    n = year - jp
    leap_j += n // 33 * 8 + (n % 33 + 3) // 4
    if jump % 33 == 4 and jump - n == 4:
        leap_j += 1
    leap_g = gy // 4 - ((gy // 100 + 1) * 3) // 4 - 150
    return dt.date(gy, 3, 20 + leap_j - leap_g)


def borkowski_to_jalali(day: dt.date) -> tuple[int, int, int]:
    year = day.year - 621
    if day < borkowski_nowruz(year):
        year -= 1
    k = (day - borkowski_nowruz(year)).days
    if k < 186:
        return year, k // 31 + 1, k % 31 + 1
    return year, (k - 186) // 30 + 7, (k - 186) % 30 + 1


@pytest.mark.parametrize("year", range(JALALI_CHECKED_YEARS[0], JALALI_CHECKED_YEARS[1] + 1))
def test_nowruz_follows_the_astronomical_rule_in_the_checked_years(year: int) -> None:
    assert jalali_new_year(year) == borkowski_nowruz(year)


def test_every_day_of_the_1300s_and_1400s_agrees_with_the_astronomical_rule() -> None:
    first, last = D(1921, 3, 21).toordinal(), D(2121, 3, 20).toordinal()
    for ordinal in range(first, last + 1):
        day = D.fromordinal(ordinal)
        assert gregorian_to_jalali(day) == borkowski_to_jalali(day), day


@pytest.mark.parametrize(
    ("year", "leap", "nowruz"),
    [
        (1366, True, D(1987, 3, 21)),
        # 1367 is not a leap year: Esfand 1366 had 30 days, Nowruz 1367 was 21 March 1988
        # (the equinox at 13:09 Tehran time, after noon).
        (1367, False, D(1988, 3, 21)),
        (1368, False, D(1989, 3, 21)),
        (1370, True, D(1991, 3, 21)),
        (1375, True, D(1996, 3, 20)),
        (1399, True, D(2020, 3, 20)),
        (1403, True, D(2024, 3, 20)),
        (1404, False, D(2025, 3, 21)),
    ],
)
def test_leap_years_and_their_month_ends(year: int, leap: bool, nowruz: dt.date) -> None:
    assert jalali_new_year(year) == nowruz
    assert is_jalali_leap(year) is leap
    esfand = 30 if leap else 29
    assert jalali_month_length(year, 12) == esfand
    assert jalali_year_range(year) == (nowruz, jalali_new_year(year + 1) - dt.timedelta(days=1))
    last = jalali_to_gregorian(year, 12, esfand)
    assert last + dt.timedelta(days=1) == jalali_new_year(year + 1)
    assert gregorian_to_jalali(last) == (year, 12, esfand)
    if not leap:
        with pytest.raises(ValueError, match="not in Jalali"):
            jalali_to_gregorian(year, 12, 30)
    ends = [jalali_month_range(year, m)[1] for m in range(1, 13)]
    assert [gregorian_to_jalali(e)[2] for e in ends] == [31] * 6 + [30] * 5 + [esfand]


@pytest.mark.parametrize("year", [1300, 1342, 1367, 1370, 1375, 1403, 1404, 1499])
def test_each_day_of_a_year_agrees_with_jdatetime(year: int) -> None:
    first, last = jalali_year_range(year)
    for ordinal in range(first.toordinal(), last.toordinal() + 1):
        day = D.fromordinal(ordinal)
        j = jdatetime.date.fromgregorian(date=day)
        assert gregorian_to_jalali(day) == (j.year, j.month, j.day)
        assert jalali_to_gregorian(j.year, j.month, j.day) == day


def test_known_days_and_words() -> None:
    assert jalali_to_gregorian(1367, 5, 8) == D(1988, 7, 30)
    assert jalali_month_range(1367, 5) == (D(1988, 7, 23), D(1988, 8, 22))
    assert format_jalali(D(1988, 7, 30)) == "1367/05/08"
    assert format_jalali(D(1988, 7, 30), persian_digits=True) == "۱۳۶۷/۰۵/۰۸"
    assert jalali_years_of(1966) == (1344, 1345)
    assert jalali.month_name(5, fa=True) == "مرداد"
    assert jalali.month_name(5, fa=False) == "Mordad"


@pytest.mark.parametrize(
    "call",
    [
        lambda: jalali_new_year(0),
        lambda: jalali_new_year(3178),
        lambda: jalali_month_length(1367, 13),
        lambda: jalali_to_gregorian(1367, 1, 32),
        lambda: gregorian_to_jalali(D(600, 1, 1)),
    ],
)
def test_a_date_outside_the_calendar_is_a_value_error(call) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        call()


# --- one home -----------------------------------------------------------------------------

PACKAGE = Path(jalali.__file__).resolve().parents[1]
HOME = Path(jalali.__file__).resolve()
# What converting by hand looks like: the library itself, its conversions and tables, or
# the offsets and cycles of the arithmetic (Gregorian year - 621/622, 33-year cycles).
BY_HAND = re.compile(
    r"\bjdatetime\b|\bjalali_core\b|\b(?:from|to)gregorian\b|\bj_days_in_month\b"
    r"|\bj_months_(?:fa|en)\b|[-+]\s*62[12]\b|62[12]\s*[-+]|(?://|%)\s*33\b|\b12053\b"
)


def test_no_other_module_imports_jdatetime_or_converts_by_hand() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == HOME:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if BY_HAND.search(line):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}")
    assert not found, "Jalali conversion outside dadkhah/core/jalali.py:\n" + "\n".join(found)


def test_the_check_catches_what_it_looks_for() -> None:
    for line in ["import jdatetime", "year - 621", "j = x.fromgregorian(date=d)", "n % 33"]:
        assert BY_HAND.search(line), line
