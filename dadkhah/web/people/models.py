"""Persons as the case knows them, with stable public ids."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dadkhah.web.modelutils import confidentiality_field


class Person(models.Model):
    """An individual: the records linked to them and the claims about them.

    `public_id` (P-000123) is what reports and other tools cite; linkage keeps it
    stable across re-runs (a cluster inherits the id of most of its records).
    """

    public_id = models.CharField(_("public id"), max_length=20, unique=True)
    display_name = models.CharField(_("name"), max_length=300, blank=True)
    display_name_fa = models.CharField(_("Persian name"), max_length=300, blank=True)
    sex = models.CharField(max_length=1, choices=[("m", _("male")), ("f", _("female"))], blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    confidentiality = confidentiality_field()
    version = models.PositiveIntegerField(
        _("version"), default=0, help_text=_("Raised by each edit (dadkhah.web.edits).")
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["public_id"]

    def __str__(self) -> str:
        return f"{self.public_id} {self.display_name}".strip()


class PersonRole(models.Model):
    class Role(models.TextChoices):
        VICTIM = "victim", _("victim")
        PERPETRATOR = "perpetrator", _("perpetrator")
        WITNESS = "witness", _("witness")
        RELATIVE = "relative", _("relative")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "role"], name="person_role_once")]
        # Who is a witness (people.access): a few rows among one per victim.
        indexes = [models.Index(fields=["role"], name="person_role_role")]

    def __str__(self) -> str:
        return f"{self.person.public_id}: {self.role}"


class Relation(models.Model):
    """A family relation: `person` is `kind` of `other` (e.g. brother of)."""

    class Kind(models.TextChoices):
        PARENT = "parent", _("parent of")
        CHILD = "child", _("child of")
        SIBLING = "sibling", _("sibling of")
        SPOUSE = "spouse", _("spouse of")
        RELATIVE = "relative", _("relative of")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations_to")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    source = models.ForeignKey(
        "sources.Source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "other", "kind"], name="relation_once"),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("other")), name="relation_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.public_id} {self.kind} {self.other.public_id}"
