"""What families tell through the public page, kept apart until a witness liaison follows up.

A submission's *submitter* (who wrote: name, contact, relation, what has happened to
the family since) is sealed in the vault (`witnesses.Identity`, kind ``submitter``);
what they say of their relative is kept as written here, strictly confidential, and is
never part of the registry until a liaison takes it further. Files wait in quarantine.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    """One message from a family about one relative (or an addition to an earlier one)."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("received, waiting for a liaison")
        FOLLOWED_UP = "followed_up", _("followed up")
        CLOSED = "closed", _("closed")

    class Calendar(models.TextChoices):
        JALALI = "jalali", _("Solar Hijri (Jalali)")
        GREGORIAN = "gregorian", _("Gregorian")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # SHA-256 of the receipt code (the code itself is shown once to the family and
    # never stored: 80 random bits need no slow hash). Set on first submissions only.
    receipt_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="additions"
    )
    submitter = models.OneToOneField(
        "witnesses.Identity", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # About the relative, as the family wrote it.
    given_name = models.CharField(_("given name"), max_length=200, blank=True)
    family_name = models.CharField(_("family name"), max_length=200, blank=True)
    father_name = models.CharField(_("father's name"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    prison = models.CharField(_("prison"), max_length=200, blank=True)
    calendar = models.CharField(
        _("calendar of the dates"), max_length=10, choices=Calendar.choices, default="jalali"
    )
    born = models.CharField(_("born"), max_length=100, blank=True)
    arrested = models.CharField(_("arrested"), max_length=100, blank=True)
    died = models.CharField(_("killed or last heard of"), max_length=100, blank=True)
    told = models.TextField(_("what the family was told"), blank=True)
    burial = models.TextField(_("where the family believes the body lies"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("family submission")
        verbose_name_plural = _("family submissions")

    def __str__(self) -> str:
        return f"submission {str(self.id)[:8]}"

    @property
    def root(self) -> Submission:
        """The first submission of this family's thread (additions point to it)."""
        return self.follows if self.follows is not None else self


class QuarantinedFile(models.Model):
    """A file a family sent: kept out of the evidence store until a liaison accepts it."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="files")
    name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    accepted_item = models.ForeignKey(
        "evidence.EvidenceItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.name} ({self.sha256[:12]})"


class Candidate(models.Model):
    """A person of the registry the submission may be about, for the liaison only."""

    class Method(models.TextChoices):
        LINKAGE = "linkage", _("linkage model")
        NAMES = "names", _("names only")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(null=True)
    method = models.CharField(max_length=10, choices=Method.choices)

    class Meta:
        ordering = ["submission", "-probability"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "person"], name="candidate_once")
        ]


class UsedTicket(models.Model):
    """A form ticket already spent: each form can be sent once (replays are refused)."""

    digest = models.CharField(max_length=64, primary_key=True)
    used_at = models.DateTimeField(auto_now_add=True, db_index=True)
