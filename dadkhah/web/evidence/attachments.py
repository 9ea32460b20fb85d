"""Attach an evidence item to a person, claim, event or place, and read what is attached.

Attaching is an edit like the others (dadkhah.web.edits.services): only a role with
``edit_registry`` attaches, with a reason, and an item the editor may see; the
attachment is a new row, a ``Change`` in the entity's history (action ``attach``) and a
custody entry (action ``edit``) that names the item's hash, so the item's own custody
trail shows where it was attached. An unknown item and an item the editor may not see
are refused with the same words (the ``access_*`` rule: no answer tells them apart).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from dadkhah.core.errors import InputError
from dadkhah.web.accounts.roles import User
from dadkhah.web.audit.services import actor_of
from dadkhah.web.edits.models import Change
from dadkhah.web.edits.services import EditError, change_record, reason_check
from dadkhah.web.evidence.access import visible_evidence
from dadkhah.web.evidence.models import Attachment, EvidenceItem

__all__ = [
    "AttachedView",
    "attached_evidence",
    "attachment_import",
    "evidence_attach",
    "evidence_find",
]

SHA256 = re.compile(r"[0-9a-f]{64}")
#: The most items a search offers to choose from.
FOUND_LIMIT = 20


def evidence_find(*, user: User, text: str) -> list[EvidenceItem]:
    """The items ``user`` may see whose SHA-256 is ``text``, or whose title or name holds it.

    A full SHA-256 finds at most its item; other text searches titles and file names
    (at most :data:`FOUND_LIMIT` items, the newest first).
    """
    text = text.strip()
    if not text:
        return []
    items = visible_evidence(user)
    if SHA256.fullmatch(text.lower()):
        return list(items.filter(sha256=text.lower()))
    found = items.filter(Q(title__icontains=text) | Q(original_name__icontains=text))
    return list(found.order_by("-collected_at", "-id")[:FOUND_LIMIT])


@transaction.atomic
def evidence_attach(*, user: User, entity: str, row: Model, item: str, reason: str) -> Attachment:
    """Attach the item ``item`` (its SHA-256) to ``row``, the ``entity`` the user has read.

    The caller has checked, through the entity's ``access_*``, that ``user`` may read
    ``row``. A person, claim or event raises its version (an open edit form of it then
    meets a conflict and shows both versions); a place, which keeps no version, takes
    the next version of its history.

    Raises:
        EditRefused: the user's role may not edit.
        EditError: no reason (``field="reason"``); no item the user may see has this
            SHA-256, or it is attached already (``field="item"``).
    """
    reason = reason_check(user=user, reason=reason)
    if entity not in Attachment.Entity.values:
        raise EditError(_("Evidence cannot be attached to this."), field="__all__")
    sha = item.strip().lower()
    found = visible_evidence(user).filter(sha256=sha).first() if SHA256.fullmatch(sha) else None
    if found is None:
        raise EditError(
            _("No evidence item you may see has this SHA-256: give all 64 characters."),
            field="item",
        )
    locked = type(row)._default_manager.select_for_update().get(pk=row.pk)
    if Attachment.objects.filter(item=found, entity=entity, entity_id=locked.pk).exists():
        raise EditError(_("This item is attached here already."), field="item")
    user_id = user.pk if user.is_authenticated else None
    attachment = Attachment.objects.create(
        item=found, entity=entity, entity_id=locked.pk, reason=reason, user_id=user_id,
        actor=actor_of(user)[:200],
    )  # fmt: skip
    change_record(
        user=user,
        row=locked,
        entity=entity,
        before={},
        after={"evidence": f"{found.title or found.original_name} ({found.sha256[:12]}…)"},
        reason=reason,
        citations=[],
        action=Change.Action.ATTACH,
        items=[found.sha256],
        details={"attached": found.sha256},
    )
    return attachment


def attachment_import(
    *, item: EvidenceItem, entity: str, entity_id: int, reason: str, actor: str
) -> Attachment:
    """Attach ``item`` to an entity as a bulk load does (ADR 0008): the initial version.

    A loader's rows are version 0 of what they describe, with no ``Change`` of their own;
    the load's one custody entry (``load_record``) counts them. An attachment made this
    way is the same row an editor's :func:`evidence_attach` writes, and shows the same.

    Raises:
        InputError: an entity that takes no attachment, or no reason.
    """
    if entity not in Attachment.Entity.values:
        raise InputError(f"Evidence cannot be attached to {entity!r}: use one of "
                         f"{', '.join(Attachment.Entity.values)}.")  # fmt: skip
    if not reason.strip():
        raise InputError("An attachment needs its reason: say why the item concerns it.")
    attachment, _created = Attachment.objects.get_or_create(
        item=item, entity=entity, entity_id=entity_id,
        defaults={"reason": reason.strip(), "actor": actor[:200]},
    )  # fmt: skip
    return attachment


@dataclass(frozen=True)
class AttachedView:
    """An attachment as an entity's page shows it."""

    attachment: Attachment
    item: EvidenceItem


def attached_evidence(*, user: User, entity: str, entity_id: int) -> list[AttachedView]:
    """The items attached to an entity that ``user`` may see, oldest first."""
    shown = visible_evidence(user).values("pk")
    rows: QuerySet[Attachment] = (
        Attachment.objects.filter(entity=entity, entity_id=entity_id, item__in=shown)
        .select_related("item")
        .order_by("at", "id")
    )
    return [AttachedView(a, a.item) for a in rows]
