"""Reads for the event page: what, when, where, who took part and how, and on what claims."""

from __future__ import annotations

from dataclasses import dataclass

from dadkhah.web.accounts.roles import User
from dadkhah.web.claims.access import visible_claims
from dadkhah.web.claims.selectors import Provenance, provenance
from dadkhah.web.events.access import access_event, visible_events
from dadkhah.web.events.models import Event, Involvement
from dadkhah.web.people.access import visible_persons
from dadkhah.web.people.labels import When
from dadkhah.web.people.models import Person
from dadkhah.web.people.selectors import ClaimView, claim_views, when_of

__all__ = ["access_event", "visible_events"]

ROLE_ORDER: list[str] = list(Involvement.Role.values)
MODE_ORDER: list[str] = ["", *Involvement.Mode.values]


@dataclass
class Participation:
    """The persons who took part in one way (a role, and for perpetrators a mode)."""

    role: str
    mode: str
    role_label: str
    mode_label: str
    persons: list[Person]


@dataclass
class EventPage:
    event: Event
    when: When
    participations: list[Participation]
    #: Participants the reader may not see (counted, never named).
    hidden: int
    #: The title and description, withheld where a participant is hidden (they name people).
    title: str
    description: str
    claims: list[ClaimView]
    provenance: Provenance


def participations(
    involvements: list[Involvement], *, user: User
) -> tuple[list[Participation], int]:
    """Involvements grouped by role and mode, visible persons only, and the hidden count."""
    visible = set(
        visible_persons(user)
        .filter(pk__in=[i.person_id for i in involvements])
        .values_list("pk", flat=True)
    )
    groups: dict[tuple[str, str], Participation] = {}
    hidden: set[int] = set()
    for inv in involvements:
        if inv.person_id not in visible:
            hidden.add(inv.person_id)
            continue
        group = groups.setdefault(
            (inv.role, inv.mode),
            Participation(
                inv.role,
                inv.mode,
                str(inv.get_role_display()),
                str(inv.get_mode_display()) if inv.mode else "",
                [],
            ),
        )
        group.persons.append(inv.person)
    ordered = sorted(
        groups.values(), key=lambda g: (ROLE_ORDER.index(g.role), MODE_ORDER.index(g.mode))
    )
    for g in ordered:
        g.persons.sort(key=lambda p: p.public_id)
    return ordered, len(hidden)


def event_page(*, user: User, event: Event) -> EventPage:
    """Everything the event page shows about ``event`` (already checked by `access_event`)."""
    involvements = list(event.involvements.select_related("person"))
    groups, hidden = participations(involvements, user=user)
    claims = claim_views(visible_claims(user).filter(event=event), user=user)
    return EventPage(
        event=event,
        when=when_of(event, "date"),
        participations=groups,
        hidden=hidden,
        title=event.title if hidden == 0 else "",
        description=event.description if hidden == 0 else "",
        claims=claims,
        provenance=provenance(claims, user=user),
    )
