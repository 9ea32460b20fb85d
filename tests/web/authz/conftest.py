"""Users of every role for the authorization tests, signed in past the second factor."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.test import Client

from dadkhah.web.accounts.services import user_create

PASSWORD = "a long enough passphrase 42"


def make_user(name: str, role: str | None, clearance: str | None = None) -> Any:
    """A user with ``role`` (None: a user in no role at all) and ``clearance``."""
    user = user_create(username=name, password=PASSWORD, role=role or "read_only",
                       clearance=clearance)  # fmt: skip
    if role is None:
        user.groups.clear()
    return user


def sign_in(client: Client, user: Any) -> Client:
    """Sign ``client`` in as ``user`` with a verified second factor.

    The password step is Django's ``force_login``; the second factor is a confirmed
    TOTP device recorded in the session as django-otp's own ``otp_login`` records it,
    so the second-factor middleware treats the session as verified (nothing is
    switched off). Without django-otp installed, the first step is all there is.
    """
    client.force_login(user)
    if apps.is_installed("django_otp"):
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=user, name="authz test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
