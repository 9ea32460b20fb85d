"""Export one table of the case for a user: access checked, rows filtered, file written, audited.

The one entry point of ``dadkhah export`` (issue 14, "Exports"). Exports need the role
capability ``export`` (:mod:`dadkhah.web.accounts.roles`: "bundles, reports and CSV
exports, each export logged"); a refusal is audited as a denied access, as the pages
audit theirs. What the file holds is what the user's pages show
(:mod:`dadkhah.web.exports.selectors`), and the export is one audit entry, outcome
``export``, naming the table and every protected object in it, written before the file
takes its name: nothing leaves the case that the custody log does not record (OWASP
ASVS 5.0 V16.3.1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dadkhah.core.errors import InputError
from dadkhah.pipelines.export import (
    TABLES,
    Column,
    ExportError,
    check_request,
    check_where,
    filter_rows,
    parse_where,
    write_table,
)
from dadkhah.web.accounts.clearance import is_protected, level_rank
from dadkhah.web.accounts.roles import EXPORT, User, user_can
from dadkhah.web.audit.services import DENIED, audit_record
from dadkhah.web.audit.services import EXPORT as EXPORTED
from dadkhah.web.exports.selectors import Exported, exported_table


class ExportRefused(InputError):
    """The user may not export (no role grants ``export``)."""


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote."""

    path: Path
    table: str
    format: str
    rows: int
    columns: list[Column]


def user_by_username(username: str) -> User:
    """The active user ``username``, or an anonymous user (who may do nothing)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser

    found = get_user_model().objects.filter(username=username, is_active=True).first()
    return found if found is not None else AnonymousUser()


def check_may_export(user: User, table: str) -> None:
    """Refuse (and audit the refusal) a user whose roles do not grant exports.

    Raises:
        ExportRefused: no role of the user's grants ``export``.
    """
    if not user_can(user, EXPORT):
        audit_record(user=user, outcome=DENIED, objects=[f"capability:{EXPORT}", f"export:{table}"])
        raise ExportRefused(
            "this user may not export: no role of theirs grants it (see docs/security.md, "
            "Roles and permissions). Give --as (or user=) a user with a role that exports."
        )


def _audit_export(*, user: User, table: str, fmt: str, exported: Exported, n: int) -> None:
    """The one audit entry of an export: the table, the row count, every protected object."""
    protected = [(ref, lvl) for ref, lvl in exported.refs if is_protected(lvl)]
    top = max((lvl for _r, lvl in protected), key=level_rank, default="")
    audit_record(
        user=user,
        outcome=EXPORTED,
        objects=[f"export:{table}:{fmt}:{n} rows", *(ref for ref, _l in protected)],
        items=exported.items,
        level=top,
    )


def table_export(
    *,
    user: User,
    table: str,
    fmt: str,
    out: Path,
    where: Sequence[str] = (),
    by: str | None = None,
    force: bool = False,
) -> ExportResult:
    """Write ``table`` as ``user`` may see it to ``out`` in ``fmt``; audited.

    Args:
        where: ``FIELD=VALUE`` terms; a row goes in when every field holds one of
            its values (the same field twice: either value).
        by: The stratum of the capture-histories table (as ``estimate --by``).
        force: Replace ``out`` if it exists.

    Raises:
        ExportError: unknown table or format, an existing ``out`` without
            ``force``, a --where on a field the table lacks.
        ExportRefused: the user's roles do not grant exports.
    """
    out = Path(out)
    check_request(table=table, fmt=fmt, out=out, force=force)
    terms = parse_where(where)
    check_may_export(user, table)
    exported = exported_table(user=user, table=table, by=by)
    check_where(terms, exported.columns)

    def audit(n: int) -> None:
        _audit_export(user=user, table=table, fmt=fmt, exported=exported, n=n)

    n = write_table(
        out=out,
        table=table,
        fmt=fmt,
        columns=exported.columns,
        rows=filter_rows(exported.rows, terms),
        force=force,
        before_rename=audit,
    )
    return ExportResult(path=out, table=table, format=fmt, rows=n, columns=exported.columns)


#: How the audit entry names a table handed to Python (``export:persons:python:12 rows``).
PYTHON = "python"


@dataclass(frozen=True)
class TableRead:
    """A table read into memory for the Python API: its columns and rows."""

    table: str
    columns: list[Column]
    rows: list[dict[str, Any]]


def table_read(*, user: User, table: str, by: str | None = None) -> TableRead:
    """``table`` as ``user`` may see it, in memory, audited as an export is.

    The same rows as :func:`table_export` writes (the same selectors, the same refusal
    and the same audit entry, format ``python``): :mod:`dadkhah.api` hands them to
    pandas. The entry is written after the rows are read and before they are returned.

    Raises:
        ExportError: unknown table, or ``by`` for another table than capture-histories.
        ExportRefused: the user's roles do not grant exports.
    """
    if table not in TABLES:
        raise ExportError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}.")
    check_may_export(user, table)
    exported = exported_table(user=user, table=table, by=by)
    rows = [dict(r) for r in exported.rows]
    _audit_export(user=user, table=table, fmt=PYTHON, exported=exported, n=len(rows))
    return TableRead(table=table, columns=list(exported.columns), rows=rows)
