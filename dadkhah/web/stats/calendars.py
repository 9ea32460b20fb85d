"""Days, months and weeks as plain text in both calendars, for tables, chart labels and hovers.

A Persian page names a period in the Jalali calendar first and gives the Gregorian days
beside it; an English page the other way round (issue 13: "every date shows the other
calendar beside it or on hover"). Charts are SVG text, not HTML, so these labels are
plain strings; on HTML the ``localdate``/``gregorian_beside`` filters do the same for
single dates. A Gregorian month overlaps two Jalali months (a Jalali month begins
around the 21st–23rd), so a Gregorian month is named in Jalali as the two it spans.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils.dates import MONTHS

from dadkhah.core.jalali import (
    JALALI_MAX_YEAR,
    MONTHS_EN,
    MONTHS_FA,
    gregorian_to_jalali,
    jalali_month_range,
)

__all__ = [
    "Period",
    "jalali_days_text",
    "jalali_month_days",
    "month_period",
    "parse_period",
    "persian_digits",
    "timeline_month",
    "week_period",
]

_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_ASCII_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def persian_digits(text: str) -> str:
    return text.translate(_FA_DIGITS)


class _J:
    """A Gregorian day's Jalali year, month and day."""

    __slots__ = ("day", "month", "year")

    def __init__(self, day: dt.date) -> None:
        self.year, self.month, self.day = gregorian_to_jalali(day)


def _j(day: dt.date) -> _J:
    return _J(day)


def _jalali_span(first: dt.date, last: dt.date, *, fa: bool) -> str:
    """The Jalali days ``first``–``last`` as few words as say them: "۱۰–۱۶ مرداد ۱۳۶۷"."""
    months = MONTHS_FA if fa else MONTHS_EN
    a, b = _j(first), _j(last)
    if (a.year, a.month) == (b.year, b.month):
        text = f"{a.day}–{b.day} {months[a.month - 1]} {a.year}"
    elif a.year == b.year:
        text = f"{a.day} {months[a.month - 1]} – {b.day} {months[b.month - 1]} {a.year}"
    else:
        text = f"{a.day} {months[a.month - 1]} {a.year} – {b.day} {months[b.month - 1]} {b.year}"
    return persian_digits(text) if fa else text


def _jalali_months(first: dt.date, last: dt.date, *, fa: bool) -> str:
    """The Jalali month or months the days ``first``–``last`` fall in: "مرداد–شهریور ۱۳۶۷"."""
    months = MONTHS_FA if fa else MONTHS_EN
    a, b = _j(first), _j(last)
    if (a.year, a.month) == (b.year, b.month):
        text = f"{months[a.month - 1]} {a.year}"
    elif a.year == b.year:
        text = f"{months[a.month - 1]}–{months[b.month - 1]} {a.year}"
    else:
        text = f"{months[a.month - 1]} {a.year} – {months[b.month - 1]} {b.year}"
    return persian_digits(text) if fa else text


def _iso_days(first: dt.date, last: dt.date, *, fa: bool) -> str:
    text = first.isoformat() if first == last else f"{first.isoformat()} – {last.isoformat()}"
    return persian_digits(text) if fa else text


def jalali_days_text(first: dt.date, last: dt.date) -> str:
    """Gregorian days in the Jalali calendar, transliterated for an English page."""
    if first == last:
        j = _j(first)
        return f"{j.day} {MONTHS_EN[j.month - 1]} {j.year}"
    return _jalali_span(first, last, fa=False)


class Period:
    """A month or a week, named in the page's calendar, with the other calendar's words."""

    def __init__(self, key: str, first: dt.date, last: dt.date, label: str, other: str) -> None:
        self.key = key
        self.first = first
        self.last = last
        self.label = label
        self.other = other

    def __repr__(self) -> str:
        return f"Period({self.key!r}, {self.first}, {self.last})"


def month_period(key: str, language: str) -> Period | None:
    """A Gregorian month key (``1988-08``, as `estimate --by period` writes it), or None."""
    try:
        year, month = (int(x) for x in key.split("-"))
        first = dt.date(year, month, 1)
    except ValueError:
        return None
    last = first.replace(day=calendar.monthrange(year, month)[1])
    if language == "fa":
        label = _jalali_months(first, last, fa=True)
        other = persian_digits(key)
    else:
        label = f"{MONTHS[month]} {year}"
        other = _jalali_months(first, last, fa=False)
    return Period(key, first, last, label, other)


def jalali_month_days(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The Gregorian first and last days of a Jalali month."""
    return jalali_month_range(year, month)


def timeline_month(day: dt.date, language: str) -> Period:
    """The month a day falls in, in the page's calendar: Jalali on Persian pages."""
    if language == "fa":
        j = _j(day)
        first, last = jalali_month_days(j.year, j.month)
        label = persian_digits(f"{MONTHS_FA[j.month - 1]} {j.year}")
        return Period(
            f"{j.year}-{j.month:02d}", first, last, label, _iso_days(first, last, fa=True)
        )
    key = day.isoformat()[:7]
    period = month_period(key, language)
    assert period is not None  # a real day's month is always a month
    return period


def week_period(key: str, language: str) -> Period | None:
    """An ISO week key (``1988-W31``) with its seven days, or None if malformed."""
    try:
        year, week = key.split("-W")
        first = dt.date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        return None
    last = first + dt.timedelta(days=6)
    if language == "fa":
        return Period(
            key, first, last, _jalali_span(first, last, fa=True), _iso_days(first, last, fa=True)
        )
    label = f"{key}: {_iso_days(first, last, fa=False)}"
    return Period(key, first, last, label, _jalali_span(first, last, fa=False))


#: Years below this are Jalali (1367 is 1988); Gregorian years of the case are far above.
_JALALI_BEFORE = 1700


def parse_period(text: str, language: str) -> Period | None:
    """A period a reader may filter by, or None if ``text`` is not one.

    ``1988``, ``1988-08`` and ``1988-W31`` are Gregorian (a year, a month, an ISO week);
    ``1367`` and ``1367-05`` are Jalali (a year, a month): a year below 1700 is Jalali.
    Persian digits are read as well.
    """
    text = text.strip().translate(_ASCII_DIGITS)
    head, sep, tail = text.partition("-")
    if not head.isascii() or not head.isdigit() or len(head) != 4:
        return None
    year = int(head)
    if sep and tail.startswith("W"):
        return week_period(text, language) if year >= _JALALI_BEFORE else None
    if sep and (not tail.isascii() or not tail.isdigit() or len(tail) != 2):
        return None
    month = int(tail) if sep else None
    if month is not None and not 1 <= month <= 12:
        return None
    if year >= _JALALI_BEFORE:
        if month is not None:
            return month_period(text, language)
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if language == "fa":
            return Period(text, first, last, persian_digits(head), _iso_days(first, last, fa=True))
        return Period(text, first, last, head, _jalali_months(first, last, fa=False))
    if not 1 <= year < JALALI_MAX_YEAR:
        return None
    if month is not None:
        first, last = jalali_month_days(year, month)
        label = persian_digits(f"{MONTHS_FA[month - 1]} {year}")
        if language != "fa":
            label = f"{MONTHS_EN[month - 1]} {year}"
    else:
        first = jalali_month_days(year, 1)[0]
        last = jalali_month_days(year, 12)[1]
        label = persian_digits(head) if language == "fa" else head
    return Period(text, first, last, label, _iso_days(first, last, fa=language == "fa"))
