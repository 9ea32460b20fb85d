"""Bodies (organizations, commissions), memberships and posts, then and now."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dadkhah.web.modelutils import uncertain_date, uncertain_date_constraint


class Body(models.Model):
    class Kind(models.TextChoices):
        ORGANIZATION = "organization", _("organization")
        COMMISSION = "commission", _("commission")
        COURT = "court", _("court")
        MINISTRY = "ministry", _("ministry")
        PRISON_ADMINISTRATION = "prison_administration", _("prison administration")
        POLITICAL_GROUP = "political_group", _("political group")

    key = models.CharField(
        _("key"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text=_("A stable id, e.g. commission:tehran"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    name_fa = models.CharField(_("Persian name"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="bodies"
    )
    description = models.TextField(blank=True)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(uncertain_date("start"), uncertain_date("end"), models.Model):  # type: ignore[misc]
    """A person's seat on a body (e.g. the religious judge of a commission)."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=200, blank=True)

    class Meta:
        constraints = [
            uncertain_date_constraint("membership", "start"),
            uncertain_date_constraint("membership", "end"),
        ]

    def __str__(self) -> str:
        return f"{self.person.public_id} in {self.body} ({self.role})"


class Post(uncertain_date("start"), uncertain_date("end"), models.Model):  # type: ignore[misc]
    """A position a person held, in 1988 or later (`current` when still held)."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(_("title"), max_length=300)
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="posts"
    )
    current = models.BooleanField(_("held now"), default=False)

    class Meta:
        constraints = [
            uncertain_date_constraint("post", "start"),
            uncertain_date_constraint("post", "end"),
        ]

    def __str__(self) -> str:
        return f"{self.person.public_id}: {self.title}"
