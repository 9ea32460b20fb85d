"""The one way an edit is written: checked, versioned, cited, logged and audited.

The services of each app (``person_update``, ``claim_create``, ``event_update`` …) load
their row with ``select_for_update`` inside a transaction, call :func:`edit_check`, change
the row, then call :func:`change_record` with the values before and after. That gives
every edit the same rules (docs/decisions/0007-edits-are-an-append-only-change-log.md):

- only a user whose role may edit (``roles.EDIT_REGISTRY``) writes; anyone else is
  refused before anything is read;
- the edit names a reason and at least one citation (a source the user may read, and
  optionally an evidence item and a locator), or it is refused naming the field;
- the version the form was loaded at must be the row's version now, or the edit is
  refused with both versions (optimistic concurrency: nobody overwrites a change they
  have not seen);
- the change is a new ``Change`` row, never an update of one, and a custody-log entry
  (action ``edit``) names it: who, when, which row, never its values, so no name or
  identity enters the signed log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Max, Model, QuerySet
from django.utils.translation import gettext as _

from dadkhah.core.errors import DadkhahError
from dadkhah.web.accounts.roles import EDIT_REGISTRY, User, user_can
from dadkhah.web.audit.services import actor_of
from dadkhah.web.custody.services import custody_record
from dadkhah.web.edits.models import Change, Term, Vocabulary
from dadkhah.web.evidence.access import visible_evidence
from dadkhah.web.sources.access import visible_sources

M = TypeVar("M", bound=Model)

__all__ = [
    "Citation",
    "EditConflict",
    "EditError",
    "EditRefused",
    "change_record",
    "citations_check",
    "edit_check",
    "reason_check",
    "term_check",
    "terms_cached",
]

#: Active term keys by vocabulary while :func:`terms_cached` is in force (None: ask each time).
_TERMS: ContextVar[dict[str, frozenset[str]] | None] = ContextVar("edit_terms", default=None)

#: The longest reason kept (a paragraph; the evidence itself is cited, not pasted).
REASON_LIMIT = 2000


class EditError(DadkhahError):
    """An edit that cannot be saved as given; ``field`` names the form field at fault."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


class EditRefused(DadkhahError):
    """The user's role may not edit the registry."""


class EditConflict(DadkhahError):
    """Someone saved the row since the form was loaded: nothing was written.

    Attributes:
        version: The row's version now.
        current: Its values now, as the entity's snapshot gives them.
    """

    def __init__(self, *, version: int, current: Mapping[str, Any]) -> None:
        super().__init__(
            _(
                "Someone else changed this since you opened it; nothing was saved. "
                "Compare the two versions and save again if yours should stand."
            )
        )
        self.version = version
        self.current = dict(current)


@dataclass(frozen=True)
class Citation:
    """Where a value entered comes from: a source, optionally an evidence item, a locator."""

    source: int
    evidence: int | None = None
    locator: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "evidence": self.evidence, "locator": self.locator}


def edit_check(*, user: User, reason: str, citations: Sequence[Citation]) -> str:
    """Refuse an edit by a user who may not edit, without a reason or without a citation.

    Returns:
        The reason, stripped.

    Raises:
        EditRefused: the user's roles do not grant ``edit_registry``.
        EditError: no reason, or no citation, or a source or evidence item the user
            may not read (``field`` is ``reason`` or ``citation``).
    """
    reason = reason_check(user=user, reason=reason)
    citations_check(user=user, citations=citations)
    return reason


def reason_check(*, user: User, reason: str) -> str:
    """Refuse an edit by a user who may not edit, or without a reason.

    Returns:
        The reason, stripped.

    Raises:
        EditRefused: the user's roles do not grant ``edit_registry``.
        EditError: no reason, or one too long (``field="reason"``).
    """
    if not user_can(user, EDIT_REGISTRY):
        raise EditRefused(_("Your role may not edit the registry."))
    reason = reason.strip()
    if not reason:
        raise EditError(_("Say why you make this change."), field="reason")
    if len(reason) > REASON_LIMIT:
        raise EditError(
            _("Keep the reason under %(n)d characters.") % {"n": REASON_LIMIT}, field="reason"
        )
    return reason


def citations_check(*, user: User, citations: Sequence[Citation]) -> None:
    """At least one citation, each of a source (and evidence item) ``user`` may read.

    Raises:
        EditError: with ``field="citation"``.
    """
    if not citations:
        raise EditError(
            _("Cite the source of what you enter: a citation is required."), field="citation"
        )
    sources = {c.source for c in citations}
    if visible_sources(user).filter(pk__in=sources).count() != len(sources):
        raise EditError(_("Cite a source you may read."), field="citation")
    items = {c.evidence for c in citations if c.evidence is not None}
    if items and visible_evidence(user).filter(pk__in=items).count() != len(items):
        raise EditError(_("Cite an evidence item you may see."), field="citation")


def term_check(vocabulary: Vocabulary, key: str, *, field: str, current: str = "") -> str:
    """``key`` if it is an active term of ``vocabulary`` (or the value the row already has).

    A retired term a row already carries stays valid for that row: an edit of its other
    fields must not force a new value on it.

    Raises:
        EditError: naming ``field``.
    """
    if key and key == current:
        return key
    cache = _TERMS.get()
    if cache is not None:
        if vocabulary not in cache:
            cache[vocabulary] = frozenset(
                Term.objects.filter(vocabulary=vocabulary, active=True).values_list(
                    "key", flat=True
                )
            )
        known = key in cache[vocabulary]
    else:
        known = Term.objects.filter(vocabulary=vocabulary, key=key, active=True).exists()
    if not known:
        raise EditError(_("Choose a value from the list."), field=field)
    return key


@contextmanager
def terms_cached() -> Iterator[None]:
    """Read each vocabulary once for the writes inside, not once per row (a bulk load's).

    A load of thousands of events would otherwise ask the database for the same term
    thousands of times. Use it around one transaction only: a term an admin retires
    meanwhile is seen by the next load, not this one.
    """
    token = _TERMS.set({})
    try:
        yield
    finally:
        _TERMS.reset(token)


def edit_lock(
    rows: QuerySet[M], pk: int, version: int, snapshot: Callable[[M], dict[str, Any]]
) -> tuple[M, dict[str, Any]]:
    """Row ``pk`` of ``rows`` locked for the service's transaction, and its values before.

    Raises:
        EditConflict: the row was saved by someone since ``version``.
    """
    row = rows.select_for_update().get(pk=pk)
    before = snapshot(row)
    if row.version != version:  # type: ignore[attr-defined]
        raise EditConflict(version=row.version, current=before)  # type: ignore[attr-defined]
    return row, before


def change_record(
    *,
    user: User,
    row: Model,
    entity: str,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    reason: str,
    citations: Sequence[Citation],
    created: bool = False,
    action: str = "",
    items: Sequence[str] = (),
    details: Mapping[str, Any] | None = None,
) -> Change:
    """Raise ``row``'s version and append the change that made it; audit the write.

    Call inside the service's transaction, after ``row`` holds its new values. Only
    the fields whose value differs are kept; an update that changes nothing is refused.
    A row that keeps no ``version`` (a place) takes the next version of its history.
    ``action`` names another kind of change than a create or an update (an attachment),
    and ``items`` and ``details`` go into the custody entry as they are.

    Raises:
        EditError: nothing changed (``field="__all__"``).
    """
    if created:
        old: dict[str, Any] = {}
        new = dict(after)
    else:
        keys = [k for k in after if after[k] != before.get(k)]
        old = {k: before.get(k) for k in keys}
        new = {k: after[k] for k in keys}
        if not new:
            raise EditError(_("Nothing changed: there is nothing to save."), field="__all__")
    if hasattr(row, "version"):
        version = int(row.version) + 1
        row.version = version
        row.save(update_fields=["version"])
    else:
        last = Change.objects.filter(entity=entity, entity_id=row.pk).aggregate(Max("version"))
        version = int(last["version__max"] or 0) + 1
    change = Change.objects.create(
        entity=entity,
        entity_id=row.pk,
        version=version,
        action=action or (Change.Action.CREATE if created else Change.Action.UPDATE),
        before=old,
        after=new,
        reason=reason,
        citations=[c.as_json() for c in citations],
        user_id=user.pk if user.is_authenticated else None,
        actor=actor_of(user)[:200],
    )
    case = getattr(settings, "CASE", None)
    if case is not None:
        custody_record(
            case=case,
            actor=actor_of(user)[:200],
            action="edit",
            items=items,
            details={
                "object": f"{entity}:{row.pk}",
                "version": version,
                "change": change.pk,
                **(details if details is not None else {"fields": sorted(new)}),
            },
        )
    return change
