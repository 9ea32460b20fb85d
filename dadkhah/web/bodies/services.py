"""Writes for bodies: add a body (commission, court, ministry …), a seat on it, a post held.

Perpetrators are known through the bodies they sat on and the posts they held, then
and now. A membership or a post is only added here; each carries uncertain start and
end dates, and an end that lies wholly before the start is refused.
"""

from __future__ import annotations

from django.db.models import Model

from dadkhah.core.dates import UncertainDate
from dadkhah.core.errors import InputError
from dadkhah.web.bodies.models import Body, Membership, Post
from dadkhah.web.modelutils import uncertain_kwargs
from dadkhah.web.people.models import Person
from dadkhah.web.places.models import Place

__all__ = ["body_create", "membership_add", "post_add"]


def _saved(row: Model | None, what: str) -> None:
    if row is not None and row.pk is None:
        raise InputError(f"the {what} is not saved.")


def _span(start: UncertainDate | None, end: UncertainDate | None, what: str) -> None:
    if start is None or end is None or start.earliest is None or end.latest is None:
        return
    if end.latest < start.earliest:
        raise InputError(
            f"the {what} ends ({end.latest.isoformat()}) before it starts "
            f"({start.earliest.isoformat()})."
        )


def body_create(
    *,
    kind: str,
    name: str,
    name_fa: str = "",
    key: str | None = None,
    place: Place | None = None,
    parent: Body | None = None,
    description: str = "",
) -> Body:
    """Add a body (an organization, a death commission, a court …).

    Args:
        kind: A `Body.Kind` value.
        name, name_fa: Its name in Latin and Persian script.
        key: A stable id (``commission:tehran``), unique where given.
        place: Where it sat.
        parent: The body it belongs to.
        description: A short description.

    Raises:
        InputError: No name, an unknown kind, a key taken, or an unsaved place or parent.
    """
    name = name.strip()
    if not name:
        raise InputError("a body needs a name.")
    if kind not in Body.Kind.values:
        raise InputError(f"unknown body kind {kind!r}; use one of {', '.join(Body.Kind.values)}.")
    key = key.strip() if key is not None else None
    if key is not None and (not key or Body.objects.filter(key=key).exists()):
        raise InputError(f"the body id {key!r} is empty or taken.")
    _saved(place, "place of the body")
    _saved(parent, "parent body")
    return Body.objects.create(
        key=key,
        kind=kind,
        name=name[:300],
        name_fa=name_fa.strip()[:300],
        place=place,
        parent=parent,
        description=description,
    )


def membership_add(
    *,
    body: Body,
    person: Person,
    role: str = "",
    start: UncertainDate | None = None,
    end: UncertainDate | None = None,
) -> Membership:
    """Record that ``person`` sat on ``body`` (as ``role``, e.g. ``religious judge``).

    Raises:
        InputError: An unsaved body or person, a merged person, a role too long, or an
            end before the start.
    """
    _saved(body, "body")
    _saved(person, "person")
    if person.merged_into_id is not None:
        raise InputError(f"{person.public_id} was merged into another person; use that one.")
    role = role.strip()
    if len(role) > 200:
        raise InputError("a role is at most 200 characters.")
    _span(start, end, "membership")
    return Membership.objects.create(
        body=body,
        person=person,
        role=role,
        **uncertain_kwargs("start", start),
        **uncertain_kwargs("end", end),
    )


def post_add(
    *,
    person: Person,
    title: str,
    body: Body | None = None,
    current: bool = False,
    start: UncertainDate | None = None,
    end: UncertainDate | None = None,
) -> Post:
    """Record a post ``person`` held (``current`` when still held), in 1988 or later.

    Raises:
        InputError: No title, an unsaved person or body, a merged person, an end before
            the start, or an end given for a post still held.
    """
    _saved(person, "person")
    _saved(body, "body")
    if person.merged_into_id is not None:
        raise InputError(f"{person.public_id} was merged into another person; use that one.")
    title = title.strip()
    if not title:
        raise InputError("a post needs a title.")
    if current and end is not None and (end.earliest is not None or end.latest is not None):
        raise InputError("a post still held has no end.")
    _span(start, end, "post")
    return Post.objects.create(
        person=person,
        title=title[:300],
        body=body,
        current=current,
        **uncertain_kwargs("start", start),
        **uncertain_kwargs("end", end),
    )
