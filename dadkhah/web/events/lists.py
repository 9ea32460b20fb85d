"""Reads for the list of events (/events/): filters by kind, place and period, sorts, rows.

Every row is read for the whole page at once: the titles a participant's visibility
withholds (`shown_titles`), the participants the reader may see (one annotation), the
places (one join), so that a page asks the same few queries for 5 events as for 50.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.db.models.expressions import Combinable
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dadkhah.web.accounts.roles import User
from dadkhah.web.events.access import shown_title, shown_titles, visible_events
from dadkhah.web.events.models import Event
from dadkhah.web.people.access import visible_persons
from dadkhah.web.people.labels import When
from dadkhah.web.people.selectors import when_of
from dadkhah.web.places.access import visible_places
from dadkhah.web.places.models import Place
from dadkhah.web.stats.calendars import Period

#: The orders the list offers: key → (label, ordering). Undated events go last either way.
EVENT_SORTS: dict[str, tuple[Promise, tuple[str | Combinable, ...]]] = {
    "date": (_("earliest first"), (F("date_earliest").asc(nulls_last=True), "id")),
    "-date": (_("latest first"), (F("date_earliest").desc(nulls_last=True), "-id")),
    "kind": (_("by kind"), ("kind", F("date_earliest").asc(nulls_last=True), "id")),
    "place": (_("by place"), (F("place__name").asc(nulls_last=True), "date_earliest", "id")),
}


@dataclass
class EventRow:
    event: Event
    when: When
    #: The title, or "" where it names a participant hidden from the reader.
    title: str
    #: Participants the reader may see (the hidden ones are not counted here).
    participants: int


def event_places(*, user: User) -> list[Place]:
    """The places the reader may see where an event took place, or that hold one (a city)."""
    events = visible_events(user).exclude(place=None).values("place")
    return list(
        visible_places(user)
        .filter(Q(pk__in=events) | Q(children__in=events))
        .distinct()
        .order_by("kind", "name", "pk")
    )


def event_list(
    *, user: User, kind: str = "", place: str = "", period: Period | None = None, sort: str = "date"
) -> QuerySet[Event]:
    """The events ``user`` may read that match every filter given, in the order ``sort``.

    Args:
        kind: An `Event.Kind` value, or "" for every kind.
        place: The key of a place (checked by the caller against `event_places`): events
            there or at a place within it.
        period: Events whose uncertain dates overlap it.
        sort: A key of `EVENT_SORTS`.
    """
    events = visible_events(user)
    if kind:
        events = events.filter(kind=kind)
    if place:
        events = events.filter(Q(place__key=place) | Q(place__parent__key=place))
    if period is not None:
        events = events.filter(date_earliest__lte=period.last, date_latest__gte=period.first)
    seen = visible_persons(user).values("pk")
    return (
        events.select_related("place")
        .annotate(
            seen_participants=Count(
                "involvements__person", filter=Q(involvements__person__in=seen), distinct=True
            )
        )
        .order_by(*EVENT_SORTS[sort][1])
    )


def event_rows(events: list[Event], *, user: User) -> list[EventRow]:
    """One page of `event_list` as the list shows it (one query for all the titles)."""
    shown_titles(user, events)
    return [
        EventRow(e, when_of(e, "date"), shown_title(e, user), e.seen_participants) for e in events
    ]
