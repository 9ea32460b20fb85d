"""The perpetrator part of a person page: posts then and now, involvements by mode, and how
strong each link is.

The strength of a link is that of the best-supported visible claim that states it,
as `dadkhah.core.claims.assess_claim` graded that claim (alleged, corroborated,
established; whether it meets the standard of proof): nothing is graded here. The
claims that state a link:

* a membership: the person's ``member_of`` claims naming the body (`membership_claims`);
* a post: the person's ``post_held`` claims whose value is the post's title;
* an involvement in an event: the person's claims placed at the event's place (the
  commission member's ``member_of`` at that prison, an order given there).

A link no claim states is shown as such: it rests on the event or membership row alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from dadkhah.web.accounts.roles import User
from dadkhah.web.bodies.models import Membership, Post
from dadkhah.web.bodies.selectors import membership_claims
from dadkhah.web.claims.selectors import strongest
from dadkhah.web.events.access import shown_titles, visible_events
from dadkhah.web.events.models import Event, Involvement
from dadkhah.web.people.labels import When
from dadkhah.web.people.models import Person
from dadkhah.web.people.selectors import ClaimView, PersonPage, SpanView, when_of


@dataclass
class Link:
    """Something tied to the person, with the claims that state the tie."""

    claims: list[ClaimView]

    @property
    def strongest(self) -> ClaimView | None:
        return strongest(self.claims)


@dataclass
class InvolvementLink(Link):
    event: Event
    when: When


@dataclass
class ModeGroup:
    mode: str
    label: str
    links: list[InvolvementLink]


@dataclass
class SpanLink(Link):
    span: SpanView


@dataclass
class PerpetratorView:
    modes: list[ModeGroup]
    memberships: list[SpanLink]
    posts_then: list[SpanLink]
    posts_now: list[SpanLink]


def perpetrator_view(*, user: User, person: Person, page: PersonPage) -> PerpetratorView | None:
    """The perpetrator part of ``page``, or None for a person with no perpetrator link."""
    involvements = list(
        person.involvements.filter(
            role=Involvement.Role.PERPETRATOR, event__in=visible_events(user)
        ).select_related("event", "event__place")
    )
    shown_titles(user, [i.event for i in involvements])
    if not involvements and not page.memberships and not page.posts:
        return None
    claims = page.claims
    order = ["", *Involvement.Mode.values]
    groups: dict[str, ModeGroup] = {}

    def by_mode_then_date(i: Involvement) -> tuple[int, bool, object, int]:
        day = i.event.date_earliest
        return (order.index(i.mode), day is None, day or 0, i.event_id)

    for inv in sorted(involvements, key=by_mode_then_date):
        at = [
            c
            for c in claims
            if inv.event.place_id is not None and c.claim.place_id == inv.event.place_id
        ]
        group = groups.setdefault(
            inv.mode, ModeGroup(inv.mode, str(inv.get_mode_display()) if inv.mode else "", [])
        )
        group.links.append(InvolvementLink(at, inv.event, when_of(inv.event, "date")))
    memberships = []
    for span in page.memberships:
        assert isinstance(span.item, Membership)
        memberships.append(SpanLink(membership_claims(claims, span.item), span))
    posts = []
    for span in page.posts:
        assert isinstance(span.item, Post)
        title = span.item.title
        backing = [c for c in claims if c.claim.kind == "post_held" and c.claim.value == title]
        posts.append(SpanLink(backing, span))
    return PerpetratorView(
        modes=list(groups.values()),
        memberships=memberships,
        posts_then=[p for p in posts if not getattr(p.span.item, "current", False)],
        posts_now=[p for p in posts if getattr(p.span.item, "current", False)],
    )
