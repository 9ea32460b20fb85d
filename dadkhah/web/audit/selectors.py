"""Reads for the audit page: custody entries filtered by user, object and action."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from dadkhah.core.custody.log import ACTIONS
from dadkhah.web.custody.models import CustodyEntry

#: What the action filter offers: every custody action, and "denied" (a refused access,
#: stored as ``read_protected`` with outcome ``denied``).
DENIED_FILTER = "denied"
ACTION_FILTERS: tuple[str, ...] = (*ACTIONS, DENIED_FILTER)
MAX_FILTER_LENGTH = 200


@dataclass(frozen=True)
class AuditFilter:
    """The page's filters, read once from the query string (empty: no filter)."""

    user: str = ""
    object: str = ""
    action: str = ""

    @classmethod
    def read(cls, params: Any) -> AuditFilter:
        """From a QueryDict: trimmed, cut to a sane length, an unknown action ignored."""
        action = str(params.get("action", "")).strip()
        return cls(
            user=str(params.get("user", "")).strip()[:MAX_FILTER_LENGTH],
            object=str(params.get("object", "")).strip()[:MAX_FILTER_LENGTH],
            action=action if action in ACTION_FILTERS else "",
        )


def audit_entries(filters: AuditFilter) -> QuerySet[CustodyEntry]:
    """Custody entries matching ``filters``, newest first.

    ``user`` matches the actor exactly, with or without the ``web:`` prefix; ``object``
    matches any part of the canonical entry (an object reference such as
    ``person:P-000001`` or an evidence hash); ``action`` is a custody action or
    ``denied``. Every value reaches the database as a bound parameter, never as SQL.
    """
    entries = CustodyEntry.objects.all()
    if filters.user:
        entries = entries.filter(Q(actor=filters.user) | Q(actor=f"web:{filters.user}"))
    if filters.object:
        # Entries are RFC 8785 canonical JSON: a reference appears as written, JSON-escaped.
        needle = json.dumps(filters.object, ensure_ascii=False)[1:-1]
        entries = entries.filter(data__contains=needle)
    if filters.action == DENIED_FILTER:
        entries = entries.filter(action="read_protected", data__contains='"outcome":"denied"')
    elif filters.action:
        entries = entries.filter(action=filters.action)
    return entries.order_by("-seq")


@dataclass(frozen=True)
class AuditRow:
    """One entry as the page and the CSV show it."""

    seq: int
    time: datetime
    actor: str
    action: str
    outcome: str
    objects: list[str]
    items: list[str]
    path: str


def audit_row(entry: CustodyEntry) -> AuditRow:
    """Read an entry's details (``outcome``, ``objects``, ``path``) for display."""
    try:
        details = json.loads(entry.data).get("details", {})
    except (ValueError, AttributeError):
        details = {}
    if not isinstance(details, dict):
        details = {}
    objects = details.get("objects", [])
    return AuditRow(
        seq=entry.seq,
        time=entry.time,
        actor=entry.actor,
        action=entry.action,
        outcome=str(details.get("outcome", "")),
        objects=[str(o) for o in objects] if isinstance(objects, list) else [],
        items=[str(i) for i in entry.items or []],
        path=str(details.get("path", "")),
    )
