"""`dadkhah submit wgeid`: one submission per disappeared person for the UN Working Group.

Thin: parse, call :func:`dadkhah.web.exports.wgeid.wgeid_submit`, print. The submission
runs as the user named by ``--as``, holds what that user's pages show and what the
witnesses consented to share with a UN mechanism, and is audited. Django loads inside
the command, never when ``dadkhah --help`` runs.
"""

from __future__ import annotations

from pathlib import Path

import click

from dadkhah.cli.context import require_case
from dadkhah.core.errors import DadkhahError


@click.group("submit")
def submit_group() -> None:
    """Write submissions to international mechanisms."""


@submit_group.command("wgeid")
@click.option(
    "--person",
    "persons",
    required=True,
    multiple=True,
    metavar="P-…",
    help="The disappeared person's public id (repeatable: one submission each).",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="The folder to write (refused if it exists, unless --force).",
)
@click.option(
    "--as",
    "username",
    required=True,
    help="The user the submission runs as: it holds what their pages show, and is audited.",
)
@click.option(
    "--confidential-submitter",
    is_flag=True,
    help="Ask the Working Group to keep the submitter confidential; leave its name out.",
)
@click.option("--force", is_flag=True, help="Replace the output folder if it exists.")
@click.pass_context
def wgeid_command(
    ctx: click.Context,
    persons: tuple[str, ...],
    out: Path,
    username: str,
    confidential_submitter: bool,
    force: bool,
) -> None:
    """Write a WGEID submission (Markdown and JSON, in English) per person into OUT.

    Every element the Working Group's form asks for must be in the case; otherwise each
    missing one is listed and nothing is written.
    """
    from dadkhah.pipelines.wgeid import check_out

    try:
        check_out(out, force=force)
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    case = require_case(ctx)
    from dadkhah.web.exports.services import user_by_username
    from dadkhah.web.exports.wgeid import wgeid_submit

    try:
        written = wgeid_submit(
            case=case,
            user=user_by_username(username),
            persons=persons,
            out=out,
            confidential=confidential_submitter,
            force=force,
        )
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"wrote {out}: {len(written) // 2} submission(s), {len(written)} file(s).")


def register(group: click.Group) -> None:
    """Add the submit group to the `dadkhah` group."""
    group.add_command(submit_group)
