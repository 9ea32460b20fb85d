"""`dadkhah link`, `link-files`, `explain`, `review`, `split`, `merge`: linkage at the terminal."""

from __future__ import annotations

import getpass
import os
import re
import signal
from pathlib import Path
from typing import Any

import click

from dadkhah.cli.context import require_case
from dadkhah.core import csvsafe
from dadkhah.core.errors import DadkhahError, InputError
from dadkhah.core.textsafety import visible

BACKENDS = ("duckdb", "spark")


def _settings(threshold: float | None) -> Any:
    from dadkhah.core.linkage.settings import LinkageSettings

    if threshold is None:
        return None
    defaults = LinkageSettings()
    return LinkageSettings(
        threshold=threshold,
        review_low=min(defaults.review_low, threshold),
        review_high=max(defaults.review_high, threshold),
        store_min=min(defaults.store_min, threshold),
    )


def _summary(run: Any) -> list[str]:
    m = run.metrics
    seconds = (run.finished_at - run.started_at).total_seconds() if run.finished_at else 0.0
    lines = [
        f"Linkage run {run.pk} ({run.kind}, {run.backend}): {m.get('records', 0):,} records from "
        f"{m.get('lists', 0)} lists → {m.get('persons', 0):,} persons in {seconds:.1f} s.",
        f"  {m.get('new_persons', 0):,} new persons, {m.get('merges', 0)} merged, "
        f"{m.get('splits', 0)} split; {m.get('uncertain_pairs', 0):,} pairs in the review band.",
    ]
    refused = m.get("refused") or {}
    if refused:
        kept = ", ".join(f"{n} by {why}" for why, n in sorted(refused.items()))
        lines.append(f"  Links kept apart: {kept}.")
    for note in m.get("blocking_notes", []):
        lines.append(f"  {note}")
    lines.append(
        "  Model: trained in this run." if run.trained else "  Model: reused, not retrained."
    )
    return lines


@click.command("link")
@click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default="duckdb",
    show_default=True,
    help="Where Splink runs.",
)
@click.option(
    "--threshold",
    # Strictly inside (0, 1): at 0 every scored pair would link, at 1 none.
    type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True),
    help="Match probability at which records are linked, strictly between 0 and 1 (default 0.55).",
)
@click.option(
    "--reuse-model",
    is_flag=True,
    help="Score with the latest run's trained model instead of re-training.",
)
@click.option(
    "--incremental",
    is_flag=True,
    help="Link only the records no person holds yet, against the existing persons.",
)
@click.pass_context
def link_command(
    ctx: click.Context, backend: str, threshold: float | None, reuse_model: bool, incremental: bool
) -> None:
    """Link the case's records into persons (stable ids; review decisions are honoured)."""
    require_case(ctx)
    from dadkhah.web.linkage.services import link_incremental, link_run

    who = f"cli:{getpass.getuser()}"
    # SIGTERM (a service stopping, `kill`) ends the run through the same path as Ctrl-C,
    # so the run is marked failed; only SIGKILL leaves it for the next run to mark
    # interrupted (dadkhah/web/linkage/run_status.py).
    # Restored after the run: a command called in-process (tests, a notebook) must not
    # leave it behind for processes forked later, which would inherit it.
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        if incremental:
            if threshold is not None or reuse_model:
                raise click.UsageError(
                    "--incremental uses the latest model and its settings; drop --threshold/--reuse-model."
                )
            run = link_incremental(backend=backend, started_by=who, echo=click.echo)
        else:
            run = link_run(
                backend=backend,
                settings=_settings(threshold),
                reuse_model=reuse_model,
                started_by=who,
                echo=click.echo,
            )
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        signal.signal(signal.SIGTERM, previous)
    for line in _summary(run):
        click.echo(line)
    from dadkhah.cli.sources import warn_duplicate_free

    warn_duplicate_free()


def _terminate(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


_SLUG = re.compile(r"[^A-Za-z0-9_-]+")


def _list_names(files: tuple[Path, ...]) -> list[tuple[Path, str, str]]:
    """(file, list name = stem, source name = the stem as a slug) for each file."""
    out: list[tuple[Path, str, str]] = []
    seen: dict[str, Path] = {}
    for path in files:
        if not path.is_file():
            raise InputError(f"{path}: no such file; give the path of a list file.")
        name = path.stem
        if name in seen:
            raise InputError(
                f"{path} and {seen[name]} have the same name {name!r}; rename one (the name is the list's name in the output)."
            )
        seen[name] = path
        slug = _SLUG.sub("-", name).strip("-")[:100] or f"list-{len(out) + 1}"
        out.append((path, name, slug))
    return out


@click.command("link-files")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the clusters (CSV: list,record_id,cluster_id).",
)
@click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default="duckdb",
    show_default=True,
    help="Where Splink runs.",
)
@click.option(
    "--threshold",
    # Strictly inside (0, 1): at 0 every scored pair would link, at 1 none.
    type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True),
    help="Match probability at which records are linked, strictly between 0 and 1 (default 0.55).",
)
@click.option(
    "--duplicate-free",
    "duplicate_free",
    multiple=True,
    metavar="LIST",
    help="A list known to name each person once (repeat for several).",
)
@click.option(
    "--mapping",
    "mappings",
    multiple=True,
    metavar="LIST=FILE",
    help="A TOML mapping file for one list, as `import --mapping` takes (repeat for several).",
)
def link_files_command(
    files: tuple[Path, ...],
    out: Path,
    backend: str,
    threshold: float | None,
    duplicate_free: tuple[str, ...],
    mappings: tuple[str, ...],
) -> None:
    """Link list FILES without a case and write one row per record: list,record_id,cluster_id."""
    try:
        names = _list_names(files)
        if len(names) < 2:
            raise InputError(
                "link-files needs at least two lists; to find the duplicates of one list, import it into a case and run `dadkhah link`."
            )
        unknown = sorted(set(duplicate_free) - {name for _p, name, _s in names})
        if unknown:
            raise InputError(
                f"--duplicate-free names {', '.join(unknown)}, which is not among the files' names."
            )
        mapping_of = _mappings(mappings, {name for _p, name, _s in names})
        rows = _link_files(
            names,
            backend=backend,
            threshold=threshold,
            duplicate_free=set(duplicate_free),
            mappings=mapping_of,
        )
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    tmp = out.with_name(out.name + ".part")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csvsafe.writer(fh)
        writer.writerow(["list", "record_id", "cluster_id"])
        writer.writerows(rows)
    os.replace(tmp, out)
    persons = len({r[2] for r in rows})
    click.echo(f"Wrote {len(rows):,} records in {persons:,} clusters to {out}.")


def _mappings(given: tuple[str, ...], lists: set[str]) -> dict[str, Path]:
    """LIST=FILE pairs of --mapping, checked against the files' list names."""
    out: dict[str, Path] = {}
    for item in given:
        name, sep, file = item.partition("=")
        if not sep or not name or not file:
            raise InputError(
                f"--mapping {item!r}: write LIST=FILE, e.g. regional_fa=regional.toml."
            )
        if name not in lists:
            raise InputError(
                f"--mapping names {name!r}, which is not among the files' names "
                f"({', '.join(sorted(lists))})."
            )
        out[name] = Path(file)
    return out


def _link_files(
    names: list[tuple[Path, str, str]],
    *,
    backend: str,
    threshold: float | None,
    duplicate_free: set[str],
    mappings: dict[str, Path],
) -> list[tuple[str, str, str | None]]:
    """Read, link and name the clusters of the files (pipelines only: no case, no Django)."""
    from dadkhah.pipelines.link_files import ListFile, ListRejected, link_files

    lists = [
        ListFile(
            path=path,
            name=name,
            source=slug,
            mapping=mappings.get(name),
            duplicate_free=name in duplicate_free,
        )
        for path, name, slug in names
    ]
    try:
        return link_files(
            lists,
            backend=backend,
            settings=_settings(threshold),
            echo=lambda m: click.echo(m, err=True),
        )
    except ListRejected as exc:
        raise InputError(_rejected(exc.list.path, exc.list.name, exc.report)) from exc


def _rejected(path: Path, name: str, report: Any) -> str:
    """Why list file `path` (list `name`) cannot be linked: what `import` would say."""
    from dadkhah.cli.imports import COLUMN_DOUBTS

    fatal = [p.message() for p in report.problems if p.fatal][:3]
    detail = " ".join(fatal) or report.summary()
    if report.problem_counts.keys() & COLUMN_DOUBTS:
        detail += (
            f" `dadkhah import {path} --write-mapping M.toml` writes the suggested "
            f"mapping to check; then give --mapping {name}=M.toml."
        )
    return f"{path} cannot be imported, nothing was written. {detail}"


def _record_id(ref: str) -> int:
    """A record by its number, or LIST:RECORD_ID (the source's name and the id in it)."""
    from dadkhah.web.linkage.selectors import current_records

    if ref.isdigit():
        return int(ref)
    if ":" not in ref:
        raise InputError(
            f"{ref!r} is not a record: give its number or LIST:RECORD_ID (e.g. ngo-latin:N17)."
        )
    source, _, rid = ref.partition(":")
    found = list(
        current_records()
        .filter(source__name=source, source_record_id=rid)
        .values_list("id", flat=True)
    )
    if not found:
        raise InputError(f"No record {rid!r} in list {source!r}; check the list's name and the id.")
    return found[0]


def _side_by_side(view: Any) -> list[str]:
    a, b = view.a, view.b
    pa = a.person.public_id if a.person else "—"
    pb = b.person.public_id if b.person else "—"
    lines = [
        f"{'':<14} {f'record {a.pk} ({a.source.name}:{a.source_record_id})':<42} record {b.pk} ({b.source.name}:{b.source_record_id})",
        f"{'person':<14} {pa:<42} {pb}",
    ]
    for field, va, vb in view.fields():
        mark = "=" if va == vb else " "
        lines.append(
            f"{field:<14} {str(va if va is not None else '—')[:40]:<42} {vb if vb is not None else '—'} {mark}"
        )
    # A U+202E in a name would reverse the terminal line: print the controls, not obey them.
    return [visible(line) for line in lines]


def _explanation_lines(compact: dict[str, Any], model: dict[str, Any]) -> list[str]:
    from dadkhah.core.linkage.explain import render

    return render(compact, model["splink"])


@click.command("explain")
@click.argument("record_a")
@click.argument("record_b")
@click.option(
    "--backend",
    type=click.Choice(BACKENDS),
    default="duckdb",
    show_default=True,
    help="Where Splink runs when the pair has no stored score.",
)
@click.pass_context
def explain_command(ctx: click.Context, record_a: str, record_b: str, backend: str) -> None:
    """Why RECORD_A and RECORD_B are (or are not) one person: each comparison's weight.

    A record is its number or LIST:RECORD_ID.
    """
    require_case(ctx)
    from dadkhah.web.linkage.selectors import pair_view
    from dadkhah.web.linkage.services import pair_explain

    try:
        a, b = _record_id(record_a), _record_id(record_b)
        p, _w, compact, model = pair_explain(record_a=a, record_b=b, backend=backend)
        view = pair_view(a, b)
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in _side_by_side(view):
        click.echo(line)
    click.echo("")
    for line in _explanation_lines(compact, model):
        click.echo(line)
    if view.score is not None:
        state = (
            "linked"
            if view.score.linked
            else f"kept apart by {view.score.refused}"
            if view.score.refused
            else "not linked"
        )
        click.echo(
            f"Stored score of run {view.score.run_id}: p={view.score.probability:.4f} ({state})."
        )
    else:
        click.echo(f"The runs did not compare this pair (blocking); scored now: p={p:.4f}.")
    for d in view.decisions:
        click.echo(
            visible(
                f"Decision {d.decided_at:%Y-%m-%d %H:%M} by {d.reviewer}: {d.verdict} — {d.reason}"
            )
        )


KEYS = {"s": "same", "d": "different", "u": "unsure", "k": "skip", "q": "quit"}


@click.command("review")
@click.option(
    "--limit", type=click.IntRange(1), default=20, show_default=True, help="How many pairs to show."
)
@click.option("--reviewer", default=None, help="Who decides (default: your login name).")
@click.pass_context
def review_command(ctx: click.Context, limit: int, reviewer: str | None) -> None:
    """Decide uncertain pairs one by one: s(ame), d(ifferent), u(nsure), k (skip), q (quit)."""
    require_case(ctx)
    from dadkhah.web.linkage.selectors import pair_view, review_queue
    from dadkhah.web.linkage.services import review_decide

    who = reviewer or getpass.getuser()
    queue = review_queue(limit=limit)
    if not queue:
        click.echo("Nothing to review: no undecided pair in the uncertain band.")
        return
    decided = 0
    for n, pair in enumerate(queue, start=1):
        view = pair_view(pair.record_a_id, pair.record_b_id)
        click.echo("")
        click.echo(
            f"[{n}/{len(queue)}] p={pair.probability:.3f}"
            + (f" (kept apart by {pair.refused})" if pair.refused else "")
        )
        for line in _side_by_side(view):
            click.echo(line)
        click.echo("")
        for line in _explanation_lines(pair.explanation, pair.run.model):
            click.echo(line)
        key = click.prompt(
            "Same, different, unsure, skip, quit? [s/d/u/k/q]",
            type=click.Choice(list(KEYS)),
            show_choices=False,
        )
        verdict = KEYS[key]
        if verdict == "quit":
            break
        if verdict == "skip":
            continue
        reason = click.prompt("Reason")
        try:
            review_decide(
                record_a=pair.record_a_id,
                record_b=pair.record_b_id,
                verdict=verdict,
                reason=reason,
                reviewer=who,
            )
        except DadkhahError as exc:
            click.echo(f"Not recorded: {exc}", err=True)
            continue
        decided += 1
    click.echo(f"{decided} decision(s) recorded by {who}.")


@click.command("split")
@click.argument("person")
@click.argument("records", nargs=-1, required=True)
@click.option("--reason", required=True, help="Why these records are another person.")
@click.option("--reviewer", default=None, help="Who decides (default: your login name).")
@click.pass_context
def split_command(
    ctx: click.Context, person: str, records: tuple[str, ...], reason: str, reviewer: str | None
) -> None:
    """Split RECORDS (numbers or LIST:RECORD_ID) off PERSON (P-000123) into a new person."""
    require_case(ctx)
    from dadkhah.web.linkage.services import person_split
    from dadkhah.web.people.selectors import persons_by_public_id

    try:
        new = person_split(
            person=persons_by_public_id(person)[person],
            records=[_record_id(r) for r in records],
            reason=reason,
            reviewer=reviewer or getpass.getuser(),
        )
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Split {len(records)} record(s) off {person} into {new.public_id}.")


@click.command("merge")
@click.argument("person")
@click.argument("other")
@click.option("--reason", required=True, help="Why the two are one person.")
@click.option("--reviewer", default=None, help="Who decides (default: your login name).")
@click.pass_context
def merge_command(
    ctx: click.Context, person: str, other: str, reason: str, reviewer: str | None
) -> None:
    """Merge persons PERSON and OTHER (public ids); the one with more records keeps its id."""
    require_case(ctx)
    from dadkhah.web.linkage.services import person_merge
    from dadkhah.web.people.selectors import persons_by_public_id

    try:
        found = persons_by_public_id(person, other)
        survivor = person_merge(
            person=found[person],
            other=found[other],
            reason=reason,
            reviewer=reviewer or getpass.getuser(),
        )
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Merged {person} and {other} into {survivor.public_id}.")
    from dadkhah.cli.sources import warn_duplicate_free

    warn_duplicate_free()


def register(group: click.Group) -> None:
    """Add the linkage commands to the `dadkhah` group."""
    for command in (
        link_command,
        link_files_command,
        explain_command,
        review_command,
        split_command,
        merge_command,
    ):
        group.add_command(command)
