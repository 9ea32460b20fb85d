"""Template context every page gets: the case's name and whether it is synthetic."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def case(request: HttpRequest) -> dict[str, object]:
    c = settings.CASE
    return {
        "case_name": c.config.name if c is not None else "",
        "case_synthetic": bool(getattr(settings, "DADKHAH_SYNTHETIC", False)),
    }
