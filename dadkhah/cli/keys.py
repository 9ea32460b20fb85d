"""Vault key commands: rotate the case master key."""

from __future__ import annotations

import click

from dadkhah.cli.context import require_case
from dadkhah.cli.witness import open_keyring
from dadkhah.core.errors import DadkhahError


@click.group("keys")
def keys_group() -> None:
    """The vault's master key (kept outside the database, see docs/vault.md)."""


@keys_group.command("rotate")
@click.pass_context
def keys_rotate_command(ctx: click.Context) -> None:
    """Re-wrap every data key under a new master key version; the old key is retired."""
    case = require_case(ctx)
    source = open_keyring(case)
    from dadkhah.web.witnesses.services import keys_rotate

    try:
        result = keys_rotate(source=source)
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    old = ", ".join(str(v) for v in result.old_versions)
    click.echo(
        f"re-wrapped {result.rewrapped} data key(s) under key version {result.new_version}; "
        f"version(s) {old} removed from {source.describe()}."
    )


@keys_group.command("protect")
@click.pass_context
def keys_protect_command(ctx: click.Context) -> None:
    """Seal the vault key file under a passphrase (for a laptop that may be lost)."""
    import os

    from dadkhah.core.vault import protect_keyring
    from dadkhah.core.vault.keyring import PASSPHRASE_ENV

    case = require_case(ctx)
    source = open_keyring(case)
    passphrase = os.environ.get(PASSPHRASE_ENV) or click.prompt(
        "New vault passphrase", hide_input=True, confirmation_prompt=True
    )
    try:
        protect_keyring(source, passphrase)
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"{source.describe()} is now sealed under the passphrase (scrypt); commands will ask "
        f"for it, or read ${PASSPHRASE_ENV}. Without it the identities cannot be opened."
    )


def register(group: click.Group) -> None:
    """Add the keys commands to the `dadkhah` group."""
    group.add_command(keys_group)
