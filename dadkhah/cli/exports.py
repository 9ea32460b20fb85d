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
    observations, evidence, custody, estimates or capture-histories; or ftm, the case
    as FollowTheMoney entities (--format jsonl)."""
    if table == FTM:
        _export_ftm(ctx, fmt=fmt, out=out, username=username, where=where, by=by, force=force)
        return
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


#: `export ftm`: not a table but the case as FollowTheMoney entities (docs/exports.md).
FTM = "ftm"


def _export_ftm(
    ctx: click.Context,
    *,
    fmt: str,
    out: Path,
    username: str,
    where: tuple[str, ...],
    by: str | None,
    force: bool,
) -> None:
    if fmt != "jsonl":
        raise click.ClickException(
            f"export ftm writes FtM's JSON Lines entity stream only; give --format jsonl, "
            f"not {fmt!r}."
        )
    if where or by is not None:
        raise click.ClickException("export ftm takes neither --where nor --by.")
    from dadkhah.pipelines.ftm import check_out

    try:
        check_out(out, force=force)
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    require_case(ctx)
    from dadkhah.web.exports.ftm import ftm_export
    from dadkhah.web.exports.services import user_by_username

    try:
        result = ftm_export(user=user_by_username(username), out=out, force=force)
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    kinds = ", ".join(f"{n} {schema}" for schema, n in sorted(result.schemata.items()))
    click.echo(f"wrote {result.path}: {result.entities} FtM entities ({kinds or 'none'}).")


@click.command("import-ftm")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--as",
    "username",
    required=True,
    help="The user the import runs as (a role that imports lists).",
)
@click.pass_context
def import_ftm_command(ctx: click.Context, file: Path, username: str) -> None:
    """Import FILE, a FollowTheMoney JSON Lines stream (as `export ftm` writes), all or nothing."""
    require_case(ctx)
    from dadkhah.web.exports.ftm_import import ftm_import
    from dadkhah.web.exports.services import user_by_username

    try:
        done = ftm_import(user=user_by_username(username), path=file)
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    made = ", ".join(f"{n} {kind}" for kind, n in sorted(done.created.items()))
    click.echo(f"imported {file}: {made or 'nothing'}.")


def register(group: click.Group) -> None:
    """Add the export and import-ftm commands to the `dadkhah` group."""
    group.add_command(export_command)
    group.add_command(import_ftm_command)
