"""`dadkhah import`: bring a list file into the case as a source (docs/cli.md)."""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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
    help="The source's short name (letters, digits, - and _); an existing name gets a new version "
    "(required unless --write-mapping).",
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
    "--write-mapping",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write how the columns are read as a mapping file (TOML) to check and reuse with "
    "--mapping; import nothing. An existing file is not overwritten.",
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Import the valid rows; write the rejected rows to FILE.rejected.csv (or .jsonl).",
)
@click.option(
    "--systematic",
    "systematic",
    is_flag=True,
    help="The list counts for multiple systems estimation (it tried to record everyone in scope).",
)
@click.option(
    "--not-systematic",
    "not_systematic",
    is_flag=True,
    help="The list is not counted by `estimate` (default for a new source).",
)
@click.option(
    "--reliability",
    metavar="A-F",
    help="Source reliability on the Admiralty scale, A (completely reliable) to F (cannot be "
    "judged, the default for a new source).",
)
@click.option(
    "--duplicate-free",
    "duplicate_free",
    is_flag=True,
    help="The list names each person at most once; `link` and `estimate` check it.",
)
@click.option(
    "--has-duplicates",
    "has_duplicates",
    is_flag=True,
    help="The list may name a person more than once (default for a new source).",
)
@click.option(
    "--independence-group",
    metavar="NAME",
    help="Lists that share a group are not independent (a copy of one list, one compiler); "
    "`estimate` counts only one list of a group.",
)
@click.pass_context
def import_command(
    ctx: click.Context,
    file: Path,
    source_name: str | None,
    mapping: Path | None,
    dry_run: bool,
    write_mapping: Path | None,
    skip_invalid: bool,
    systematic: bool,
    not_systematic: bool,
    reliability: str | None,
    duplicate_free: bool,
    has_duplicates: bool,
    independence_group: str | None,
) -> None:
    """Import the list FILE (CSV, TSV, XLSX, ODS, JSON, JSON Lines) as a source.

    What the analyst says of the list (--systematic, --reliability,
    --duplicate-free, --independence-group) may also be set in the mapping
    file; an option given here wins over the mapping file, and anything said
    nowhere is carried over from the source's previous version.

    --dry-run first shows how each column is read (field, confidence, sample
    values, why) and asks about the columns in doubt; --write-mapping writes
    that reading as a mapping file.
    """
    if write_mapping is not None:
        _write_mapping(file, mapping, write_mapping)
        return
    if source_name is None:
        raise click.UsageError("Missing option '--source' (the source's short name).")
    described = _described(
        systematic=_either(systematic, not_systematic, "--systematic", "--not-systematic"),
        duplicate_free=_either(
            duplicate_free, has_duplicates, "--duplicate-free", "--has-duplicates"
        ),
        reliability=reliability,
        independence_group=independence_group,
    )
    case = require_case(ctx)
    from dadkhah.pipelines.importing.report import ImportRejected

    if dry_run:
        for line in _reading_lines(file, mapping):
            click.echo(line)
    from dadkhah.web.linkage.after_import import source_import_and_link

    try:
        with progress_bar(file) as progress:
            done = source_import_and_link(
                echo=click.echo,
                case=case,
                path=file,
                source_name=source_name,
                mapping=mapping,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                actor=f"cli:{getpass.getuser()}",
                progress=progress,
                **described,
            )
    except ImportRejected as exc:
        for line in exc.report.lines(sample=False):
            click.echo(line, err=True)
        if exc.report.problem_counts.keys() & COLUMN_DOUBTS:
            click.echo(
                f"Run `dadkhah import {file} --write-mapping M.toml` to write the suggested "
                "mapping, check it, then import with --mapping M.toml.",
                err=True,
            )
        ctx.exit(1)
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in done.report.lines(sample=dry_run, every_warning=dry_run):
        click.echo(line)
    if done.linkage:
        click.echo(done.linkage, err=done.link_failed)
    if done.link_failed:
        ctx.exit(1)
    if done.link_run is not None:
        from dadkhah.cli.sources import warn_duplicate_free

        warn_duplicate_free()


# Problems the mapping assistant can answer with a suggested mapping.
COLUMN_DOUBTS = frozenset({"columns_unsure", "columns_ambiguous", "no_name_column"})


def _reading(file: Path, mapping: Path | None) -> Any:
    """The assistant's reading of FILE's columns (pipelines.importing.assistant)."""
    from dadkhah.pipelines.importing.assistant import read_columns
    from dadkhah.pipelines.importing.headers import load_mapping

    return read_columns(file, mapping=load_mapping(mapping) if mapping is not None else None)


def _reading_lines(file: Path, mapping: Path | None) -> list[str]:
    """The reading of each column for a dry run; nothing when the file cannot be read.

    A file that cannot be read is reported by the dry run itself, with every problem.
    """
    try:
        return [*_reading(file, mapping).lines(), ""]
    except DadkhahError:
        return []


def _write_mapping(file: Path, mapping: Path | None, target: Path) -> None:
    """Write the reading of FILE's columns as a mapping file; refuse to overwrite one."""
    if target.exists() or target.is_symlink():
        raise click.ClickException(
            f"{target} exists; the mapping was not written. Give a new file name "
            "(an existing mapping is never overwritten)."
        )
    try:
        reading = _reading(file, mapping)
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        with target.open("x", encoding="utf-8") as out:
            out.write(reading.mapping_toml())
    except OSError as exc:
        raise click.ClickException(f"cannot write {target}: {exc.strerror or exc}") from exc
    for line in reading.lines():
        click.echo(line)
    state = "it has questions: answer them in the file" if reading.questions else "check it"
    click.echo(
        f"Wrote the mapping to {target} ({state}); import with --mapping {target}. "
        "Nothing was imported."
    )


def _either(yes: bool, no: bool, yes_name: str, no_name: str) -> bool | None:
    """True, False, or None when neither flag is given; both at once is an error."""
    if yes and no:
        raise click.UsageError(f"{yes_name} and {no_name} contradict each other: give one.")
    return True if yes else False if no else None


def _described(
    *,
    systematic: bool | None,
    duplicate_free: bool | None,
    reliability: str | None,
    independence_group: str | None,
) -> dict[str, Any]:
    """The source attributes given on the command line, checked (None: not given)."""
    from dadkhah.pipelines.importing.headers import check_independence_group, check_reliability

    try:
        if reliability is not None:
            reliability = check_reliability(reliability)
    except DadkhahError as exc:
        raise click.BadParameter(str(exc), param_hint="--reliability") from exc
    try:
        if independence_group is not None:
            independence_group = check_independence_group(independence_group)
    except DadkhahError as exc:
        raise click.BadParameter(str(exc), param_hint="--independence-group") from exc
    if independence_group is not None and systematic is False:
        # An independence group only says which systematic lists depend on each other.
        raise click.UsageError(
            "--independence-group is for lists counted by `estimate`; drop it or "
            "drop --not-systematic."
        )
    return {
        "systematic": systematic,
        "duplicate_free": duplicate_free,
        "reliability": reliability,
        "independence_group": independence_group,
    }


def register(group: click.Group) -> None:
    """Add `import` to the `dadkhah` group."""
    group.add_command(import_command)
