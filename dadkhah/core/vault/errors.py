"""The vault's errors: each says what failed and what to do."""

from __future__ import annotations

from dadkhah.core.errors import DadkhahError


class VaultError(DadkhahError):
    """The vault cannot be used as asked (missing key, bad key file, bad input)."""


class DecryptionError(VaultError):
    """A ciphertext does not open: wrong key, or its bytes were altered or moved."""
