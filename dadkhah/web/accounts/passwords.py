"""Password strength: a zxcvbn estimate on top of Django's length and common-list checks.

A length rule alone accepts ``aaaaaaaaaaaa``. zxcvbn (Wheeler, "zxcvbn: Low-Budget
Password Strength Estimation", USENIX Security 2016) scores a guess count from 0 to 4;
3 means "safely unguessable: moderate protection from offline slow-hash scenarios"
(about 10^10 guesses), which with Argon2 is what ASVS 5.0 V6.2 asks of a password policy.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_SCORE = 3
# zxcvbn's cost grows with length; past this it adds nothing but time (a DoS vector).
MAX_CHECKED = 100


class ZxcvbnValidator:
    """Refuse a password whose zxcvbn score is below ``min_score`` (default 3 of 4).

    The user's name and the user's other attributes are given to zxcvbn as words an
    attacker would try first.
    """

    def __init__(self, min_score: int = MIN_SCORE) -> None:
        if not 0 <= min_score <= 4:
            raise ValueError(f"min_score must be between 0 and 4, not {min_score}")
        self.min_score = min_score

    def validate(self, password: str, user: Any = None) -> None:
        from zxcvbn import zxcvbn

        inputs = []
        if user is not None:
            for attr in ("username", "first_name", "last_name", "email"):
                value = getattr(user, attr, None)
                if value:
                    inputs.append(str(value))
        result = zxcvbn(password[:MAX_CHECKED], user_inputs=inputs)
        if result["score"] < self.min_score:
            hint = result["feedback"].get("warning") or ""
            raise ValidationError(
                _(
                    "This password is too easy to guess (strength %(score)d of 4; at least "
                    "%(min)d is needed). Use a longer phrase of unrelated words."
                )
                % {"score": result["score"], "min": self.min_score}
                + (f" ({hint})" if hint else ""),
                code="password_too_guessable",
            )

    def get_help_text(self) -> str:
        return _("Your password must be hard to guess: a phrase of several unrelated words.")
