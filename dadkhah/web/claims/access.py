"""Who may see which claim (see dadkhah.web.accounts.access).

A claim is visible when its own level is cleared and, for a claim about a person, that
person is visible too: a claim must not reveal a person the reader may not see.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from dadkhah.web.accounts.access import access_object, visible_to
from dadkhah.web.accounts.roles import VIEW_REGISTRY, User
from dadkhah.web.claims.models import Claim
from dadkhah.web.people.access import visible_persons
from dadkhah.web.people.models import Person


def visible_claims(user: User) -> QuerySet[Claim]:
    """The claims ``user`` may read."""
    claims = visible_to(user, Claim.objects.all(), VIEW_REGISTRY)
    return claims.filter(Q(person__isnull=True) | Q(person__in=visible_persons(user)))


def visible_claims_about(user: User, person: Person) -> QuerySet[Claim]:
    """The claims about ``person`` that ``user`` may read: `visible_claims` of one person.

    The same claims as ``visible_claims(user).filter(person=person)``; the person's
    visibility is checked for that one person, where `visible_claims` lists every
    visible person (tens of milliseconds on a 100,000-person case, on each person page).
    """
    persons = visible_persons(user).filter(pk=person.pk)
    claims = visible_to(user, Claim.objects.filter(person=person), VIEW_REGISTRY)
    return claims.filter(person__in=persons)


def access_claim(*, user: User, id: int) -> Claim:
    """The claim ``id`` if ``user`` may read it; audited.

    Raises:
        Http404: alike for a missing claim and a forbidden one.
    """
    return access_object(
        user=user,
        visible=visible_claims(user),
        lookup={"pk": id},
        ref=lambda c: f"claim:{c.pk}",
        level=lambda c: c.confidentiality,
    )
