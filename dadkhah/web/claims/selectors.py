"""Reads for the claim page and the provenance panel every entity page shows.

A claim's corroboration is counted by `dadkhah.core.claims.assess_claim` (the one
rule: sources sharing an independence group count once); this module only reads
the claim's sources into that rule's `Support` values. The provenance panel
(``_provenance.html``) gathers, for any page, the sources with their grades, the
claims and the evidence items (by SHA-256) behind what it shows, each filtered as
its own page would filter it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from dadkhah.core.claims import Assessment, ClaimStatus, Support, assess_claim
from dadkhah.web.accounts.roles import User
from dadkhah.web.bodies.access import visible_bodies
from dadkhah.web.claims.access import access_claim, visible_claims
from dadkhah.web.claims.models import Claim, ClaimSource
from dadkhah.web.events.access import visible_events
from dadkhah.web.evidence.access import visible_evidence
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.people.selectors import ClaimView, claim_views
from dadkhah.web.places.access import visible_places
from dadkhah.web.sources.models import Source

__all__ = ["access_claim", "visible_claims"]

#: Weakest first: the order `assess_claim` grades in.
STATUS_RANK: tuple[str, ...] = tuple(s.value for s in ClaimStatus)


def claim_supports(claim_sources: Iterable[ClaimSource]) -> list[Support]:
    """A claim's sources as the assessment rule reads them (grade, independence group)."""
    return [
        Support(
            cs.source_id,
            cs.source.reliability,
            cs.credibility,
            cs.source.independence_group,
        )
        for cs in claim_sources
    ]


def strongest(claims: Iterable[ClaimView]) -> ClaimView | None:
    """The best-supported of ``claims`` (by assessed status, then the standard), or None."""
    best = None
    for c in claims:
        key = (STATUS_RANK.index(c.claim.status), c.claim.meets_standard)
        if best is None or key > best[0]:
            best = (key, c)
    return None if best is None else best[1]


@dataclass
class ProvenanceSource:
    """One source behind what a page shows, with the grades it was given there."""

    source: Source
    testimony_of: str | None
    confidential: bool
    credibilities: list[int] = field(default_factory=list)


@dataclass
class Provenance:
    """What the shared provenance panel lists: sources, claim ids, evidence items."""

    sources: list[ProvenanceSource]
    claims: list[int]
    evidence: list[EvidenceItem]


def provenance(
    claims: Iterable[ClaimView],
    *,
    user: User,
    sources: Iterable[ProvenanceSource] = (),
    evidence_ids: Iterable[int] = (),
) -> Provenance:
    """The provenance of a page from its claims, plus sources and items it shows itself.

    Args:
        claims: The page's claims (from `claim_views`: already filtered for ``user``).
        user: Who reads; evidence items are listed only where ``user`` may open them.
        sources: Further sources (e.g. a site observation's), already filtered.
        evidence_ids: Further evidence items (e.g. an observation's photographs).
    """
    by_source: dict[int, ProvenanceSource] = {}
    items: set[int] = set(evidence_ids)
    claim_ids: list[int] = []
    for c in claims:
        claim_ids.append(c.claim.pk)
        for s in c.supports:
            cs = s.claim_source
            entry = by_source.setdefault(
                cs.source_id, ProvenanceSource(cs.source, s.testimony_of, s.confidential)
            )
            if cs.credibility not in entry.credibilities:
                entry.credibilities.append(cs.credibility)
            if cs.evidence_id is not None:
                items.add(cs.evidence_id)
            if cs.source.evidence_id is not None and not s.confidential:
                items.add(cs.source.evidence_id)
    for extra in sources:
        by_source.setdefault(extra.source.pk, extra)
        if extra.source.evidence_id is not None and not extra.confidential:
            items.add(extra.source.evidence_id)
    for entry in by_source.values():
        entry.credibilities.sort()
    shown = visible_evidence(user).filter(pk__in=items).order_by("sha256")
    return Provenance(
        sources=sorted(by_source.values(), key=lambda e: (e.source.reliability, e.source.pk)),
        claims=sorted(set(claim_ids)),
        evidence=list(shown),
    )


@dataclass
class ClaimPage:
    view: ClaimView
    #: The rule's reading of the sources attached now (independent count, one source).
    assessment: Assessment
    #: Sources that share an independence group with another source of this claim.
    grouped: dict[int, str]
    contradicted_by: list[ClaimView]
    provenance: Provenance
    #: Whether the claim's place and subject place may be named to the reader.
    place_shown: bool = True
    subject_place_shown: bool = True
    #: Whether the claim's event or body may be named (its seat may be a place hidden from the reader).
    subject_shown: bool = True

    @property
    def reassessment_due(self) -> bool:
        """The stored grade differs from what the sources attached now give."""
        return (
            self.view.claim.single_source != self.assessment.single_source
            or self.view.claim.status != self.assessment.status.value
        )


def claim_page(*, user: User, claim: Claim) -> ClaimPage:
    """Everything the claim page shows about ``claim`` (already checked by `access_claim`)."""
    visible = visible_claims(user)
    places = visible_places(user)
    view = claim_views(visible.filter(pk=claim.pk), user=user)[0]
    supports = [s.claim_source for s in view.supports]
    rivals = claim_views(visible.filter(pk__in=view.contradicted_by), user=user)
    assessment = assess_claim(
        claim_supports(supports),
        contradicted_by=[ClaimStatus(r.claim.status) for r in rivals],
    )
    groups: dict[str, list[int]] = {}
    for cs in supports:
        if cs.source.independence_group:
            groups.setdefault(cs.source.independence_group, []).append(cs.source_id)
    grouped = {pk: group for group, pks in groups.items() if len(set(pks)) > 1 for pk in set(pks)}
    return ClaimPage(
        view=view,
        assessment=assessment,
        grouped=grouped,
        contradicted_by=rivals,
        provenance=provenance([view], user=user),
        place_shown=claim.place_id is None or places.filter(pk=claim.place_id).exists(),
        subject_place_shown=claim.subject_place_id is None
        or places.filter(pk=claim.subject_place_id).exists(),
        subject_shown=(
            claim.event_id is None or visible_events(user).filter(pk=claim.event_id).exists()
        )
        and (claim.body_id is None or visible_bodies(user).filter(pk=claim.body_id).exists()),
    )
