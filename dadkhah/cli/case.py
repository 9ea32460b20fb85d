"""Commands that create, serve and demonstrate a case."""

from __future__ import annotations

import os
from pathlib import Path

import click

from dadkhah.cli.context import require_case, setup_django
from dadkhah.core.case import CALENDARS, LANGUAGES, init_case, open_case
from dadkhah.core.errors import DadkhahError


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="The case's name (default: the folder's name).")
@click.option("--language", type=click.Choice(LANGUAGES), default="fa", show_default=True)
@click.option("--calendar", type=click.Choice(CALENDARS), default="jalali", show_default=True)
@click.option("--time-zone", default="Asia/Tehran", show_default=True)
def init_command(
    directory: Path, name: str | None, language: str, calendar: str, time_zone: str
) -> None:
    """Create a new case folder DIRECTORY with an empty database."""
    try:
        case = init_case(
            directory, name=name, language=language, calendar=calendar, time_zone=time_zone
        )
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    setup_django(case)
    click.echo(f"Created case {case.config.name!r} in {directory}")


def _serve(port: int) -> None:
    from waitress import serve

    from dadkhah.web.wsgi import application

    click.echo(f"Serving on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
    try:
        serve(
            application,
            host="127.0.0.1",
            port=port,
            threads=8,
            ident="dadkhah",
            max_request_body_size=upload_limit(),
        )
    finally:
        _sign_pending_reads()


def _sign_pending_reads() -> None:
    """At shutdown, sign a head over the page views that wait for their batch."""
    from django.conf import settings

    from dadkhah.web.custody.services import custody_sign_pending

    assert settings.CASE is not None  # serve runs after require_case (or demo) opened one
    head = custody_sign_pending(case=settings.CASE)
    if head is not None:
        click.echo(f"signed the custody log's waiting reads: head size {head.size}")


def upload_limit() -> int:
    """The largest request body `serve` accepts: one evidence file and its form.

    One setting governs a file's size, `[evidence] max_file_bytes` in case.toml (64 GiB
    unless set): the CLI and the web upload obey the same limit. waitress would otherwise
    stop every body at its own default of 1 GiB. 1 MiB on top leaves room for the form's
    other fields and the multipart boundaries.
    """
    from django.conf import settings

    from dadkhah.web.evidence.services import store_limits

    assert settings.CASE is not None  # serve runs after require_case (or demo) opened one
    return store_limits(settings.CASE).max_file_bytes + 1024 * 1024


@click.command("serve")
@click.option("--port", type=int, default=8000, show_default=True)
@click.pass_context
def serve_command(ctx: click.Context, port: int) -> None:
    """Serve the web app for the case on http://127.0.0.1:PORT."""
    require_case(ctx)
    _serve(port)


#: Kept in step with dadkhah/web/accounts/roles.py (ROLES, ALIASES) and clearance.LEVELS
#: by tests/cli/test_createuser_roles.py; written out so that --help needs no Django.
ROLE_CHOICES = (
    "admin", "investigator", "analyst", "legal_officer", "witness_liaison", "reviewer",
    "read_only", "viewer",
)  # fmt: skip
CLEARANCE_CHOICES = ("public", "restricted", "strictly_confidential")


@click.command("createuser")
@click.argument("username")
@click.option(
    "--role",
    type=click.Choice(ROLE_CHOICES),
    default="investigator",
    show_default=True,
    help="What the user may do (docs/security.md, roles and permissions).",
)
@click.option(
    "--clearance",
    type=click.Choice(CLEARANCE_CHOICES),
    default=None,
    help="The highest confidentiality level the user may read "
    "(default: strictly_confidential for admin and witness_liaison, else restricted).",
)
@click.password_option(envvar="DADKHAH_PASSWORD")
@click.option(
    "--totp",
    is_flag=True,
    help="Set up the second factor now and print its secret, setup link and recovery codes.",
)
@click.pass_context
def createuser_command(
    ctx: click.Context,
    username: str,
    role: str,
    clearance: str | None,
    password: str,
    totp: bool,
) -> None:
    """Create a user of the case's web app (password from the prompt or DADKHAH_PASSWORD)."""
    require_case(ctx)
    from dadkhah.web.accounts.second_factor import hand_over_lines, second_factor_hand_over
    from dadkhah.web.accounts.services import user_create

    try:
        user = user_create(username=username, password=password, role=role, clearance=clearance)
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created user {username!r} ({role}).")
    if totp:
        click.echo("Give these to the user in person; they are not shown again:")
        for line in hand_over_lines(*second_factor_hand_over(user=user)):
            click.echo(line)
    else:
        click.echo(
            "At the first login the user sets up an authenticator app: the page shows a QR "
            "code to scan, then asks for a code from the app."
        )


@click.command("demo")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo-case"),
    show_default=True,
    help="Where the demo case is built.",
)
@click.option(
    "--persons", type=int, default=3000, show_default=True, help="Size of the synthetic case."
)
@click.option("--seed", type=int, default=1988, show_default=True)
@click.option("--no-serve", is_flag=True, help="Build the demo case and stop.")
def demo_command(directory: Path, port: int, persons: int, seed: int, no_serve: bool) -> None:
    """Build the synthetic demo case and serve it (user `demo`)."""
    from dadkhah.cli.context import CASE_ENV

    if (directory / "case.toml").exists():
        case = open_case(directory)
        setup_django(case)
        click.echo(f"Using the existing demo case in {directory} (delete it to rebuild).")
    else:
        case = init_case(directory, name="Demo case (synthetic)", synthetic=True)
        setup_django(case)
        from dadkhah.web.demo import demo_case_build

        demo_case_build(case=case, persons=persons, seed=seed, echo=click.echo)
    from dadkhah.web.accounts.second_factor import hand_over_lines, second_factor_hand_over
    from dadkhah.web.accounts.services import demo_user_ensure

    password = demo_user_ensure(password=os.environ.get("DADKHAH_DEMO_PASSWORD"))
    from django.contrib.auth.models import User

    demo_user = User.objects.get(username="demo")
    os.environ[CASE_ENV] = str(directory.resolve())
    click.echo("")
    click.echo(f"  Log in at http://127.0.0.1:{port}/ as user: demo  password: {password}")
    click.echo("  Then the second factor: scan the setup link with an authenticator app, or use")
    click.echo("  a recovery code.")
    for line in hand_over_lines(*second_factor_hand_over(user=demo_user, keep_existing=True)):
        click.echo(line)
    click.echo("  (This case is synthetic: every person in it is fictional.)")
    click.echo("")
    if not no_serve:
        _serve(port)


def register(group: click.Group) -> None:
    for command in (init_command, serve_command, createuser_command, demo_command):
        group.add_command(command)
