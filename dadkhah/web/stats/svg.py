"""Horizontal bar charts drawn on the server as inline SVG: nothing is fetched, no script runs.

The report draws PNGs with Matplotlib, which does not shape Persian
(:mod:`dadkhah.web.reports.charts`); a browser does, so the pages draw SVG text in the
reader's script and digits. The chart is an image to assistive technology
(``role="img"`` named by its ``<title>`` and ``<desc>``, WAI-ARIA Graphics §4) and every
bar carries its label and number as text as well as a ``<title>`` shown on hover. The
page's Content-Security-Policy refuses inline styles, so colours and fonts are
presentation attributes. On a right-to-left page the labels sit on the right and the
bars grow leftwards.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

__all__ = ["Bar", "bar_chart"]

WIDTH = 640
ROW = 24
LABEL_WIDTH = 230
NUMBER_WIDTH = 60
TOP = 8
BAR_COLOUR = "#5a6f8a"
TEXT_COLOUR = "#222222"


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    #: Shown on hover with the label and number (e.g. the other calendar's days).
    hover: str = ""


def _shorten(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    rtl: bool,
    number: Callable[[int], str],
) -> SafeString:
    """An SVG bar chart of ``bars`` in the given order; ``number`` writes a count."""
    most = max((b.count for b in bars), default=0) or 1
    span = WIDTH - LABEL_WIDTH - NUMBER_WIDTH
    height = TOP * 2 + ROW * len(bars)
    rows = []
    for n, bar in enumerate(bars):
        y = TOP + n * ROW
        length = round(span * bar.count / most, 1)
        text_y = y + ROW * 0.65
        if rtl:
            label_x, label_anchor = WIDTH - 4, "start"
            bar_x = WIDTH - LABEL_WIDTH - length
            number_x, number_anchor = bar_x - 4, "end"
        else:
            label_x, label_anchor = LABEL_WIDTH - 6, "end"
            bar_x = LABEL_WIDTH
            number_x, number_anchor = bar_x + length + 4, "start"
        hover = f"{bar.label}: {number(bar.count)}" + (f" ({bar.hover})" if bar.hover else "")
        rows.append(
            (
                hover,
                label_x,
                text_y,
                label_anchor,
                "rtl" if rtl else "ltr",
                _shorten(bar.label),
                bar_x,
                y + 3,
                length,
                ROW - 6,
                BAR_COLOUR,
                number_x,
                text_y,
                number_anchor,
                number(bar.count),
            )
        )
    body = format_html_join(
        "",
        '<g class="bar"><title>{}</title>'
        '<text x="{}" y="{}" text-anchor="{}" direction="{}">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
        '<text x="{}" y="{}" text-anchor="{}">{}</text></g>',
        rows,
    )
    # The root is left to right, so that coordinates and the numbers' anchors mean the same
    # on both pages; a Persian label is a right-to-left text anchored at its start, its
    # right edge (SVG 1.1 §10.9.1), so that its digits and words keep their order.
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" '
        'aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'direction="ltr" font-size="13" font-family="sans-serif" fill="{colour}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart_id,
        w=WIDTH,
        h=height,
        colour=TEXT_COLOUR,
        title=title,
        desc=description,
        body=body,
    )
