"""Reads about witnesses: consent in force, do-no-harm checks, what an export must leave out.

Every export, report and bundle asks :func:`disclosure_allowed` (or
:func:`evidence_withheld`, which asks it for each testimony) before it writes anything
linked to a witness: informed consent for each use, and "do no harm", as the Berkeley
Protocol on Digital Open Source Investigations and the OHCHR Manual on Human Rights
Monitoring (its chapter on the protection of victims and witnesses) ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from dadkhah.core.vault import Keyring, blind_index
from dadkhah.web.witnesses.models import ConsentEntry, HarmCheck, Testimony, Use, Witness

#: Risk levels at which any disclosure needs a recorded do-no-harm check.
HARM_CHECK_RISKS = (Witness.Risk.HIGH, Witness.Risk.SEVERE)


@dataclass(frozen=True)
class Disclosure:
    """Whether something linked to a witness may be disclosed for a use, and why not."""

    allowed: bool
    reason: str


def _at(at: datetime | None) -> datetime:
    return timezone.now() if at is None else at


def consent_history(witness: Witness) -> list[ConsentEntry]:
    """Every consent entry of ``witness``, oldest first."""
    return list(ConsentEntry.objects.filter(witness=witness).order_by("obtained_at", "id"))


def witnesses_by_pseudonym() -> list[Witness]:
    """Every witness, by pseudonym (the CLI's list; pages go through their access rules)."""
    return list(Witness.objects.order_by("pseudonym"))


def harm_check_history(witness: Witness) -> list[HarmCheck]:
    """The witness's do-no-harm checks, oldest first."""
    return list(HarmCheck.objects.filter(witness=witness).order_by("checked_at", "id"))


def consent_in_force(witness: Witness, use: str, at: datetime | None = None) -> ConsentEntry | None:
    """The latest consent entry for ``use`` obtained at or before ``at`` (default: now)."""
    return (
        ConsentEntry.objects.filter(witness=witness, use=use, obtained_at__lte=_at(at))
        .order_by("-obtained_at", "-id")
        .first()
    )


def consent_allows(witness: Witness, use: str, at: datetime | None = None) -> bool:
    """Whether ``witness`` has consented to ``use`` at ``at`` (default: now).

    No entry means no consent; the latest entry decides, so a withdrawal ends a grant.

    Raises:
        ValueError: ``use`` is not one of :class:`Use` (a typo must not silently deny).
    """
    if use not in Use.values:
        raise ValueError(f"unknown consent use {use!r}; use one of {', '.join(Use.values)}")
    entry = consent_in_force(witness, use, at)
    return entry is not None and entry.decision == ConsentEntry.Decision.GRANT


def harm_check_in_force(witness: Witness, use: str, at: datetime | None = None) -> HarmCheck | None:
    """The latest do-no-harm check for ``use`` made at or before ``at``."""
    return (
        HarmCheck.objects.filter(witness=witness, use=use, checked_at__lte=_at(at))
        .order_by("-checked_at", "-id")
        .first()
    )


def disclosure_allowed(witness: Witness, use: str, at: datetime | None = None) -> Disclosure:
    """Consent for ``use`` and, for a high- or severe-risk witness, a cleared harm check."""
    if not consent_allows(witness, use, at):
        return Disclosure(False, f"{witness.pseudonym} has not consented to {use}")
    if witness.risk_level in HARM_CHECK_RISKS:
        check = harm_check_in_force(witness, use, at)
        if check is None or check.outcome != HarmCheck.Outcome.CLEARED:
            return Disclosure(
                False,
                f"{witness.pseudonym} is at {witness.risk_level} risk and no do-no-harm check "
                f"clears {use}",
            )
    return Disclosure(True, "")


#: How the transformation of a redacted copy begins (`dadkhah.web.evidence.redaction`).
REDACTION_PREFIX = "redaction"


def evidence_withheld(use: str | None, at: datetime | None = None) -> dict[int, str]:
    """Evidence item id → reason, for every item an export for ``use`` must leave out.

    For each testimony's evidence item:

    * no use named, no consent to ``use``, or (at high risk) no cleared do-no-harm
      check: the item and every copy derived from it stay out;
    * consent to ``use`` but not to ``identity_disclosure``: the original stays out
      (a voice, a face, a handwriting can name the witness), and so do copies other
      than redacted ones: the export carries the redacted copy instead, where one
      was made (`evidence redact`).
    """
    from dadkhah.web.evidence.models import EvidenceItem

    out: dict[int, str] = {}
    testimonies = Testimony.objects.filter(evidence__isnull=False).select_related("witness")
    for testimony in testimonies:
        witness = testimony.witness
        assert testimony.evidence_id is not None
        derived = EvidenceItem.objects.filter(Q(derived_from_id=testimony.evidence_id))
        if use is None:
            reason = f"testimony of {witness.pseudonym}: the export names no use"
        else:
            verdict = disclosure_allowed(witness, use, at)
            if verdict.allowed and consent_allows(witness, Use.IDENTITY_DISCLOSURE, at):
                continue
            if verdict.allowed:
                out[testimony.evidence_id] = (
                    f"testimony of {witness.pseudonym}: the original may identify the witness, "
                    "who has not consented to disclose identity; only a redacted copy may go"
                )
                for item_id, how in derived.values_list("id", "transformation"):
                    if not how.startswith(REDACTION_PREFIX):
                        out[item_id] = out[testimony.evidence_id] + " (unredacted copy)"
                continue
            reason = f"testimony: {verdict.reason}"
        out[testimony.evidence_id] = reason
        for item_id in derived.values_list("id", flat=True):
            out[item_id] = reason + " (derived item)"
    return out


def witness_find_by_name(keyring: Keyring, name: str) -> list[Witness]:
    """Witnesses whose sealed name matches ``name`` exactly (after normalization).

    The look-up goes through the keyed blind index: the name is never compared, or
    stored, in the clear.
    """
    index = blind_index(keyring, name)
    if not index:
        return []
    return list(Witness.objects.filter(identity__name_index=index).order_by("pseudonym"))


def witness_by_pseudonym(pseudonym: str) -> Witness | None:
    """The witness of a pseudonym, or None (a pseudonym is what others see, not protected)."""
    return Witness.objects.filter(pseudonym=pseudonym).first()
