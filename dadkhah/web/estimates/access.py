"""Who may see which estimate run (see dadkhah.web.accounts.access).

A run holds only aggregate numbers (counts, intervals, plots), never a name, so it has
no confidentiality level of its own: the role's capability decides.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from dadkhah.web.accounts.roles import VIEW_ESTIMATES, User, user_can
from dadkhah.web.estimates.models import EstimateRun


def visible_estimate_runs(user: User) -> QuerySet[EstimateRun]:
    """Every run for a user whose role reads estimates; none otherwise."""
    if not user_can(user, VIEW_ESTIMATES):
        return EstimateRun.objects.none()
    return EstimateRun.objects.all()


def access_estimate_run(*, user: User, id: int) -> EstimateRun:
    """The run ``id`` if ``user`` may see it.

    Raises:
        Http404: alike for a missing run and a forbidden one.
    """
    run = visible_estimate_runs(user).filter(pk=id).first()
    if run is None:
        raise Http404("no such estimate run")
    return run
