"""Who may see which evidence item (see dadkhah.web.accounts.access).

A read of an item is already a custody entry of that item (``view``/``download``,
written by the evidence views through ``evidence_record_access``), so
:func:`access_evidence_item` audits only refusals unless asked.
"""

from __future__ import annotations

from django.db.models import QuerySet

from dadkhah.web.accounts.access import access_object, visible_to
from dadkhah.web.accounts.roles import VIEW_EVIDENCE, User
from dadkhah.web.evidence.models import EvidenceItem


def visible_evidence(user: User) -> QuerySet[EvidenceItem]:
    """The evidence items ``user`` may see."""
    return visible_to(user, EvidenceItem.objects.all(), VIEW_EVIDENCE)


def access_evidence_item(*, user: User, sha256: str, audit_read: bool = False) -> EvidenceItem:
    """The item with this SHA-256 if ``user`` may see it.

    Raises:
        Http404: alike for a missing item, a malformed hash and a forbidden item.
    """
    return access_object(
        user=user,
        visible=visible_evidence(user),
        lookup={"sha256": sha256},
        ref=lambda i: f"evidence:{i.sha256}",
        level=lambda i: i.confidentiality,
        items=lambda i: [i.sha256],
        audit_read=audit_read,
    )
