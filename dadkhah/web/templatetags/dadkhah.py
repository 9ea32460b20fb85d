"""Template filters: Persian digits and Jalali dates, and text whose controls are shown."""

from __future__ import annotations

import datetime as dt
import math

import jdatetime
from django import template
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from dadkhah.core.textsafety import SHOWN, describe

register = template.Library()

_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_FA_MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip


def _persian() -> bool:
    return (translation.get_language() or "").startswith("fa")


@register.filter
def digits(value: object) -> str:
    """Write the digits of a value in Persian when the page is in Persian.

    Integers get thousands separators first (Persian uses the Arabic
    thousands separator ٬).
    """
    if isinstance(value, float) and math.isfinite(value):
        # Diagnostics and sizes: whole numbers from 100 up, else three decimals at most.
        value = round(value) if abs(value) >= 100 else value
        if isinstance(value, float):
            text = f"{value:.3f}".rstrip("0").rstrip(".")
            return text.translate(_FA_DIGITS).replace(".", "٫") if _persian() else text
    if isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:,}"
        if _persian():
            text = text.replace(",", "٬")
    else:
        text = "" if value is None else str(value)
    return text.translate(_FA_DIGITS) if _persian() else text


@register.filter
def localdate(value: dt.date | None) -> str:
    """A date in the page's calendar: Jalali in Persian, ISO 8601 in English."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if _persian():
        j = jdatetime.date.fromgregorian(date=value)
        return f"{j.day} {_FA_MONTHS[j.month - 1]} {j.year}".translate(_FA_DIGITS)
    return value.isoformat()


@register.filter
def controls(value: object) -> str:
    """The value as text, with bidi controls, NUL and lone surrogates shown, not obeyed.

    A U+202E in a name makes it read backwards; on a page it becomes a marked
    ``U+202E`` (its name in the tooltip), so that a reviewer sees what the value
    holds (dadkhah/core/textsafety.py). Use inside ``<bdi>``, which keeps what is
    left of the value from reordering the text around it.
    """
    text = "" if value is None else str(value)
    if not SHOWN.search(text):
        return conditional_escape(text)
    out: list[str] = []
    last = 0
    for m in SHOWN.finditer(text):
        out.append(conditional_escape(text[last : m.start()]))
        out.append(
            format_html(
                '<mark class="control" title="{}">{}</mark>',
                describe(m.group()),
                f"U+{ord(m.group()):04X}",
            )
        )
        last = m.end()
    out.append(conditional_escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece escaped above)
