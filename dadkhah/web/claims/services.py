"""Writes for claims: create and edit one, each edit cited, versioned and logged.

The rules every edit shares (role, reason, citation, version, the change log) live in
:mod:`dadkhah.web.edits.services`. Here: what a claim's values are, and that each
citation of an edit becomes a support of the claim (``ClaimSource``) if the claim does
not yet cite that source at that place, so the claim page lists what the edit rests on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dadkhah.core.claims import Assessment, ClaimStatus
from dadkhah.core.dates import UncertainDate
from dadkhah.core.errors import InputError
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
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.modelutils import uncertain_json, uncertain_kwargs
from dadkhah.web.places.models import Place
from dadkhah.web.sources.models import Record, Source

__all__ = [
    "claim_assess",
    "claim_create",
    "claim_import",
    "claim_snapshot",
    "claim_source_add",
    "claim_update",
    "claims_contradict",
]

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


def _claim_write(
    *,
    subject: str,
    subject_id: int,
    kind: str,
    value: str,
    status: str,
    place: Place | None,
    date: UncertainDate | None,
    confidentiality: str | None,
) -> Claim:
    """The one writer of a new claim, for an edit and an import alike."""
    if subject not in SUBJECTS:
        raise EditError(
            _("A claim is about a person, an event, a body or a place."), field="subject"
        )
    claim = Claim(**{f"{subject}_id": subject_id})
    if confidentiality is not None:
        claim.confidentiality = confidentiality
    _values(claim=claim, kind=kind, value=value, status=status, place=place, date=date)
    claim.save()
    return claim


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
    with transaction.atomic():
        claim = _claim_write(
            subject=subject,
            subject_id=subject_id,
            kind=kind,
            value=value,
            status=status,
            place=place,
            date=date,
            confidentiality=confidentiality,
        )
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


def claim_import(
    *,
    subject: str,
    subject_id: int,
    kind: str,
    value: str = "",
    status: str = ClaimStatus.ALLEGED.value,
    place: Place | None = None,
    date: UncertainDate | None = None,
    confidentiality: str | None = None,
) -> Claim:
    """A new claim from a bulk load (the demo loader): its initial version.

    The same writer and checks as :func:`claim_create` (one subject, a kind of fact from
    the vocabulary, a known status) without the edit gate: the version stays 0 and no
    ``Change`` is written (docs/decisions/0007); the loader records one custody entry
    for the whole load. Its supports are added with :func:`claim_source_add`.

    Raises:
        EditError: A subject other than ``person``, ``event``, ``body`` or
            ``subject_place``, a kind not in the vocabulary, or an unknown status.
    """
    return _claim_write(
        subject=subject,
        subject_id=subject_id,
        kind=kind,
        value=value,
        status=status,
        place=place,
        date=date,
        confidentiality=confidentiality,
    )


def claim_source_add(
    *,
    claim: Claim,
    source: Source,
    record: Record | None = None,
    evidence: EvidenceItem | None = None,
    locator: str = "",
    excerpt: str = "",
    credibility: int = 6,
) -> ClaimSource:
    """Record one source's support for a claim, graded for credibility (1 confirmed … 6).

    Args:
        claim: The claim supported (saved).
        source: The source that supports it.
        record: The record of that source (a list's row) that says it.
        evidence: The evidence item that shows it.
        locator: Where in the source (page, row, time code); at most 300 characters.
        excerpt: What the source says.
        credibility: The information's credibility, 1 (confirmed) to 6 (cannot judge).

    Raises:
        InputError: An unsaved claim or source, a credibility out of 1–6, a locator too
            long, or a record of another source.
    """
    if claim.pk is None or source.pk is None:
        raise InputError("a support is of a saved claim, by a saved source.")
    if not 1 <= credibility <= 6:
        raise InputError(f"credibility runs from 1 to 6, not {credibility}.")
    if len(locator) > 300:
        raise InputError("a locator is at most 300 characters.")
    if record is not None and record.source_id != source.pk:
        raise InputError(f"that record is not one of the source {source.name}.")
    return ClaimSource.objects.create(
        claim=claim,
        source=source,
        record=record,
        evidence=evidence,
        locator=locator,
        excerpt=excerpt,
        credibility=credibility,
    )


def claims_contradict(*, claim: Claim, rivals: Iterable[Claim]) -> None:
    """Record that ``claim`` and each of ``rivals`` contradict each other (symmetrical).

    Raises:
        InputError: A claim said to contradict itself.
    """
    others = list(rivals)
    if any(r.pk == claim.pk for r in others):
        raise InputError("a claim does not contradict itself.")
    if others:
        claim.contradicts.add(*others)


def claim_assess(*, claim: Claim, assessment: Assessment, actor: str) -> Claim:
    """Store a claim's grading (``dadkhah.core.claims.assess_claim``), by whom and when.

    Raises:
        InputError: No ``actor``.
    """
    if not actor.strip():
        raise InputError("say who assessed the claim.")
    claim.status = assessment.status.value
    claim.meets_standard = assessment.meets_standard
    claim.single_source = assessment.single_source
    claim.assessed_by = actor.strip()[:150]
    claim.assessed_at = dt.datetime.now(dt.UTC)
    claim.save(
        update_fields=["status", "meets_standard", "single_source", "assessed_by", "assessed_at"]
    )
    return claim
