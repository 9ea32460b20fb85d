"""`dadkhah backup` and `dadkhah restore`: a sealed copy of the case, and the way back from it."""

from __future__ import annotations

import os
from pathlib import Path

import click

from dadkhah.cli.context import case_dir_option, require_case, setup_django
from dadkhah.cli.evidence import _actor, _bar, _fail, actor_option
from dadkhah.core.errors import DadkhahError

PASSPHRASE_ENV = "DADKHAH_BACKUP_PASSPHRASE"  # noqa: S105 (a variable name)


def _passphrase(*, confirm: bool) -> str:
    """The backup passphrase: $DADKHAH_BACKUP_PASSPHRASE, else asked on the terminal."""
    given = os.environ.get(PASSPHRASE_ENV)
    if given is not None:
        return given
    return str(
        click.prompt(
            "Backup passphrase",
            hide_input=True,
            confirmation_prompt=confirm,
            err=True,
        )
    )


def _read_key_file(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"{what} {path}: cannot be read ({exc.strerror}).") from exc


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--database-format",
    type=click.Choice(["sqlite", "json"]),
    help="sqlite: a snapshot of the file (default on SQLite); json: a Django dump (PostgreSQL).",
)
@click.option(
    "--recipient",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Seal to this X25519 public key (PEM) instead of a passphrase.",
)
@click.option(
    "--include-keys",
    is_flag=True,
    help="Put the case's private keys (keys/) in the backup too, sealed like the rest.",
)
@actor_option
@click.pass_context
def backup_command(
    ctx: click.Context,
    out: Path,
    database_format: str | None,
    recipient: Path | None,
    include_keys: bool,
    actor: str | None,
) -> None:
    """Back up the case (database, evidence, public keys) to the sealed file OUT (mode 0600)."""
    case = require_case(ctx)
    from dadkhah.core.backup_crypto import load_recipient, seal_to_passphrase, seal_to_recipient
    from dadkhah.web.custody.backups import case_backup

    try:
        if recipient is not None:
            key = load_recipient(_read_key_file(recipient, "--recipient"), where=str(recipient))
            seal = seal_to_recipient(key)
        else:
            seal = seal_to_passphrase(_passphrase(confirm=True))
        with _bar(None, "B", "backup") as bar:
            files, head = case_backup(
                case=case,
                out=out,
                actor=_actor(actor),
                database_format=database_format,
                seal=seal,
                include_keys=include_keys,
                progress=bar.update,
            )
    except DadkhahError as exc:
        raise _fail(exc) from exc
    sealed_to = f"the key {recipient}" if recipient is not None else "the passphrase"
    click.echo(f"wrote {out}: {files} files, sealed to {sealed_to}.")
    if head is not None:
        click.echo(f"tree head in the backup: size {head.size}, root {head.root}")
    if include_keys:
        click.echo("The backup holds the case's private keys: keep it as safe as the case.")
    else:
        click.echo(
            "The backup holds no private keys: keep keys/ of the case safe apart, "
            "or back up with --include-keys."
        )


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--identity",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The X25519 private key (PEM) that opens a backup sealed with --recipient.",
)
@click.option(
    "--allow-unsealed",
    is_flag=True,
    help="Accept a plain zip written by dadkhah before backups were sealed.",
)
@click.pass_context
def restore_command(
    ctx: click.Context, archive: Path, identity: Path | None, allow_unsealed: bool
) -> None:
    """Open the backup ARCHIVE into the new case folder given by --case, then verify it."""
    from dadkhah.core.backup_crypto import (
        Header,
        key_from_identity,
        key_from_passphrase,
        load_identity,
    )
    from dadkhah.core.case import open_case
    from dadkhah.pipelines.backup import restore_backup

    target = case_dir_option(ctx)
    if target is None:
        raise click.UsageError("Name the new case folder: dadkhah --case NEW_DIR restore ARCHIVE.")

    def unlock(header: Header) -> bytes:
        if identity is not None:
            key = load_identity(_read_key_file(identity, "--identity"), where=str(identity))
            return key_from_identity(header, key, where=str(archive))
        return key_from_passphrase(header, _passphrase(confirm=False), where=str(archive))

    try:
        with _bar(None, "B", "restore") as bar:
            restored = restore_backup(
                archive,
                target,
                unlock=unlock,
                allow_unsealed=allow_unsealed,
                progress=bar.update,
            )
        case = open_case(target)
    except DadkhahError as exc:
        raise _fail(exc) from exc
    setup_django(case)
    if restored.database == "database.json":
        from dadkhah.web.custody.backups import case_load_dump

        case_load_dump(case.root / "database.json")
        (case.root / "database.json").unlink()
    from dadkhah.web.custody.verification import case_verify

    report = case_verify(case=case)
    for p in report.problems:
        click.echo(f"FAIL {p}")
    click.echo(f"restored {restored.files} files into {target}.")
    if not restored.private_keys:
        click.echo(
            "The backup held no private keys: put the case's keys/ files back before "
            "adding to the case, or it cannot sign its custody log."
        )
    click.echo(f"tree head: size {report.tree_size}, root {report.root}")
    expected = restored.head
    if expected is not None and (expected.size, expected.root) != (report.tree_size, report.root):
        click.echo(f"FAIL the backup recorded tree head size {expected.size}, root {expected.root}")
        ctx.exit(1)
    if not report.ok:
        ctx.exit(1)
    click.echo("VERIFIED: the restored case has the tree head recorded in the backup.")


def register(group: click.Group) -> None:
    """Add the backup and restore commands to the `dadkhah` group."""
    group.add_command(backup_command)
    group.add_command(restore_command)
