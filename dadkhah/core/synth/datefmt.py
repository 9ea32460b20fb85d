"""Dates as the lists write them: Jalali or Gregorian, exact or approximate, three digit sets.

The generator keeps its own formatting (never the normalizers', so linkage and
parsing tests stay independent). Calendar conversion is dadkhah.core.jalali's,
tabulated once for the days the generator uses (1915-1994).
"""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache

from dadkhah.core.jalali import gregorian_to_jalali
from dadkhah.core.synth.tables import JALALI_MONTHS_FA, JALALI_MONTHS_LATIN

FIRST_DAY = dt.date(1915, 1, 1).toordinal()
LAST_DAY = dt.date(1994, 12, 31).toordinal()

_FA = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_AR = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
SEASONS_FA = ("بهار", "تابستان", "پاییز", "زمستان")
SEASONS_EN = (
    "winter",
    "winter",
    "spring",
    "spring",
    "spring",
    "summer",
    "summer",
    "summer",
    "autumn",
    "autumn",
    "autumn",
    "winter",
)


@cache
def _table() -> tuple[tuple[int, int, int], ...]:
    return tuple(
        gregorian_to_jalali(dt.date.fromordinal(o)) for o in range(FIRST_DAY, LAST_DAY + 1)
    )


def jalali(ordinal: int) -> tuple[int, int, int]:
    """The Jalali (year, month, day) of a proleptic Gregorian ordinal in 1915-1994."""
    return _table()[ordinal - FIRST_DAY]


def digits(text: str, kind: str) -> str:
    """Write ASCII digits as Persian ("fa"), Arabic-Indic ("ar") or leave them ("ascii")."""
    if kind == "fa":
        return text.translate(_FA)
    if kind == "ar":
        return text.translate(_AR)
    return text


@lru_cache(maxsize=65536)  # dates repeat: deaths fall on some seventy days
def fa_date(ordinal: int, style: str, digit_kind: str = "fa") -> str:
    """A Jalali date as a Persian list writes it.

    Styles: "ymd" (1367/05/12), "ymd_short" (1367/5/12), "ymd_dash" (1367-05-12),
    "day_month" (12 مرداد 1367), "month" (مرداد 1367), "season" (تابستان 1367),
    "year" (1367).
    """
    y, m, d = jalali(ordinal)
    if style == "ymd":
        text = f"{y}/{m:02d}/{d:02d}"
    elif style == "ymd_short":
        text = f"{y}/{m}/{d}"
    elif style == "ymd_dash":
        text = f"{y}-{m:02d}-{d:02d}"
    elif style == "day_month":
        text = f"{d} {JALALI_MONTHS_FA[m - 1]} {y}"
    elif style == "month":
        text = f"{JALALI_MONTHS_FA[m - 1]} {y}"
    elif style == "season":
        text = f"{SEASONS_FA[(m - 1) // 3]} {y}"
    elif style == "year":
        text = str(y)
    else:
        raise ValueError(f"unknown Persian date style {style!r}")
    return digits(text, digit_kind)


@lru_cache(maxsize=65536)
def latin_date(ordinal: int, style: str) -> str:
    """A date as a Latin-script list writes it.

    Styles: "dmy" (12/08/1988), "mdy" (08/12/1988), "iso" (1988-08-12),
    "d_mon_y" (12 Aug 1988), "mon_y" (August 1988), "season" (summer 1988),
    "year" (1988), "jalali" (12 Mordad 1367), "jalali_month" (Mordad 1367),
    "dot" (12.08.1988).
    """
    g = dt.date.fromordinal(ordinal)
    if style == "dmy":
        return f"{g.day:02d}/{g.month:02d}/{g.year}"
    if style == "mdy":
        return f"{g.month:02d}/{g.day:02d}/{g.year}"
    if style == "iso":
        return g.isoformat()
    if style == "dot":
        return f"{g.day:02d}.{g.month:02d}.{g.year}"
    if style == "d_mon_y":
        return f"{g.day} {MONTHS_EN[g.month - 1][:3]} {g.year}"
    if style == "mon_y":
        return f"{MONTHS_EN[g.month - 1]} {g.year}"
    if style == "season":
        return f"{SEASONS_EN[g.month - 1]} {g.year}"
    if style == "year":
        return str(g.year)
    if style in ("jalali", "jalali_month"):
        y, m, d = jalali(ordinal)
        month = JALALI_MONTHS_LATIN[m - 1]
        return f"{d} {month} {y}" if style == "jalali" else f"{month} {y}"
    raise ValueError(f"unknown Latin date style {style!r}")


def iso(ordinal: int) -> str:
    """ISO 8601 day, or "" for a missing date (negative ordinal)."""
    return dt.date.fromordinal(ordinal).isoformat() if ordinal > 0 else ""


def jalali_year(ordinal: int) -> int:
    """The Jalali year a Gregorian day falls in."""
    return jalali(ordinal)[0]
