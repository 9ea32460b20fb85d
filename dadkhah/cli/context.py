"""What every command shares: the chosen case and a Django set up for it."""

from __future__ import annotations

import os
from pathlib import Path

import click

from dadkhah.core.case import Case, open_case
from dadkhah.core.errors import DadkhahError

CASE_ENV = "DADKHAH_CASE"


def case_dir_option(ctx: click.Context) -> Path | None:
    """The --case folder given to the group, or DADKHAH_CASE, or None."""
    obj = ctx.find_root().obj or {}
    value = obj.get("case_dir") or os.environ.get(CASE_ENV)
    return Path(value) if value else None


def require_case(ctx: click.Context, *, django: bool = True) -> Case:
    """Open the case named by --case / DADKHAH_CASE and set Django up for it.

    Raises a click.UsageError (exit 2, message on stderr) when no case is named,
    and a ClickException when the folder is not a usable case.
    """
    root = case_dir_option(ctx)
    if root is None:
        raise click.UsageError(
            f"No case: pass --case DIR before the command (dadkhah --case DIR …) or set {CASE_ENV}."
        )
    try:
        case = open_case(root)
    except DadkhahError as exc:
        raise click.ClickException(str(exc)) from exc
    if django:
        setup_django(case)
    return case


def protect_database_file(path: Path) -> None:
    """Make the SQLite file readable by its owner only (0600), creating it empty if new.

    The case database holds every record and the audit trail, so nobody else on the
    machine reads it. SQLite gives its -wal and -shm files the mode of the database file,
    so they follow. Created here with O_EXCL, it is never world-readable, not even
    for a moment between create and chmod.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if path.stat().st_mode & 0o077:
            os.chmod(path, 0o600)
        return
    os.close(fd)


def setup_django(case: Case, *, migrate: bool = True) -> None:
    """Point Django at the case's database and bring its tables up to date."""
    os.environ[CASE_ENV] = str(case.root.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dadkhah.web.settings")
    import django
    from django.conf import settings

    if not settings.configured or not getattr(setup_django, "_done", False):
        django.setup()
        setup_django._done = True  # type: ignore[attr-defined]
    db = settings.DATABASES["default"]
    # Only the case's own file: a test run's in-memory database ("file:…?mode=memory")
    # or another path named by DATABASE_URL is not ours to create or chmod.
    if db["ENGINE"] == "django.db.backends.sqlite3" and str(db["NAME"]) == str(
        case.database_path.resolve()
    ):
        protect_database_file(case.database_path)
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
