"""What the signed-in user may do, for templates: links are shown only where they lead."""

from __future__ import annotations

from django.http import HttpRequest

from dadkhah.web.accounts.roles import capabilities_of


def capabilities(request: HttpRequest) -> dict[str, dict[str, bool]]:
    """``can``: capability name → True for each capability of the user's roles.

    Only a convenience for the navigation (``{% if can.view_evidence %}``): the views
    check every capability themselves.
    """
    user = getattr(request, "user", None)
    if user is None:
        return {"can": {}}
    return {"can": dict.fromkeys(capabilities_of(user), True)}
