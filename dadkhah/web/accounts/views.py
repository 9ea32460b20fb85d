"""The home page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dadkhah.web.accounts.roles import roles_of
from dadkhah.web.accounts.selectors import case_counts
from dadkhah.web.estimates.linkage import latest_registry_interval


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The case's counts, or, for a user with no role, a word that access must be granted."""
    return render(
        request,
        "accounts/home.html",
        {
            "registry": latest_registry_interval(),
            "counts": case_counts(user=request.user),
            "has_role": bool(roles_of(request.user)),
        },
    )
