"""Reads of the change log and the vocabularies: a history panel, an earlier version, a list.

An earlier version is never stored whole: it is the current values with the ``before``
of every later change laid over them, newest first (:func:`values_at`). The tests
check that this gives back, field for field, what the entity held at each version.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dadkhah.web.accounts.roles import User
from dadkhah.web.edits.models import Change, Term, Vocabulary
from dadkhah.web.evidence.access import visible_evidence
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.sources.access import visible_sources
from dadkhah.web.sources.models import Source

__all__ = [
    "FIELD_LABELS",
    "ChangeView",
    "history",
    "term_choices",
    "term_labels",
    "terms",
    "values_at",
]

#: What each field of a snapshot is called on a page.
FIELD_LABELS: dict[str, Promise] = {
    "display_name": _("name (Latin script)"),
    "display_name_fa": _("name (Persian script)"),
    "sex": _("sex"),
    "roles": _("roles"),
    "relations": _("family relations"),
    "kind": _("kind"),
    "value": _("value"),
    "status": _("status"),
    "place": _("place"),
    "date_text": _("date as written"),
    "date_earliest": _("date (earliest)"),
    "date_latest": _("date (latest)"),
    "date_precision": _("date precision"),
    "date_calendar": _("calendar"),
    "sources": _("sources cited"),
    "title": _("title"),
    "description": _("description"),
    "involvements": _("who took part"),
    "evidence": _("evidence item"),
}


@dataclass(frozen=True)
class CitedView:
    """One citation as a reader may see it: the source (None where it is hidden)."""

    source: Source | None
    evidence: EvidenceItem | None
    locator: str


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class ChangeView:
    """One change as the history panel shows it: who, when, why, what, on what."""

    change: Change
    fields: list[FieldChange]
    citations: list[CitedView] = field(default_factory=list)
    about: str = ""  # "claim 12" where the panel lists the changes of several entities


def _shown(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return " · ".join(
            " ".join(str(x) for x in v if x not in (None, "")) if isinstance(v, list) else str(v)
            for v in value
        )
    return str(value)


def history(
    *, user: User, entity: str, ids: Iterable[int], label_others: bool = False
) -> list[ChangeView]:
    """The changes of these entities, newest first, their citations as ``user`` may see them.

    The caller has checked that ``user`` may read each entity of ``ids``.
    """
    changes = list(
        Change.objects.filter(entity=entity, entity_id__in=list(ids))
        .select_related("user")
        .order_by("-at", "-id")
    )
    return _views(user, changes, label_others=label_others)


def history_of_many(*, user: User, wanted: Mapping[str, Iterable[int]]) -> list[ChangeView]:
    """:func:`history` of several kinds at once (a person and the claims about them)."""
    q = Q(pk__in=[])
    for entity, ids in wanted.items():
        q |= Q(entity=entity, entity_id__in=list(ids))
    changes = list(Change.objects.filter(q).select_related("user").order_by("-at", "-id"))
    return _views(user, changes, label_others=True)


def _views(user: User, changes: list[Change], *, label_others: bool) -> list[ChangeView]:
    source_ids = {c["source"] for ch in changes for c in ch.citations}
    item_ids = {c["evidence"] for ch in changes for c in ch.citations if c.get("evidence")}
    sources = {s.pk: s for s in visible_sources(user).filter(pk__in=source_ids)}
    items = {i.pk: i for i in visible_evidence(user).filter(pk__in=item_ids)}
    out = []
    for ch in changes:
        keys = list(dict.fromkeys([*ch.before, *ch.after]))
        fields = [
            FieldChange(
                k, str(FIELD_LABELS.get(k, k)), _shown(ch.before.get(k)), _shown(ch.after.get(k))
            )
            for k in keys
        ]
        cited = [
            CitedView(
                sources.get(c["source"]),
                items.get(c["evidence"]) if c.get("evidence") else None,
                c.get("locator", ""),
            )
            for c in ch.citations
        ]
        about = f"{ch.get_entity_display()} {ch.entity_id}" if label_others else ""
        out.append(ChangeView(ch, fields, cited, about))
    return out


def values_at(
    *, entity: str, entity_id: int, current: Mapping[str, Any], version: int
) -> dict[str, Any] | None:
    """The values the entity held at ``version``, from its values now and the change log.

    Returns:
        The snapshot at ``version``, or None where the entity did not yet exist then.
    """
    state = dict(current)
    later = Change.objects.filter(entity=entity, entity_id=entity_id, version__gt=version)
    for change in later.order_by("-version"):
        if change.action == Change.Action.CREATE:
            return None
        state.update(change.before)
    return state


def terms(vocabulary: Vocabulary, *, active_only: bool = True) -> list[Term]:
    """The terms of ``vocabulary`` in their order (the active ones, unless told)."""
    qs = Term.objects.filter(vocabulary=vocabulary)
    if active_only:
        qs = qs.filter(active=True)
    return list(qs.order_by("position", "key"))


def term_choices(vocabulary: Vocabulary, *, current: str = "") -> list[tuple[str, str]]:
    """(key, label in the reader's language) of the active terms, and of ``current`` if retired."""
    rows = Term.objects.filter(vocabulary=vocabulary).filter(Q(active=True) | Q(key=current))
    return [(t.key, t.label) for t in rows.order_by("position", "key")]


def term_labels(vocabulary: Vocabulary | str) -> dict[str, str]:
    """key → label in the reader's language, retired terms included."""
    return {t.key: t.label for t in Term.objects.filter(vocabulary=vocabulary)}


def vocabularies() -> list[tuple[str, list[Term]]]:
    """Every vocabulary with all its terms, for the read-only list."""
    return [
        (str(label), terms(Vocabulary(v), active_only=False)) for v, label in Vocabulary.choices
    ]
