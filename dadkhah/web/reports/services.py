"""Write the commission's report for a user: access checked, rows filtered, file written, audited.

The one entry point of ``dadkhah report`` (issue 14, "The report"). As the exports
(:mod:`dadkhah.web.exports.services`), a report needs the ``export`` capability (a
refusal is audited as a denied access), holds what the user's pages show
(:mod:`dadkhah.web.reports.gather`), and is one audit entry, outcome ``export``, naming
every protected object in it and the evidence items it cites or shows, written before
the file takes its name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils import translation

from dadkhah.core.case import Case
from dadkhah.core.frameworks import load_framework
from dadkhah.pipelines.report import check_report_request, write_report_file
from dadkhah.web.accounts.clearance import is_protected, level_rank
from dadkhah.web.accounts.roles import EXPORT, User, user_can
from dadkhah.web.audit.services import DENIED, audit_record
from dadkhah.web.audit.services import EXPORT as EXPORTED
from dadkhah.web.exports.services import ExportRefused
from dadkhah.web.reports.gather import Report, report_gather
from dadkhah.web.reports.render import render_html, render_pdf


@dataclass(frozen=True)
class ReportResult:
    path: Path
    format: str
    language: str
    footnotes: int
    synthetic: bool
    size: int


def report_build(*, case: Case, user: User, language: str, framework: Path | None = None) -> Report:
    """The report as ``user`` may see it, in ``language``, against ``framework`` (or article 7)."""
    chosen = load_framework(framework)
    with translation.override(language):
        return report_gather(case=case, user=user, language=language, framework=chosen)


def report_write(
    *,
    case: Case,
    user: User,
    language: str,
    out: Path,
    framework: Path | None = None,
    force: bool = False,
) -> ReportResult:
    """Write the report to ``out`` (PDF or HTML, by its suffix), all or nothing; audited.

    Raises:
        ReportError: an unknown language or suffix, an existing ``out`` without ``force``.
        FrameworkError: a framework file that cannot be used (file, element, field).
        ExportRefused: the user's roles do not grant exports.
        ReportRenderError: a PDF was asked for and WeasyPrint or Pango is missing.
    """
    out = Path(out)
    fmt = check_report_request(language=language, out=out, force=force)
    chosen = load_framework(framework)
    if not user_can(user, EXPORT):
        audit_record(user=user, outcome=DENIED, objects=[f"capability:{EXPORT}", "report"])
        raise ExportRefused(
            "this user may not make reports: no role of theirs grants exports (see "
            "docs/security.md, Roles and permissions). Give --as a user with a role that exports."
        )
    with translation.override(language):
        report = report_gather(case=case, user=user, language=language, framework=chosen)
    html = render_html(report, for_pdf=fmt == "pdf")
    data = render_pdf(html) if fmt == "pdf" else html.encode("utf-8")

    def audit() -> None:
        protected = [(ref, lvl) for ref, lvl in report.refs if is_protected(lvl)]
        top = max((lvl for _r, lvl in protected), key=level_rank, default="")
        audit_record(
            user=user,
            outcome=EXPORTED,
            objects=[
                f"report:{language}:{fmt}:{len(report.footnotes)} footnotes",
                *(ref for ref, _l in protected),
            ],
            items=report.items,
            level=top,
        )

    write_report_file(out=out, data=data, force=force, before_rename=audit)
    return ReportResult(
        path=out,
        format=fmt,
        language=language,
        footnotes=len(report.footnotes),
        synthetic=report.synthetic,
        size=len(data),
    )
