"""The home page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dadkhah.web.accounts.roles import VIEW_REGISTRY, roles_of, user_can
from dadkhah.web.accounts.selectors import case_counts
from dadkhah.web.people.totals import case_totals


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The case's counts, or, for a user with no role, a word that access must be granted."""
    # Imported here, not at the top: the estimation modules it brings (statsmodels, SciPy,
    # numba) were most of the time to import the URL conf, which `manage.py check` and
    # every other command that checks URLs pay before doing anything.
    from dadkhah.web.estimates.linkage import latest_registry_interval

    return render(
        request,
        "accounts/home.html",
        {
            "registry": latest_registry_interval(),
            "counts": case_counts(user=request.user),
            "totals": case_totals(user=request.user)
            if user_can(request.user, VIEW_REGISTRY)
            else [],
            "has_role": bool(roles_of(request.user)),
        },
    )
