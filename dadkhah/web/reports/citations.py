"""Footnotes: every number and statement of a report cites its claims and evidence items.

A footnote names claims by id and evidence items by SHA-256 (issue 14, "every statement
and number footnoted"), and the sources a claim rests on as the claims export names
them: a testimony by its witness's pseudonym, and only when the witness consented to the
report's use; a source the reader is not cleared for by its grade alone
(:func:`dadkhah.web.exports.selectors._support` is the rule this follows). Evidence
items appear only when the reader may see them and the report's use does not withhold
them (:func:`~dadkhah.web.witnesses.selectors.evidence_withheld`).

Identical footnotes are given once; their numbers follow the order of first citation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from dadkhah.web.accounts.clearance import is_cleared
from dadkhah.web.accounts.roles import User
from dadkhah.web.claims.models import ClaimSource


@dataclass(frozen=True)
class Footnote:
    """One footnote: the claims, evidence items and other references it cites."""

    number: int
    claims: tuple[int, ...]
    evidence: tuple[str, ...]
    sources: tuple[str, ...]
    note: str = ""


@dataclass
class Citations:
    """The footnotes of one report, and what they cite (for the audit entry)."""

    user: User
    visible_evidence: set[int]
    withheld: set[int]
    use: str
    footnotes: list[Footnote] = field(default_factory=list)
    _index: dict[tuple[Any, ...], int] = field(default_factory=dict)
    _claims: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)

    def _support(self, cs: Any) -> str:
        from dadkhah.web.witnesses.selectors import disclosure_allowed

        source = cs.source
        grade = f"[{source.reliability}{cs.credibility}]"
        if source.kind == "testimony":
            testimony = getattr(source, "testimony", None)
            if testimony is not None and disclosure_allowed(testimony.witness, self.use).allowed:
                return (
                    _("testimony of %(pseudonym)s") % {"pseudonym": testimony.witness.pseudonym}
                    + f" {grade}"
                )
            return _("a testimony withheld for lack of consent") + f" {grade}"
        if not is_cleared(self.user, source.confidentiality):
            return _("a confidential source") + f" {grade}"
        return f"{source.name} v{source.version} {grade}"

    def _claim_refs(self, claim_ids: Iterable[int]) -> None:
        missing = [c for c in claim_ids if c not in self._claims]
        if not missing:
            return
        found: dict[int, tuple[list[str], list[str]]] = {c: ([], []) for c in missing}
        supports = (
            ClaimSource.objects.filter(claim_id__in=missing)
            .select_related("source__evidence", "evidence", "source__testimony__witness")
            .order_by("claim_id", "id")
        )
        for cs in supports:
            sources, items = found[cs.claim_id]
            sources.append(self._support(cs))
            for item in (cs.evidence, cs.source.evidence):
                if item is None or item.pk not in self.visible_evidence:
                    continue
                if item.pk in self.withheld:
                    continue
                items.append(item.sha256)
        from dadkhah.web.witnesses.models import Segment, Witness
        from dadkhah.web.witnesses.selectors import disclosure_allowed

        segments = (
            Segment.objects.filter(claims__in=missing)
            .values_list("claims", "testimony__witness")
            .distinct()
        )
        witnesses: dict[int, Any] = {}
        for claim_id, witness_id in segments:
            if witness_id not in witnesses:
                witnesses[witness_id] = Witness.objects.get(pk=witness_id)
            witness = witnesses[witness_id]
            if disclosure_allowed(witness, self.use).allowed:
                label = _("testimony of %(pseudonym)s") % {"pseudonym": witness.pseudonym}
            else:
                label = _("a testimony withheld for lack of consent")
            found[claim_id][0].append(label)
        for c, (sources, items) in found.items():
            self._claims[c] = (tuple(dict.fromkeys(sources)), tuple(dict.fromkeys(items)))

    def cite(
        self,
        claims: Iterable[int] = (),
        *,
        evidence: Iterable[str] = (),
        sources: Iterable[str] = (),
        note: str = "",
    ) -> int | None:
        """The number of the footnote citing these claims and items; None when it cites nothing."""
        claim_ids = tuple(sorted(set(claims)))
        self._claim_refs(claim_ids)
        items = list(evidence)
        named = list(sources)
        for c in claim_ids:
            cs, ci = self._claims[c]
            named += cs
            items += ci
        key = (claim_ids, tuple(dict.fromkeys(items)), tuple(dict.fromkeys(named)), note)
        if not claim_ids and not key[1] and not key[2] and not note:
            return None
        if key not in self._index:
            number = len(self.footnotes) + 1
            self._index[key] = number
            self.footnotes.append(Footnote(number, key[0], key[1], key[2], note))
        return self._index[key]

    @property
    def cited_items(self) -> list[str]:
        """Every evidence item any footnote cites (SHA-256), for the audit entry."""
        return list(dict.fromkeys(sha for f in self.footnotes for sha in f.evidence))

    @property
    def cited_claims(self) -> list[int]:
        return sorted({c for f in self.footnotes for c in f.claims})
