"""Changes to a user's access, each entered in the custody log as an account event.

There is no e-mail (deployments may be air-gapped): a user changes their own password
after signing in, and an admin resets a forgotten password, a lost authenticator or a
lockout from the command line. Every such change is a custody entry with action
``account``: who did it, to which user, what changed (never the secret itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from dadkhah.core.case import Case
from dadkhah.core.errors import InputError
from dadkhah.web.accounts.lockout import lockout_clear
from dadkhah.web.accounts.second_factor import second_factor_reset

ACCOUNT_ACTION = "account"


def account_event_record(*, case: Case | None, actor: str, user: str, event: str) -> None:
    """Enter an account event in the case's custody log.

    Args:
        case: The case; None only where no case is open (a test without one), where
            there is no log to write to.
        actor: Who acted (``web:alice``, ``cli:root``).
        user: The account acted on.
        event: What changed: ``password_changed``, ``password_reset``,
            ``second_factor_enrolled``, ``second_factor_reset``, ``unlocked``.
    """
    if case is None:
        return
    from dadkhah.web.custody.services import custody_record

    custody_record(
        case=case, actor=actor, action=ACCOUNT_ACTION, details={"user": user, "event": event}
    )


def current_case() -> Case | None:
    """The case the web app serves (None in a test run without one)."""
    return getattr(settings, "CASE", None)


@dataclass(frozen=True)
class ResetResult:
    """What :func:`user_access_reset` did."""

    password: bool
    second_factor: bool
    unlocked: int


def user_access_reset(
    *,
    case: Case | None,
    actor: str,
    username: str,
    password: str | None = None,
    second_factor: bool = False,
) -> ResetResult:
    """Reset a user's access: always unlock, optionally a new password and second factor.

    Args:
        case: The case whose custody log records the reset.
        actor: The admin who resets (``cli:<login name>``).
        username: The user.
        password: A new password (it must pass the validators), or None to keep it.
        second_factor: Remove the user's authenticator and recovery codes, so they
            enroll a new one at their next login.

    Raises:
        InputError: No such user, or the new password is refused.
    """
    user = _user(username)
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise InputError("Password refused: " + " ".join(exc.messages)) from exc
    events = []
    with transaction.atomic():
        if password is not None:
            user.set_password(password)
            user.save(update_fields=["password"])
            events.append("password_reset")
        if second_factor:
            second_factor_reset(user=user)
            events.append("second_factor_reset")
        unlocked = lockout_clear(username=username)
        events.append("unlocked")
    for event in events:
        account_event_record(case=case, actor=actor, user=username, event=event)
    return ResetResult(
        password=password is not None, second_factor=second_factor, unlocked=unlocked
    )


def _user(username: str) -> Any:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist as exc:
        raise InputError(
            f"No user {username!r} in this case; `dadkhah createuser` makes one."
        ) from exc
