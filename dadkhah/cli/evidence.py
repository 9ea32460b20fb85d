"""Evidence vault and custody commands: evidence add/derive, verify, bundle, custody."""

from __future__ import annotations

import getpass
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from dadkhah.cli.context import require_case
from dadkhah.core.consent import EXPORT_USES
from dadkhah.core.errors import DadkhahError

ACTOR_ENV = "DADKHAH_ACTOR"


def _actor(value: str | None) -> str:
    if value:
        return value
    if os.environ.get(ACTOR_ENV):
        return os.environ[ACTOR_ENV]
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"cli:{user}@{socket.gethostname()}"


actor_option = click.option(
    "--actor",
    help=f"Who does this, for the custody log (default: ${ACTOR_ENV} or cli:USER@HOST).",
)


@contextmanager
def _bar(total: int | None, unit: str, desc: str) -> Iterator[Any]:
    from tqdm import tqdm

    # disable=None: a bar on a terminal, nothing when output is piped or captured.
    with tqdm(
        total=total, unit=unit, unit_scale=unit == "B", desc=desc, disable=None, leave=False
    ) as bar:
        yield bar


def _fail(exc: DadkhahError) -> click.ClickException:
    return click.ClickException(str(exc))


@click.group("evidence")
def evidence_group() -> None:
    """Add evidence to the case's vault (originals kept byte for byte)."""


@evidence_group.command("add")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--collected-by", default="", help="Who collected it (Berkeley Protocol).")
@click.option(
    "--collected-at",
    help="When it was collected, ISO 8601 with a time zone (default: now, UTC).",
)
@click.option("--method", default="", help="How it was collected (download, scan, phone export…).")
@click.option("--source", default="", help="From where: URL, device, the account used.")
@click.option("--title", default="", help="A short title for the items.")
@actor_option
@click.pass_context
def evidence_add_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    collected_by: str,
    collected_at: str | None,
    method: str,
    source: str,
    title: str,
    actor: str | None,
) -> None:
    """Add files and folders (walked, links not followed). Duplicates are recognised by hash."""
    case = require_case(ctx)
    from dadkhah.web.evidence.services import Collection, evidence_add_paths

    when = None
    if collected_at:
        try:
            when = datetime.fromisoformat(collected_at)
        except ValueError as exc:
            raise click.BadParameter(
                "give an ISO 8601 time, e.g. 2024-05-01T10:00:00+00:00"
            ) from exc
        if when.tzinfo is None:
            raise click.BadParameter(
                "give a time zone (e.g. +00:00 or Z)", param_hint="--collected-at"
            )
        when = when.astimezone(UTC)
    collection = Collection(
        collected_by=collected_by, collected_at=when, method=method, source=source, title=title
    )
    try:
        with _bar(None, "B", "adding") as bar:
            report = evidence_add_paths(
                case=case,
                paths=list(paths),
                actor=_actor(actor),
                collection=collection,
                on_bytes=bar.update,
            )
    except DadkhahError as exc:
        raise _fail(exc) from exc
    for item in report.added:
        click.echo(f"added     {item.sha256}  {item.media_type:<28} {item.original_name}")
    for name, item in report.duplicates:
        click.echo(
            f"duplicate {item.sha256}  {name} (same bytes as item {item.pk}, {item.original_name})"
        )
    for line in report.skipped:
        click.echo(f"skipped   {line}", err=True)
    click.echo(
        f"{len(report.added)} added, {len(report.duplicates)} duplicate(s), {len(report.skipped)} skipped."
    )


@evidence_group.command("derive")
@click.argument("original")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--transformation", required=True, help="How the working copy was made (redacted faces…)."
)
@actor_option
@click.pass_context
def evidence_derive_command(
    ctx: click.Context, original: str, path: Path, transformation: str, actor: str | None
) -> None:
    """Add PATH as a working copy of item ORIGINAL (SHA-256 or prefix); the original stays."""
    case = require_case(ctx)
    from dadkhah.web.evidence.services import evidence_by_hash, evidence_derive

    try:
        item = evidence_derive(
            case=case,
            original=evidence_by_hash(original),
            path=path,
            transformation=transformation,
            actor=_actor(actor),
        )
    except DadkhahError as exc:
        raise _fail(exc) from exc
    click.echo(
        f"derived   {item.sha256}  from {item.derived_from.sha256 if item.derived_from else ''}"
    )


@evidence_group.command("redact")
@click.argument("original")
@click.option(
    "--region",
    "regions",
    multiple=True,
    help="X,Y,WIDTH,HEIGHT (pixels) of an image, or PAGE:X0,Y0,X1,Y1 (points) of a PDF (repeat).",
)
@click.option("--span", "spans", multiple=True, help="START:END characters of a text (repeat).")
@click.option(
    "--mode",
    type=click.Choice(["cover", "blur"]),
    default="cover",
    show_default=True,
    help="For images: cover with black, or blur (blurred text can be recovered).",
)
@click.option("--reason", required=True, help="Why (logged): the kind of detail, never the detail.")
@actor_option
@click.pass_context
def evidence_redact_command(
    ctx: click.Context,
    original: str,
    regions: tuple[str, ...],
    spans: tuple[str, ...],
    mode: str,
    reason: str,
    actor: str | None,
) -> None:
    """Add a redacted copy of item ORIGINAL (image or PDF regions, text spans); it stays."""
    case = require_case(ctx)
    from dadkhah.core.pdf_redaction import PageRegion
    from dadkhah.core.redaction import Region, Span
    from dadkhah.web.evidence.redaction import evidence_redact
    from dadkhah.web.evidence.services import evidence_by_hash

    try:
        item = evidence_redact(
            case=case,
            original=evidence_by_hash(original),
            # A page number before a colon marks a PDF region.
            regions=[PageRegion.parse(r) if ":" in r else Region.parse(r) for r in regions],
            spans=[Span.parse(s) for s in spans],
            mode=mode,
            reason=reason,
            actor=_actor(actor),
        )
    except DadkhahError as exc:
        raise _fail(exc) from exc
    click.echo(f"redacted  {item.sha256}  {item.original_name}  from {original}")


@evidence_group.command("correct")
@click.argument("item")
@click.option(
    "--field",
    required=True,
    help="original_name, title, collected_by, collected_at, collection_method, "
    "collected_from or transformation.",
)
@click.option("--value", "new_value", required=True, help="The corrected value.")
@click.option("--reason", required=True, help="Why the value is corrected (logged).")
@actor_option
@click.pass_context
def evidence_correct_command(
    ctx: click.Context, item: str, field: str, new_value: str, reason: str, actor: str | None
) -> None:
    """Correct one custody field of ITEM (SHA-256 or prefix); the log keeps old and new."""
    case = require_case(ctx)
    from dadkhah.web.evidence.services import evidence_by_hash, evidence_correct

    try:
        found = evidence_by_hash(item)
        corrected = evidence_correct(
            case=case,
            item_id=found.pk,
            field=field,
            new_value=new_value,
            by=_actor(actor),
            reason=reason,
        )
    except DadkhahError as exc:
        raise _fail(exc) from exc
    click.echo(f"corrected {corrected.sha256}  {field}: {getattr(corrected, field)}")


@click.command("verify")
@click.option(
    "--no-items", is_flag=True, help="Check the log only; do not re-hash the evidence files."
)
@click.option(
    "--record", is_flag=True, help="Append a 'verification' entry with the result to the log."
)
@click.option(
    "--since",
    "since",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A signed head kept or published earlier (`custody publish`): fail if the log "
    "no longer extends it (rolled back, rewritten) or no longer stores it.",
)
@click.option(
    "--witness-key",
    "witness_keys",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A witness's public key file: the --since head must carry its valid cosignature "
    "(repeatable).",
)
@actor_option
@click.pass_context
def verify_command(
    ctx: click.Context,
    no_items: bool,
    record: bool,
    since: Path | None,
    witness_keys: tuple[Path, ...],
    actor: str | None,
) -> None:
    """Re-hash every item, recompute the Merkle tree, check every signed head; exit 1 on any problem."""
    case = require_case(ctx)
    from dadkhah.cli.custody import read_since
    from dadkhah.web.custody.verification import Progress, case_verify
    from dadkhah.web.evidence.selectors import evidence_total_size

    try:
        kept, witnesses = read_since(since, witness_keys)
    except DadkhahError as exc:
        raise _fail(exc) from exc

    total = evidence_total_size() if not no_items else 0
    try:
        with _bar(None, "entries", "log") as ebar, _bar(total or None, "B", "items") as ibar:
            report = case_verify(
                case=case,
                progress=Progress(entries=ebar.update, item_bytes=ibar.update),
                check_items=not no_items,
                since=kept,
                witnesses=witnesses,
            )
    except DadkhahError as exc:
        raise _fail(exc) from exc
    for w in report.warnings:
        click.echo(f"warning: {w}", err=True)
    for p in report.problems:
        click.echo(f"FAIL {p}")
    click.echo(
        f"{report.entries} entries, {report.heads} signed heads, {report.items} items "
        f"({report.bytes} bytes) checked."
    )
    click.echo(f"tree head: size {report.tree_size}, root {report.root}")
    for name in report.cosignatures:
        click.echo(f"cosigned by witness {name}")
    if record:
        from dadkhah.web.custody.services import custody_append

        custody_append(
            case=case,
            events=[
                {
                    "actor": _actor(actor),
                    "action": "verification",
                    "details": {
                        "result": "ok" if report.ok else "failed",
                        "problems": len(report.problems),
                        "tree_size": report.tree_size,
                        "root": report.root,
                        "items": report.items,
                    },
                }
            ],
        )
    if not report.ok:
        click.echo(f"NOT VERIFIED: {len(report.problems)} problem(s).")
        ctx.exit(1)
    click.echo("VERIFIED")


@click.group("bundle")
def bundle_group() -> None:
    """Court bundles anyone can verify offline."""


@bundle_group.command("export")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The zip to write.",
)
@click.option(
    "--items",
    "query",
    default="",
    help="Which items: SHA-256 prefixes, id:N-M, media:image/*, name:*.pdf, by:NAME, "
    "since:DATE, until:DATE, derived:yes|no (default: all).",
)
@click.option(
    "--for",
    "use",
    type=click.Choice(EXPORT_USES),
    help="Whom the bundle is for: testimonies go in only with the witness's consent to "
    "this use (and a do-no-harm check at high risk); without it, none go in.",
)
@actor_option
@click.pass_context
def bundle_export_command(
    ctx: click.Context, out: Path, query: str, use: str | None, actor: str | None
) -> None:
    """Export items, their metadata, custody entries and proofs, the key, a page and verify.py."""
    case = require_case(ctx)
    from dadkhah.web.custody.bundles import bundle_export

    try:
        with _bar(None, "B", "export") as bar:
            result = bundle_export(
                case=case,
                out=out,
                query=query,
                actor=_actor(actor),
                use=use,
                progress=bar.update,
            )
    except DadkhahError as exc:
        raise _fail(exc) from exc
    for name, reason in sorted(result.withheld.items()):
        click.echo(f"left out {name}: {reason}", err=True)
    click.echo(
        f"wrote {result.path}: {result.items} item(s), {result.entries} custody entries, "
        f"signed tree head of size {result.tree_size}."
    )
    click.echo(f"case key fingerprint: {result.fingerprint}")
    click.echo(f"verifier: {result.verifier} SHA-256 {result.verifier_sha256}")
    click.echo(f"check it anywhere with: python3 verify.py {result.path.name}")


@bundle_group.command("verify")
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key", "pin", help="The case key fingerprint to expect (SHA-256 hex).")
def bundle_verify_command(bundle: Path, pin: str | None) -> None:
    """Check a bundle: every byte, signature, proofs; twice, with two implementations."""
    from dadkhah.pipelines.bundle import bundle_check

    problems, facts = bundle_check(bundle, pin=pin)
    if facts.get("fingerprint"):
        click.echo(f"case key {facts['key']}  fingerprint {facts['fingerprint']}")
        click.echo(f"signed tree head: size {facts['tree_size']}, root {facts['root']}")
    for p in problems:
        click.echo(f"FAIL {p}")
    if problems:
        click.echo(f"NOT VERIFIED: {len(problems)} problem(s).")
        raise SystemExit(1)
    click.echo(f"VERIFIED: {facts['items']} item(s), {facts['entries']} custody entries.")


@click.group("custody")
def custody_group() -> None:
    """The custody log: timestamps of signed tree heads."""


@custody_group.command("timestamp")
@click.option("--url", help="The RFC 3161 timestamping authority (default: tsa_url in case.toml).")
@click.pass_context
def custody_timestamp_command(ctx: click.Context, url: str | None) -> None:
    """Get an RFC 3161 timestamp of the latest signed tree head (needs the network; off by default)."""
    case = require_case(ctx)
    from dadkhah.web.custody.services import custody_timestamp_head

    try:
        ts = custody_timestamp_head(case=case, url=url)
    except DadkhahError as exc:
        raise _fail(exc) from exc
    click.echo(f"timestamped head {ts.head.size} at {ts.gen_time.isoformat()} by {ts.tsa_url}")


def register(group: click.Group) -> None:
    """Add the evidence and custody commands to the `dadkhah` group."""
    for command in (
        evidence_group,
        verify_command,
        bundle_group,
        custody_group,
    ):
        group.add_command(command)
