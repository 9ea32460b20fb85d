"""Human labels for what records and claims store as codes: no internals on show (issue 13).

A record's normalized form keeps machine keys beside each value: name keys for
matching (``given_key JUD``), gazetteer ids (``city:tabriz``), flags. The person
page shows the values a reader can check against the source, under the labels
of the import form (``FIELD_LABELS``, their one home), and names places, bodies
and affiliations instead of their ids. Claim kinds (``buried_at``) get words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dadkhah.core.affiliations import AFFILIATIONS
from dadkhah.core.record import PLACE_FIELDS, read_date
from dadkhah.web.accounts.clearance import is_cleared
from dadkhah.web.accounts.roles import User
from dadkhah.web.bodies.models import Body
from dadkhah.web.places.models import Place
from dadkhah.web.sources.import_forms import FIELD_LABELS

#: What a claim's ``kind`` says, in words (the codes are those the demo and imports write).
CLAIM_KINDS: dict[str, Promise] = {
    "executed": _("executed"),
    "arrested": _("arrested"),
    "buried_at": _("buried at"),
    "held_at": _("held at"),
    "detained_at": _("detained at"),
    "member_of": _("member of"),
    "post_held": _("post held"),
    "sat_at": _("sat on a commission at"),
    "site_status": _("state of the site"),
    "threat_against_family": _("threat against the family"),
    "family_notification": _("what the family was told"),
    "took_place": _("took place"),
    "relative_of": _("relative of"),
    "namesake_of": _("namesake of"),
}
#: Normalized fields the import form does not name.
OTHER_FIELDS: dict[str, Promise] = {
    "age_range": _("age"),
    "ward_prison": _("prison of the ward"),
    "sympathizer": _("sympathizer"),
}
#: Machine fields of the normalized form: keys for matching, flags, provenance of a field.
HIDDEN_FIELDS = frozenset(
    {"v", "flags", "name_order", "birth_from", "city_from", "honorifics", "display"}
)
HIDDEN_SUFFIXES = ("_key", "_norm")
GAZETTEER_FIELDS: frozenset[str] = frozenset(PLACE_FIELDS)
SEXES: dict[str, Promise] = {"m": _("male"), "f": _("female")}
#: A gazetteer or body id: ``city:tabriz``, ``commission:tehran``.
KEY = re.compile(r"[a-z_]+:[a-z0-9_.-]+")


@dataclass(frozen=True)
class Named:
    """Something with a name in each script, as ``people/_name.html`` shows it."""

    name: str
    name_fa: str = ""


@dataclass(frozen=True)
class When:
    """An uncertain date as a page shows it: as written, and as an interval of days.

    One type for the dates of records, events and observations
    (``people/_when.html``); ``precision`` is empty where it is not known.
    """

    text: str
    earliest: dt.date | None
    latest: dt.date | None
    precision: str = ""

    @property
    def one_day(self) -> bool:
        return self.earliest is not None and self.earliest == self.latest


@dataclass(frozen=True)
class Field:
    """One normalized field as the person page shows it: exactly one of text, when, named."""

    label: str | Promise
    text: str = ""
    when: When | None = None
    named: Named | None = None
    #: Gregorian years (of birth), shown with their Jalali years on Persian pages.
    years: tuple[int, ...] = ()


def claim_kind_label(kind: str) -> str | Promise:
    """A claim kind in words: its term in the vocabulary of kinds of fact, else its label here.

    An unknown code is shown with its underscores as spaces.
    """
    from dadkhah.web.edits.terms import term_label  # edits reads people's models

    return term_label("claim_kind", kind, fallback=CLAIM_KINDS.get)


def field_label(name: str) -> str | Promise:
    return FIELD_LABELS.get(name) or OTHER_FIELDS.get(name) or name.replace("_", " ")


def _humanized(key: str) -> Named:
    """``city:tabriz`` with no place or body behind it (or one the reader is not cleared for)."""
    slug = key.partition(":")[2]
    return Named(re.sub(r"[-_.]+", " ", slug).strip().title() or key)


def named_keys(keys: Iterable[str], *, user: User) -> dict[str, Named]:
    """Each gazetteer or body id among ``keys`` → its names (two queries in all).

    A place the reader is not cleared for keeps only its id's words, which the
    record already shows; its recorded names are not read out.
    """
    wanted = {k for k in keys if KEY.fullmatch(k)}
    out = {k: _humanized(k) for k in wanted}
    if not wanted:
        return out
    for place in Place.objects.filter(key__in=wanted).only(
        "key", "name", "name_fa", "confidentiality"
    ):
        if is_cleared(user, place.confidentiality):
            out[place.key] = Named(place.name, place.name_fa)
    for body in Body.objects.filter(key__in=wanted).only("key", "name", "name_fa"):
        if body.key is not None:
            out[body.key] = Named(body.name, body.name_fa)
    return out


def _date(value: dict[str, Any]) -> When | None:
    """A normalized date (`dadkhah.core.record.DateJSON`), or None if damaged."""
    date = read_date(value)
    if date is None:
        return None
    return When(date.text, date.earliest, date.latest, date.precision.value)


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "–".join(str(v) for v in dict.fromkeys(value) if v is not None)
    if isinstance(value, dict):
        return ", ".join(f"{field_label(str(k))}: {_text(v)}" for k, v in value.items())
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return "" if value is None else str(value)


def shown_fields(normalized: dict[str, Any], *, names: dict[str, Named]) -> list[Field]:
    """The fields of a normalized record a reader checks against the source, in words.

    Args:
        normalized: ``Record.normalized``.
        names: ``named_keys`` of the page's gazetteer ids.
    """
    out = []
    for name, value in normalized.items():
        if name in HIDDEN_FIELDS or name.endswith(HIDDEN_SUFFIXES) or value in (None, "", []):
            continue
        label = field_label(name)
        if isinstance(value, dict) and ("earliest" in value or "text" in value):
            when = _date(value)
            if when is not None:
                out.append(Field(label, when=when))
                continue
        years = value if isinstance(value, list | tuple) else [value]
        if name == "birth_year" and all(type(y) is int for y in years):
            out.append(Field(label, years=tuple(dict.fromkeys(years))))
        elif name in GAZETTEER_FIELDS and isinstance(value, str) and value in names:
            out.append(Field(label, named=names[value]))
        elif name == "affiliation" and isinstance(value, str) and value in AFFILIATIONS:
            found = AFFILIATIONS[value]
            out.append(Field(label, named=Named(found.label_en, found.label_fa)))
        elif name == "sex" and isinstance(value, str) and value in SEXES:
            out.append(Field(label, text=str(SEXES[value])))
        else:
            out.append(Field(label, text=_text(value)))
    return out
