"""`dadkhah import`: bring a list file into the case as a source (docs/cli.md)."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from dadkhah.cli.context import require_case
from dadkhah.core.errors import DadkhahError

# Files at least this large get a progress bar (with ETA) on stderr.
PROGRESS_BYTES = 2 * 1024 * 1024


@contextmanager
def progress_bar(path: Path) -> Iterator[Callable[[int | None, int, int], None] | None]:
    """A progress callback drawing a tqdm bar on stderr, or None for a small file."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size < PROGRESS_BYTES:
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(total=size, unit="B", unit_scale=True, desc=path.name, file=sys.stderr, leave=False)
    state = {"rows": 0}

    def update(done: int | None, total: int, rows: int) -> None:
        if done is None:  # a workbook: rows only
            bar.total = None
            bar.unit = " rows"
            bar.update(rows - state["rows"])
        else:
            bar.update(max(0, min(done, total) - bar.n))
        state["rows"] = rows
        bar.set_postfix(rows=f"{rows:,}", refresh=False)

    try:
        yield update
    finally:
        bar.close()


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--source",
    "source_name",
    required=True,
    help="The source's short name (letters, digits, - and _); an existing name gets a new version.",
)
@click.option(
    "--mapping",
    type=click.Path(dir_okay=False, path_type=Path),
    help='A TOML mapping file: [columns] field = "header", encoding, delimiter, sheet, calendar.',
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Show the columns, sample rows and every problem; write nothing.",
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Import the valid rows; write the rejected rows to FILE.rejected.csv (or .jsonl).",
)
@click.pass_context
def import_command(
    ctx: click.Context,
    file: Path,
    source_name: str,
    mapping: Path | None,
    dry_run: bool,
    skip_invalid: bool,
) -> None:
    """Import the list FILE (CSV, TSV, XLSX, ODS, JSON, JSON Lines) as a source."""
    case = require_case(ctx)
    from dadkhah.pipelines.importing.report import ImportRejected
    from dadkhah.web.sources.services import source_import

    try:
        with progress_bar(file) as progress:
            report = source_import(
                case=case,
                path=file,
                source_name=source_name,
                mapping=mapping,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                actor=f"cli:{getpass.getuser()}",
                progress=progress,
            )
    except ImportRejected as exc:
        for line in exc.report.lines(sample=False):
            click.echo(line, err=True)
        ctx.exit(1)
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in report.lines(sample=dry_run, every_warning=dry_run):
        click.echo(line)
    if not dry_run and report.records_imported:
        _link_new_records(ctx)


def _link_new_records(ctx: click.Context) -> None:
    """Link the new records against the case's persons, once the case has been linked.

    Incremental: the trained model is reused and existing persons keep their
    ids; review decisions bind. A case never linked waits for `dadkhah link`.
    """
    from dadkhah.web.linkage.models import LinkRun
    from dadkhah.web.linkage.services import link_incremental

    if not LinkRun.objects.filter(status=LinkRun.Status.FINISHED).exists():
        click.echo("Not linked yet: run `dadkhah link` when the lists are in.")
        return
    try:
        run = link_incremental(started_by=f"cli:{getpass.getuser()}", echo=click.echo)
    except DadkhahError as exc:
        raise click.ClickException(f"imported, but linking the new records failed: {exc}") from exc
    click.echo(f"Linked the new records against the existing persons ({run}).")


def register(group: click.Group) -> None:
    """Add `import` to the `dadkhah` group."""
    group.add_command(import_command)
