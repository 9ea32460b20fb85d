"""Who may see which place (see dadkhah.web.accounts.access)."""

from __future__ import annotations

from django.db.models import QuerySet

from dadkhah.web.accounts.access import access_object, visible_to
from dadkhah.web.accounts.roles import VIEW_REGISTRY, User
from dadkhah.web.places.models import Place


def visible_places(user: User) -> QuerySet[Place]:
    """The places ``user`` may read (a grave site a family told of in trust may be hidden)."""
    return visible_to(user, Place.objects.all(), VIEW_REGISTRY)


def access_place(*, user: User, key: str) -> Place:
    """The place with gazetteer id ``key`` if ``user`` may read it; audited.

    Raises:
        Http404: alike for a missing place and a forbidden one.
    """
    return access_object(
        user=user,
        visible=visible_places(user),
        lookup={"key": key},
        ref=lambda p: f"place:{p.key}",
        level=lambda p: p.confidentiality,
    )
