"""Commands for an admin to restore a user's access (there is no e-mail to do it)."""

from __future__ import annotations

import click

from dadkhah.cli.context import require_case
from dadkhah.cli.evidence import _actor, actor_option
from dadkhah.core.errors import DadkhahError


@click.group("user")
def user_group() -> None:
    """Manage the users of the case's web app."""


@user_group.command("reset")
@click.argument("username")
@click.option(
    "--password",
    "new_password",
    is_flag=True,
    help="Set a new password (asked twice, or from DADKHAH_PASSWORD).",
)
@click.option(
    "--second-factor",
    is_flag=True,
    help="Remove the user's authenticator and recovery codes; they set up a new one at login.",
)
@actor_option
@click.pass_context
def user_reset_command(
    ctx: click.Context,
    username: str,
    new_password: bool,
    second_factor: bool,
    actor: str | None,
) -> None:
    """Unlock USERNAME after failed logins; optionally reset the password or second factor.

    Every reset is entered in the custody log (who reset whom, and what).
    """
    import os

    case = require_case(ctx)
    from dadkhah.web.accounts.account_events import user_access_reset

    password = None
    if new_password:
        password = os.environ.get("DADKHAH_PASSWORD") or click.prompt(
            "New password", hide_input=True, confirmation_prompt=True
        )
    try:
        result = user_access_reset(
            case=case,
            actor=_actor(actor),
            username=username,
            password=password,
            second_factor=second_factor,
        )
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Unlocked {username!r} ({result.unlocked} lockout record(s) removed).")
    if result.password:
        click.echo(f"Set a new password for {username!r}.")
    if result.second_factor:
        click.echo(
            f"Removed the second factor of {username!r}: at the next login they set up a new "
            "authenticator."
        )


def register(group: click.Group) -> None:
    group.add_command(user_group)
