"""Uncertain dates: every date the case knows is an interval with a precision.

A source may say "1367/05/10", "Mordad 1367", "summer 1988" or nothing at all.
Each becomes an `UncertainDate`: the earliest and the latest day it can mean
(inclusive, Gregorian), how precise the source was, the calendar it was written
in, and the original text exactly as written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


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
    def day(cls, day: dt.date, *, calendar: Calendar = Calendar.GREGORIAN, text: str = "") -> UncertainDate:
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
