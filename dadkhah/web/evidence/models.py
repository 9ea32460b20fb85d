"""Evidence items: files kept byte-for-byte, content-addressed by SHA-256."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dadkhah.web.modelutils import confidentiality_field


class EvidenceItem(models.Model):
    """One file as collected (Berkeley Protocol: hash, collector, time, method).

    The bytes live in the case's evidence store under their hash; a working copy
    (redacted, converted) is a new item whose `derived_from` is the original.
    """

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    media_type = models.CharField(max_length=100, blank=True)
    original_name = models.CharField(max_length=500, blank=True)
    title = models.CharField(max_length=300, blank=True)
    collected_by = models.CharField(_("collected by"), max_length=200, blank=True)
    collected_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    collected_at = models.DateTimeField(_("collected at (UTC)"))
    collection_method = models.CharField(_("how collected"), max_length=200, blank=True)
    collected_from = models.CharField(
        _("from where"), max_length=500, blank=True, help_text=_("URL, device, account used")
    )
    file_times = models.JSONField(_("original file times"), default=dict, blank=True)
    metadata = models.JSONField(_("extracted metadata"), default=dict, blank=True)
    derived_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="derivatives"
    )
    transformation = models.CharField(max_length=200, blank=True)
    synthetic = models.BooleanField(default=False)
    confidentiality = confidentiality_field()

    class Meta:
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence items")
        ordering = ["collected_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"), name="evidence_sha256_hex"
            ),
            models.CheckConstraint(
                condition=models.Q(derived_from__isnull=True) | ~models.Q(transformation=""),
                name="evidence_derivative_says_how",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sha256[:12]} {self.original_name}"


class Attachment(models.Model):
    """An evidence item attached to a person, claim, event or place, with the reason why.

    Written only by :func:`dadkhah.web.evidence.attachments.evidence_attach`, which also
    appends a ``Change`` to the entity's history and a custody entry naming the item, and
    by ``attachment_import`` for a bulk load's initial version (ADR 0008).
    Rows are only added: an attachment is part of the record once made.
    """

    class Entity(models.TextChoices):
        PERSON = "person", _("person")
        CLAIM = "claim", _("claim")
        EVENT = "event", _("event")
        PLACE = "place", _("place")

    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="attachments")
    entity = models.CharField(_("entity"), max_length=20, choices=Entity.choices)
    entity_id = models.PositiveBigIntegerField(_("entity id"))
    reason = models.TextField(_("reason"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.CharField(_("by"), max_length=200)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence attachment")
        verbose_name_plural = _("evidence attachments")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["entity", "entity_id"], name="attachment_entity")]
        constraints = [
            models.UniqueConstraint(fields=["item", "entity", "entity_id"], name="attachment_once"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="attachment_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.entity}:{self.entity_id} ← {self.item_id}"
