"""How a claim's sources add up: corroboration, status and the standard of proof.

The rules follow the OHCHR guidance on commissions of inquiry (2015): the
default standard is "reasonable grounds to believe"; corroboration means
*independent* sources, so sources that share an independence group (a reprint
of the same list, two exports of one database) count once. Grades are the
Admiralty / NATO scale, source reliability (A–F) and information credibility
(1–6) assessed separately.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

RELIABLE = frozenset("AB")
FAIR = frozenset("ABC")


class ClaimStatus(StrEnum):
    ALLEGED = "alleged"
    CORROBORATED = "corroborated"
    ESTABLISHED = "established"


@dataclass(frozen=True)
class Support:
    """One source's support for a claim."""

    source_id: int | str
    reliability: str
    credibility: int
    independence_group: str = ""

    def __post_init__(self) -> None:
        if self.reliability not in "ABCDEF" or len(self.reliability) != 1:
            raise ValueError(f"reliability must be one of A–F, not {self.reliability!r}")
        if not 1 <= self.credibility <= 6:
            raise ValueError(f"credibility must be 1–6, not {self.credibility!r}")

    @property
    def group(self) -> str:
        return self.independence_group or f"source:{self.source_id}"

    @property
    def credible(self) -> bool:
        """Fair source (A–C) and information at least possibly true (1–3)."""
        return self.reliability in FAIR and self.credibility <= 3

    @property
    def strong(self) -> bool:
        """Reliable source (A–B) and information confirmed or probably true (1–2)."""
        return self.reliability in RELIABLE and self.credibility <= 2


@dataclass(frozen=True)
class Assessment:
    status: ClaimStatus
    meets_standard: bool
    single_source: bool
    independent_sources: int
    reasons: tuple[str, ...] = field(default_factory=tuple)


def assess_claim(
    supports: Iterable[Support], *, contradicted_by: Iterable[ClaimStatus] = ()
) -> Assessment:
    """Grade a claim from its supports and the status of claims that contradict it.

    - established: at least two independent credible supports, one of them strong;
    - corroborated: at least two independent credible supports;
    - alleged: anything less.
    The standard ("reasonable grounds to believe") is met by a corroborated or
    established claim, never by an alleged one: a reliable body of information
    consistent with other information (OHCHR 2015) needs more than one
    independent source, however strong that one is (issue 13: a single-source
    "alleged" claim was shown as meeting it). It is not met while a contradicting
    claim is at least as well supported.
    """
    items = list(supports)
    groups = {s.group for s in items}
    credible_groups = {s.group for s in items if s.credible}
    strong = any(s.strong for s in items)
    reasons: list[str] = []
    if len(credible_groups) >= 2 and strong:
        status = ClaimStatus.ESTABLISHED
    elif len(credible_groups) >= 2:
        status = ClaimStatus.CORROBORATED
    else:
        status = ClaimStatus.ALLEGED
    if len(groups) < len({s.source_id for s in items}):
        reasons.append("some sources are not independent of each other and count once")
    single = len(groups) <= 1
    if single and items:
        reasons.append("rests on one source")
    if not items:
        reasons.append("no source supports this claim")
    meets = status is not ClaimStatus.ALLEGED
    rank = list(ClaimStatus)
    rivals = [c for c in contradicted_by if rank.index(c) >= rank.index(status)]
    if rivals:
        meets = False
        reasons.append("contradicted by a claim at least as well supported")
    return Assessment(status, meets, single, len(groups), tuple(reasons))
