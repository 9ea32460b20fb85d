"""Claims: one statement of fact each, with its sources and its standard of proof."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from dadkhah.core.claims import ClaimStatus
from dadkhah.web.modelutils import (
    Credibility,
    confidentiality_field,
    uncertain_date,
    uncertain_date_constraint,
)

if TYPE_CHECKING:
    from dadkhah.web.sources.models import Source


class Claim(uncertain_date("date"), models.Model):  # type: ignore[misc]
    """E.g. "executed at Gohardasht, Mordad 1367" or "member of the Tehran commission".

    A claim is about exactly one subject: a person, an event, a body or a place.
    """

    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    event = models.ForeignKey(
        "events.Event", null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    body = models.ForeignKey(
        "bodies.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    subject_place = models.ForeignKey(
        "places.Place",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims_about",
    )
    kind = models.CharField(
        _("kind of fact"), max_length=50, help_text=_("e.g. executed, detained_at, member_of")
    )
    value = models.TextField(_("value"), blank=True)
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    confidentiality = confidentiality_field()
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=[(s.value, s.value) for s in ClaimStatus],
        default=ClaimStatus.ALLEGED.value,
    )
    meets_standard = models.BooleanField(
        _("meets the standard of proof"),
        default=False,
        help_text=_("Reasonable grounds to believe, unless the case sets another standard."),
    )
    single_source = models.BooleanField(_("rests on one source"), default=True)
    contradicts = models.ManyToManyField("self", blank=True, symmetrical=True)
    sources: models.ManyToManyField[Source, ClaimSource] = models.ManyToManyField(
        "sources.Source", through="ClaimSource", related_name="claims"
    )
    assessed_by = models.CharField(
        _("assessed by"),
        max_length=150,
        blank=True,
        help_text=_("Who last graded the claim from its sources (a username or a loader)."),
    )
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(
        _("version"), default=0, help_text=_("Raised by each edit (dadkhah.web.edits).")
    )

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        person__isnull=False,
                        event__isnull=True,
                        body__isnull=True,
                        subject_place__isnull=True,
                    )
                    | models.Q(
                        person__isnull=True,
                        event__isnull=False,
                        body__isnull=True,
                        subject_place__isnull=True,
                    )
                    | models.Q(
                        person__isnull=True,
                        event__isnull=True,
                        body__isnull=False,
                        subject_place__isnull=True,
                    )
                    | models.Q(
                        person__isnull=True,
                        event__isnull=True,
                        body__isnull=True,
                        subject_place__isnull=False,
                    )
                ),
                name="claim_has_one_subject",
            ),
            uncertain_date_constraint("claim", "date"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.value}"[:100]


class ClaimSource(models.Model):
    """One source's support for a claim, graded for information credibility (1–6)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="claim_sources")
    source = models.ForeignKey("sources.Source", on_delete=models.PROTECT, related_name="+")
    record = models.ForeignKey(
        "sources.Record", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evidence = models.ForeignKey(
        "evidence.EvidenceItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    locator = models.CharField(
        _("locator"), max_length=300, blank=True, help_text=_("page, row, time code")
    )
    excerpt = models.TextField(_("excerpt"), blank=True)
    credibility = models.PositiveSmallIntegerField(
        _("credibility"), choices=Credibility.choices, default=Credibility.CANNOT_JUDGE
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(credibility__gte=1, credibility__lte=6),
                name="claimsource_credibility_1_6",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → claim {self.claim_id}"
