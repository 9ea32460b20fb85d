"""Who may see which event (see dadkhah.web.accounts.access).

An event has no level of its own: it is read with the registry, unless it took place
at a place the reader may not see (an event at a grave site told of in trust would
name the site).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from dadkhah.web.accounts.access import access_object, visible_to
from dadkhah.web.accounts.roles import VIEW_REGISTRY, User
from dadkhah.web.events.models import Event, Involvement
from dadkhah.web.modelutils import Confidentiality
from dadkhah.web.people.access import visible_persons
from dadkhah.web.places.access import visible_places


def visible_events(user: User) -> QuerySet[Event]:
    """The events ``user`` may read."""
    events = visible_to(user, Event.objects.all(), VIEW_REGISTRY, level=None)
    return events.filter(Q(place__isnull=True) | Q(place__in=visible_places(user)))


def access_event(*, user: User, id: int) -> Event:
    """The event ``id`` if ``user`` may read it (refusals audited).

    Raises:
        Http404: alike for a missing event and a forbidden one.
    """
    return access_object(
        user=user,
        visible=visible_events(user).select_related("place"),
        lookup={"pk": id},
        ref=lambda e: f"event:{e.pk}",
        level=lambda _e: Confidentiality.PUBLIC,
    )


#: Where `shown_titles` leaves, on each event of a page, the title worked out for one reader.
_SHOWN = "_shown_title_for"
#: Events asked about in one query at most (SQLite's bound parameters).
_CHUNK = 500


def shown_title(event: Event, user: User) -> str:
    """The event's title, or "" where a participant is hidden from ``user``.

    Titles name people ("Execution of …"), so a title is shown only to a reader
    who may see everyone who took part; the timeline applies the same rule. A page
    that lists events calls `shown_titles` once for all of them first, so that this
    asks no query per event; an event nobody prepared is asked about alone.
    """
    if not event.title:
        return ""
    prepared = getattr(event, _SHOWN, None)
    if prepared is not None and prepared[0] == user.pk:
        return str(prepared[1])
    hidden = event.involvements.exclude(person__in=visible_persons(user)).exists()
    return "" if hidden else event.title


def shown_titles(user: User, events: Iterable[Event]) -> list[Event]:
    """Work out at once which of ``events`` keep their title for ``user`` (see `shown_title`).

    One query per page instead of one per event: each event remembers the title
    ``user`` may see, and `shown_title` (the ``event_title`` filter) reads it.

    Returns:
        ``events``, as a list.
    """
    events = list(events)
    hidden: set[int] = set()
    pks = [e.pk for e in events if e.title]
    for start in range(0, len(pks), _CHUNK):
        chunk = pks[start : start + _CHUNK]
        hidden |= events_hiding_someone(user, Event.objects.filter(pk__in=chunk))
    for e in events:
        setattr(e, _SHOWN, (user.pk, "" if e.pk in hidden else e.title))
    return events


def events_hiding_someone(user: User, events: QuerySet[Event]) -> set[int]:
    """The ids of ``events`` with a participant hidden from ``user``: their titles and
    descriptions are withheld from ``user`` (see ``shown_title``), in pages and exports."""
    return set(
        Involvement.objects.filter(event__in=events.values("pk"))
        .exclude(person__in=visible_persons(user).values("pk"))
        .values_list("event_id", flat=True)
    )
