"""Reads for the list of bodies (/bodies/): filters by kind and city, sorts, rows.

The members a reader may see are counted by one annotation, and the seat and the parent
body come with the same query: a page asks the same few queries for 5 bodies as for 50.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import Combinable
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dadkhah.web.accounts.roles import User
from dadkhah.web.bodies.access import visible_bodies
from dadkhah.web.bodies.models import Body
from dadkhah.web.people.access import visible_persons
from dadkhah.web.places.access import visible_places
from dadkhah.web.places.models import Place

#: The orders the list offers: key → (label, ordering).
BODY_SORTS: dict[str, tuple[Promise, tuple[str | Combinable, ...]]] = {
    "name": (_("by name"), ("name", "pk")),
    "kind": (_("by kind"), ("kind", "name", "pk")),
    "members": (_("most members first"), ("-seen_members", "name", "pk")),
}


def body_cities(*, user: User) -> list[Place]:
    """The cities the reader may see that are, or hold, the seat of a body they may see."""
    seats = visible_bodies(user).exclude(place=None).values("place")
    return list(
        visible_places(user)
        .filter(kind=Place.Kind.CITY)
        .filter(Q(pk__in=seats) | Q(children__in=seats))
        .distinct()
        .order_by("name", "pk")
    )


def body_list(*, user: User, kind: str = "", city: str = "", sort: str = "name") -> QuerySet[Body]:
    """The bodies ``user`` may read that match every filter given, in the order ``sort``.

    Args:
        kind: A `Body.Kind` value, or "" for every kind.
        city: The key of a city (checked by the caller against `body_cities`): bodies
            seated there or at a place within it.
        sort: A key of `BODY_SORTS`.
    """
    bodies = visible_bodies(user)
    if kind:
        bodies = bodies.filter(kind=kind)
    if city:
        bodies = bodies.filter(Q(place__key=city) | Q(place__parent__key=city))
    seen = visible_persons(user).values("pk")
    # The parent is named only where the reader may see it (its seat may be hidden).
    return (
        bodies.select_related("place", "parent")
        .annotate(
            seen_members=Count(
                "memberships__person", filter=Q(memberships__person__in=seen), distinct=True
            ),
            parent_seen=Count("parent", filter=Q(parent__in=visible_bodies(user).values("pk"))),
        )
        .order_by(*BODY_SORTS[sort][1])
    )
