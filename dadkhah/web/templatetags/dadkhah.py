"""Template filters: Persian numbers, Jalali dates isolated from their text, shown controls."""

from __future__ import annotations

import datetime as dt
import math
import re

from django import template
from django.utils import timezone, translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from dadkhah.core.jalali import MONTHS_FA, gregorian_to_jalali, jalali_years_of
from dadkhah.core.textsafety import SHOWN, describe

register = template.Library()

_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def _persian() -> bool:
    return (translation.get_language() or "").startswith("fa")


# Persian number symbols, as CLDR gives them for "fa" (numbers, arabext system):
# decimal ٫ (U+066B), group ٬ (U+066C), and a minus sign written as LEFT-TO-RIGHT MARK
# + MINUS SIGN (U+200E U+2212), so that in right-to-left text the sign stays on the
# left of the digits ("‎−۱۱٫۴۹") instead of following them ("۱۱.۴۹-").
FA_DECIMAL = "\u066b"
FA_GROUP = "\u066c"
FA_MINUS = "\u200e\u2212"
#: A number as Python or Django's floatformat writes it: sign, groups, decimals.
_NUMBER = re.compile(r"-?\d{1,3}(?:,\d{3})*(?:\.\d+)?|-?\d+(?:\.\d+)?")


def _persian_number(text: str) -> str:
    """``-1,234.5`` in Persian: ``‎−۱٬۲۳۴٫۵``."""
    sign = ""
    if text.startswith("-"):
        sign, text = FA_MINUS, text[1:]
    return sign + text.replace(",", FA_GROUP).replace(".", FA_DECIMAL).translate(_FA_DIGITS)


@register.filter
def digits(value: object) -> str:
    """Write the digits of a value in Persian when the page is in Persian.

    Integers get thousands separators first. A number, or a string that is one
    (the output of ``floatformat``), gets the Persian decimal and thousands
    separators and a minus sign that stays on the left (``FA_MINUS``).
    """
    if isinstance(value, float) and math.isfinite(value):
        # Diagnostics and sizes: whole numbers from 100 up, else three decimals at most.
        value = round(value) if abs(value) >= 100 else value
        if isinstance(value, float):
            text = f"{value:.3f}".rstrip("0").rstrip(".")
            if text == "-0":
                text = "0"
            return _persian_number(text) if _persian() else text
    if isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:,}"
        return _persian_number(text) if _persian() else text
    text = "" if value is None else str(value)
    if not _persian():
        return text
    if _NUMBER.fullmatch(text):
        return _persian_number(text)
    return text.translate(_FA_DIGITS)


def _isolated(text: str, *, persian: bool) -> str:
    """A date isolated from the text around it, so that mixed directions never reorder."""
    if persian:
        return format_html('<bdi dir="rtl" lang="fa">{}</bdi>', text)
    return format_html('<bdi dir="ltr">{}</bdi>', text)


def _jalali(value: dt.date) -> str:
    year, month, day = gregorian_to_jalali(value)
    return f"{day} {MONTHS_FA[month - 1]} {year}".translate(_FA_DIGITS)


@register.filter
def localdate(value: dt.date | None) -> str:
    """A date in the page's calendar: Jalali in Persian, ISO 8601 in English.

    The date is isolated (``<bdi>`` with its direction): "مرداد ۱۳۶۷" beside
    "1988-07-23 – 1988-08-22" on one line otherwise reorders (Unicode UAX #9).
    """
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if _persian():
        return _isolated(_jalali(value), persian=True)
    return _isolated(value.isoformat(), persian=False)


@register.filter
def gregorian_beside(earliest: dt.date | None, latest: dt.date | None = None) -> str:
    """On a Persian page, the Gregorian day (or days) to put after the Jalali ones, spaced.

    Persian pages give the Jalali calendar first (``localdate``); sources, courts and
    UN documents date in the Gregorian one, so the same days follow in brackets,
    isolated left to right: "۱ مرداد ۱۳۶۷ (۱۹۸۸-۰۷-۲۳)". English pages: nothing.
    """
    if earliest is None or not _persian():
        return ""
    days = [d.date() if isinstance(d, dt.datetime) else d for d in (earliest, latest) if d]
    text = " – ".join(dict.fromkeys(d.isoformat() for d in days)).translate(_FA_DIGITS)
    return format_html(' <span class="other-calendar">(<bdi dir="ltr">{}</bdi>)</span>', text)


@register.filter
def timestamp(value: dt.datetime | None) -> str:
    """A moment in the case's time zone, to the minute, in the page's calendar and digits.

    ``<time datetime="…">`` keeps the exact ISO 8601 instant for machines and
    on hover; the reader sees "۸ مرداد ۱۳۶۷، ۱۴:۰۵" or "1988-07-30 14:05".
    """
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    if _persian():
        shown = f"{_jalali(local.date())}، {local:%H:%M}".translate(_FA_DIGITS)
        return format_html(
            '<time datetime="{}" title="{}" dir="rtl" lang="fa">{}</time>',
            value.isoformat(),
            f"{local:%Y-%m-%d %H:%M}",
            shown,
        )
    return format_html(
        '<time datetime="{}" title="{}" dir="ltr">{}</time>',
        value.isoformat(),
        value.isoformat(),
        f"{local:%Y-%m-%d %H:%M}",
    )


@register.filter
def birthyear(value: object) -> str:
    """A Gregorian year as the page shows it: on Persian pages with its Jalali year(s) beside.

    A Gregorian year overlaps two Jalali years (the Jalali year begins at
    Nowruz, 20 or 21 March): 1966 is ۱۳۴۴–۱۳۴۵. Without the day, both are shown.
    """
    if isinstance(value, bool) or not isinstance(value, int | str):
        return "" if value is None else str(value)
    try:
        year = int(value)
    except ValueError:
        return digits(value)
    if not _persian():
        return str(year)
    try:
        years = jalali_years_of(year)
    except ValueError:  # before Jalali year 1 (622 CE) or past the calendar's span
        return str(year)
    first, second = (f"{y}".translate(_FA_DIGITS) for y in years)
    return format_html(
        '<bdi dir="rtl" lang="fa">{}</bdi> <span class="other-calendar">({}–{})</span>',
        str(year).translate(_FA_DIGITS),
        first,
        second,
    )


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


@register.filter
def event_title(event: object, user: object) -> str:
    """The event's title where ``user`` may see everyone who took part, else ""."""
    from dadkhah.web.events.access import shown_title

    return shown_title(event, user)  # type: ignore[arg-type]


@register.filter
def term(value: object, vocabulary: str) -> str:
    """A stored code in words: ``{{ event.kind|term:"violation_type" }}``.

    The vocabulary's term in the page's language, else the code's former label
    (:func:`dadkhah.web.edits.terms.term_label`, read once per request).
    """
    from dadkhah.web.edits.terms import term_label

    return term_label(vocabulary, "" if value is None else str(value))
