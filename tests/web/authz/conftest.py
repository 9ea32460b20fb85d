"""Users of every role for the authorization tests, signed in past the second factor."""

from __future__ import annotations

from typing import Any

from django.test import Client

from dadkhah.web.accounts.services import user_create
from tests.login import login

PASSWORD = "a long enough passphrase 42"


def make_user(name: str, role: str | None, clearance: str | None = None) -> Any:
    """A user with ``role`` (None: a user in no role at all) and ``clearance``."""
    user = user_create(username=name, password=PASSWORD, role=role or "read_only",
                       clearance=clearance)  # fmt: skip
    if role is None:
        user.groups.clear()
    return user


def sign_in(client: Client, user: Any) -> Client:
    """Sign ``client`` in as ``user`` the way a person does: password, then a TOTP code.

    :func:`tests.login.login` posts the login form and a real code from the user's
    authenticator (made if they have none), which the server verifies.
    """
    return login(client, user.get_username(), PASSWORD)
