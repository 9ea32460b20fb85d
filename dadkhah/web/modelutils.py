"""Pieces shared by the models of several apps: uncertain dates and grades.

Django has no composite field, so an uncertain date is a group of columns
`<prefix>_earliest`, `<prefix>_latest`, `<prefix>_precision`,
`<prefix>_calendar`, `<prefix>_text`, added by an abstract base made for that
prefix (a model may inherit several, e.g. a membership's start and end).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from dadkhah.core.dates import Calendar, Precision, UncertainDate

PRECISION_CHOICES = [(p.value, p.value) for p in Precision]
CALENDAR_CHOICES = [(c.value, c.value) for c in Calendar]

_cache: dict[str, type[models.Model]] = {}


def uncertain_date(prefix: str, verbose: str | None = None) -> type[models.Model]:
    """An abstract model with the five columns of one uncertain date."""
    if prefix in _cache:
        return _cache[prefix]
    label = verbose or prefix.replace("_", " ")
    attrs: dict[str, Any] = {
        "__module__": __name__,
        f"{prefix}_earliest": models.DateField(
            _("%s (earliest)") % label, null=True, blank=True, db_index=True
        ),
        f"{prefix}_latest": models.DateField(_("%s (latest)") % label, null=True, blank=True),
        f"{prefix}_precision": models.CharField(
            max_length=10, choices=PRECISION_CHOICES, default=Precision.UNKNOWN.value
        ),
        f"{prefix}_calendar": models.CharField(max_length=10, choices=CALENDAR_CHOICES, blank=True),
        f"{prefix}_text": models.CharField(_("%s as written") % label, max_length=200, blank=True),
        "Meta": type("Meta", (), {"abstract": True}),
    }
    cls = type(f"UncertainDate_{prefix}", (models.Model,), attrs)
    _cache[prefix] = cls
    return cls


def get_uncertain(obj: models.Model, prefix: str) -> UncertainDate:
    """Read one uncertain date of a model instance as the core value."""
    cal = getattr(obj, f"{prefix}_calendar")
    return UncertainDate(
        getattr(obj, f"{prefix}_earliest"),
        getattr(obj, f"{prefix}_latest"),
        Precision(getattr(obj, f"{prefix}_precision")),
        Calendar(cal) if cal else None,
        getattr(obj, f"{prefix}_text"),
    )


def uncertain_kwargs(prefix: str, value: UncertainDate | None) -> dict[str, Any]:
    """The column values for one uncertain date, for create()/update()."""
    if value is None:
        value = UncertainDate.unknown()
    return {
        f"{prefix}_earliest": value.earliest,
        f"{prefix}_latest": value.latest,
        f"{prefix}_precision": value.precision.value,
        f"{prefix}_calendar": value.calendar.value if value.calendar is not None else "",
        f"{prefix}_text": value.text[:200],
    }


def uncertain_json(obj: Any, prefix: str) -> dict[str, Any]:
    """One uncertain date's column values as JSON (ISO dates), as a change log keeps them."""
    earliest, latest = getattr(obj, f"{prefix}_earliest"), getattr(obj, f"{prefix}_latest")
    return {
        f"{prefix}_text": getattr(obj, f"{prefix}_text"),
        f"{prefix}_earliest": earliest.isoformat() if earliest else None,
        f"{prefix}_latest": latest.isoformat() if latest else None,
        f"{prefix}_precision": getattr(obj, f"{prefix}_precision"),
        f"{prefix}_calendar": getattr(obj, f"{prefix}_calendar"),
    }


def uncertain_date_constraint(model_name: str, prefix: str) -> models.CheckConstraint:
    """Both ends or neither, and earliest ≤ latest."""
    e, lt = f"{prefix}_earliest", f"{prefix}_latest"
    return models.CheckConstraint(
        condition=(models.Q(**{f"{e}__isnull": True}) & models.Q(**{f"{lt}__isnull": True}))
        | (
            models.Q(**{f"{e}__isnull": False})
            & models.Q(**{f"{lt}__isnull": False})
            & models.Q(**{f"{e}__lte": models.F(lt)})
        ),
        name=f"{model_name}_{prefix}_interval",
    )


class Reliability(models.TextChoices):
    """Admiralty / NATO source reliability (assessed apart from credibility)."""

    A = "A", _("A — completely reliable")
    B = "B", _("B — usually reliable")
    C = "C", _("C — fairly reliable")
    D = "D", _("D — not usually reliable")
    E = "E", _("E — unreliable")
    F = "F", _("F — reliability cannot be judged")


class Credibility(models.IntegerChoices):
    """Admiralty / NATO information credibility."""

    CONFIRMED = 1, _("1 — confirmed by other sources")
    PROBABLY_TRUE = 2, _("2 — probably true")
    POSSIBLY_TRUE = 3, _("3 — possibly true")
    DOUBTFUL = 4, _("4 — doubtful")
    IMPROBABLE = 5, _("5 — improbable")
    CANNOT_JUDGE = 6, _("6 — truth cannot be judged")


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("public")
    RESTRICTED = "restricted", _("restricted")
    STRICTLY_CONFIDENTIAL = "strictly_confidential", _("strictly confidential")


def confidentiality_field() -> models.CharField:  # type: ignore[type-arg]
    """The ``confidentiality`` column every protected model carries (restricted by default).

    One definition, so sources, persons, claims, places, evidence items and testimonies
    share the choices and the default; the rule that reads it lives in
    ``dadkhah.web.accounts.clearance``.
    """
    return models.CharField(
        _("confidentiality"),
        max_length=30,
        choices=Confidentiality.choices,
        default=Confidentiality.RESTRICTED,
        db_index=True,
    )
