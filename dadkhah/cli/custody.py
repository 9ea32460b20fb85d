"""Custody commands for rollback detection: publish heads, make witness keys, cosign heads.

They join the `dadkhah custody` group (defined with `custody timestamp` in
:mod:`dadkhah.cli.evidence`); `verify --since` reads what they write.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import click

from dadkhah.cli.context import require_case
from dadkhah.core.errors import DadkhahError, InputError


def _read(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the {what} ({exc}).") from exc


def read_since(since: Path | None, witness_keys: tuple[Path, ...]) -> tuple[str | None, list]:  # type: ignore[type-arg]
    """The kept head's text and the witness keys for `verify --since`.

    Raises:
        InputError: Witness keys without --since, or a key file that is not a cosigner key.
    """
    from dadkhah.core.custody.note import NoteError
    from dadkhah.core.custody.witness import WitnessVerifier

    if witness_keys and since is None:
        raise InputError("--witness-key checks the cosignatures of a kept head: give --since too.")
    witnesses = []
    for path in witness_keys:
        try:
            witnesses.append(WitnessVerifier.from_vkey(_read(path, "witness key")))
        except NoteError as exc:
            raise InputError(f"{path}: {exc}") from exc
    return (_read(since, "kept head") if since is not None else None), witnesses


@click.command("publish")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the signed head to this file (default: print it).",
)
@click.pass_context
def custody_publish_command(ctx: click.Context, out: Path | None) -> None:
    """Write the current signed tree head (a C2SP checkpoint) for distribution."""
    case = require_case(ctx)
    from dadkhah.core.custody.keys import key_fingerprint, load_case_verifier
    from dadkhah.web.custody.services import custody_publish

    try:
        head = custody_publish(case=case)
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    if out is None:
        click.echo(head.note, nl=False)
        return
    out.write_text(head.note, encoding="utf-8")
    fingerprint = key_fingerprint(load_case_verifier(case.keys_dir).public_key)
    click.echo(f"wrote {out}: signed head, size {head.size}, root {head.root}")
    click.echo(f"case key fingerprint {fingerprint} (publish it with the head)")


@click.command("witness-key")
@click.argument("name")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Writes OUT.key (private, mode 0600) and OUT.pub (give it to those who verify).",
)
def custody_witness_key_command(name: str, out: Path) -> None:
    """Make a witness (cosigner) key pair for another office, named NAME (e.g. ngo.example/w1)."""
    from dadkhah.core.custody.note import NoteError
    from dadkhah.core.custody.witness import WitnessSigner

    try:
        signer = WitnessSigner.generate(name)
    except NoteError as exc:
        raise click.ClickException(str(exc)) from exc
    private, public = out.with_name(out.name + ".key"), out.with_name(out.name + ".pub")
    for path in (private, public):
        if path.exists():
            raise click.ClickException(f"{path} exists; choose another --out.")
    fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(signer.to_skey() + "\n")
    public.write_text(signer.verifier().to_vkey() + "\n", encoding="utf-8")
    click.echo(f"wrote {private} (keep it secret) and {public}")


@click.command("cosign")
@click.argument("head_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--key",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The witness's private key (`custody witness-key`).",
)
@click.option(
    "--log-key",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The case's public key (keys/custody.pub), to check the head before cosigning.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the cosignature line here (default: print it); append it to the head file.",
)
def custody_cosign_command(head_file: Path, key: Path, log_key: Path, out: Path | None) -> None:
    """Cosign the signed head HEAD_FILE as a witness (C2SP tlog-cosignature v1), offline."""
    from dadkhah.core.custody.note import Ed25519Verifier, NoteError, open_note, parse_checkpoint
    from dadkhah.core.custody.witness import WitnessSigner

    try:
        signer = WitnessSigner.from_skey(_read(key, "witness key"))
        log = Ed25519Verifier.from_vkey(_read(log_key, "case key").strip())
        note = _read(head_file, "signed head")
        parse_checkpoint(open_note(note, [log]).text, origin=log.name)
        line = signer.cosign(note, timestamp=int(time.time()))
    except (NoteError, InputError) as exc:
        raise click.ClickException(f"{head_file}: not cosigned: {exc}") from exc
    if out is None:
        click.echo(line, nl=False)
        return
    out.write_text(line, encoding="utf-8")
    click.echo(f"wrote {out}: cosignature by {signer.name}")


def register(group: click.Group) -> None:
    """Add publish, witness-key and cosign to the `dadkhah custody` group."""
    from dadkhah.cli.evidence import custody_group

    for command in (custody_publish_command, custody_witness_key_command, custody_cosign_command):
        custody_group.add_command(command)
