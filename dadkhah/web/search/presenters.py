"""How the search page and its CSV name a hit and a facet value, in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable, Set
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dadkhah.core.affiliations import AFFILIATIONS
from dadkhah.core.places import Gazetteer
from dadkhah.web.accounts.roles import User
from dadkhah.web.edits.models import Vocabulary
from dadkhah.web.edits.terms import term_label
from dadkhah.web.events.models import Event
from dadkhah.web.modelutils import Confidentiality
from dadkhah.web.people.labels import named_keys
from dadkhah.web.search.models import Kind, SearchEntry
from dadkhah.web.search.selectors import KIND_LABELS, FacetValue

_SEX = {"m": _("male"), "f": _("female")}
_STATUS = {
    "alleged": _("alleged"),
    "corroborated": _("corroborated"),
    "established": _("established"),
}


@dataclass
class Hit:
    entry: SearchEntry
    kind_label: str
    label: str
    other_label: str
    url: str
    strict: bool


@dataclass
class ShownValue:
    value: str
    label: str
    count: int
    selected: bool
    #: The query string without this value (set by the view for a selected value).
    without: str = ""


def audit_ref(entry: SearchEntry) -> str:
    """How the audit names the object of an entry (as its own page's audit does)."""
    if entry.kind in (Kind.CLAIM, Kind.EVENT):
        return entry.ref
    if entry.kind in (Kind.RECORD, Kind.BODY, Kind.TESTIMONY):
        return f"{entry.kind}:{entry.object_id}"
    return f"{entry.kind}:{entry.ref}"


def hit_url(entry: SearchEntry) -> str:
    kind = entry.kind
    if kind == Kind.PERSON:
        return reverse("people:detail", args=[entry.ref])
    if kind in (Kind.SOURCE, Kind.RECORD):
        name = entry.ref.split(":")[0] if kind == Kind.RECORD else entry.ref.rsplit(" v", 1)[0]
        return reverse("sources:detail", args=[name])
    if kind == Kind.PLACE:
        return reverse("places:detail", args=[entry.ref])
    if kind == Kind.TESTIMONY:
        return reverse("witnesses:detail", args=[entry.label])
    return reverse(
        f"{kind}s:detail" if kind != Kind.BODY else "bodies:detail", args=[entry.object_id]
    )


def entry_labels(entry: SearchEntry, *, withheld: Set[int]) -> tuple[str, str]:
    """(label, Persian label) of an entry as this reader may read them.

    An event whose title is withheld (a participant is hidden) is named by its kind.
    """
    if entry.pk in withheld:
        return str(_("event")), ""
    return entry.label, entry.label_fa


def hits(
    entries: Iterable[SearchEntry], *, strict: set[int], withheld: Set[int] = frozenset()
) -> list[Hit]:
    persian = (get_language() or "").startswith("fa")
    out = []
    for e in entries:
        latin, farsi = entry_labels(e, withheld=withheld)
        first, second = (farsi, latin) if persian else (latin, farsi)
        label = first or second or e.ref
        other = second if first and second and second != first else ""
        out.append(Hit(e, str(KIND_LABELS[e.kind]), label, other, hit_url(e), e.pk in strict))
    return out


def facet_labels(facets: dict[str, list[FacetValue]], *, user: User) -> dict[str, list[ShownValue]]:
    """Each facet value in words: places and provinces by name, codes by their label."""
    persian = (get_language() or "").startswith("fa")
    keys = [v.value for f in ("city", "prison") for v in facets.get(f, [])]
    names = named_keys(keys, user=user)
    gazetteer = Gazetteer.load() if facets.get("province") else None

    def label(facet: str, value: str) -> str:
        if facet in ("city", "prison") and value in names:
            named = names[value]
            return (named.name_fa if persian and named.name_fa else named.name) or value
        if facet == "province" and gazetteer is not None:
            try:
                province = gazetteer.province(value)
            except KeyError:
                return value
            return province.fa if persian and province.fa else province.en
        if facet == "affiliation" and value in AFFILIATIONS:
            return term_label(Vocabulary.AFFILIATION, value)
        if facet == "fate" and value in Event.Kind.values:
            # The fate facet holds the kinds of the events that say what became of a victim.
            return term_label(Vocabulary.VIOLATION_TYPE, value)
        if facet == "sex" and value in _SEX:
            return str(_SEX[value])
        if facet == "confidentiality" and value in Confidentiality.values:
            return str(Confidentiality(value).label)
        if facet == "claim_status" and value in _STATUS:
            return str(_STATUS[value])
        return value

    return {
        facet: [ShownValue(v.value, label(facet, v.value), v.count, v.selected) for v in values]
        for facet, values in facets.items()
    }
