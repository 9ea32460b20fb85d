"""Numbers and dates as a Persian or an English page shows them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from dadkhah.web.templatetags.dadkhah import digits, localdate


@pytest.mark.parametrize(
    ("value", "en", "fa"),
    [
        (12, "12", "۱۲"),
        (1816, "1,816", "۱٬۸۱۶"),
        (2630.4, "2,630", "۲٬۶۳۰"),
        (1.0012, "1.001", "۱٫۰۰۱"),
        (0.5, "0.5", "۰٫۵"),
        ("P-000123", "P-000123", "P-۰۰۰۱۲۳"),
        (None, "", ""),
    ],
)
def test_digits_follow_the_page_language(value: object, en: str, fa: str) -> None:
    with translation.override("en"):
        assert digits(value) == en
    with translation.override("fa"):
        assert digits(value) == fa


def test_dates_are_jalali_on_persian_pages() -> None:
    day = dt.date(1988, 7, 30)
    with translation.override("en"):
        assert localdate(day) == "1988-07-30"
    with translation.override("fa"):
        assert localdate(day) == "۸ مرداد ۱۳۶۷"
