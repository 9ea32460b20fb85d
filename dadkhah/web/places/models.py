"""Places with geometry, and what was observed at a site over time."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dadkhah.web.modelutils import (
    confidentiality_field,
    uncertain_date,
    uncertain_date_constraint,
)


class Place(models.Model):
    class Kind(models.TextChoices):
        COUNTRY = "country", _("country")
        PROVINCE = "province", _("province")
        CITY = "city", _("city")
        PRISON = "prison", _("prison")
        CEMETERY = "cemetery", _("cemetery")
        GRAVE_SITE = "grave_site", _("grave site")
        COURT = "court", _("court")
        OTHER = "other", _("other")

    class LocationPrecision(models.TextChoices):
        EXACT = "exact", _("exact (metres)")
        SITE = "site", _("site (about 100 m)")
        CITY = "city", _("city")
        PROVINCE = "province", _("province")
        UNKNOWN = "unknown", _("unknown")

    key = models.CharField(
        _("gazetteer id"), max_length=100, unique=True, help_text=_("e.g. prison:evin")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    name_fa = models.CharField(_("Persian name"), max_length=200, blank=True)
    other_names = models.JSONField(_("other and historic names"), default=list, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    confidentiality = confidentiality_field()
    geometry = models.JSONField(_("GeoJSON geometry"), null=True, blank=True)
    precision = models.CharField(
        _("location precision"),
        max_length=10,
        choices=LocationPrecision.choices,
        default=LocationPrecision.UNKNOWN,
    )
    estimated_individuals_min = models.PositiveIntegerField(null=True, blank=True)
    estimated_individuals_max = models.PositiveIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True)
                | models.Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SiteObservation(uncertain_date("date"), models.Model):  # type: ignore[misc]
    """The state of a site at a date, with the evidence for it (Minnesota Protocol)."""

    class Status(models.TextChoices):
        INTACT = "intact", _("intact")
        DAMAGED = "damaged", _("damaged")
        BULLDOZED = "bulldozed", _("bulldozed")
        COVERED = "covered", _("covered (concrete, soil)")
        BUILT_OVER = "built_over", _("built over")
        DESTROYED = "destroyed", _("destroyed")
        INACCESSIBLE = "inaccessible", _("access denied")
        UNKNOWN = "unknown", _("unknown")

    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="observations")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    description = models.TextField(blank=True)
    source = models.ForeignKey(
        "sources.Source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.ManyToManyField("evidence.EvidenceItem", blank=True, related_name="+")

    class Meta:
        ordering = ["place", "date_earliest"]
        constraints = [uncertain_date_constraint("siteobservation", "date")]

    def __str__(self) -> str:
        return f"{self.place}: {self.status} ({self.date_text})"
