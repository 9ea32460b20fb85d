"""Edits with provenance: the change log nothing overwrites, and the vocabularies of forms.

A ``Change`` is one edit of a person, a claim or an event, or an evidence item attached
to one of them or to a place: the values of the fields it
changed before and after, the reason, the sources it cites and who made it when. Rows
are only ever added (docs/decisions/0007-edits-are-an-append-only-change-log.md): the
entity keeps its current values and a ``version``, and every earlier version is the
current one with the ``before`` of each later change laid over it.

A ``Term`` is one value of a vocabulary an admin keeps in both languages (violation
types, fates, affiliations, place kinds, kinds of fact): the allowed set and the labels
of new edits. The codes already stored by imports, linkage and estimation stay as they
are; the vocabularies were seeded from them (migration 0002).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Vocabulary(models.TextChoices):
    VIOLATION_TYPE = "violation_type", _("violation types")
    FATE = "fate", _("fates")
    AFFILIATION = "affiliation", _("affiliations")
    PLACE_KIND = "place_kind", _("place kinds")
    CLAIM_KIND = "claim_kind", _("kinds of fact")


class Term(models.Model):
    """One value of a vocabulary: a stable key and a label in each language."""

    vocabulary = models.CharField(_("vocabulary"), max_length=30, choices=Vocabulary.choices)
    key = models.SlugField(
        _("key"), max_length=50, help_text=_("The code stored; never change it once used.")
    )
    label_en = models.CharField(_("English label"), max_length=200)
    label_fa = models.CharField(_("Persian label"), max_length=200)
    active = models.BooleanField(
        _("offered in forms"), default=True, help_text=_("Retired terms stay readable.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("vocabulary term")
        verbose_name_plural = _("vocabulary terms")
        ordering = ["vocabulary", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "key"], name="term_once"),
            models.CheckConstraint(
                condition=~models.Q(label_en="") & ~models.Q(label_fa=""),
                name="term_labelled_in_both_languages",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vocabulary}:{self.key}"

    @property
    def label(self) -> str:
        """The label in the reader's language."""
        return self.label_fa if (get_language() or "").startswith("fa") else self.label_en


class Change(models.Model):
    """One edit: what a field was and became, why, on which sources, by whom, when."""

    class Entity(models.TextChoices):
        PERSON = "person", _("person")
        CLAIM = "claim", _("claim")
        EVENT = "event", _("event")
        PLACE = "place", _("place")

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        ATTACH = "attach", _("evidence attached")

    entity = models.CharField(_("entity"), max_length=20, choices=Entity.choices)
    entity_id = models.PositiveBigIntegerField(_("entity id"))
    version = models.PositiveIntegerField(_("version"), help_text=_("The version it made."))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict)
    reason = models.TextField(_("reason"))
    citations = models.JSONField(
        _("citations"), default=list, help_text=_("Sources and evidence items, with locators.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.CharField(_("by"), max_length=200)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["entity", "entity_id"], name="change_entity")]
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "entity_id", "version"], name="change_version_once"
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="change_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.entity}:{self.entity_id} v{self.version}"
