"""Who may see which event (see dadkhah.web.accounts.access).

An event has no level of its own: it is read with the registry, unless it took place
at a place the reader may not see (an event at a grave site told of in trust would
name the site).
"""

from __future__ import annotations

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


def shown_title(event: Event, user: User) -> str:
    """The event's title, or "" where a participant is hidden from ``user``.

    Titles name people ("Execution of …"), so a title is shown only to a reader
    who may see everyone who took part; the timeline applies the same rule.
    """
    if not event.title:
        return ""
    hidden = event.involvements.exclude(person__in=visible_persons(user)).exists()
    return "" if hidden else event.title


def events_hiding_someone(user: User, events: QuerySet[Event]) -> set[int]:
    """The ids of ``events`` with a participant hidden from ``user``: their titles and
    descriptions are withheld from ``user`` (see ``shown_title``), in pages and exports."""
    return set(
        Involvement.objects.filter(event__in=events.values("pk"))
        .exclude(person__in=visible_persons(user).values("pk"))
        .values_list("event_id", flat=True)
    )
