"""Render a gathered report: Django template → one self-contained HTML → WeasyPrint PDF.

The HTML carries its CSS and its pictures inline (``data:`` URIs), so it opens offline
and WeasyPrint has nothing to fetch. WeasyPrint gets a URL fetcher that refuses every
URL that is not a ``data:`` URI: the platform runs air-gapped, and a report must never
reach out (a remote image in a claim's text would otherwise be fetched). Fonts come
from the system (Debian's fonts-noto-core, found through fontconfig); Pango shapes
Persian and lays it out right to left.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from dadkhah.web.reports.gather import Report

TEMPLATE = "reports/report.html"


class ReportRenderError(RuntimeError):
    """WeasyPrint or its system libraries are missing."""


def render_html(report: Report, *, for_pdf: bool = False) -> str:
    """The report as one HTML document in its language (``dir="rtl"`` for Persian).

    Args:
        for_pdf: The synthetic-data banner goes in every page's margin box (CSS
            ``@page``) rather than in a banner the browser repeats when printing.
    """
    with translation.override(report.language):
        return render_to_string(
            TEMPLATE,
            {
                "report": report,
                "rtl": report.language == "fa",
                "lang": report.language,
                "pdf": for_pdf,
            },
        )


def refusing_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves ``data:`` URIs and refuses everything else."""
    from weasyprint.urls import URLFetcher

    class DataOnly(URLFetcher):  # type: ignore[misc]
        refused: list[str]

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                self.refused.append(url)
                raise ValueError(f"report rendering fetches nothing: refused {url[:80]}")
            return super().fetch(url, headers)

    fetcher = DataOnly(allowed_protocols=["data"])
    fetcher.refused = []
    return fetcher


def weasyprint_missing() -> str | None:
    """Why WeasyPrint cannot run here (its package or Pango is missing), or None."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        return f"WeasyPrint cannot load ({exc}); run `make system-deps` (Debian's Pango)."
    return None


def render_pdf(html: str) -> bytes:
    """The PDF of a report's HTML.

    Raises:
        ReportRenderError: WeasyPrint or Pango is missing.
    """
    missing = weasyprint_missing()
    if missing is not None:
        raise ReportRenderError(missing)
    from weasyprint import HTML

    data: bytes = HTML(string=html, url_fetcher=refusing_fetcher()).write_pdf()
    return data
