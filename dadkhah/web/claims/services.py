"""Writes for claims: create and edit one, each edit cited, versioned and logged.

The rules every edit shares (role, reason, citation, version, the change log) live in
:mod:`dadkhah.web.edits.services`. Here: what a claim's values are, and that each
citation of an edit becomes a support of the claim (``ClaimSource``) if the claim does
not yet cite that source at that place, so the claim page lists what the edit rests on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dadkhah.core.claims import ClaimStatus
from dadkhah.core.dates import UncertainDate
from dadkhah.web.accounts.roles import User
from dadkhah.web.claims.models import Claim, ClaimSource
from dadkhah.web.edits.models import Change, Vocabulary
from dadkhah.web.edits.services import (
    Citation,
    EditError,
    change_record,
    edit_check,
    edit_lock,
    term_check,
)
from dadkhah.web.modelutils import uncertain_json, uncertain_kwargs
from dadkhah.web.places.models import Place

__all__ = ["claim_create", "claim_snapshot", "claim_update"]

SUBJECTS = ("person", "event", "body", "subject_place")


def claim_snapshot(claim: Claim) -> dict[str, Any]:
    """The values of a claim an edit may change, as the change log keeps them (JSON)."""
    return {
        "kind": claim.kind,
        "value": claim.value,
        "status": claim.status,
        "place": claim.place.key if claim.place_id is not None else None,  # type: ignore[union-attr]
        **uncertain_json(claim, "date"),
        "sources": sorted(
            [cs.source_id, cs.evidence_id, cs.locator]
            for cs in ClaimSource.objects.filter(claim=claim)
        ),
    }


def _values(
    *,
    claim: Claim,
    kind: str,
    value: str,
    status: str,
    place: Place | None,
    date: UncertainDate | None,
) -> None:
    kind = term_check(Vocabulary.CLAIM_KIND, kind, field="kind", current=claim.kind)
    if status not in {s.value for s in ClaimStatus}:
        raise EditError(_("Choose a status from the list."), field="status")
    claim.kind, claim.value, claim.status, claim.place = kind, value.strip(), status, place
    for name, column in uncertain_kwargs("date", date).items():
        setattr(claim, name, column)


def _cite(claim: Claim, citations: Sequence[Citation]) -> None:
    for c in citations:
        ClaimSource.objects.get_or_create(
            claim=claim, source_id=c.source, evidence_id=c.evidence, locator=c.locator[:300]
        )


def claim_create(
    *,
    user: User,
    subject: str,
    subject_id: int,
    kind: str,
    value: str = "",
    status: str = ClaimStatus.ALLEGED.value,
    place: Place | None = None,
    date: UncertainDate | None = None,
    confidentiality: str | None = None,
    reason: str,
    citations: Sequence[Citation],
) -> tuple[Claim, Change]:
    """A new claim about one subject (``person``, ``event``, ``body`` or ``subject_place``).

    The caller has checked that ``user`` may read the subject (its ``access_*``).

    Raises:
        EditRefused, EditError: see :func:`dadkhah.web.edits.services.edit_check`.
    """
    reason = edit_check(user=user, reason=reason, citations=citations)
    if subject not in SUBJECTS:
        raise EditError(
            _("A claim is about a person, an event, a body or a place."), field="subject"
        )
    with transaction.atomic():
        claim = Claim(**{f"{subject}_id": subject_id})
        if confidentiality is not None:
            claim.confidentiality = confidentiality
        _values(claim=claim, kind=kind, value=value, status=status, place=place, date=date)
        claim.save()
        _cite(claim, citations)
        change = change_record(
            user=user,
            row=claim,
            entity=Change.Entity.CLAIM,
            before={},
            after=claim_snapshot(claim),
            reason=reason,
            citations=citations,
            created=True,
        )
    return claim, change


def claim_update(
    *,
    user: User,
    claim_id: int,
    version: int,
    kind: str,
    value: str,
    status: str,
    place: Place | None,
    date: UncertainDate | None,
    reason: str,
    citations: Sequence[Citation],
) -> tuple[Claim, Change]:
    """Change a claim's values as of ``version`` (the version the form was loaded at).

    Raises:
        EditConflict: the claim was saved by someone since ``version``.
        EditRefused, EditError: see :func:`dadkhah.web.edits.services.edit_check`.
    """
    reason = edit_check(user=user, reason=reason, citations=citations)
    with transaction.atomic():
        claim, before = edit_lock(Claim.objects.all(), claim_id, version, claim_snapshot)
        _values(claim=claim, kind=kind, value=value, status=status, place=place, date=date)
        claim.save()
        _cite(claim, citations)
        change = change_record(
            user=user,
            row=claim,
            entity=Change.Entity.CLAIM,
            before=before,
            after=claim_snapshot(claim),
            reason=reason,
            citations=citations,
        )
    return claim, change
