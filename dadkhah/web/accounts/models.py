"""Per-user settings of access: the level a user is cleared to, their recovery codes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

from dadkhah.web.accounts.recovery_codes import recovery_code_matches
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


class RecoveryCodeDevice(TimestampMixin, ThrottlingMixin, Device):  # type: ignore[misc]  # django-otp has no types
    """A user's recovery codes as one django-otp device; each code signs in once.

    Like django-otp's static device, but the codes are stored only as salted hashes
    (:mod:`dadkhah.web.accounts.recovery_codes`, ASVS 5.0 V6.5.2), never in clear.
    Wrong codes throttle the device (delays doubling, as django-otp's devices do).
    """

    class Meta:
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")

    def get_throttle_factor(self) -> int:
        return int(getattr(settings, "OTP_RECOVERY_THROTTLE_FACTOR", 1))

    def verify_token(self, token: Any) -> bool:
        """Accept ``token`` if it is one of the remaining codes, and use that code up."""
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        match = next(
            (c for c in self.code_set.all() if recovery_code_matches(str(token), c.code_hash)),
            None,
        )
        if match is None:
            self.throttle_increment()
            return False
        match.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class RecoveryCode(models.Model):
    """One unused recovery code, as its salted hash only (the code itself is not kept)."""

    device = models.ForeignKey(
        RecoveryCodeDevice, on_delete=models.CASCADE, related_name="code_set"
    )
    code_hash = models.CharField(max_length=128)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return f"recovery code {self.pk} of device {self.device_id}"
