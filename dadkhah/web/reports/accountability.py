"""The accountability sections of the report: commissions and alleged perpetrators.

Each perpetrator's posts then and now and the events they are linked to, and each
commission's members and hearings, read through the access rules the pages use
(:func:`~dadkhah.web.people.access.visible_persons`,
:func:`~dadkhah.web.claims.access.visible_claims`,
:func:`~dadkhah.web.places.access.visible_places`). Events of one kind at one place in
one part are one row, with the strength of the strongest claim behind them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from dadkhah.web.accounts.roles import User
from dadkhah.web.claims.access import visible_claims
from dadkhah.web.people.access import visible_persons
from dadkhah.web.people.models import PersonRole
from dadkhah.web.places.access import visible_places
from dadkhah.web.reports.citations import Citations
from dadkhah.web.reports.labels import name_in

#: How strong a link is, from the strongest claim behind it (dadkhah.core.claims.ClaimStatus).
STATUS_RANK = {"established": 3, "corroborated": 2, "alleged": 1}


@dataclass
class Link:
    """A perpetrator's (or a commission's) links to the events of one kind at one place.

    Events of one kind, place and part are one row (a commission heard hundreds of
    prisoners, one event each): how many events and victims, the first and last date,
    and the strength of the strongest claim behind them.
    """

    event: str
    first: Any
    last: Any
    place: str
    mode: str
    events: int
    victims: int
    strength: str
    single_source: bool
    claims: int
    unsupported: int
    note: int | None = None


@dataclass
class PostRow:
    title: str
    body: str
    start: Any
    end: Any
    current: bool


@dataclass
class PersonSection:
    public_id: str
    name: str
    posts_then: list[PostRow]
    posts_now: list[PostRow]
    memberships: list[str]
    links: list[Link]


@dataclass
class BodySection:
    key: str
    name: str
    place: str
    members: list[tuple[str, str, str]]  # (public id, name, role)
    links: list[Link]
    note: int | None = None


def _event_label(event: Any) -> str:
    return str(event.Kind(event.kind).label) if event.kind in event.Kind.values else event.kind


def _strength(claims: list[Any]) -> tuple[str, bool]:
    if not claims:
        return _("no claim supports this link"), False
    best = max(claims, key=lambda c: STATUS_RANK.get(c.status, 0))
    single = all(c.single_source for c in claims)
    labels = {
        "established": _("established"),
        "corroborated": _("corroborated"),
        "alleged": _("alleged"),
    }
    return str(labels.get(best.status, best.status)), single


@dataclass
class Seen:
    """What the user may see, read once for every link of the report."""

    places: set[int]
    victims_by_event: Counter[int]
    claims_by_event: dict[int, list[Any]]


def seen_by(user: User) -> Seen:
    from dadkhah.web.events.models import Involvement

    persons = set(visible_persons(user).values_list("pk", flat=True))
    victims: Counter[int] = Counter()
    rows = Involvement.objects.filter(role="victim").values_list("event", "person")
    for event, person in rows.iterator(chunk_size=5000):
        if person in persons:
            victims[event] += 1
    claims: dict[int, list[Any]] = defaultdict(list)
    for claim in visible_claims(user).filter(event__isnull=False):
        if claim.event_id is not None:  # always, by the filter
            claims[claim.event_id].append(claim)
    return Seen(set(visible_places(user).values_list("pk", flat=True)), victims, claims)


def _links(
    seen: Seen,
    language: str,
    involvements: list[Any],
    cite: Citations,
    person_claims: dict[int, list[Any]],
) -> list[Link]:
    places = seen.places
    by_event = seen.claims_by_event
    victims = seen.victims_by_event
    groups: dict[tuple[str, int | None, str], list[Any]] = defaultdict(list)
    for inv in involvements:
        place = inv.event.place_id if inv.event.place_id in places else None
        groups[(inv.event.kind, place, inv.mode)].append(inv)
    out = []
    for (_kind, place_id, _mode), members in groups.items():
        claims: dict[int, Any] = {}
        unsupported = 0
        for inv in members:
            e = inv.event
            mine = [
                c
                for c in person_claims.get(inv.person_id, [])
                if c.kind == inv.mode or (c.place_id is not None and c.place_id == e.place_id)
            ]
            found = by_event.get(e.pk, []) + mine
            unsupported += not found
            claims.update((c.pk, c) for c in found)
        strength, single = _strength(list(claims.values()))
        first = members[0]
        e = first.event
        mode = str(first.Mode(first.mode).label) if first.mode in first.Mode.values else first.mode
        dates = [i.event.date_earliest for i in members if i.event.date_earliest is not None]
        ends = [i.event.date_latest for i in members if i.event.date_latest is not None]
        out.append(
            Link(
                event=_event_label(e),
                first=min(dates) if dates else None,
                last=max(ends) if ends else None,
                place=name_in(e.place, language) if place_id is not None else "",
                mode=mode,
                events=len({i.event_id for i in members}),
                victims=sum(victims.get(ev, 0) for ev in {i.event_id for i in members}),
                strength=strength,
                single_source=single,
                claims=len(claims),
                unsupported=unsupported,
                note=cite.cite(claims),
            )
        )
    out.sort(key=lambda link: (link.first is None, link.first or dt.date.min, link.event))
    return out


def perpetrator_sections(
    user: User, language: str, cite: Citations, seen: Seen
) -> list[PersonSection]:
    from dadkhah.web.bodies.models import Membership, Post
    from dadkhah.web.events.models import Involvement

    persons = list(
        visible_persons(user)
        .filter(merged_into__isnull=True, roles__role=PersonRole.Role.PERPETRATOR)
        .distinct()
        .order_by("public_id")
    )
    ids = [p.pk for p in persons]
    person_claims: dict[int, list[Any]] = defaultdict(list)
    for claim in visible_claims(user).filter(person__in=ids):
        if claim.person_id is not None:  # always, by the filter
            person_claims[claim.person_id].append(claim)
    out = []
    for person in persons:
        posts = [
            PostRow(
                p.title,
                name_in(p.body, language) if p.body is not None else "",
                p.start_earliest,
                p.end_latest,
                p.current,
            )
            for p in Post.objects.filter(person=person).select_related("body").order_by("id")
        ]
        memberships = [
            f"{name_in(m.body, language)}" + (f" ({m.role})" if m.role else "")
            for m in Membership.objects.filter(person=person).select_related("body")
        ]
        involvements = list(
            Involvement.objects.filter(person=person, role="perpetrator")
            .select_related("event__place")
            .order_by("event__date_earliest", "event_id")
        )
        out.append(
            PersonSection(
                public_id=person.public_id,
                name=name_in(person, language),
                posts_then=[p for p in posts if not p.current],
                posts_now=[p for p in posts if p.current],
                memberships=memberships,
                links=_links(seen, language, involvements, cite, person_claims),
            )
        )
    return out


def commission_sections(
    user: User, language: str, cite: Citations, seen: Seen
) -> list[BodySection]:
    from dadkhah.web.accounts.roles import VIEW_REGISTRY, user_can
    from dadkhah.web.bodies.models import Body, Membership
    from dadkhah.web.events.models import Involvement

    if not user_can(user, VIEW_REGISTRY):
        return []
    persons = visible_persons(user).values("pk")
    places = seen.places
    out = []
    for body in Body.objects.filter(kind=Body.Kind.COMMISSION).select_related("place"):
        memberships = list(
            Membership.objects.filter(body=body, person__in=persons)
            .select_related("person")
            .order_by("person__public_id")
        )
        members = [(m.person.public_id, name_in(m.person, language), m.role) for m in memberships]
        involvements = list(
            Involvement.objects.filter(
                person__in=[m.person_id for m in memberships],
                role="perpetrator",
                mode=Involvement.Mode.SAT_ON_COMMISSION,
            )
            .select_related("event__place")
            .order_by("event__date_earliest", "event_id")
        )
        person_claims: dict[int, list[Any]] = defaultdict(list)
        for claim in visible_claims(user).filter(person__in=[m.person_id for m in memberships]):
            if claim.person_id is not None:  # always, by the filter
                person_claims[claim.person_id].append(claim)
        body_claims = list(visible_claims(user).filter(body=body).values_list("pk", flat=True))
        out.append(
            BodySection(
                key=body.key or "",
                name=name_in(body, language),
                place=name_in(body.place, language)
                if body.place is not None and body.place_id in places
                else "",
                members=members,
                links=_links(seen, language, involvements, cite, person_claims),
                note=cite.cite(body_claims),
            )
        )
    return out
