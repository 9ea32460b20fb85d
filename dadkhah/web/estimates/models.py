"""One stored estimate run: which lists, which strata, which settings, what came out."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EstimateRun(models.Model):
    """A multiple systems estimate made from the linked case, kept so reports can cite it."""

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)
    by = models.CharField(_("stratified by"), max_length=50, blank=True)
    lists = models.JSONField(_("lists used"), default=list)
    settings = models.JSONField(_("settings"), default=dict)
    result = models.JSONField(_("result"), default=dict)
    documented = models.PositiveIntegerField(_("documented persons"))
    plots = models.JSONField(_("plot files"), default=list, blank=True)

    class Meta:
        verbose_name = _("estimate")
        verbose_name_plural = _("estimates")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"estimate {self.pk} ({self.by or 'total'})"
