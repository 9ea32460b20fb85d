"""Linkage runs, scored pairs, review decisions and the log of person changes.

A run keeps its settings and its trained model (versioned JSON) so it can be
reproduced; the pairs it scored carry their match probability and an
explanation; a reviewer's decision is a hard constraint on every later run;
and every merge or split of a person is logged with its reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkRun(models.Model):
    """One run of the linkage model over the case (full or incremental)."""

    class Kind(models.TextChoices):
        FULL = "full", _("full")
        INCREMENTAL = "incremental", _("incremental")

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        FAILED = "failed", _("failed")
        # The process running it ended without a word (killed, machine stopped): found
        # by the next run (link_runs_mark_interrupted), since nothing else can notice.
        INTERRUPTED = "interrupted", _("interrupted")

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FULL)
    backend = models.CharField(max_length=20, default="duckdb")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    settings = models.JSONField(_("settings"), default=dict)
    model = models.JSONField(
        _("trained model"), default=dict, help_text=_("The versioned model JSON.")
    )
    trained = models.BooleanField(_("trained in this run"), default=False)
    metrics = models.JSONField(_("metrics"), default=dict)
    error = models.TextField(blank=True)
    started_by = models.CharField(_("started by"), max_length=150, blank=True)
    started_at = models.DateTimeField(_("started"))
    host = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.IntegerField(_("process id"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("linkage run")
        verbose_name_plural = _("linkage runs")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"linkage run {self.pk} ({self.kind}, {self.status})"


class PairScore(models.Model):
    """A pair of records the model scored, with why (record_a.pk < record_b.pk)."""

    run = models.ForeignKey(LinkRun, on_delete=models.CASCADE, related_name="pairs")
    record_a = models.ForeignKey("sources.Record", on_delete=models.CASCADE, related_name="+")
    record_b = models.ForeignKey("sources.Record", on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(_("match probability"))
    weight = models.FloatField(_("match weight"))
    explanation = models.JSONField(
        _("explanation"),
        default=dict,
        help_text=_("Per comparison: [level number, weight, common-value adjustment]."),
    )
    linked = models.BooleanField(_("in one person"), default=False)
    refused = models.CharField(
        _("kept apart by"),
        max_length=40,
        blank=True,
        help_text=_("The constraint that kept a link above the threshold out."),
    )

    class Meta:
        verbose_name = _("scored pair")
        verbose_name_plural = _("scored pairs")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "record_a", "record_b"], name="pair_once_per_run"
            ),
            models.CheckConstraint(
                condition=models.Q(record_a__lt=models.F("record_b")), name="pair_ordered"
            ),
        ]
        indexes = [
            models.Index(fields=["run", "probability"]),
            models.Index(fields=["record_a", "record_b"]),
        ]

    def __str__(self) -> str:
        return f"{self.record_a_id}–{self.record_b_id}: {self.probability:.3f}"


class ReviewDecision(models.Model):
    """A person's judgement that two records are, or are not, the same person.

    The latest decision on a pair is in force; earlier ones are kept as history.
    "same" and "different" bind every later run; "unsure" records that a
    reviewer looked and could not tell.
    """

    class Verdict(models.TextChoices):
        SAME = "same", _("same person")
        DIFFERENT = "different", _("different persons")
        UNSURE = "unsure", _("unsure")

    record_a = models.ForeignKey("sources.Record", on_delete=models.PROTECT, related_name="+")
    record_b = models.ForeignKey("sources.Record", on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    reason = models.TextField(_("reason"), blank=True)
    reviewer = models.CharField(_("reviewer"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"))
    probability = models.FloatField(_("match probability when decided"), null=True, blank=True)
    run = models.ForeignKey(
        LinkRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(record_a__lt=models.F("record_b")), name="decision_ordered"
            ),
        ]
        indexes = [models.Index(fields=["record_a", "record_b", "decided_at"])]

    def __str__(self) -> str:
        return f"{self.record_a_id}–{self.record_b_id}: {self.verdict} ({self.reviewer})"


class PersonChange(models.Model):
    """A change to the registry's persons: created, merged, split — and why."""

    class Kind(models.TextChoices):
        NEW = "new", _("new person")
        MERGE = "merge", _("merged into another")
        SPLIT = "split", _("records split off")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="changes")
    other = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The person that took the records."),
    )
    records = models.JSONField(_("records"), default=list)
    reason = models.TextField(_("reason"))
    run = models.ForeignKey(
        LinkRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    changed_by = models.CharField(_("changed by"), max_length=150, blank=True)
    changed_at = models.DateTimeField(_("changed"))

    class Meta:
        verbose_name = _("person change")
        verbose_name_plural = _("person changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        into = f" → {self.other.public_id}" if self.other is not None else ""
        return f"{self.kind} {self.person.public_id}{into}"
