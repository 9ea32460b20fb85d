"""``{% change_history "claim" claim %}``: the history panel of an entity page.

A tag, not a context variable, so that each detail page adds its panel with one line
and the history is read the same way everywhere (:func:`dadkhah.web.edits.selectors.history`).
The page has already checked that the reader may see the entity.
"""

from __future__ import annotations

from typing import Any

from django import template

from dadkhah.web.edits.models import Change
from dadkhah.web.edits.selectors import history, history_of_many

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
