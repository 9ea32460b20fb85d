"""Writes for events: create and edit one, and add who took part, each edit cited and logged.

An involvement belongs to its event: adding one is a change of the event (its
``involvements`` before and after), so the event's history tells who was added when,
on what source. The shared rules live in :mod:`dadkhah.web.edits.services`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dadkhah.core.dates import UncertainDate
from dadkhah.web.accounts.roles import User
from dadkhah.web.edits.models import Change, Vocabulary
from dadkhah.web.edits.services import (
    Citation,
    EditError,
    change_record,
    edit_check,
    edit_lock,
    term_check,
)
from dadkhah.web.events.models import Event, Involvement
from dadkhah.web.modelutils import uncertain_json, uncertain_kwargs
from dadkhah.web.people.models import Person
from dadkhah.web.places.models import Place

__all__ = [
    "event_create",
    "event_import",
    "event_snapshot",
    "event_update",
    "involvement_add",
    "involvement_import",
]


def event_snapshot(event: Event) -> dict[str, Any]:
    """The values of an event an edit may change, as the change log keeps them (JSON)."""
    return {
        "kind": event.kind,
        "title": event.title,
        "description": event.description,
        "place": event.place.key if event.place_id is not None else None,  # type: ignore[union-attr]
        **uncertain_json(event, "date"),
        "involvements": sorted(
            [pid, role, mode]
            for pid, role, mode in Involvement.objects.filter(event=event).values_list(
                "person__public_id", "role", "mode"
            )
        ),
    }


def _values(
    *,
    event: Event,
    kind: str,
    title: str,
    description: str,
    place: Place | None,
    date: UncertainDate | None,
) -> None:
    event.kind = term_check(Vocabulary.VIOLATION_TYPE, kind, field="kind", current=event.kind)
    event.title = title.strip()[:300]
    event.description = description.strip()
    event.place = place
    for name, column in uncertain_kwargs("date", date).items():
        setattr(event, name, column)


def _event_write(
    *, kind: str, title: str, description: str, place: Place | None, date: UncertainDate | None
) -> Event:
    """The one writer of a new event, for an edit and an import alike."""
    event = Event()
    _values(event=event, kind=kind, title=title, description=description, place=place, date=date)
    event.save()
    return event


def event_create(
    *,
    user: User,
    kind: str,
    title: str = "",
    description: str = "",
    place: Place | None = None,
    date: UncertainDate | None = None,
    reason: str,
    citations: Sequence[Citation],
) -> tuple[Event, Change]:
    """A new event.

    Raises:
        EditRefused, EditError: see :func:`dadkhah.web.edits.services.edit_check`.
    """
    reason = edit_check(user=user, reason=reason, citations=citations)
    with transaction.atomic():
        event = _event_write(
            kind=kind, title=title, description=description, place=place, date=date
        )
        change = change_record(
            user=user,
            row=event,
            entity=Change.Entity.EVENT,
            before={},
            after=event_snapshot(event),
            reason=reason,
            citations=citations,
            created=True,
        )
    return event, change


def event_update(
    *,
    user: User,
    event_id: int,
    version: int,
    kind: str,
    title: str,
    description: str,
    place: Place | None,
    date: UncertainDate | None,
    reason: str,
    citations: Sequence[Citation],
) -> tuple[Event, Change]:
    """Change an event's values as of ``version``.

    Raises:
        EditConflict: the event was saved by someone since ``version``.
        EditRefused, EditError: see :func:`dadkhah.web.edits.services.edit_check`.
    """
    reason = edit_check(user=user, reason=reason, citations=citations)
    with transaction.atomic():
        event, before = edit_lock(Event.objects.all(), event_id, version, event_snapshot)
        _values(
            event=event, kind=kind, title=title, description=description, place=place, date=date
        )
        event.save()
        change = change_record(
            user=user,
            row=event,
            entity=Change.Entity.EVENT,
            before=before,
            after=event_snapshot(event),
            reason=reason,
            citations=citations,
        )
    return event, change


def _involvement_check(*, role: str, mode: str) -> None:
    roles = [r for r in Involvement.Role.values if r != Involvement.Role.WITNESS]
    if role not in roles:
        raise EditError(_("Choose a role from the list."), field="role")
    if mode and (role != Involvement.Role.PERPETRATOR or mode not in Involvement.Mode.values):
        raise EditError(_("A mode is given for perpetrators only, from the list."), field="mode")


def _involvement_write(*, event: Event, person: Person, role: str, mode: str) -> Involvement:
    """The one writer of an involvement, for an edit and an import alike (checked already)."""
    try:
        with transaction.atomic():
            return Involvement.objects.create(event=event, person=person, role=role, mode=mode)
    except IntegrityError:
        raise EditError(
            _("This person is recorded in this part already."), field="person"
        ) from None


def involvement_add(
    *,
    user: User,
    event_id: int,
    version: int,
    person: Person,
    role: str,
    mode: str = "",
    reason: str,
    citations: Sequence[Citation],
) -> tuple[Involvement, Change]:
    """Record that ``person`` took part in the event as ``role`` (and ``mode``, perpetrators).

    The caller has checked that ``user`` may read ``person``. A witness is not added
    here: who a witness is stays in the vault.

    Raises:
        EditConflict, EditRefused, EditError: as for :func:`event_update`.
    """
    reason = edit_check(user=user, reason=reason, citations=citations)
    _involvement_check(role=role, mode=mode)
    with transaction.atomic():
        event, before = edit_lock(Event.objects.all(), event_id, version, event_snapshot)
        involvement = _involvement_write(event=event, person=person, role=role, mode=mode)
        change = change_record(
            user=user,
            row=event,
            entity=Change.Entity.EVENT,
            before=before,
            after=event_snapshot(event),
            reason=reason,
            citations=citations,
        )
    return involvement, change


def event_import(
    *,
    kind: str,
    title: str = "",
    description: str = "",
    place: Place | None = None,
    date: UncertainDate | None = None,
) -> Event:
    """A new event from a bulk load (the demo loader): its initial version.

    The same writer and checks as :func:`event_create` (a kind from the vocabulary of
    violation types) without the edit gate: the version stays 0 and no ``Change`` is
    written (docs/decisions/0007); the loader records one custody entry for the load.

    Raises:
        EditError: A kind not in the vocabulary.
    """
    return _event_write(kind=kind, title=title, description=description, place=place, date=date)


def involvement_import(*, event: Event, person: Person, role: str, mode: str = "") -> Involvement:
    """Record, from a bulk load, that ``person`` took part in ``event`` as ``role``.

    The same writer and checks as :func:`involvement_add` (no witness: who a witness is
    stays in the vault; a mode for perpetrators only) without the edit gate or a change
    of the event's version.

    Raises:
        EditError: An unknown role or mode, or the person recorded in that part already.
    """
    _involvement_check(role=role, mode=mode)
    return _involvement_write(event=event, person=person, role=role, mode=mode)
