"""The second factor: TOTP devices and single-use recovery codes (django-otp).

Who must have one, enrolling an authenticator, checking a code, and the admin's reset.
TOTP is RFC 6238 (30-second steps, 6 digits, HMAC-SHA1, the parameters every
authenticator app reads from an ``otpauth://`` URI); recovery codes are a django-otp device
of our own that keeps only salted hashes of its codes, each accepted once (ASVS 5.0 V6.5
"general multi-factor authentication", V6.5.2 hashed look-up secrets).
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from dadkhah.web.accounts.models import RecoveryCode, RecoveryCodeDevice
from dadkhah.web.accounts.recovery_codes import recovery_code_generate, recovery_code_hash

RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"

# Roles that may work without a second factor. Empty: every role, including any role
# added later, needs one unless it is named here on purpose (ASVS 5.0 V6.3.3: MFA for
# every account that reaches sensitive data).
SECOND_FACTOR_EXEMPT_ROLES: frozenset[str] = frozenset()


def requires_second_factor(
    user: AbstractUser | AnonymousUser, *, exempt: frozenset[str] = SECOND_FACTOR_EXEMPT_ROLES
) -> bool:
    """Whether ``user`` must pass a second factor before seeing any page.

    Every signed-in user does, unless the user has at least one role and every one of
    their roles is ``exempt`` (default :data:`SECOND_FACTOR_EXEMPT_ROLES`). A user with no
    role needs one too: direct permissions or staff status can reach protected data
    without a role.
    """
    if not user.is_authenticated:
        return False
    roles = set(user.groups.values_list("name", flat=True))
    return not roles or not roles <= exempt


def confirmed_totp(user: Any) -> TOTPDevice | None:
    """The user's confirmed authenticator, or None when they have not enrolled."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user: Any) -> bool:
    """Whether the user has a confirmed device (authenticator or recovery codes)."""
    return confirmed_totp(user) is not None


@transaction.atomic
def totp_enrollment_start(*, user: Any) -> TOTPDevice:
    """The unconfirmed authenticator the user is enrolling (made on first call).

    Calling it again returns the same device, so reloading the enrollment page keeps the
    QR code the user may already have scanned.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_enrollment_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm an enrolling authenticator with a code it shows.

    Returns:
        The new recovery codes (shown to the user once) when the code is right; None when
        it is wrong.
    """
    if not device.verify_token(token.strip()):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_replace(user=device.user)


def _recovery_device(user: Any) -> RecoveryCodeDevice:
    device: RecoveryCodeDevice
    device, _ = RecoveryCodeDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    return device


@transaction.atomic
def recovery_codes_replace(*, user: Any) -> list[str]:
    """Replace the user's recovery codes with :data:`RECOVERY_CODES` new ones.

    Returns:
        The new codes, to be shown once: only their salted hashes are stored, so nobody
        can show them again.
    """
    device = _recovery_device(user)
    device.code_set.all().delete()
    codes = [recovery_code_generate() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(device=device, code_hash=recovery_code_hash(c)) for c in codes]
    )
    return codes


@transaction.atomic
def recovery_code_add(*, user: Any) -> str:
    """Add one new recovery code to the user's remaining ones, and return it.

    For a test signing a user in more often than their authenticator allows; users
    themselves get a whole new set with :func:`recovery_codes_replace`.
    """
    code = recovery_code_generate()
    RecoveryCode.objects.create(device=_recovery_device(user), code_hash=recovery_code_hash(code))
    return code


def recovery_codes_left(device: RecoveryCodeDevice) -> int:
    """How many unused codes the recovery-code device still has."""
    left: int = device.code_set.count()
    return left


def totp_secret_base32(device: TOTPDevice) -> str:
    """The device's secret as the base32 text an authenticator app accepts typed in."""
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def totp_qr_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` URI as an inline SVG QR code, drawn here (nothing fetched).

    Inline SVG needs no ``img-src`` and carries no ``style`` attribute, so it fits the
    app's Content-Security-Policy of ``'self'``.
    """
    import segno

    return str(segno.make(device.config_url, error="m").svg_inline(scale=4, light="#fff"))


def second_factor_check(*, user: Any, token: str) -> Any | None:
    """The device (authenticator or recovery codes) that accepts ``token``, or None.

    django-otp throttles each device after a wrong code (delays doubling), and a TOTP
    code is refused a second time (RFC 6238 §5.2), as is a used recovery code.
    """
    from django_otp import match_token

    token = token.strip().replace(" ", "").lower()
    if not token:
        return None
    return match_token(user, token)


@transaction.atomic
def second_factor_reset(*, user: Any) -> int:
    """Remove every device of the user; they enroll again at their next login.

    Returns:
        How many devices were removed.
    """
    removed = 0
    # StaticDevice: plaintext codes from before they were hashed, should any remain.
    for model in (TOTPDevice, RecoveryCodeDevice, StaticDevice):
        devices = model.objects.filter(user=user)
        removed += devices.count()
        devices.delete()  # a recovery-code device takes its codes with it (CASCADE)
    return removed


@transaction.atomic
def totp_device_create_confirmed(*, user: Any) -> TOTPDevice:
    """Give the user a new confirmed authenticator (an admin hands its secret over)."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=True)


@transaction.atomic
def second_factor_hand_over(
    *, user: Any, keep_existing: bool = False
) -> tuple[TOTPDevice, list[str]]:
    """Set the user's second factor up for them: an authenticator and new recovery codes.

    For an admin who creates an account and hands its secret over in person, and for the
    demo login.

    Args:
        user: The user.
        keep_existing: Keep a confirmed authenticator the user already has (the demo,
            started again, keeps the secret already scanned); otherwise make a new one.

    Returns:
        The confirmed authenticator and the user's new recovery codes.
    """
    device = confirmed_totp(user) if keep_existing else None
    if device is None:
        device = totp_device_create_confirmed(user=user)
    return device, recovery_codes_replace(user=user)


def hand_over_lines(device: TOTPDevice, codes: list[str]) -> list[str]:
    """What to print for the user: the secret, the setup link and the recovery codes."""
    return [
        f"  Authenticator secret: {totp_secret_base32(device)}",
        f"  Setup link (otpauth URI): {device.config_url}",
        "  Recovery codes (each works once): " + " ".join(codes),
    ]
