"""Lockout after failed logins (django-axes), keyed on the user name and never on an address.

Families and witnesses may connect through shared or watched networks; an IP address in
a table is a lead for whoever seizes the server. django-axes is therefore told the client
has no address (:func:`no_client_ip`, stored as NULL), locks by user name only, and keeps
no log of successful logins (settings ``AXES_*``). The cost, written down in
docs/security.md: anyone who knows a user name can lock that account until an admin runs
``dadkhah user reset``.
"""

from __future__ import annotations

from typing import Any


def no_client_ip(request: Any) -> None:
    """django-axes' client-address hook: there is never an address to store."""
    return None


def lockout_clear(*, username: str) -> int:
    """Unlock a user: forget their failed logins. Returns how many records were removed."""
    from axes.utils import reset

    return int(reset(username=username))


def is_locked_out(*, username: str) -> bool:
    """Whether the user has reached the failure limit and is refused at login."""
    from axes.models import AccessAttempt
    from django.conf import settings

    limit = int(settings.AXES_FAILURE_LIMIT)
    attempts = AccessAttempt.objects.filter(username=username)
    return any(a.failures_since_start >= limit for a in attempts)
