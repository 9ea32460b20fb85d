"""Reads for the case timeline: the events a reader may see in date order, filtered and grouped.

Events come from :func:`~dadkhah.web.events.access.visible_events` and their
participants from :func:`~dadkhah.web.events.selectors.participations` (the event page's
rule: a person the reader may not see is counted, never named). The facets offered are
built from what the reader may see, and a value outside them is refused by name
(:class:`FacetError`) before it reaches a query: a place the reader may not see answers
as one that does not exist.

- place: events at the place or at a place inside it (a prison in a city);
- body: events in which a member of the body took part as a perpetrator;
- affiliation: events in which a victim of that affiliation took part, the victim's
  affiliation read as the statistics read it (:mod:`dadkhah.web.stats.strata`);
- period: events whose dates overlap the period (:func:`~dadkhah.web.stats.calendars.parse_period`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from dadkhah.web.accounts.roles import User
from dadkhah.web.bodies.access import visible_bodies
from dadkhah.web.bodies.models import Membership
from dadkhah.web.events.access import visible_events
from dadkhah.web.events.models import Event, Involvement
from dadkhah.web.events.selectors import Participation, participations
from dadkhah.web.people.access import visible_persons
from dadkhah.web.people.labels import When
from dadkhah.web.people.selectors import when_of
from dadkhah.web.reports.labels import name_in
from dadkhah.web.stats.calendars import Period, parse_period, timeline_month
from dadkhah.web.stats.selectors import stratum_label
from dadkhah.web.stats.strata import victim_strata

__all__ = [
    "FACETS",
    "FacetError",
    "Facets",
    "TimelineGroup",
    "timeline_events",
    "timeline_facets",
    "timeline_groups",
]

#: The query parameters the timeline reads, in the order its form shows them.
FACETS = ("place", "body", "affiliation", "period")
#: Longer than any key the case writes: a longer value is refused unread.
MAX_VALUE = 200


class FacetError(ValueError):
    """A filter value the timeline cannot use: ``facet`` names the parameter."""

    def __init__(self, facet: str, value: str, message: str) -> None:
        super().__init__(message)
        self.facet = facet
        self.value = value
        self.message = message


@dataclass
class Facets:
    """The values each facet offers, as (value, label) pairs, from what the reader may see."""

    place: list[tuple[str, str]]
    body: list[tuple[str, str]]
    affiliation: list[tuple[str, str]]
    period: list[tuple[str, str]]


@dataclass
class TimelineEvent:
    event: Event
    when: When
    participations: list[Participation]
    hidden: int
    #: The event's title, withheld where a participant is hidden from the reader: titles are
    #: free text and often name the victim ("Execution of …").
    title: str


@dataclass
class TimelineGroup:
    """The events of one month (Jalali on Persian pages), or of no known date (``month`` None)."""

    month: Period | None
    events: list[TimelineEvent]


def timeline_facets(*, user: User, language: str) -> Facets:
    """The places, bodies, affiliations and months the reader may filter by."""
    events = visible_events(user)
    place_ids = set(events.exclude(place=None).values_list("place", flat=True))
    from dadkhah.web.places.access import visible_places

    places = list(
        visible_places(user)
        .filter(Q(pk__in=place_ids) | Q(children__in=place_ids))
        .distinct()
        .order_by("kind", "key")
    )
    place = [(p.key, f"{name_in(p, language)} ({p.get_kind_display()})") for p in places]
    members = visible_persons(user).values("pk")
    bodies = (
        visible_bodies(user)
        .filter(memberships__person__in=members)
        .distinct()
        .order_by("name", "pk")
    )
    body = [(str(b.pk), name_in(b, language)) for b in bodies]
    strata = victim_strata(user=user, strata=("affiliation",))
    affiliation = [
        (key, stratum_label("affiliation", key, strata, language)[0])
        for key in strata.groups["affiliation"]
        if key != ""
    ]
    months: dict[str, Period] = {}
    for day in events.exclude(date_earliest=None).values_list("date_earliest", flat=True):
        if day is not None:  # always, by the exclude
            month = timeline_month(day, language)
            months.setdefault(month.key, month)
    period = [(m.key, m.label) for m in sorted(months.values(), key=lambda m: m.first)]
    return Facets(place, body, affiliation, period)


def _check(facet: str, value: str, offered: Iterable[tuple[str, str]], message: str) -> None:
    if value not in {v for v, _label in offered}:
        raise FacetError(facet, value, message)


def timeline_events(
    *, user: User, language: str, facets: Facets, chosen: dict[str, str]
) -> QuerySet[Event]:
    """The visible events matching every chosen facet, earliest first, undated last.

    Raises:
        FacetError: a value that is not one the reader is offered (or not a period).
    """
    from django.utils.translation import gettext as _

    for facet, value in chosen.items():
        if len(value) > MAX_VALUE or not value.isprintable():
            raise FacetError(
                facet,
                value[:40],
                _("This value cannot be a filter: it is too long or holds control characters."),
            )
    events = visible_events(user)
    if chosen.get("place"):
        _check("place", chosen["place"], facets.place, _("No place you may see has this key."))
        key = chosen["place"]
        events = events.filter(Q(place__key=key) | Q(place__parent__key=key))
    if chosen.get("body"):
        _check("body", chosen["body"], facets.body, _("No body you may see has this number."))
        members = Membership.objects.filter(
            body_id=int(chosen["body"]), person__in=visible_persons(user).values("pk")
        ).values("person")
        took_part = Involvement.objects.filter(role="perpetrator", person__in=members)
        events = events.filter(pk__in=took_part.values("event"))
    if chosen.get("affiliation"):
        _check(
            "affiliation",
            chosen["affiliation"],
            facets.affiliation,
            _("No victim you may see has this affiliation."),
        )
        strata = victim_strata(user=user, strata=("affiliation",))
        victims = strata.groups["affiliation"].get(chosen["affiliation"], [])
        took_part = Involvement.objects.filter(role="victim", person__in=victims)
        events = events.filter(pk__in=took_part.values("event"))
    if chosen.get("period"):
        period = parse_period(chosen["period"], language)
        if period is None:
            raise FacetError(
                "period",
                chosen["period"],
                _(
                    "A period is a year, a month or an ISO week, written as the examples under "
                    "the Period field show; years before 1700 are Jalali."
                ),
            )
        events = events.filter(date_earliest__lte=period.last, date_latest__gte=period.first)
    return events.order_by(
        F("date_earliest").asc(nulls_last=True), F("date_latest").asc(nulls_last=True), "id"
    )


def timeline_groups(events: list[Event], *, user: User, language: str) -> list[TimelineGroup]:
    """One page of events with their visible participants, grouped by month."""
    from django.db.models import Prefetch

    with_people = (
        Event.objects.filter(pk__in=[e.pk for e in events])
        .select_related("place")
        .prefetch_related(
            Prefetch("involvements", queryset=Involvement.objects.select_related("person"))
        )
    )
    by_pk = {e.pk: e for e in with_people}
    groups: list[TimelineGroup] = []
    for e in events:
        event = by_pk[e.pk]
        groups_of, hidden = participations(list(event.involvements.all()), user=user)
        title = event.title if hidden == 0 else ""
        item = TimelineEvent(event, when_of(event, "date"), groups_of, hidden, title)
        month = timeline_month(event.date_earliest, language) if event.date_earliest else None
        key = month.key if month is not None else None
        last = groups[-1].month if groups else None
        if groups and (last.key if last is not None else None) == key:
            groups[-1].events.append(item)
        else:
            groups.append(TimelineGroup(month, [item]))
    return groups
