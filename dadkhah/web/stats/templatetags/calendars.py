"""The Jalali days beside the Gregorian ones on English pages (Persian pages: ``gregorian_beside``)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import translation

from dadkhah.web.stats.calendars import jalali_days_text

register = template.Library()


@register.filter
def jalali_beside(earliest: dt.date | None, latest: dt.date | None = None) -> str:
    """On an English page, the same day or days in the Jalali calendar: "10–16 Mordad 1367"."""
    if earliest is None or (translation.get_language() or "").startswith("fa"):
        return ""
    return jalali_days_text(earliest, latest or earliest)
