"""Who may see which person: the one home of person access (see dadkhah.web.accounts.access)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dadkhah.web.accounts.access import access_object, visible_to
from dadkhah.web.accounts.roles import VIEW_REGISTRY, User
from dadkhah.web.people.models import Person, PersonRole


def _witness() -> Q:
    """Persons who are witnesses: their name must not sit beside their pseudonym."""
    return Q(witness__isnull=False) | Q(roles__role=PersonRole.Role.WITNESS)


def without_witnesses(rows: QuerySet[Any], field: str = "pk") -> QuerySet[Any]:
    """``rows`` less those whose ``field`` (a person) is a witness, as ``_witness()`` says.

    Written as the exclusion of ``Person.objects.filter(_witness())``, each query that
    reads visible persons joined every person to the witnesses and their roles (tens of
    milliseconds on a 100,000-person case, several times a page). These two subqueries
    read the witnesses and the witness roles alone (indexed by role). A witness with no
    person is left out of the first: a NULL in ``NOT IN`` would exclude everyone.
    """
    from dadkhah.web.witnesses.models import Witness

    witnesses = Witness.objects.filter(person__isnull=False).order_by().values("person_id")
    roles = PersonRole.objects.filter(role=PersonRole.Role.WITNESS).values("person_id")
    return rows.exclude(**{f"{field}__in": witnesses}).exclude(**{f"{field}__in": roles})


def visible_persons(user: User) -> QuerySet[Person]:
    """The persons ``user`` may see: a registry reader's, up to their clearance.

    A witness is never a person on these pages, for anyone: their identity belongs in
    the vault, and their testimonies are reached through the witness pages.
    """
    base = without_witnesses(Person.objects.all())
    return visible_to(user, base, VIEW_REGISTRY)


def access_person(*, user: User, public_id: str) -> Person:
    """The person with ``public_id`` if ``user`` may see them; the read is audited.

    Raises:
        Http404: the same for "no such person" and "not allowed", so the answer
            tells nothing about who exists.
    """
    return access_object(
        user=user,
        visible=visible_persons(user),
        lookup={"public_id": public_id},
        ref=lambda p: f"person:{p.public_id}",
        level=lambda p: p.confidentiality,
    )
