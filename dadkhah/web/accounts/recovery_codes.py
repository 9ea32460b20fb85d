"""Recovery codes: how they are made, typed and stored (hashed, never in clear).

A recovery code is a "look-up secret" (NIST SP 800-63B §5.1.2). Twelve characters drawn
with :mod:`secrets` (a CSPRNG, ASVS 5.0 V6.5.3) from an alphabet without look-alikes
hold about 59 bits. Under 112 bits, ASVS 5.0 V6.5.2 and NIST SP 800-63B §5.1.2.1 ask for
a salted password-storage hash, so each code is kept only as PBKDF2-HMAC-SHA256 with its
own random salt.

The iteration count is lower than for passwords on purpose. A password is chosen by a
person and may be guessed from a dictionary; a code is random, so an offline attacker
holding the table must try about 2**58 codes, each costing :data:`ITERATIONS` rounds of
HMAC. That is some 2**75 operations per code. A sign-in tries the typed code against the
user's remaining codes (at most ten), so each check must stay in milliseconds.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.hashers import PBKDF2PasswordHasher

# Digits and lower-case letters without 0/o, 1/l/i: nothing to misread on paper.
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
LENGTH = 12
GROUP = 4  # shown as abcd-efgh-jkmn
ITERATIONS = 100_000


class RecoveryCodeHasher(PBKDF2PasswordHasher):
    """PBKDF2-HMAC-SHA256 with a random salt per code and :data:`ITERATIONS` rounds.

    Its encoded form is Django's ``pbkdf2_sha256$iterations$salt$hash``; the salt comes
    from :meth:`salt` (about 131 random bits, more than the 32 ASVS V6.5.2 asks for).
    """

    iterations = ITERATIONS


_HASHER = RecoveryCodeHasher()


def recovery_code_generate() -> str:
    """A new random code, grouped with hyphens as the user sees it (``abcd-efgh-jkmn``)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def recovery_code_normalize(code: str) -> str:
    """The code as it is hashed: lower case, without spaces or hyphens.

    Codes made before hashing (django-otp's eight base32 characters) normalize to
    themselves, so they keep working after the migration that hashed them.
    """
    return "".join(code.split()).replace("-", "").lower()


def recovery_code_hash(code: str) -> str:
    """The salted hash stored for ``code`` (normalized first)."""
    return _HASHER.encode(recovery_code_normalize(code), _HASHER.salt())


def recovery_code_matches(code: str, encoded: str) -> bool:
    """Whether ``code`` is the one hashed into ``encoded`` (a constant-time compare)."""
    normalized = recovery_code_normalize(code)
    return bool(normalized) and _HASHER.verify(normalized, encoded)
