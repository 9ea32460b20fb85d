"""Witness commands: add (identity sealed in the vault), list, show/reveal, consent, harm checks.

Thin: parse, call dadkhah.web.witnesses.services or selectors, print. Identity fields are
never printed except by `witness show --reveal` for a cleared user, and that reveal is
logged in the custody log.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime

import click

from dadkhah.cli.context import require_case
from dadkhah.cli.evidence import _actor, actor_option
from dadkhah.core.case import Case
from dadkhah.core.consent import RISKS, USES
from dadkhah.core.errors import DadkhahError
from dadkhah.core.vault import KeyringSource


def _ask_passphrase() -> Callable[[], str] | None:
    if not sys.stdin.isatty():
        return None
    return lambda: click.prompt("Vault passphrase", hide_input=True)


def open_keyring(case: Case) -> KeyringSource:
    """The case keyring, asking for a passphrase at a terminal when the key file has one."""
    from dadkhah.web.witnesses.services import case_keyring

    try:
        return case_keyring(case, ask_passphrase=_ask_passphrase())
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc


def _when(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter("give an ISO 8601 time with a zone", param_hint=option) from exc
    if when.tzinfo is None:
        raise click.BadParameter("give a time zone (e.g. +00:00 or Z)", param_hint=option)
    return when.astimezone(UTC)


@click.group("witness")
def witness_group() -> None:
    """Witnesses: identities sealed in the vault, known elsewhere by pseudonym only."""


@witness_group.command("add")
@click.option("--name", required=True, help="The witness's name (sealed, never shown).")
@click.option("--contact", default="", help="Phone, e-mail, messenger (sealed).")
@click.option("--location", default="", help="Where the witness lives (sealed).")
@click.option("--relations", default="", help="Relatives in the case, how related (sealed).")
@click.option("--details", default="", help="Other identifying details (sealed).")
@click.option(
    "--risk",
    type=click.Choice(RISKS),
    default="high",
    show_default=True,
    help="Risk to the witness if identified.",
)
@click.pass_context
def witness_add_command(
    ctx: click.Context,
    name: str,
    contact: str,
    location: str,
    relations: str,
    details: str,
    risk: str,
) -> None:
    """Add a witness and print the new pseudonym (W-0042)."""
    case = require_case(ctx)
    source = open_keyring(case)
    from dadkhah.web.witnesses.services import witness_add

    try:
        witness = witness_add(
            keyring=source.keyring,
            name=name,
            contact=contact,
            location=location,
            relations=relations,
            details=details,
            risk=risk,
        )
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(witness.pseudonym)


@witness_group.command("list")
@click.pass_context
def witness_list_command(ctx: click.Context) -> None:
    """List witnesses by pseudonym, with risk level and the uses consented to now."""
    require_case(ctx)
    from dadkhah.web.witnesses.selectors import consent_allows, witnesses_by_pseudonym

    for witness in witnesses_by_pseudonym():
        uses = [u for u in USES if consent_allows(witness, u)]
        sealed = "sealed" if witness.identity_id is not None else "no identity"
        click.echo(
            f"{witness.pseudonym}\t{witness.risk_level}\t{sealed}\t"
            f"consent: {', '.join(uses) or 'none'}"
        )


@witness_group.command("show")
@click.argument("pseudonym")
@click.option("--reveal", is_flag=True, help="Also show the sealed identity (cleared users).")
@click.option(
    "--as",
    "username",
    help="The user revealing (must be an admin or witness liaison); needed with --reveal.",
)
@click.pass_context
def witness_show_command(
    ctx: click.Context, pseudonym: str, reveal: bool, username: str | None
) -> None:
    """Show a witness: risk, consent history, harm checks; --reveal --as USER for the identity."""
    case = require_case(ctx)
    from dadkhah.web.witnesses.selectors import consent_history, harm_check_history
    from dadkhah.web.witnesses.services import witness_get, witness_reveal

    if reveal and not username:
        raise click.UsageError("--reveal needs --as USER: the reveal is logged under that user.")
    try:
        witness = witness_get(pseudonym)
        if reveal:
            from django.contrib.auth.models import AnonymousUser, User

            user = User.objects.filter(username=username).first() or AnonymousUser()
            shown = witness_reveal(
                case=case,
                keyring=open_keyring(case).keyring,
                pseudonym=pseudonym,
                user=user,
                actor=f"cli:{username}",
            )
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"pseudonym: {witness.pseudonym}")
    click.echo(f"risk: {witness.risk_level}")
    if reveal:
        for name, value in shown.fields.items():
            click.echo(f"{name}: {value}")
    click.echo("consent:")
    for entry in consent_history(witness):
        line = f"  {entry.obtained_at:%Y-%m-%d %H:%M} {entry.use} {entry.decision} by {entry.obtained_by}"
        click.echo(line + (f" ({entry.note})" if entry.note else ""))
    click.echo("do-no-harm checks:")
    for check in harm_check_history(witness):
        click.echo(
            f"  {check.checked_at:%Y-%m-%d %H:%M} {check.use} {check.outcome} by {check.checked_by}"
        )


@witness_group.command("consent")
@click.argument("pseudonym")
@click.option("--use", required=True, type=click.Choice(USES), help="The use consented to.")
@click.option("--grant/--withdraw", default=None, help="Grant, or withdraw, consent to the use.")
@click.option("--by", "obtained_by", required=True, help="Who obtained the consent.")
@click.option("--at", "obtained_at", help="When, ISO 8601 with a time zone (default: now).")
@click.option("--note", default="", help="How it was obtained (no identifying details).")
@actor_option
@click.pass_context
def witness_consent_command(
    ctx: click.Context,
    pseudonym: str,
    use: str,
    grant: bool | None,
    obtained_by: str,
    obtained_at: str | None,
    note: str,
    actor: str | None,
) -> None:
    """Record a grant or a withdrawal of consent for one use (kept as a history)."""
    if grant is None:
        raise click.UsageError("say --grant or --withdraw.")
    require_case(ctx)
    from dadkhah.web.witnesses.services import consent_record, witness_get

    try:
        entry = consent_record(
            witness=witness_get(pseudonym),
            use=use,
            grant=grant,
            obtained_by=obtained_by,
            obtained_at=_when(obtained_at, "--at"),
            note=note,
            actor=_actor(actor),
        )
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{pseudonym}: {use} {entry.decision}")


@witness_group.command("harm-check")
@click.argument("pseudonym")
@click.option("--use", required=True, type=click.Choice(USES), help="The disclosure checked.")
@click.option("--cleared/--not-cleared", default=None, help="The outcome of the check.")
@click.option("--by", "checked_by", required=True, help="Who made the check.")
@click.option("--note", default="", help="The reasoning (no identifying details).")
@click.pass_context
def witness_harm_check_command(
    ctx: click.Context,
    pseudonym: str,
    use: str,
    cleared: bool | None,
    checked_by: str,
    note: str,
) -> None:
    """Record a do-no-harm check (needed before disclosing anything of a high-risk witness)."""
    if cleared is None:
        raise click.UsageError("say --cleared or --not-cleared.")
    require_case(ctx)
    from dadkhah.web.witnesses.services import harm_check_record, witness_get

    try:
        check = harm_check_record(
            witness=witness_get(pseudonym),
            use=use,
            cleared=cleared,
            checked_by=checked_by,
            note=note,
        )
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{pseudonym}: {use} {check.outcome}")


def register(group: click.Group) -> None:
    """Add the witness commands to the `dadkhah` group."""
    group.add_command(witness_group)
