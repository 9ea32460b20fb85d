"""Events (arrest, execution, burial, grave interference …) and involvements."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from dadkhah.web.modelutils import uncertain_date, uncertain_date_constraint

if TYPE_CHECKING:
    from dadkhah.web.people.models import Person


class Event(uncertain_date("date"), models.Model):  # type: ignore[misc]
    class Kind(models.TextChoices):
        ARREST = "arrest", _("arrest")
        DETENTION = "detention", _("detention")
        TRANSFER = "transfer", _("transfer")
        HEARING = "hearing", _("hearing before a commission")
        EXECUTION = "execution", _("execution")
        BURIAL = "burial", _("burial")
        FAMILY_NOTIFICATION = "family_notification", _("notification of family")
        DISAPPEARANCE = "disappearance", _("disappearance")
        GRAVE_INTERFERENCE = "grave_interference", _("grave interference")
        THREAT_AGAINST_FAMILY = "threat_against_family", _("threat against family")
        OFFICIAL_COMMUNICATION = "official_communication", _("official communication")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    place = models.ForeignKey(
        "places.Place", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    participants: models.ManyToManyField[Person, Involvement] = models.ManyToManyField(
        "people.Person", through="Involvement", related_name="events"
    )
    version = models.PositiveIntegerField(
        _("version"), default=0, help_text=_("Raised by each edit (dadkhah.web.edits).")
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["date_earliest", "id"]
        constraints = [uncertain_date_constraint("event", "date")]

    def __str__(self) -> str:
        return self.title or f"{self.kind} {self.date_text}"


class Involvement(models.Model):
    class Role(models.TextChoices):
        VICTIM = "victim", _("victim")
        PERPETRATOR = "perpetrator", _("perpetrator")
        WITNESS = "witness", _("witness")
        RELATIVE = "relative", _("relative")

    class Mode(models.TextChoices):
        ORDERED = "ordered", _("ordered")
        CARRIED_OUT = "carried_out", _("carried out")
        SAT_ON_COMMISSION = "sat_on_commission", _("sat on the commission")
        AIDED = "aided", _("aided or abetted")
        PRESENT = "present", _("present")
        CONCEALED = "concealed", _("concealed")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="involvements")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="involvements"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    mode = models.CharField(
        max_length=30, choices=Mode.choices, blank=True, help_text=_("For perpetrators.")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "role", "mode"], name="involvement_once"
            ),
            models.CheckConstraint(
                condition=models.Q(mode="") | models.Q(role="perpetrator"),
                name="involvement_mode_only_for_perpetrators",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.public_id} {self.role} {self.mode}".strip()
