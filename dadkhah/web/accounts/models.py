"""Per-user settings of access: the confidentiality level a user is cleared to."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dadkhah.web.modelutils import Confidentiality


class Clearance(models.Model):
    """The highest confidentiality level a user may read (public < restricted < strictly).

    A user without a row is cleared to public data only (default deny for the rest).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clearance"
    )
    level = models.CharField(
        _("cleared to"),
        max_length=30,
        choices=Confidentiality.choices,
        default=Confidentiality.PUBLIC,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("clearance")
        verbose_name_plural = _("clearances")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.level}"
