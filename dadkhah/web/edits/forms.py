"""The edit forms: what a person, claim, event, involvement or relation edit asks for.

Each form carries the ``version`` it was loaded at and a ``reason``; the citations are
rows of three inputs (``cite_source``, ``cite_evidence``, ``cite_locator``) that htmx adds
in place (:func:`citations_from`), one row at least. The services check again what the
forms check: a form is a convenience, never the rule.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from dadkhah.core.claims import ClaimStatus
from dadkhah.core.dates import DateParseError, UncertainDate, parse_date_strict
from dadkhah.web.accounts.roles import User
from dadkhah.web.edits.models import Vocabulary
from dadkhah.web.edits.selectors import term_choices
from dadkhah.web.edits.services import Citation
from dadkhah.web.events.models import Involvement
from dadkhah.web.evidence.access import visible_evidence
from dadkhah.web.people.models import PersonRole, Relation
from dadkhah.web.places.access import visible_places
from dadkhah.web.sources.access import visible_sources

#: The most citation rows one edit takes.
MAX_CITATIONS = 20
STATUS_LABELS = {
    ClaimStatus.ALLEGED.value: _("alleged"),
    ClaimStatus.CORROBORATED.value: _("corroborated"),
    ClaimStatus.ESTABLISHED.value: _("established"),
}


def citation_options(user: User) -> dict[str, Any]:
    """The sources and evidence items a citation row offers ``user``."""
    return {
        "sources": list(visible_sources(user).order_by("name", "version")),
        "items": list(visible_evidence(user).order_by("title", "sha256")[:500]),
    }


def citations_from(data: QueryDict) -> tuple[list[Citation], list[dict[str, str]]]:
    """The citations posted, and the rows as typed (to show the form again).

    A row without a source is no citation; an evidence item or locator alone does not
    make one (it is kept in the rows, so the page can say which source is missing).
    """
    sources = data.getlist("cite_source")[:MAX_CITATIONS]
    items = data.getlist("cite_evidence")[:MAX_CITATIONS]
    locators = data.getlist("cite_locator")[:MAX_CITATIONS]
    rows, out = [], []
    for i, source in enumerate(sources):
        item = items[i] if i < len(items) else ""
        locator = (locators[i] if i < len(locators) else "").strip()[:300]
        rows.append({"source": source, "evidence": item, "locator": locator})
        if source.isdigit():
            out.append(Citation(int(source), int(item) if item.isdigit() else None, locator))
    return out, rows


class EditForm(forms.Form):
    """The fields every edit has: the version it was loaded at, and why."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(
        label=_("Reason for this change"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Why you make it: what the cited source shows."),
        error_messages={"required": _("Say why you make this change.")},
    )


def _date_field() -> forms.CharField:
    return forms.CharField(
        label=_("Date"),
        required=False,
        max_length=200,
        help_text=_(
            "As the source gives it: yyyy/mm/dd (Jalali or Gregorian), a month and year, "
            "a season and year, or a range 'A - B'. Leave empty where it is not known."
        ),
    )


def _clean_date(text: str) -> UncertainDate | None:
    text = text.strip()
    if not text:
        return None
    try:
        return parse_date_strict(text)
    except DateParseError as e:
        raise forms.ValidationError(str(e)) from None


def _choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class _PlaceMixin:
    def _places(self, user: User) -> list[tuple[str, str]]:
        return [("", "—")] + [
            (p.key, f"{p.name_fa or p.name}" if _fa() else p.name)
            for p in visible_places(user).order_by("kind", "name")
        ]


def _fa() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "").startswith("fa")


class ClaimForm(_PlaceMixin, EditForm):
    kind = forms.ChoiceField(label=_("Kind of fact"))
    value = forms.CharField(label=_("Value"), required=False, max_length=2000)
    status = forms.ChoiceField(label=_("Status"), choices=list(STATUS_LABELS.items()))
    place = forms.ChoiceField(label=_("Place"), required=False)
    date = _date_field()

    def __init__(self, *args: Any, user: User, current_kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "kind", term_choices(Vocabulary.CLAIM_KIND, current=current_kind))
        _choices(self, "place", self._places(user))

    def clean_date(self) -> UncertainDate | None:
        return _clean_date(self.cleaned_data.get("date", ""))


class PersonForm(EditForm):
    display_name = forms.CharField(label=_("Name (Latin script)"), required=False, max_length=300)
    display_name_fa = forms.CharField(
        label=_("Name (Persian script)"), required=False, max_length=300
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        required=False,
        choices=[("", "—"), ("m", _("male")), ("f", _("female"))],
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            (r, PersonRole.Role(r).label)
            for r in (PersonRole.Role.VICTIM, PersonRole.Role.PERPETRATOR, PersonRole.Role.RELATIVE)
        ],
    )


class RelationForm(EditForm):
    kind = forms.ChoiceField(label=_("Relation"), choices=Relation.Kind.choices)
    other = forms.CharField(
        label=_("Other person"), max_length=20, help_text=_("Their public id, e.g. P-000123.")
    )


class EventForm(_PlaceMixin, EditForm):
    kind = forms.ChoiceField(label=_("Kind of event"))
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    place = forms.ChoiceField(label=_("Place"), required=False)
    date = _date_field()

    def __init__(self, *args: Any, user: User, current_kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "kind", term_choices(Vocabulary.VIOLATION_TYPE, current=current_kind))
        _choices(self, "place", self._places(user))

    def clean_date(self) -> UncertainDate | None:
        return _clean_date(self.cleaned_data.get("date", ""))


class InvolvementForm(EditForm):
    person = forms.CharField(
        label=_("Person"), max_length=20, help_text=_("Their public id, e.g. P-000123.")
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(r, Involvement.Role(r).label) for r in Involvement.Role.values if r != "witness"],
    )
    mode = forms.ChoiceField(
        label=_("Mode"),
        required=False,
        choices=[("", "—"), *Involvement.Mode.choices],
        help_text=_("For perpetrators."),
    )
