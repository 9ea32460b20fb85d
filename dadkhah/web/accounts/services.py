"""Writes about users: creating them with a role, and the demo login."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import Group, Permission, User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from dadkhah.core.errors import InputError
from dadkhah.web.accounts.roles import ADMIN, CHANGE_APPS, INVESTIGATOR, ROLES, VIEW_APPS

DEMO_USER = "demo"


@transaction.atomic
def roles_ensure() -> None:
    """Create the role groups with their permissions (idempotent)."""
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        perms = Permission.objects.filter(
            content_type__app_label__in=VIEW_APPS, codename__startswith="view_"
        )
        change = CHANGE_APPS[role]
        perms = perms | Permission.objects.filter(content_type__app_label__in=change)
        if role == ADMIN:
            perms = perms | Permission.objects.filter(content_type__app_label__in=("auth",))
        group.permissions.set(perms)


@transaction.atomic
def user_create(*, username: str, password: str, role: str = INVESTIGATOR) -> User:
    """Create a user with one role; the password must pass the validators."""
    if role not in ROLES:
        raise InputError(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")
    if User.objects.filter(username=username).exists():
        raise InputError(f"A user {username!r} exists already; choose another name.")
    user = User(username=username, is_staff=role == ADMIN, is_superuser=role == ADMIN)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InputError("Password refused: " + " ".join(exc.messages)) from exc
    user.set_password(password)
    user.save()
    roles_ensure()
    user.groups.add(Group.objects.get(name=role))
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
    return password
