"""The one home of the confidentiality rule: which levels a user may read.

Levels are ordered public < restricted < strictly confidential (``Confidentiality``,
the choices every protected model's ``confidentiality`` field uses). A user may read an
object whose level is at or below their clearance, and only through a role that grants
the read (:mod:`dadkhah.web.accounts.roles`): no role, no level (default deny, ASVS 5.0
V8.2.1). Every app's ``visible_*``/``access_*`` selectors filter with
:func:`cleared_levels`; nothing else compares levels.
"""

from __future__ import annotations

from dadkhah.web.accounts.roles import User, roles_of
from dadkhah.web.modelutils import Confidentiality

#: Lowest first; a clearance covers its own level and every level before it.
LEVELS: tuple[str, ...] = (
    Confidentiality.PUBLIC,
    Confidentiality.RESTRICTED,
    Confidentiality.STRICTLY_CONFIDENTIAL,
)


def level_rank(level: str) -> int:
    """0, 1 or 2 for public, restricted, strictly confidential.

    Raises:
        ValueError: ``level`` is not a confidentiality level.
    """
    try:
        return LEVELS.index(level)
    except ValueError:
        raise ValueError(
            f"unknown confidentiality level {level!r}; use one of {', '.join(LEVELS)}"
        ) from None


def clearance_of(user: User) -> str | None:
    """The level ``user`` is cleared to, or None for a user with no role (sees nothing)."""
    if not user.is_authenticated or not roles_of(user):  # roles_of: none for the anonymous
        return None
    cached = getattr(user, "_dadkhah_clearance", None)
    if cached is None:
        from dadkhah.web.accounts.models import Clearance

        row = Clearance.objects.filter(user_id=user.pk).values_list("level", flat=True).first()
        cached = row if row in LEVELS else Confidentiality.PUBLIC
        user._dadkhah_clearance = cached  # type: ignore[attr-defined]  # cached on the request's user
    return str(cached)


def cleared_levels(user: User) -> tuple[str, ...]:
    """The levels ``user`` may read, for ``confidentiality__in=`` filters (empty: none)."""
    top = clearance_of(user)
    if top is None:
        return ()
    return LEVELS[: level_rank(top) + 1]


def is_cleared(user: User, level: str) -> bool:
    """Whether ``user`` may read an object at ``level``."""
    return level in cleared_levels(user)


def is_protected(level: str) -> bool:
    """Whether reading an object at ``level`` is protected data whose every read is audited."""
    return level_rank(level) > 0
