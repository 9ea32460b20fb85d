"""Numbers and dates as a Persian or an English page shows them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from dadkhah.web.templatetags.dadkhah import (
    birthyear,
    digits,
    gregorian_beside,
    localdate,
    timestamp,
)


@pytest.mark.parametrize(
    ("value", "en", "fa"),
    [
        (12, "12", "۱۲"),
        (1816, "1,816", "۱٬۸۱۶"),
        (2630.4, "2,630", "۲٬۶۳۰"),
        (1.0012, "1.001", "۱٫۰۰۱"),
        (0.5, "0.5", "۰٫۵"),
        ("P-000123", "P-000123", "P-۰۰۰۱۲۳"),
        # Negative numbers keep their sign on the left in right-to-left text (CLDR fa).
        (-11.49, "-11.49", "\u200e\u2212۱۱٫۴۹"),
        (-2630, "-2,630", "\u200e\u2212۲٬۶۳۰"),
        # Strings that are numbers (floatformat's output) get the Persian separators too.
        ("-11.49", "-11.49", "\u200e\u2212۱۱٫۴۹"),
        ("1,234.50", "1,234.50", "۱٬۲۳۴٫۵۰"),
        ("0.125", "0.125", "۰٫۱۲۵"),
        ("1988-07-30", "1988-07-30", "۱۹۸۸-۰۷-۳۰"),
        (None, "", ""),
    ],
)
def test_digits_follow_the_page_language(value: object, en: str, fa: str) -> None:
    with translation.override("en"):
        assert digits(value) == en
    with translation.override("fa"):
        assert digits(value) == fa


def test_the_persian_thousands_separator_is_the_arabic_one_never_an_apostrophe() -> None:
    with translation.override("fa"):
        shown = [digits(1816), digits(2630.4), digits("1,816"), digits("-1,816.5")]
    assert all("\u066c" in text for text in shown)
    assert not any(c in text for text in shown for c in ",'\u2019")


def test_dates_are_jalali_on_persian_pages_and_isolated_in_both() -> None:
    day = dt.date(1988, 7, 30)
    with translation.override("en"):
        assert localdate(day) == '<bdi dir="ltr">1988-07-30</bdi>'
    with translation.override("fa"):
        assert localdate(day) == '<bdi dir="rtl" lang="fa">۸ مرداد ۱۳۶۷</bdi>'


def test_timestamps_are_localized_to_the_minute_with_the_instant_kept() -> None:
    moment = dt.datetime(1988, 7, 30, 9, 5, 7, tzinfo=dt.UTC)
    with translation.override("en"), timezone.override(dt.UTC):
        assert timestamp(moment) == (
            '<time datetime="1988-07-30T09:05:07+00:00" title="1988-07-30T09:05:07+00:00" '
            'dir="ltr">1988-07-30 09:05</time>'
        )
    with translation.override("fa"), timezone.override(dt.UTC):
        shown = timestamp(moment)
    assert ">۸ مرداد ۱۳۶۷، ۰۹:۰۵</time>" in shown
    assert 'datetime="1988-07-30T09:05:07+00:00"' in shown
    assert timestamp(None) == ""


@pytest.mark.parametrize(
    ("year", "fa"),
    [
        (1966, '۱۹۶۶</bdi> <span class="other-calendar">(۱۳۴۴–۱۳۴۵)</span>'),
        ("1950", '۱۹۵۰</bdi> <span class="other-calendar">(۱۳۲۸–۱۳۲۹)</span>'),
    ],
)
def test_birth_years_show_the_jalali_years_beside_on_persian_pages(
    year: int | str, fa: str
) -> None:
    with translation.override("en"):
        assert birthyear(year) == str(year)
    with translation.override("fa"):
        assert birthyear(year).endswith(fa)


@pytest.mark.parametrize(
    ("earliest", "latest", "fa"),
    [
        (dt.date(1988, 7, 23), None, "(۱۹۸۸-۰۷-۲۳)"),
        (dt.date(1988, 7, 23), dt.date(1988, 7, 23), "(۱۹۸۸-۰۷-۲۳)"),
        (dt.date(1988, 7, 23), dt.date(1988, 8, 22), "(۱۹۸۸-۰۷-۲۳ – ۱۹۸۸-۰۸-۲۲)"),
    ],
)
def test_persian_pages_put_the_gregorian_days_beside_the_jalali_ones(
    earliest: dt.date, latest: dt.date | None, fa: str
) -> None:
    with translation.override("fa"):
        shown = gregorian_beside(earliest, latest)
    assert shown.startswith(" ") and '<bdi dir="ltr">' in shown
    assert shown.replace('<bdi dir="ltr">', "").replace("</bdi>", "").endswith(f"{fa}</span>")
    with translation.override("en"):
        assert gregorian_beside(earliest, latest) == ""
    with translation.override("fa"):
        assert gregorian_beside(None) == ""
