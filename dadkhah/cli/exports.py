"""`dadkhah export TABLE`: one table of the case as CSV, JSON, JSON Lines or Parquet.

Thin: parse, call :func:`dadkhah.web.exports.services.table_export`, print. The export
runs as the user named by ``--as`` and holds what that user's pages show; it is audited.
pyarrow and Django load inside the command, never when ``dadkhah --help`` runs.
"""

from __future__ import annotations

from pathlib import Path

import click

from dadkhah.cli.context import require_case
from dadkhah.core.errors import DadkhahError

#: As `estimate --by` (dadkhah.web.estimates.selectors.STRATA; tests check they agree).
STRATA = ("city", "prison", "affiliation", "period", "sex")


@click.command("export")
@click.argument("table")
@click.option(
    "--format",
    "fmt",
    required=True,
    help="csv (UTF-8 with BOM), json, jsonl or parquet.",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="The file to write (refused if it exists, unless --force).",
)
@click.option(
    "--as",
    "username",
    required=True,
    help="The user the export runs as: it holds what their pages show, and is audited.",
)
@click.option(
    "--where",
    "where",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Keep rows whose FIELD is VALUE (repeatable; the same field twice: either).",
)
@click.option(
    "--by",
    type=click.Choice(STRATA),
    help="capture-histories only: one stratum per value, as estimate --by.",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.pass_context
def export_command(
    ctx: click.Context,
    table: str,
    fmt: str,
    out: Path,
    username: str,
    where: tuple[str, ...],
    by: str | None,
    force: bool,
) -> None:
    """Export TABLE: records, persons, sources, claims, events, involvements, places,
    observations, evidence, custody, estimates or capture-histories."""
    from dadkhah.pipelines.export import check_request

    try:
        check_request(table=table, fmt=fmt, out=out, force=force)
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    require_case(ctx)
    from dadkhah.web.exports.services import table_export, user_by_username

    try:
        result = table_export(
            user=user_by_username(username),
            table=table,
            fmt=fmt,
            out=out,
            where=where,
            by=by,
            force=force,
        )
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"wrote {result.path}: {result.rows} row(s) of {result.table}, "
        f"{len(result.columns)} column(s), {result.format}."
    )


def register(group: click.Group) -> None:
    """Add the export command to the `dadkhah` group."""
    group.add_command(export_command)
