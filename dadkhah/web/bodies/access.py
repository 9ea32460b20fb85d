"""Who may see which body (commission, court, ministry …; see dadkhah.web.accounts.access).

A body has no level of its own: it is read with the registry, unless its seat is a
place the reader may not see.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from dadkhah.web.accounts.access import access_object, visible_to
from dadkhah.web.accounts.roles import VIEW_REGISTRY, User
from dadkhah.web.bodies.models import Body
from dadkhah.web.modelutils import Confidentiality
from dadkhah.web.places.access import visible_places


def visible_bodies(user: User) -> QuerySet[Body]:
    """The bodies ``user`` may read."""
    bodies = visible_to(user, Body.objects.all(), VIEW_REGISTRY, level=None)
    return bodies.filter(Q(place__isnull=True) | Q(place__in=visible_places(user)))


def access_body(*, user: User, id: int) -> Body:
    """The body ``id`` if ``user`` may read it (refusals audited).

    Raises:
        Http404: alike for a missing body and a forbidden one.
    """
    return access_object(
        user=user,
        visible=visible_bodies(user).select_related("place", "parent"),
        lookup={"pk": id},
        ref=lambda b: f"body:{b.pk}",
        level=lambda _b: Confidentiality.PUBLIC,
    )
