"""Witnesses, known here only by pseudonym, their testimonies, consent and harm checks.

A witness's identity (name, contact, location, relations, identifying details) never
lives in a plain column: it is sealed in the vault (`Identity`, docs/vault.md) and
opened only through `witness_reveal`, by a cleared role, audited.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from dadkhah.web.modelutils import Confidentiality


class Identity(models.Model):
    """A witness's or family submitter's identity, sealed field by field in the vault.

    Every identity column is AES-256-GCM ciphertext under the row's own data key,
    bound to this table, this row's id and the field's name; ``wrapped_key`` is that
    data key wrapped by master key ``key_version`` (outside the database).
    ``name_index`` is the keyed blind index of the normalized name, for exact look-up.
    """

    class Kind(models.TextChoices):
        WITNESS = "witness", _("witness")
        SUBMITTER = "submitter", _("family submitter")

    FIELDS = ("name", "contact", "location", "relations", "details")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.WITNESS)
    key_version = models.PositiveIntegerField()
    wrapped_key = models.BinaryField()
    name_index = models.CharField(max_length=64, db_index=True, blank=True)
    name = models.BinaryField()
    contact = models.BinaryField()
    location = models.BinaryField()
    relations = models.BinaryField()
    details = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sealed identity")
        verbose_name_plural = _("sealed identities")

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"


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
    identity = models.OneToOneField(
        Identity, null=True, blank=True, on_delete=models.PROTECT, related_name="witness"
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
    # Testimonies are the most exposing data the case holds: strictly confidential unless
    # a liaison lowers it (with the witness's consent).
    confidentiality = models.CharField(
        _("confidentiality"),
        max_length=30,
        choices=Confidentiality.choices,
        default=Confidentiality.STRICTLY_CONFIDENTIAL,
        db_index=True,
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


class Use(models.TextChoices):
    """What a witness may consent to, one by one (issue 12, "Consent and harm")."""

    INTERVIEW = "interview", _("interview")
    PUBLIC_REPORT = "public_report", _("public report")
    UN_MECHANISM = "un_mechanism", _("sharing with a UN mechanism")
    ICC = "icc", _("sharing with the ICC")
    NATIONAL_PROSECUTOR = "national_prosecutor", _("sharing with a national prosecutor")
    NGO = "ngo", _("sharing with an NGO")
    IDENTITY_DISCLOSURE = "identity_disclosure", _("disclosure of identity")


class ConsentEntry(models.Model):
    """One grant or withdrawal of consent for one use; entries are never changed.

    The history is the consent: the latest entry for a use, at a given time, decides
    (`selectors.consent_allows`). A withdrawal is a new entry, not an edit.
    """

    class Decision(models.TextChoices):
        GRANT = "grant", _("granted")
        WITHDRAW = "withdraw", _("withdrawn")

    witness = models.ForeignKey(Witness, on_delete=models.PROTECT, related_name="consents")
    use = models.CharField(_("use"), max_length=30, choices=Use.choices)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    obtained_by = models.CharField(_("obtained by"), max_length=200)
    obtained_at = models.DateTimeField(_("obtained at"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.CharField(max_length=200)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consent entry")
        verbose_name_plural = _("consent entries")
        ordering = ["witness", "use", "obtained_at", "id"]

    def __str__(self) -> str:
        return f"{self.witness} {self.use} {self.decision}"


class HarmCheck(models.Model):
    """A recorded do-no-harm assessment before disclosing what is linked to a witness.

    Needed for every disclosure linked to a high- or severe-risk witness; the latest
    check for the use decides (`selectors.disclosure_allowed`).
    """

    class Outcome(models.TextChoices):
        CLEARED = "cleared", _("cleared: disclosure will not put the witness at risk")
        NOT_CLEARED = "not_cleared", _("not cleared")

    witness = models.ForeignKey(Witness, on_delete=models.PROTECT, related_name="harm_checks")
    use = models.CharField(_("use"), max_length=30, choices=Use.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    checked_by = models.CharField(_("checked by"), max_length=200)
    checked_at = models.DateTimeField(_("checked at"))
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("do-no-harm check")
        verbose_name_plural = _("do-no-harm checks")
        ordering = ["witness", "use", "checked_at", "id"]

    def __str__(self) -> str:
        return f"{self.witness} {self.use} {self.outcome}"
