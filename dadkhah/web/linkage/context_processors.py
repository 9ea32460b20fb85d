"""Template context for the navigation: how many pairs wait in the review queue."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from dadkhah.web.linkage.selectors import review_queue_size


def review_waiting(request: HttpRequest) -> dict[str, Callable[[], int]]:
    """``review_waiting``: the number of pairs in the review queue.

    A callable, so that the template counts (one COUNT query) only where it reads
    it: base.html shows it to users who may decide pairs (``can.decide_linkage``).
    """
    return {"review_waiting": review_queue_size}
