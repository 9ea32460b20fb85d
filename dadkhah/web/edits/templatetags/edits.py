"""``{% change_history "claim" claim %}``: the history panel of an entity page; and
``{% attached_evidence_panel "claim" claim %}``: the evidence items attached to it.

A tag, not a context variable, so that each detail page adds its panel with one line
and the history is read the same way everywhere (:func:`dadkhah.web.edits.selectors.history`).
The page has already checked that the reader may see the entity.
"""

from __future__ import annotations

from typing import Any

from django import template

from dadkhah.web.edits.models import Change
from dadkhah.web.edits.selectors import history, history_of_many
from dadkhah.web.evidence.attachments import attached_evidence

register = template.Library()


@register.inclusion_tag("edits/_history.html", takes_context=True)
def change_history(
    context: template.Context, entity: str, obj: Any, claims: Any = None
) -> dict[str, Any]:
    """The changes of ``obj``; on a person page, those of the claims shown about them too.

    Args:
        entity: ``person``, ``claim`` or ``event``.
        obj: The entity shown.
        claims: The claim views the page lists (``p.claims``), whose changes join the panel.
    """
    user = context["user"]
    if claims:
        ids = [c.claim.pk for c in claims]
        rows = history_of_many(user=user, wanted={entity: [obj.pk], Change.Entity.CLAIM: ids})
    else:
        rows = history(user=user, entity=entity, ids=[obj.pk])
    return {"history": rows, "user": user, "LANGUAGE_CODE": context.get("LANGUAGE_CODE")}


@register.inclusion_tag("edits/_attached.html", takes_context=True)
def attached_evidence_panel(context: template.Context, entity: str, obj: Any) -> dict[str, Any]:
    """The evidence items attached to ``obj``, and where the reader may edit, the link to attach.

    Args:
        entity: ``person``, ``claim``, ``event`` or ``place``.
        obj: The entity shown.
    """
    user = context["user"]
    can = context.get("can")
    ref = {"person": "public_id", "place": "key"}.get(entity, "pk")
    return {
        "attached": attached_evidence(user=user, entity=entity, entity_id=obj.pk),
        "entity": entity,
        "ref": str(getattr(obj, ref)),
        "can_edit": bool(can and can.get("edit_registry")),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }
