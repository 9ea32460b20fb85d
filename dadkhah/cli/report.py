"""`dadkhah report`: the commission's report, in Persian or English, as PDF or HTML.

Thin: parse, call :func:`dadkhah.web.reports.services.report_write`, print. The report
runs as the user named by ``--as``, holds what that user's pages show and what the
witnesses consented to a public report, and is audited. Django, Matplotlib and
WeasyPrint load inside the command, never when ``dadkhah --help`` runs.
"""

from __future__ import annotations

from pathlib import Path

import click

from dadkhah.cli.context import require_case
from dadkhah.core.errors import DadkhahError


@click.command("report")
@click.option(
    "--lang",
    "language",
    type=click.Choice(("fa", "en")),
    required=True,
    help="The report's language: fa (right to left, Persian digits, Jalali dates) or en.",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="FILE.pdf or FILE.html (refused if it exists, unless --force).",
)
@click.option(
    "--as",
    "username",
    required=True,
    help="The user the report runs as: it holds what their pages show, and is audited.",
)
@click.option(
    "--framework",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A framework file (JSON, docs/report.md) in place of the Rome Statute's article 7.",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.pass_context
def report_command(
    ctx: click.Context,
    language: str,
    out: Path,
    username: str,
    framework: Path | None,
    force: bool,
) -> None:
    """Write the commission's report: figures, estimates, commissions, perpetrators, grave
    sites, the elements-of-crimes matrix and the methodology, every number footnoted."""
    from dadkhah.core.frameworks import load_framework
    from dadkhah.pipelines.report import check_report_request

    try:
        check_report_request(language=language, out=out, force=force)
        load_framework(framework)
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    case = require_case(ctx)
    from dadkhah.web.exports.services import user_by_username
    from dadkhah.web.reports.render import ReportRenderError
    from dadkhah.web.reports.services import report_write

    try:
        result = report_write(
            case=case,
            user=user_by_username(username),
            language=language,
            out=out,
            framework=framework,
            force=force,
        )
    except (DadkhahError, ReportRenderError) as exc:
        raise click.ClickException(str(exc)) from exc
    synthetic = ", synthetic" if result.synthetic else ""
    click.echo(
        f"wrote {result.path}: {result.format}, {result.language}{synthetic}, "
        f"{result.footnotes} footnote(s), {result.size:,} bytes."
    )


def register(group: click.Group) -> None:
    """Add the report command to the `dadkhah` group."""
    group.add_command(report_command)
