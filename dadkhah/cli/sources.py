"""`dadkhah sources`: the case's sources and what the analyst said of each (docs/cli.md)."""

from __future__ import annotations

import json
from typing import Any

import click

from dadkhah.cli.context import require_case

COLUMNS = (
    ("name", "source"),
    ("kind", "kind"),
    ("records", "records"),
    ("reliability", "rel."),
    ("systematic", "systematic"),
    ("duplicate_free", "dup.-free"),
    ("independence_group", "group"),
    ("version", "version"),
)


def source_rows() -> list[dict[str, Any]]:
    """One dict per source (its latest version), by name; Django must be set up."""
    from django.db.models import Count

    from dadkhah.web.sources.selectors import source_list_latest

    return [
        {
            "name": s.name,
            "kind": s.kind,
            "title": s.title,
            "records": s.n_records,
            "reliability": s.reliability,
            "systematic": s.systematic,
            "duplicate_free": s.duplicate_free,
            "independence_group": s.independence_group or None,
            "version": s.version,
            "synthetic": s.synthetic,
        }
        for s in source_list_latest().annotate(n_records=Count("records"))
    ]


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _table(rows: list[dict[str, Any]]) -> list[str]:
    cells = [[_cell(r[key]) for key, _ in COLUMNS] for r in rows]
    widths = [
        max([len(label), *(len(c[i]) for c in cells)]) for i, (_, label) in enumerate(COLUMNS)
    ]
    numeric = {"records", "version"}

    def line(values: list[str]) -> str:
        return "  ".join(
            v.rjust(w) if key in numeric else v.ljust(w)
            for v, w, (key, _) in zip(values, widths, COLUMNS, strict=True)
        ).rstrip()

    return [line([label for _, label in COLUMNS]), *(line(c) for c in cells)]


@click.command("sources")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
@click.pass_context
def sources_command(ctx: click.Context, as_json: bool) -> None:
    """List the case's sources: kind, records, reliability and how `estimate` may count them.

    Each source shows its latest version. Systematic lists are the ones
    `estimate` counts; a duplicate-free list names each person at most once;
    lists that share an independence group are not independent of each other.
    """
    require_case(ctx)
    rows = source_rows()
    if as_json:
        click.echo(json.dumps({"sources": rows}, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("No source yet: bring a list in with `dadkhah import FILE --source NAME`.")
        return
    for text in _table(rows):
        click.echo(text)
    systematic = sum(1 for r in rows if r["systematic"])
    click.echo(
        f"{len(rows)} source{'s' if len(rows) != 1 else ''}, {systematic} systematic "
        "(counted by `estimate`). Mark a list with `dadkhah import FILE --source NAME "
        "--systematic --reliability B ...`."
    )


def warn_duplicate_free(limit: int = 20) -> None:
    """Warn on stderr, naming them, of persons holding two records of one duplicate-free list.

    Linkage never links such records by itself; a review decision, a merge, an
    incremental link or a flag set after linking can still join them.
    """
    from dadkhah.web.sources.selectors import duplicate_free_breaches

    breaches = duplicate_free_breaches()
    if not breaches:
        return
    lists = sorted({b.source for b in breaches})
    click.echo(
        f"Warning: {len(breaches):,} person(s) hold two or more records of a list marked "
        f"duplicate-free ({', '.join(lists)}):",
        err=True,
    )
    for b in breaches[:limit]:
        click.echo(f"  {b}", err=True)
    if len(breaches) > limit:
        click.echo(f"  … and {len(breaches) - limit:,} more.", err=True)
    click.echo(
        "  Split the records that are different people (`dadkhah split PERSON RECORD... "
        "--reason ...`), or re-import the list with --has-duplicates if it repeats people; "
        "`estimate` will not count the list until then.",
        err=True,
    )


def register(group: click.Group) -> None:
    """Add `sources` to the `dadkhah` group."""
    group.add_command(sources_command)
