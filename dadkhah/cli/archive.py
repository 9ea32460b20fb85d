"""`dadkhah archive` and `dadkhah restore-archive`: the whole case at the end of a mandate.

Thin: parse, call :func:`dadkhah.web.custody.archives.case_archive` or the restore
steps (:mod:`dadkhah.pipelines.archive`, then the database and the checks), print.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from dadkhah.cli.backup import _passphrase, _read_key_file
from dadkhah.cli.context import case_dir_option, require_case, setup_django
from dadkhah.cli.evidence import _bar, _fail
from dadkhah.core.errors import DadkhahError


@click.command("archive")
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="The archive (a zip) to write; refused if it exists, unless --force.",
)
@click.option(
    "--as",
    "username",
    required=True,
    help="The admin who archives the case (logged; other roles are refused).",
)
@click.option(
    "--recipient",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Seal the sealed part to this X25519 public key (PEM) instead of a passphrase.",
)
@click.option(
    "--include-keys",
    is_flag=True,
    help="Put the case's private keys (keys/) in the sealed part too.",
)
@click.option("--force", is_flag=True, help="Replace the archive if it exists.")
@click.pass_context
def archive_command(
    ctx: click.Context,
    out: Path,
    username: str,
    recipient: Path | None,
    include_keys: bool,
    force: bool,
) -> None:
    """Archive the whole case into one verifiable zip: evidence, database, custody log, consent."""
    case = require_case(ctx)
    from dadkhah.core.backup_crypto import load_recipient, seal_to_passphrase, seal_to_recipient
    from dadkhah.web.custody.archives import case_archive
    from dadkhah.web.exports.services import user_by_username

    def seal() -> tuple[bytes, bytes]:
        if recipient is not None:
            key = _read_key_file(recipient, "--recipient")
            return seal_to_recipient(load_recipient(key, where=str(recipient)))
        return seal_to_passphrase(_passphrase(confirm=True))

    try:
        with _bar(None, "B", "archive") as bar:
            result = case_archive(
                case=case,
                out=out,
                user=user_by_username(username),
                force=force,
                seal=seal,
                include_keys=include_keys,
                progress=bar.update,
            )
    except DadkhahError as exc:
        raise _fail(exc) from exc
    click.echo(
        f"wrote {result.path}: {result.items} item(s), the database, the custody log and "
        f"consent records; signed tree head of size {result.tree_size}."
    )
    if result.sealed_items or result.sealed_keys:
        sealed_to = f"the key {recipient}" if recipient is not None else "the passphrase"
        click.echo(
            f"sealed to {sealed_to}: {result.sealed_items} testimony item(s), "
            f"{result.sealed_keys} private key file(s)."
        )
    click.echo(f"case key fingerprint: {result.fingerprint}")
    click.echo(f"verifier: {result.verifier} SHA-256 {result.verifier_sha256}")
    click.echo(f"check it anywhere with: python3 verify.py {result.path.name}")
    if not include_keys:
        click.echo(
            "The archive holds no private key: keep keys/ (the vault key opens the witness "
            "identities) safe apart, as long as the archive is kept."
        )


@click.command("restore-archive")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key", "pin", help="The case key fingerprint to expect (SHA-256 hex).")
@click.option(
    "--identity",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The X25519 private key (PEM) that opens a sealed part sealed with --recipient.",
)
@click.pass_context
def restore_archive_command(
    ctx: click.Context, archive: Path, pin: str | None, identity: Path | None
) -> None:
    """Verify ARCHIVE, then restore it into the new case folder given by --case."""
    from dadkhah.core.backup_crypto import (
        Header,
        key_from_identity,
        key_from_passphrase,
        load_identity,
    )
    from dadkhah.core.case import open_case
    from dadkhah.pipelines.archive import RESTORE_DIR, archive_open, archive_unpack

    def unlock(header: Header) -> bytes:
        if identity is not None:
            key = load_identity(_read_key_file(identity, "--identity"), where=str(identity))
            return key_from_identity(header, key, where=str(archive))
        return key_from_passphrase(header, _passphrase(confirm=False), where=str(archive))

    target = case_dir_option(ctx)
    if target is None:
        raise click.UsageError(
            "Name the new case folder: dadkhah --case NEW_DIR restore-archive ARCHIVE."
        )
    try:
        opened = archive_open(archive, pin=pin)
        with _bar(None, "B", "restore") as bar:
            unpacked = archive_unpack(opened, target, unlock=unlock, progress=bar.update)
    except DadkhahError as exc:
        raise _fail(exc) from exc
    click.echo(f"verified {archive}: case key fingerprint {opened.fingerprint}")
    try:
        case = open_case(target)
        setup_django(case)
        from dadkhah.web.custody.archives import archive_check_restored
        from dadkhah.web.custody.backups import case_load_dump
        from dadkhah.web.custody.verification import case_verify

        case_load_dump(unpacked.database)
        check = archive_check_restored(
            custody=unpacked.custody, checkpoint_root=opened.root, export_entry=opened.export_entry
        )
        report = case_verify(case=case)
    except BaseException:
        # Nothing half-restored stays behind: the folder was made by this command.
        shutil.rmtree(target, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(target / RESTORE_DIR, ignore_errors=True)
    for p in [*check.problems, *report.problems]:
        click.echo(f"FAIL {p}")
    click.echo(
        f"restored {unpacked.items} item(s) and {check.entries} custody entries into {target}."
    )
    if not unpacked.private_keys:
        click.echo(
            "The archive held no private key: put the case's keys/ files back before adding "
            "to the case (the signing key) or opening witness identities (the vault key)."
        )
    click.echo("No password was archived: give each user a new one (dadkhah user reset NAME).")
    if check.problems or not report.ok:
        ctx.exit(1)
    click.echo(
        f"VERIFIED: the restored custody log is the archived one (signed tree head of size "
        f"{opened.tree_size}, root {opened.root}, with the archive's own entry)."
    )


def register(group: click.Group) -> None:
    """Add the archive and restore-archive commands to the `dadkhah` group."""
    group.add_command(archive_command)
    group.add_command(restore_archive_command)
