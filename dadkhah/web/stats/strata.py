"""Victims grouped by city, prison, affiliation, month and week, as one user may see them.

One home for the counts that the statistics page and the commission's report both show
(issue 13, "statistics"; issue 14, "the report"). A victim's stratum is the value most
of their readable records give (ties: the first in alphabetical order), as
`estimate --by` reads a record (:func:`~dadkhah.web.estimates.selectors.stratum_of`), so
that a documented count and the estimate beside it group persons alike. Where no
readable record gives a city or a prison, the place of the victim's own events (an
execution, a detention …) that the reader may see gives it; where no record gives the
date of death, the victim's execution event gives it, when that event is dated to the
month (or the week). A victim with no value is in the group ``""`` ("not recorded"):
every victim is in exactly one group of each stratification, so the groups add up to
the total shown above them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from dadkhah.core.record import read_date, read_record
from dadkhah.web.accounts.roles import User
from dadkhah.web.estimates.selectors import stratum_of
from dadkhah.web.events.access import visible_events
from dadkhah.web.people.totals import victim_persons
from dadkhah.web.places.access import visible_places
from dadkhah.web.places.models import Place
from dadkhah.web.sources.access import visible_records

__all__ = ["PLACING_EVENTS", "STATS_STRATA", "VictimStrata", "iso_week", "victim_strata"]

#: Every stratification the statistics page shows; the report shows all but the week.
STATS_STRATA = ("city", "prison", "affiliation", "period", "week")
#: Event kinds that place a victim in a prison or a city when no record says where.
PLACING_EVENTS = ("execution", "detention", "hearing", "burial", "transfer", "arrest")
#: Event kinds that date a victim's death when no record does.
DATING_EVENTS = ("execution",)


@dataclass
class VictimStrata:
    """The visible victims, and for each stratification their groups, largest first."""

    victims: list[int]
    #: by → group key → person ids: months and weeks in time order, other groups largest
    #: first, ``""`` (not recorded) last.
    groups: dict[str, dict[str, list[int]]]
    #: person id → the sources of the person's records the reader may see.
    sources: dict[int, set[int]]
    #: The places the reader may see, by gazetteer key (to name a city or prison group).
    places: dict[str, Place]


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def iso_week(earliest: Any, latest: Any) -> str | None:
    """The ISO 8601 week (``1988-W31``) of a date known to within one week, else None.

    ISO weeks begin on Monday; the pages give each week's seven days in both calendars,
    so the Saturday-first week a Persian reader counts is easily read off.
    """
    first, last = _day(earliest), _day(latest)
    if first is None or last is None or first.isocalendar()[:2] != last.isocalendar()[:2]:
        return None
    year, week, _weekday = first.isocalendar()
    return f"{year}-W{week:02d}"


def _record_value(normalized: dict[str, Any], by: str) -> str | None:
    if by == "week":
        date = read_date(read_record(normalized).get("death_date"))
        return iso_week(date.earliest, date.latest) if date is not None else None
    return stratum_of(normalized, by)


def _dated(earliest: dt.date | None, latest: dt.date | None, by: str) -> str | None:
    if by == "week":
        return iso_week(earliest, latest)
    if earliest is None or latest is None or earliest.isoformat()[:7] != latest.isoformat()[:7]:
        return None
    return earliest.isoformat()[:7]


def _ordered(groups: dict[str, list[int]], by: str) -> dict[str, list[int]]:
    """Months and weeks in time order, other groups largest first; "not recorded" last."""
    if by in ("period", "week"):  # keys are zero-padded: text order is time order
        keys = sorted(groups, key=lambda k: (k == "", k))
    else:
        keys = sorted(groups, key=lambda k: (k == "", -len(groups[k]), k))
    return {k: groups[k] for k in keys}


def victim_strata(*, user: User, strata: Iterable[str] = STATS_STRATA) -> VictimStrata:
    """The victims ``user`` may see, grouped by each of ``strata`` (see the module)."""
    from dadkhah.web.events.models import Involvement

    strata = tuple(strata)
    victims = list(victim_persons(user).order_by("pk").values_list("pk", flat=True))
    places = {p.pk: p for p in visible_places(user).select_related("parent")}
    votes: dict[str, dict[int, Counter[str]]] = {b: defaultdict(Counter) for b in strata}
    records = visible_records(user).filter(person__in=victims)
    sources: dict[int, set[int]] = defaultdict(set)
    rows = records.values_list("person", "source", "normalized")
    for person, source, normalized in rows.iterator(chunk_size=5000):
        sources[person].add(source)
        for by in strata:
            label = _record_value(normalized if isinstance(normalized, dict) else {}, by)
            if label is not None:
                votes[by][person][label] += 1
    found: dict[int, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    if "city" in strata or "prison" in strata:
        involvements = Involvement.objects.filter(
            person__in=victims, role="victim", event__kind__in=PLACING_EVENTS
        ).values_list("person", "event__place")
        for person, place_id in involvements:
            place = places.get(place_id)
            if place is None:
                continue
            if place.kind == "prison":
                found[person]["prison"][place.key] += 1
            city = place if place.kind == "city" else place.parent
            if city is not None and city.kind == "city" and city.pk in places:
                found[person]["city"][city.key] += 1
    dating = [b for b in ("period", "week") if b in strata]
    if dating:
        dated = (
            visible_events(user)
            .filter(
                kind__in=DATING_EVENTS,
                involvements__role="victim",
                involvements__person__in=victims,
            )
            .values_list("involvements__person", "date_earliest", "date_latest")
        )
        for person, earliest, latest in dated:
            for by in dating:
                label = _dated(earliest, latest, by)
                if label is not None:
                    found[person][by][label] += 1
    groups: dict[str, dict[str, list[int]]] = {}
    for by in strata:
        grouped: dict[str, list[int]] = defaultdict(list)
        for person in victims:
            counter = votes[by].get(person) or found[person].get(by)
            if counter:
                top = max(counter.values())
                grouped[min(k for k, v in counter.items() if v == top)].append(person)
            else:
                grouped[""].append(person)
        groups[by] = _ordered(grouped, by)
    return VictimStrata(
        victims=victims,
        groups=groups,
        sources=dict(sources),
        places={p.key: p for p in places.values()},
    )
