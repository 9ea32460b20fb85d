"""The Python API for analysts: a case's tables as pandas DataFrames, as one user may see them.

::

    import dadkhah

    case = dadkhah.open_case("cases/1367", user="ana")
    persons = case.persons()
    histories = case.capture_histories(by="city")

Every table is read through :func:`dadkhah.web.exports.services.table_read`: the same
selectors, role and clearance rules, consent filters and audit entry as ``dadkhah
export TABLE --as USER`` (format ``python`` in the entry). ``user`` names whose rights
apply, as ``--as`` does; it is not a login: whoever can read the case folder can read its
database, so the folder's file permissions remain the first protection (docs/security.md).

Django and pandas load inside :func:`open_case` and the table methods, never on
``import dadkhah`` (``dadkhah/__init__.py`` makes ``open_case`` a lazy attribute).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dadkhah.core.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from dadkhah.core.case import Case

#: The case this process opened: Django serves one database per process.
_opened: Path | None = None


class ApiError(InputError):
    """The API cannot do what was asked (unknown user, another case already open …)."""


class AnalystCase:
    """An opened case, read as one user: each method returns a pandas DataFrame.

    Made by :func:`open_case`; every call reads the database afresh and is audited.
    """

    def __init__(self, case: Case, user: Any) -> None:
        self._case = case
        self._user = user

    @property
    def name(self) -> str:
        """The case's name (case.toml)."""
        return self._case.config.name

    @property
    def root(self) -> Path:
        """The case folder."""
        return self._case.root

    @property
    def user(self) -> str:
        """The user whose rights apply."""
        return str(self._user.get_username())

    def __repr__(self) -> str:
        return f"<dadkhah case {self.name!r} at {str(self.root)!r} as {self.user!r}>"

    def table(self, name: str, *, by: str | None = None) -> pd.DataFrame:
        """Any exported table (docs/exports.md) by name, e.g. ``"sources"`` or ``"evidence"``.

        Args:
            name: The table, as ``dadkhah export TABLE`` names it.
            by: For ``capture-histories`` only: the stratum (city, prison, affiliation,
                period, sex), as ``estimate --by``.

        Raises:
            ExportError: an unknown table, or ``by`` for another table.
            ExportRefused: the user may no longer export.
        """
        import pandas as pd
        import pyarrow as pa

        from dadkhah.pipelines.export import arrow_table
        from dadkhah.web.exports.services import table_read

        read = table_read(user=self._user, table=name, by=by)
        types = {
            pa.string(): pd.StringDtype(),
            pa.int64(): pd.Int64Dtype(),
            pa.float64(): pd.Float64Dtype(),
            pa.bool_(): pd.BooleanDtype(),
        }
        frame = arrow_table(name, read.columns, read.rows).to_pandas(types_mapper=types.get)
        frame.attrs["dadkhah.table"] = name
        frame.attrs["dadkhah.user"] = self.user
        return frame

    def persons(self) -> pd.DataFrame:
        """Persons the user may see (never a witness); one row each, ``person_id`` first."""
        return self.table("persons")

    def records(self) -> pd.DataFrame:
        """Records of the sources the user may read: normalized fields and ``raw.*`` columns."""
        return self.table("records")

    def claims(self) -> pd.DataFrame:
        """Claims the user may read, with their supporting sources (testimony by pseudonym)."""
        return self.table("claims")

    def capture_histories(self, by: str | None = None) -> pd.DataFrame:
        """The counts `estimate` reads: one row per stratum and pattern of lists, ``count`` last.

        Args:
            by: city, prison, affiliation, period or sex (None: one stratum, ``all``).
        """
        return self.table("capture-histories", by=by)


def _allow_notebook_loop() -> None:
    """Let Django's ORM run in a Jupyter kernel, whose cells run inside an event loop.

    Django refuses database calls from a thread with a running event loop, and its
    documentation names notebooks as the case for ``DJANGO_ALLOW_ASYNC_UNSAFE`` ("Async
    safety"): the calls here are synchronous and one at a time. Set only when a loop
    runs, never in the web server (which does not import this module).
    """
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def open_case(path: str | Path, *, user: str) -> AnalystCase:
    """Open the case folder ``path`` to read it as ``user``.

    Sets Django up for the case (as ``dadkhah --case PATH`` does) and checks the user
    once here, so that a wrong name fails at once rather than at the first table.

    Args:
        path: The case folder (holds case.toml).
        user: The username whose rights apply (an active user of this case).

    Raises:
        CaseError: ``path`` is not a usable case folder.
        ApiError: another case is already open in this process, or no active user
            ``user`` in this case.
        ExportRefused: the user's roles do not grant exports (the refusal is audited).
    """
    global _opened
    from dadkhah.cli.context import setup_django
    from dadkhah.core.case import open_case as open_folder

    case = open_folder(path)
    where = case.root.resolve()
    if _opened is not None and _opened != where:
        raise ApiError(
            f"this Python process has the case {_opened} open; one process reads one case. "
            "Restart the kernel (or start another Python) to open another."
        )
    _allow_notebook_loop()
    setup_django(case)
    _opened = where
    from django.contrib.auth.models import AnonymousUser

    from dadkhah.web.exports.services import check_may_export, user_by_username

    found = user_by_username(user)
    if isinstance(found, AnonymousUser):
        raise ApiError(
            f"no active user {user!r} in the case {case.config.name!r}; give the username "
            f"of an account of this case (an admin adds one with "
            f"`dadkhah --case {path} createuser NAME --role analyst`)."
        )
    check_may_export(found, "api")
    return AnalystCase(case, found)
