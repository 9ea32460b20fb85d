"""Reads for the body page: a commission's members over time, the prisons it served, its events.

What ties a person or a prison to a body is read from what is recorded, never guessed:

* a member is a `Membership` row; the claims behind it are the reader's visible
  ``member_of`` claims about that person whose value is the body's key or name;
* a prison it served is the place of a visible ``sat_at`` claim about the body, or
  the place of one of its events;
* its events are those where one of its members took part as a perpetrator
  "sat on the commission", at the body's seat (a place in its city) or at a prison
  it is claimed to have served — a member who sat on two commissions is not
  counted twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from dadkhah.web.accounts.roles import User
from dadkhah.web.bodies.access import access_body, visible_bodies
from dadkhah.web.bodies.models import Body, Membership
from dadkhah.web.claims.access import visible_claims
from dadkhah.web.claims.selectors import Provenance, provenance, strongest
from dadkhah.web.events.access import shown_titles, visible_events
from dadkhah.web.events.models import Event, Involvement
from dadkhah.web.people.access import visible_persons
from dadkhah.web.people.labels import When
from dadkhah.web.people.selectors import ClaimView, claim_views, when_of
from dadkhah.web.places.access import visible_places
from dadkhah.web.places.models import Place

__all__ = ["access_body", "visible_bodies"]


def membership_claims(claims: list[ClaimView], membership: Membership) -> list[ClaimView]:
    """Of ``claims``, those stating this membership (``member_of`` the body, by key or name)."""
    names = {membership.body.key, membership.body.name} - {None, ""}
    return [
        c
        for c in claims
        if c.claim.person_id == membership.person_id
        and c.claim.kind == "member_of"
        and c.claim.value in names
    ]


@dataclass
class MemberView:
    membership: Membership
    start: When
    end: When
    claims: list[ClaimView]
    strongest: ClaimView | None


@dataclass
class ServedView:
    place: Place
    claims: list[int] = field(default_factory=list)
    events: int = 0


@dataclass
class BodyEvent:
    event: Event
    when: When


@dataclass
class BodyPage:
    body: Body
    children: list[Body]
    #: The body this one is part of, where the reader may see it.
    parent: Body | None
    members: list[MemberView]
    hidden_members: int
    served: list[ServedView]
    events: list[BodyEvent]
    claims: list[ClaimView]
    provenance: Provenance


def _start(m: MemberView) -> tuple[int, object, int]:
    if m.start.earliest is None:
        return (1, 0, m.membership.pk)
    return (0, m.start.earliest, m.membership.pk)


def body_page(*, user: User, body: Body) -> BodyPage:
    """Everything the body page shows about ``body`` (already checked by `access_body`)."""
    persons = visible_persons(user)
    memberships = list(body.memberships.select_related("person", "body"))
    shown = [m for m in memberships if persons.filter(pk=m.person_id).exists()]
    member_ids = {m.person_id for m in shown}
    person_claims = claim_views(
        visible_claims(user).filter(person_id__in=member_ids, kind="member_of"), user=user
    )
    members = []
    for m in shown:
        backing = membership_claims(person_claims, m)
        members.append(
            MemberView(m, when_of(m, "start"), when_of(m, "end"), backing, strongest(backing))
        )
    members.sort(key=_start)

    claims = claim_views(visible_claims(user).filter(body=body), user=user)
    places = visible_places(user)
    served: dict[int, ServedView] = {}
    for c in claims:
        place = c.claim.place if c.claim.kind == "sat_at" else None
        if place is not None and places.filter(pk=place.pk).exists():
            served.setdefault(place.pk, ServedView(place)).claims.append(c.claim.pk)
    at = Q(place__in=list(served))
    if body.place_id is not None:
        at |= Q(place_id=body.place_id) | Q(place__parent_id=body.place_id)
    events = shown_titles(
        user,
        visible_events(user)
        .filter(
            at,
            involvements__person_id__in=member_ids,
            involvements__role=Involvement.Role.PERPETRATOR,
            involvements__mode=Involvement.Mode.SAT_ON_COMMISSION,
        )
        .select_related("place")
        .distinct()
        .order_by("date_earliest", "id"),
    )
    for e in events:
        if e.place is not None and e.place.kind == Place.Kind.PRISON:
            served.setdefault(e.place.pk, ServedView(e.place)).events += 1
    return BodyPage(
        body=body,
        children=list(visible_bodies(user).filter(parent=body)),
        parent=visible_bodies(user).filter(pk=body.parent_id).first() if body.parent_id else None,
        members=members,
        hidden_members=len({m.person_id for m in memberships} - member_ids),
        served=sorted(served.values(), key=lambda s: s.place.name),
        events=[BodyEvent(e, when_of(e, "date")) for e in events],
        claims=claims,
        provenance=provenance(claims + [c for m in members for c in m.claims], user=user),
    )


def bodies_by_key(keys: Iterable[str]) -> dict[str, Body]:
    """The bodies with these stable ids, by id (for loaders: no reader's clearance applies)."""
    return {b.key: b for b in Body.objects.filter(key__in=list(keys)) if b.key is not None}
