"""Azeri and Turkish years written as ordinals: "1988-ci il" (the year 1988)."""

from __future__ import annotations

from datetime import date

import pytest

from dadkhah.core.dates import parse_date


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("1988-ci il avqust", date(1988, 8, 1), date(1988, 8, 31)),
        ("1988-ci il", date(1988, 1, 1), date(1988, 12, 31)),
        ("1988-ci ilin avqust ayı", date(1988, 8, 1), date(1988, 8, 31)),
        ("10 avqust 1988-ci il", date(1988, 8, 10), date(1988, 8, 10)),
        ("1988'inci yılı ağustos", date(1988, 8, 1), date(1988, 8, 31)),
    ],
)
def test_an_ordinal_year_reads_as_the_year(text: str, earliest: date, latest: date) -> None:
    value = parse_date(text)
    assert (value.earliest, value.latest) == (earliest, latest)
