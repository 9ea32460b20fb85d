"""Writes about users: creating them with a role and a clearance, and the demo login."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from dadkhah.core.errors import InputError
from dadkhah.web.accounts.clearance import LEVELS
from dadkhah.web.accounts.models import Clearance
from dadkhah.web.accounts.roles import ADMIN, INVESTIGATOR, ROLES, WITNESS_LIAISON, role_name
from dadkhah.web.modelutils import Confidentiality

DEMO_USER = "demo"


#: The clearance a new user gets when none is given: those who may see who a witness is
#: need strictly confidential data; everyone else starts at restricted.
DEFAULT_CLEARANCE = {ADMIN: Confidentiality.STRICTLY_CONFIDENTIAL}
DEFAULT_CLEARANCE[WITNESS_LIAISON] = Confidentiality.STRICTLY_CONFIDENTIAL


@transaction.atomic
def roles_ensure() -> None:
    """Create one group per role (idempotent).

    The groups carry no model permissions: what a role may do is the table in
    :mod:`dadkhah.web.accounts.roles`, the only source.
    """
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.clear()


@transaction.atomic
def clearance_set(*, user: User, level: str) -> Clearance:
    """Clear ``user`` to ``level`` (public, restricted or strictly_confidential)."""
    if level not in LEVELS:
        raise InputError(f"Unknown clearance {level!r}; use one of {', '.join(LEVELS)}.")
    row, _ = Clearance.objects.update_or_create(user=user, defaults={"level": level})
    return row


@transaction.atomic
def user_create(
    *, username: str, password: str, role: str = INVESTIGATOR, clearance: str | None = None
) -> User:
    """Create a user with one role and a clearance; the password must pass the validators.

    Args:
        username: The login name.
        password: Checked by the configured validators.
        role: One of ``ROLES`` (``viewer`` is read as ``read_only``).
        clearance: The highest confidentiality level the user may read (default:
            ``DEFAULT_CLEARANCE`` for the role, else restricted).
    """
    canonical = role_name(role)
    if canonical is None:
        raise InputError(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")
    level = clearance or DEFAULT_CLEARANCE.get(canonical, Confidentiality.RESTRICTED)
    if level not in LEVELS:
        raise InputError(f"Unknown clearance {level!r}; use one of {', '.join(LEVELS)}.")
    if User.objects.filter(username=username).exists():
        raise InputError(f"A user {username!r} exists already; choose another name.")
    user = User(username=username, is_staff=canonical == ADMIN, is_superuser=canonical == ADMIN)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InputError("Password refused: " + " ".join(exc.messages)) from exc
    user.set_password(password)
    user.save()
    roles_ensure()
    user.groups.add(Group.objects.get(name=canonical))
    clearance_set(user=user, level=level)
    return user


@transaction.atomic
def demo_user_ensure(*, password: str | None = None) -> str:
    """Make the demo login (an admin of the demo case) and return its password.

    The password is `password` when given (DADKHAH_DEMO_PASSWORD), otherwise a
    new random one each time the demo starts.
    """
    password = password or secrets.token_urlsafe(12)
    roles_ensure()
    user, _ = User.objects.get_or_create(username=DEMO_USER)
    user.is_staff = True
    user.is_superuser = True
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=ADMIN))
    clearance_set(user=user, level=Confidentiality.STRICTLY_CONFIDENTIAL)
    return password
