"""Uncertain dates: every date the case knows is an interval with a precision.

A source may say "1367/05/10", "Mordad 1367", "summer 1988" or nothing at all.
Each becomes an `UncertainDate`: the earliest and the latest day it can mean
(inclusive, Gregorian), how precise the source was, the calendar it was written
in, and the original text exactly as written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from dadkhah.core.date_words import (
    APPROX,
    FILLERS,
    GREGORIAN_MARKS,
    GREGORIAN_MONTHS,
    JALALI_MARKS,
    JALALI_MONTHS,
    JALALI_SEASONS,
    KNOWN_WORDS,
    LUNAR_MARKS,
    MONTH_PHRASES,
    OPEN_ENDED,
    PARTS,
    RANGE_STARTS,
    RANGE_WORDS,
    SEASONS,
    date_key,
)
from dadkhah.core.errors import InputError

# The calendar itself lives in dadkhah.core.jalali; its functions are named here too, where
# the date parser's callers have always found them.
from dadkhah.core.jalali import JALALI_MAX_YEAR as JALALI_MAX_YEAR
from dadkhah.core.jalali import JALALI_MIN_YEAR as JALALI_MIN_YEAR
from dadkhah.core.jalali import format_jalali as format_jalali
from dadkhah.core.jalali import gregorian_to_jalali as gregorian_to_jalali
from dadkhah.core.jalali import is_jalali_leap as is_jalali_leap
from dadkhah.core.jalali import jalali_month_length as jalali_month_length
from dadkhah.core.jalali import jalali_month_range as jalali_month_range
from dadkhah.core.jalali import jalali_new_year as jalali_new_year
from dadkhah.core.jalali import jalali_to_gregorian as jalali_to_gregorian
from dadkhah.core.jalali import jalali_year_range as jalali_year_range
from dadkhah.core.unknown import says_unknown as _says_unknown


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    RANGE = "range"
    UNKNOWN = "unknown"


class Calendar(StrEnum):
    JALALI = "jalali"
    GREGORIAN = "gregorian"


@dataclass(frozen=True)
class UncertainDate:
    """An interval of days [earliest, latest], both inclusive."""

    earliest: dt.date | None
    latest: dt.date | None
    precision: Precision = Precision.UNKNOWN
    calendar: Calendar | None = None
    text: str = ""

    def __post_init__(self) -> None:
        if (self.earliest is None) != (self.latest is None):
            raise ValueError("an uncertain date has both ends or neither")
        if self.earliest is not None and self.latest is not None and self.earliest > self.latest:
            raise ValueError(f"earliest {self.earliest} is after latest {self.latest}")

    @classmethod
    def unknown(cls, text: str = "") -> UncertainDate:
        return cls(None, None, Precision.UNKNOWN, None, text)

    @classmethod
    def day(
        cls, day: dt.date, *, calendar: Calendar = Calendar.GREGORIAN, text: str = ""
    ) -> UncertainDate:
        return cls(day, day, Precision.DAY, calendar, text or day.isoformat())

    @property
    def is_known(self) -> bool:
        return self.earliest is not None

    def overlaps(self, other: UncertainDate) -> bool:
        """True when both are known and their intervals share at least one day."""
        if self.earliest is None or self.latest is None:
            return False
        if other.earliest is None or other.latest is None:
            return False
        return self.earliest <= other.latest and other.earliest <= self.latest

    def width_days(self) -> int | None:
        if self.earliest is None or self.latest is None:
            return None
        return (self.latest - self.earliest).days + 1


# ==========================================================================
# Parsing what sources write.

# A day or month written as unknown: "67-5-?", "??/05/1367", "1367/05/xx".
_UNKNOWN_PART = re.compile(r"^(?:\?+|؟+|x+)\s*[/.\-]\s*(?=\d)|(?<=\d)\s*[/.\-]\s*(?:\?+|؟+|x+)$")
_NUMERIC = re.compile(r"^(\d{1,4})\s*([/.\-])\s*(\d{1,4})(?:\s*[/.\-]\s*(\d{1,4}))?$")
_SPACED = re.compile(r"^(\d{4}) (\d{1,2}) (\d{1,2})$|^(\d{1,2}) (\d{1,2}) (\d{4})$")
_TOKEN = re.compile(r"\d+|[^\W\d_]+|~")
# A year span "1339/40", "1988-89" (the second year > 12, so no month) and a decade.
_YEAR_SPAN = re.compile(r"^(\d{4})\s*[/\-–]\s*(\d{2})$")
_DECADE = re.compile(r"^(?:(\d{3}0)\s*'?s|دهه\s*(\d{3}0))$")

Era = Literal["event", "birth"]
"""What a date is of, for two-digit years: an event of the 1980s (arrest,
death) or a birth. Only an event's two-digit year is read without a calendar."""

# Two-digit years of the events' era, 1978–1993, that need no calendar: Jalali
# 1357–1371 (March 1978 – March 1993) and Gregorian 1978–1993. The two ranges
# do not overlap, so each of these numbers is one year; any other is refused.
EVENT_JALALI_YY: tuple[int, int] = (57, 71)
EVENT_GREGORIAN_YY: tuple[int, int] = (78, 93)


def says_unknown(text: str) -> bool:
    """True when a value says plainly that it is not known ("?", "نامعلوم", "N.C.", "")."""
    return _says_unknown(_clean_date_text(text))


class DateParseError(InputError):
    """A date cannot be read; the message says what was found and what to write."""


@dataclass(frozen=True)
class DateParseResult:
    """What `parse_date_detailed` read: the value, and why it is unknown if it is.

    Attributes:
        value: The interval (``UncertainDate.unknown`` when nothing was read).
        problem: Why a non-empty text gave no date, for the importer's report;
            None when the text was read or said plainly that the date is unknown.
        warnings: Readings that were chosen rather than certain ("ambiguous
            day and month", "approximate", "winter read as ...").
    """

    value: UncertainDate
    problem: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass
class _Parts:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    calendar: Calendar | None = None
    season: int | None = None
    part: str | None = None
    two_digit_year: int | None = None
    season_calendar: Calendar | None = None  # a Persian season word: Jalali, for "تابستان ۶۷"
    day_month_pair: tuple[int, int] | None = None  # (a, b) of an ambiguous a/b/yyyy
    dotted: bool = False  # a.b.yyyy: written with dots, as German and Turkish lists do


class _Unreadable(Exception):
    pass


def _calendar_of_year(year: int, hint: Calendar | None) -> Calendar:
    # A year below 1500 is a Solar Hijri year (1300s for 1921–2021), one from
    # 1800 a Gregorian year: the two ranges do not overlap for modern dates.
    if 1200 <= year < 1500:
        return Calendar.JALALI
    if 1800 <= year <= 2100:
        return Calendar.GREGORIAN
    raise _Unreadable(
        f"the year {year} is neither a Solar Hijri year (1200–1499) nor a Gregorian one (1800–2100)"
    )


def _read_numeric(m: re.Match[str], parts: _Parts, hint: Calendar | None) -> None:
    a, _sep, b, c = m.group(1), m.group(2), m.group(3), m.group(4)
    if c is None:  # yyyy/mm or mm/yyyy; yy/mm or mm/yy when the two-digit year is > 31
        if len(a) == 4:
            parts.year, parts.month = int(a), int(b)
        elif len(b) == 4 and len(a) <= 2:
            parts.month, parts.year = int(a), int(b)
        elif len(a) == 2 and int(a) > 31 and len(b) <= 2 and int(b) <= 12:
            parts.two_digit_year, parts.month = int(a), int(b)
        elif len(b) == 2 and int(b) > 31 and len(a) <= 2 and int(a) <= 12:
            parts.month, parts.two_digit_year = int(a), int(b)
        else:
            raise _Unreadable(f"{a}{_sep}{b} has no four-digit year")
        return
    if len(b) > 2:
        raise _Unreadable(f"{m.group(0)} has {b} where the month or day belongs")
    if len(a) == 4:  # ISO order and the Persian y/m/d
        parts.year, parts.month, parts.day = int(a), int(b), int(c)
    elif len(c) == 4:
        parts.year = int(c)
        parts.day_month_pair = (int(a), int(b))
        parts.dotted = _sep == "."
    elif len(a) > 2 or len(c) > 2:
        raise _Unreadable(f"{m.group(0)} has no year of two or four digits")
    elif int(a) > 31 and int(c) > 31:
        raise _Unreadable(f"{m.group(0)} has two numbers that can only be years")
    elif int(a) > 31:  # yy/mm/dd: only a year is above 31 (Persian 67/05/10)
        parts.two_digit_year, parts.month, parts.day = int(a), int(b), int(c)
    else:  # dd/mm/yy, or mm/dd/yy: the day and month are settled with the calendar
        parts.two_digit_year = int(c)
        parts.day_month_pair = (int(a), int(b))
        parts.dotted = _sep == "."
        if int(c) <= 31 and hint is None:
            raise _Unreadable(
                f"{m.group(0)} has a two-digit year: write the year in full or give the calendar"
            )


def _read_words(text: str, parts: _Parts, warnings: list[str]) -> None:
    numbers: list[int] = []
    month_calendar: Calendar | None = None
    for tok in _TOKEN.findall(text):
        if tok.isdigit():
            numbers.append(int(tok))
        elif tok in JALALI_MONTHS or tok in GREGORIAN_MONTHS:
            if parts.month is not None:
                raise _Unreadable(f"two months in one date ({tok!r})")
            if tok in JALALI_MONTHS:
                parts.month, month_calendar = JALALI_MONTHS[tok], Calendar.JALALI
            else:
                parts.month, month_calendar = GREGORIAN_MONTHS[tok], Calendar.GREGORIAN
        elif tok in SEASONS:
            parts.season = SEASONS[tok]
            if tok in JALALI_SEASONS:
                parts.season_calendar = Calendar.JALALI
        elif tok in PARTS:
            parts.part = PARTS[tok]
        elif tok in JALALI_MARKS:
            parts.calendar = Calendar.JALALI
        elif tok in GREGORIAN_MARKS:
            parts.calendar = Calendar.GREGORIAN
        elif tok in LUNAR_MARKS:
            raise _Unreadable("lunar Hijri dates are not read: convert them or give a range")
        elif tok in OPEN_ENDED:
            raise _Unreadable(f"an open-ended date ({tok!r}) has no interval: give a range")
        elif tok in FILLERS:
            if tok in APPROX and "approximate" not in warnings:
                warnings.append("approximate")
        else:
            raise _Unreadable(f"the word {tok!r} is not a month, season or date word")
    if month_calendar is not None:
        if parts.calendar is not None and parts.calendar != month_calendar:
            raise _Unreadable("the month name and the calendar marker disagree")
        parts.calendar = month_calendar
    for n in numbers:
        if n >= 1000:
            if parts.year is not None:
                raise _Unreadable("two years in one date")
            parts.year = n
        elif n > 31 and n < 100 and parts.year is None:
            parts.two_digit_year = n
        elif 1 <= n <= 31 and parts.day is None:
            parts.day = n
        else:
            raise _Unreadable(f"the number {n} is not a day or a year")


def _read_parts(text: str, hint: Calendar | None, warnings: list[str]) -> _Parts:
    parts = _Parts()
    compact = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if compact:  # 19880730, 13670508
        parts.year, parts.month, parts.day = (int(g) for g in compact.groups())
        return parts
    words = [w for w in _TOKEN.findall(text) if not w.isdigit()]
    numeric_text = text
    for w in words:
        if w in FILLERS or w in JALALI_MARKS or w in GREGORIAN_MARKS:
            numeric_text = re.sub(rf"(?<!\w){re.escape(w)}(?!\w)", " ", numeric_text)
            if w in APPROX and "approximate" not in warnings:
                warnings.append("approximate")
            if w in JALALI_MARKS:
                parts.calendar = Calendar.JALALI
            elif w in GREGORIAN_MARKS:
                parts.calendar = Calendar.GREGORIAN
    # A dot left by a dropped marker (ه.ش) is no separator; "1367.05.10" keeps its dots.
    numeric_text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", numeric_text.replace("~", " "))
    numeric_text = " ".join(numeric_text.split())
    for _ in range(2):  # "1367/?/?" has two
        numeric_text = _UNKNOWN_PART.sub("", numeric_text)
    spaced = _SPACED.match(numeric_text)
    if spaced is not None:  # "1367 05 10", "10 5 1367": read as if slashed
        numeric_text = "/".join(g for g in spaced.groups() if g is not None)
    m = _NUMERIC.match(numeric_text)
    if m is not None:
        _read_numeric(m, parts, parts.calendar or hint)
        return parts
    _read_words(text, parts, warnings)
    return parts


def _resolve_calendar(
    parts: _Parts, hint: Calendar | None, era: Era | None, warnings: list[str]
) -> Calendar:
    if parts.year is not None:
        by_year = _calendar_of_year(parts.year, hint)
        if parts.calendar is not None and parts.calendar != by_year:
            raise _Unreadable(
                f"the year {parts.year} is a {by_year.value} year but the date is written "
                f"in the {parts.calendar.value} calendar"
            )
        return by_year
    if parts.two_digit_year is not None:
        yy = parts.two_digit_year
        # Written marker or month name, then the column's calendar, then a
        # Persian season word, then (for events only) the era of the events.
        cal = parts.calendar or hint or parts.season_calendar
        if cal is None and era == "event":
            if EVENT_JALALI_YY[0] <= yy <= EVENT_JALALI_YY[1]:
                cal = Calendar.JALALI
            elif EVENT_GREGORIAN_YY[0] <= yy <= EVENT_GREGORIAN_YY[1]:
                cal = Calendar.GREGORIAN
        if cal is None:
            why = " (only 57–71 and 78–93 are read without one)" if era == "event" else ""
            raise _Unreadable(
                f"a two-digit year ({yy:02d}) needs the calendar{why}: write the year in full"
            )
        parts.year = yy + (1300 if cal == Calendar.JALALI else 1900)
        warnings.append(f"two-digit year {yy:02d} read as {cal.value.capitalize()} {parts.year}")
        return cal
    raise _Unreadable("no year")


def _month_bounds(cal: Calendar, year: int, month: int) -> tuple[dt.date, dt.date]:
    if not 1 <= month <= 12:
        raise _Unreadable(f"month {month} is not 1–12")
    if cal == Calendar.JALALI:
        return jalali_month_range(year, month)
    first = dt.date(year, month, 1)
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def _day(cal: Calendar, year: int, month: int, day: int) -> dt.date:
    try:
        if cal == Calendar.JALALI:
            return jalali_to_gregorian(year, month, day)
        return dt.date(year, month, day)
    except ValueError as exc:
        raise _Unreadable(
            f"{year}/{month:02d}/{day:02d} is not a {cal.value} date ({exc})"
        ) from exc


def _season_bounds(
    cal: Calendar, year: int, season: int, warnings: list[str]
) -> tuple[dt.date, dt.date]:
    if cal == Calendar.JALALI:  # بهار = months 1–3, تابستان 4–6, پاییز 7–9, زمستان 10–12
        return jalali_month_range(year, 3 * season - 2)[0], jalali_month_range(year, 3 * season)[1]
    # A Gregorian season as people use it: from the first of the meteorological
    # season to the astronomical end (summer 1988 = 1 June – 22 September), so
    # the interval holds either reading. Winter Y is the one that ends in Y.
    if season == 4:
        warnings.append(f"winter {year} read as December {year - 1} – March {year}")
        return dt.date(year - 1, 12, 1), dt.date(year, 3, 20)
    start_month, end = {1: (3, (6, 21)), 2: (6, (9, 22)), 3: (9, (12, 21))}[season]
    return dt.date(year, start_month, 1), dt.date(year, *end)


def _bounds(
    parts: _Parts,
    hint: Calendar | None,
    day_first: bool | None,
    warnings: list[str],
    era: Era | None = None,
) -> tuple[dt.date, dt.date, Precision, Calendar]:
    cal = _resolve_calendar(parts, hint, era, warnings)
    assert parts.year is not None
    year = parts.year
    if parts.day_month_pair is not None:
        a, b = parts.day_month_pair
        if day_first is None and parts.dotted:
            # Dots are the day-first writing (10.08.1988 in Germany, Turkey,
            # Scandinavia); no list writes the month first with dots.
            day_first = True
        if cal == Calendar.JALALI or a > 12 or a == b or day_first is True:
            parts.day, parts.month = a, b  # Persian lists never write month first
        elif b > 12 or day_first is False:
            parts.month, parts.day = a, b
        else:
            first, second = sorted((_day(cal, year, b, a), _day(cal, year, a, b)))
            warnings.append(f"ambiguous day and month: {a}/{b} read as either")
            return first, second, Precision.RANGE, cal
    if parts.season is not None:
        if parts.month is not None or parts.day is not None:
            raise _Unreadable("a season with a month or a day")
        first, last = _season_bounds(cal, year, parts.season, warnings)
        return first, last, Precision.SEASON, cal
    if parts.month is None:
        if parts.day is not None:
            raise _Unreadable("a day without a month")
        if cal == Calendar.JALALI:
            first, last = jalali_year_range(year)
        else:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if parts.part is not None:  # early/mid/late in a year: its thirds
            months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[parts.part]
            first = _month_bounds(cal, year, months[0])[0]
            last = _month_bounds(cal, year, months[1])[1]
            return first, last, Precision.RANGE, cal
        return first, last, Precision.YEAR, cal
    first, last = _month_bounds(cal, year, parts.month)
    if parts.day is not None:
        if parts.part is not None:
            raise _Unreadable("early/mid/late with a day")
        d = _day(cal, year, parts.month, parts.day)
        return d, d, Precision.DAY, cal
    if parts.part is not None:  # early = days 1–10, mid = 11–20, late = 21–end
        lo, hi = {"early": (0, 9), "mid": (10, 19), "late": (20, 40)}[parts.part]
        days = (last - first).days
        return (
            first + dt.timedelta(days=lo),
            first + dt.timedelta(days=min(hi, days)),
            Precision.RANGE,
            cal,
        )
    return first, last, Precision.MONTH, cal


_TIME_OF_DAY = re.compile(
    r"^(\d{4}-\d{1,2}-\d{1,2})[Tt ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?$"
)


# A run of letters with ZWNJs inside: a Persian compound (اردی‌بهشت) or a
# Kurdish word typed with ه‌ for ە (گه‌لاویژ).
_ZWNJ_WORD = re.compile(r"[^\W\d_]+(?:\u200c[^\W\d_]+)+")


def _known_word(word: str) -> str | None:
    """The table word `word` is, with a Kurdish or Persian ezafe ی read off (گەلاوێژی)."""
    if word in KNOWN_WORDS:
        return word
    if len(word) > 2 and word.endswith("ی") and word[:-1] in KNOWN_WORDS:
        return word[:-1]
    return None


def _join_zwnj(m: re.Match[str]) -> str:
    joined = m.group(0).replace("\u200c", "")
    return joined if _known_word(joined) is not None else m.group(0).replace("\u200c", " ")


def _table_words(s: str) -> str:
    """Write each word as the tables hold it: two-word month names joined
    (تشرين الأول), the ezafe ی read off (گەلاوێژی ١٣٦٧), and the Arabic
    "and" written onto the next word split from it (بين تموز وآب)."""
    s = MONTH_PHRASES.sub(lambda m: "".join(m.group(0).split()), s)
    out: list[str] = []
    for word in s.split():
        known = _known_word(word)
        if known is None and len(word) > 1 and word[0] == "و":
            rest = word[1:]
            if rest.isdigit() or _known_word(rest) is not None:
                out += ["و", _known_word(rest) or rest]
                continue
        out.append(known or word)
    return " ".join(out)


def _clean_date_text(text: str) -> str:
    s = date_key(text)
    if "\u200c" in s:
        s = _ZWNJ_WORD.sub(_join_zwnj, s).replace("\u200c", " ")
    s = s.strip()
    s = re.sub(r"اردی\s*بهشت", "اردیبهشت", s)  # written with a ZWNJ or a space
    s = re.sub(r"(?<=[^\W\d_])ماه(?!\w)", " ماه", s)  # مردادماه = مرداد ماه
    s = _TIME_OF_DAY.sub(r"\1", s)  # 1988-07-30 00:00:00 from a spreadsheet export
    # Ordinals (30th, 1er, ۸ام) and the Kurdish ezafe after a day (١٢ی گەلاوێژ).
    s = re.sub(r"(?<=\d)(st|nd|rd|th|er|re|eme|ام|م|ی)(?!\w)", " ", s)
    s = re.sub(r"[,،;()\[\]]", " ", s)
    return _table_words(s)


def _fill(into: _Parts, other: _Parts) -> None:
    """Give one side of a range what only the other says (year, month, calendar)."""
    if into.year is None and into.two_digit_year is None:
        into.year, into.two_digit_year = other.year, other.two_digit_year
        if into.calendar is None:
            into.calendar = other.calendar
    if into.month is None and into.season is None and into.day is not None:
        into.month = other.month
        if into.calendar is None:
            into.calendar = other.calendar


def _spans(s: str) -> str:
    """Write a year span ("1339/40") or a decade ("1960s") as the range it is."""
    span = _YEAR_SPAN.match(s)
    if span is not None:
        first = int(span.group(1))
        second = first // 100 * 100 + int(span.group(2))
        if int(span.group(2)) > 12 and first < second <= first + 10:
            return f"{first} - {second}"
    decade = _DECADE.match(s)
    if decade is not None:
        start = int(decade.group(1) or decade.group(2))
        return f"{start} - {start + 9}"
    return s


def _parse(
    text: str, hint: Calendar | None, day_first: bool | None, era: Era | None = None
) -> DateParseResult:
    s = _clean_date_text(text)
    if _says_unknown(s):
        return DateParseResult(UncertainDate.unknown(text))
    s = _spans(s)
    warnings: list[str] = []
    try:
        parts = _read_parts(s, hint, warnings)
        first, last, precision, cal = _bounds(parts, hint, day_first, warnings, era)
        return DateParseResult(
            UncertainDate(first, last, precision, cal, text), None, tuple(dict.fromkeys(warnings))
        )
    except _Unreadable as exc:
        single_problem = str(exc)
    # A range: "1367/05/01 - 1367/05/15", "between July and September 1988".
    body = RANGE_STARTS.sub("", s)
    candidates = [(m.start(), m.end()) for m in RANGE_WORDS.finditer(body)]
    candidates += [(m.start(), m.end()) for m in re.finditer(r"-", body)]
    for start, end in candidates:
        left_text, right_text = body[:start].strip(), body[end:].strip()
        if not left_text or not right_text:
            continue
        warnings = []
        try:
            left = _read_parts(left_text, hint, warnings)
            right = _read_parts(right_text, hint, warnings)
            _fill(left, right)
            _fill(right, left)
            lo, _, _, cal = _bounds(left, hint, day_first, warnings, era)
            _, hi, _, _ = _bounds(right, hint, day_first, warnings, era)
        except _Unreadable:
            continue
        if lo > hi:
            return DateParseResult(
                UncertainDate.unknown(text), f"the range {text!r} ends before it begins"
            )
        return DateParseResult(
            UncertainDate(lo, hi, Precision.RANGE, cal, text), None, tuple(dict.fromkeys(warnings))
        )
    return DateParseResult(
        UncertainDate.unknown(text), f"cannot read {text!r} as a date: {single_problem}"
    )


def parse_date_detailed(
    text: str,
    *,
    calendar_hint: Calendar | None = None,
    day_first: bool | None = None,
    era: Era | None = None,
) -> DateParseResult:
    """Read a date as sources write it into an interval, with the reason if it fails.

    Reads: ISO ``1988-07-30``; ``30/07/1988``; Jalali ``1367/05/08`` and
    ``۱۳۶۷/۰۵/۰۸``; ``٠٥/١٣٦٧``; ``1988-08``; month names in both calendars
    and scripts (``10 Mordad 1367``, ``Amordad 1367``, ``مرداد ۱۳۶۷``,
    ``Aug 30, 1988``); a year; seasons (``summer 1988``, ``تابستان ۱۳۶۷``);
    ``early/mid/late`` (اوایل/اواسط/اواخر) a month or year; ranges
    (``1367/05/01 - 1367/05/15``, ``between July and September 1988``,
    ``Tir تا Mehr 1367``), year spans (``1339/40``) and decades (``1960s``).
    A year below 1500 is Jalali, from 1800 Gregorian.
    ``a/b/yyyy`` is read day first when it must be (a > 12) or when the
    calendar is Jalali, month first when b > 12; otherwise, unless
    `day_first` says, it becomes the range covering both readings, with a
    warning.

    Args:
        text: The date as written.
        calendar_hint: The calendar of the column, for two-digit years and
            dates without a year the calendar can be told from.
        day_first: The column's convention for ``a/b/yyyy``, when known.
        era: ``"event"`` for an arrest or death date: without a calendar, a
            two-digit year 57–71 is read as Jalali 13yy and 78–93 as
            Gregorian 19yy (the events' era, 1978–1993), with a warning;
            any other two-digit year, and any with ``"birth"`` or None,
            needs the calendar.

    Returns:
        A `DateParseResult`; its value keeps `text` as written.
    """
    return _parse(text, calendar_hint, day_first, era)


def parse_date(
    text: str,
    *,
    calendar_hint: Calendar | None = None,
    day_first: bool | None = None,
    era: Era | None = None,
) -> UncertainDate:
    """Lenient `parse_date_detailed`: the interval, or ``UncertainDate.unknown(text)``."""
    return _parse(text, calendar_hint, day_first, era).value


def parse_date_strict(
    text: str,
    *,
    calendar_hint: Calendar | None = None,
    day_first: bool | None = None,
    era: Era | None = None,
) -> UncertainDate:
    """Strict `parse_date_detailed`: the interval, or an error saying why.

    Raises:
        DateParseError: The text is not empty and cannot be read as a date.
    """
    result = _parse(text, calendar_hint, day_first, era)
    if result.problem is not None:
        raise DateParseError(
            result.problem + ". Write it as yyyy/mm/dd (Jalali or Gregorian), a month and "
            "year, a season and year, or a range 'A - B'."
        )
    return result.value


_BORN = re.compile(r"^(?:born|b\s*\.|متولد|تولد|سال تولد)\s*")


def parse_birth_year(text: str, *, calendar_hint: Calendar | None = None) -> tuple[int, int] | None:
    """The Gregorian years a written birth year (or birth date) can mean.

    Args:
        text: "1340", "۱۳۴۰", "1961", "c. 1961", "1340 ش", "1340/05/01",
            "born 1961", "متولد ۱۳۴۰", a span "1339/40", a decade "1960s"…
        calendar_hint: The calendar of the column, for two-digit years ("40"):
            a birth's two-digit year is never guessed.

    Returns:
        ``(earliest, latest)`` Gregorian years: Jalali 1340 spans 21 March
        1961 – 20 March 1962, so ``(1961, 1962)``; None when unreadable.
    """
    s = _BORN.sub("", _clean_date_text(text))
    value = parse_date(s, calendar_hint=calendar_hint, era="birth")
    if value.earliest is None or value.latest is None:
        return None
    return value.earliest.year, value.latest.year


def birth_years_from_age(
    age: int, at: UncertainDate, *, oldest: int | None = None
) -> tuple[int, int] | None:
    """The Gregorian years of birth of someone aged `age` at a date.

    Args:
        age: Age in whole years at the date (at death, at arrest); the
            youngest age when `oldest` is given.
        at: When the age was stated or reached; a month or a year widens
            the answer (25 in the Jalali year 1367 → (1962, 1964)).
        oldest: The oldest age of a written range ("25-30"), if one.

    Returns:
        ``(earliest, latest)``: 25 at a death in 1988 → (1962, 1963); None if
        the date is unknown.
    """
    if at.earliest is None or at.latest is None or age < 0:
        return None
    top = age if oldest is None else max(age, oldest)
    return at.earliest.year - top - 1, at.latest.year - age


def infer_calendar(values: Iterable[str], *, share: float = 0.95) -> Calendar | None:
    """The calendar a column's dates are written in, from their own evidence.

    A value shows a calendar by its four-digit years (1200–1499 Jalali,
    1800–2100 Gregorian), its month names and its markers (ه.ش, AD); a value
    whose evidence disagrees with itself, or that has none ("67/5/10"),
    shows nothing.

    Args:
        values: The column's values as written (the first rows are enough).
        share: The part of the values showing a calendar that must show the
            same one.

    Returns:
        That calendar, or None when no value shows one or they are mixed.
    """
    votes = {Calendar.JALALI: 0, Calendar.GREGORIAN: 0}
    for value in values:
        found = _calendars_shown(value)
        if len(found) == 1:
            votes[found.pop()] += 1
    total = votes[Calendar.JALALI] + votes[Calendar.GREGORIAN]
    if total == 0:
        return None
    best = max(votes, key=votes.__getitem__)
    return best if votes[best] >= share * total else None


def _calendars_shown(value: str) -> set[Calendar]:
    s = _clean_date_text(value)
    found: set[Calendar] = set()
    for year in re.findall(r"(?<!\d)(\d{4})(?:\d{4})?(?!\d)", s):  # 1367, 19880730
        if 1200 <= int(year) < 1500:
            found.add(Calendar.JALALI)
        elif 1800 <= int(year) <= 2100:
            found.add(Calendar.GREGORIAN)
    if not any(ch.isdigit() for ch in s):
        return found  # a word counts next to a day or a year only: "Mai" alone is a name
    for tok in _TOKEN.findall(s):
        if tok in JALALI_MONTHS or tok in JALALI_MARKS:
            found.add(Calendar.JALALI)
        elif tok in GREGORIAN_MONTHS or tok in GREGORIAN_MARKS:
            found.add(Calendar.GREGORIAN)
    return found
