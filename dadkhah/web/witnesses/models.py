"""Witnesses, known here only by pseudonym, and their testimonies.

A witness's identity (name, contact) never lives in these tables: it goes to
the encrypted vault (its own issue); `vault_ref` points there.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Witness(models.Model):
    class Risk(models.TextChoices):
        LOW = "low", _("low")
        MEDIUM = "medium", _("medium")
        HIGH = "high", _("high")
        SEVERE = "severe", _("severe")

    pseudonym = models.CharField(_("pseudonym"), max_length=20, unique=True)
    person = models.OneToOneField(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="witness"
    )
    risk_level = models.CharField(
        _("risk level"), max_length=10, choices=Risk.choices, default=Risk.HIGH
    )
    vault_ref = models.CharField(
        _("vault reference"), max_length=100, blank=True, help_text=_("Opaque id in the vault.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("witness")
        verbose_name_plural = _("witnesses")
        ordering = ["pseudonym"]

    def __str__(self) -> str:
        return self.pseudonym


class Testimony(models.Model):
    witness = models.ForeignKey(Witness, on_delete=models.PROTECT, related_name="testimonies")
    source = models.OneToOneField(
        "sources.Source", on_delete=models.PROTECT, related_name="testimony"
    )
    language = models.CharField(max_length=10)
    taken_on = models.DateField(null=True, blank=True)
    evidence = models.ForeignKey(
        "evidence.EvidenceItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name_plural = "testimonies"

    def __str__(self) -> str:
        return f"{self.witness} — {self.source.title}"


class Segment(models.Model):
    """A passage of a testimony, with the claims it supports."""

    testimony = models.ForeignKey(Testimony, on_delete=models.CASCADE, related_name="segments")
    order = models.PositiveIntegerField()
    locator = models.CharField(max_length=100, blank=True, help_text=_("time code or page"))
    text = models.TextField()
    claims = models.ManyToManyField("claims.Claim", blank=True, related_name="segments")

    class Meta:
        ordering = ["testimony", "order"]
        constraints = [
            models.UniqueConstraint(fields=["testimony", "order"], name="segment_order_once")
        ]

    def __str__(self) -> str:
        return f"{self.testimony_id}#{self.order}"
