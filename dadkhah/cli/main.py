"""The `dadkhah` command group: every subcommand is registered here."""

from __future__ import annotations

import importlib
import sys

import click

from dadkhah import __version__

# Each module defines its click commands and `register(group)`. Keep this list
# sorted by area; a module's commands are documented in docs/cli.md.
COMMAND_MODULES = (
    "dadkhah.cli.archive",
    "dadkhah.cli.backup",
    "dadkhah.cli.case",
    "dadkhah.cli.custody",
    "dadkhah.cli.estimate",
    "dadkhah.cli.evidence",
    "dadkhah.cli.exports",
    "dadkhah.cli.imports",
    "dadkhah.cli.keys",
    "dadkhah.cli.linkage",
    "dadkhah.cli.report",
    "dadkhah.cli.sources",
    "dadkhah.cli.submit",
    "dadkhah.cli.synth",
    "dadkhah.cli.users",
    "dadkhah.cli.witness",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--case",
    "case_dir",
    type=click.Path(file_okay=False, path_type=str),
    envvar="DADKHAH_CASE",
    help="The case folder (or set DADKHAH_CASE).",
)
@click.version_option(__version__, prog_name="dadkhah")
@click.pass_context
def cli(ctx: click.Context, case_dir: str | None) -> None:
    """dadkhah: evidence and accountability for investigations of mass atrocities.

    Most commands work on a case folder: pass --case DIR before the command.
    """
    ctx.ensure_object(dict)
    ctx.obj["case_dir"] = case_dir


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(cli)


def main() -> None:
    """Entry point of the console script and of `python -m dadkhah`."""
    sys.exit(cli.main(prog_name="dadkhah", standalone_mode=True))
