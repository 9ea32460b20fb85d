"""Edit pages: a form per edit, each saved through its app's service, refused in words.

A view reads the entity through its ``access_*`` (404 alike for missing and hidden),
validates the form, calls one service and sends the user back to the entity's page.
A refusal shows the form again with the field named (400); a version conflict shows
the user's values beside the current ones (409) with the form set to the current
version, so that saving again is a choice made after seeing both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dadkhah.web.accounts.access import capability_required
from dadkhah.web.accounts.roles import EDIT_REGISTRY
from dadkhah.web.claims.access import access_claim
from dadkhah.web.claims.services import claim_create, claim_snapshot, claim_update
from dadkhah.web.edits.forms import (
    ClaimForm,
    EventForm,
    InvolvementForm,
    PersonForm,
    RelationForm,
    citation_options,
    citations_from,
)
from dadkhah.web.edits.selectors import FIELD_LABELS, vocabularies
from dadkhah.web.edits.services import Citation, EditConflict, EditError
from dadkhah.web.events.access import access_event
from dadkhah.web.events.services import (
    event_create,
    event_snapshot,
    event_update,
    involvement_add,
)
from dadkhah.web.modelutils import get_uncertain
from dadkhah.web.people.models import Person
from dadkhah.web.people.selectors import access_person
from dadkhah.web.people.services import person_snapshot, person_update, relation_add
from dadkhah.web.places.access import access_place

Save = Callable[[dict[str, Any], list[Citation]], str]
#: Form field → snapshot key, where they differ (the conflict table pairs them).
SNAPSHOT_KEY = {"date": "date_text"}


def _edit(
    request: HttpRequest,
    *,
    form: Any,
    save: Save,
    title: str,
    back: str,
) -> HttpResponse:
    """Show ``form``; on POST, save it through ``save`` (which returns where to go next)."""
    options = citation_options(request.user)
    rows: list[dict[str, str]] = [{"source": "", "evidence": "", "locator": ""}]
    conflict: EditConflict | None = None
    citation_error = ""
    status = 200
    if request.method == "POST":
        citations, rows = citations_from(request.POST)
        rows = rows or [{"source": "", "evidence": "", "locator": ""}]
        if not citations:
            citation_error = _("Cite the source of what you enter: a citation is required.")
        if form.is_valid() and not citation_error:
            try:
                target = save(form.cleaned_data, citations)
            except EditConflict as e:
                conflict = e
            except EditError as e:
                if e.field == "citation":
                    citation_error = str(e)
                else:
                    form.add_error(e.field if e.field in form.fields else None, str(e))
            else:
                messages.success(request, _("Saved, with your reason and citations."))
                return redirect(target)
        status = 409 if conflict is not None else 400
        if conflict is not None:
            data = request.POST.copy()
            data["version"] = str(conflict.version)
            form.data = data
    context = {
        "form": form,
        "title": title,
        "back": back,
        "rows": rows,
        "citation_error": citation_error,
        "conflict": _conflict_rows(form, conflict) if conflict is not None else None,
        **options,
    }
    return render(request, "edits/form.html", context, status=status)


def _conflict_rows(form: Any, conflict: EditConflict) -> list[dict[str, str]]:
    rows = []
    for name, field in form.fields.items():
        key = SNAPSHOT_KEY.get(name, name)
        if key not in conflict.current:
            continue
        mine: Any = (
            form.data.getlist(name)
            if isinstance(conflict.current[key], list)
            else form.data.get(name, "")
        )
        rows.append(
            {
                "label": str(field.label),
                "yours": _text(mine),
                "current": _text(conflict.current[key]),
            }
        )
    for key, value in conflict.current.items():
        if key in {SNAPSHOT_KEY.get(n, n) for n in form.fields} or key.startswith("date_"):
            continue
        rows.append(
            {"label": str(FIELD_LABELS.get(key, key)), "yours": "", "current": _text(value)}
        )
    return rows


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return " · ".join(
            " ".join(str(x) for x in v if x) if isinstance(v, list) else str(v) for v in value
        )
    return str(value)


def _place(user: Any, key: str) -> Any:
    return access_place(user=user, key=key) if key else None


def _date_initial(obj: Any) -> str:
    """The date as the form shows it: as written, else its interval (which parses back)."""
    if obj.date_text:
        return str(obj.date_text)
    a, b = obj.date_earliest, obj.date_latest
    if a is None or b is None:
        return ""
    return f"{a:%Y/%m/%d}" if a == b else f"{a:%Y/%m/%d} - {b:%Y/%m/%d}"


def _date(obj: Any, data: dict[str, Any], posted: str) -> Any:
    """The date to save: the stored one, untouched, where the form's text was not changed."""
    if posted.strip() == _date_initial(obj).strip():
        return get_uncertain(obj, "date")
    return data["date"]


@require_http_methods(["GET", "POST"])
@capability_required(EDIT_REGISTRY)
def person_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    person = access_person(user=request.user, public_id=public_id)
    snap = person_snapshot(person)
    initial = {k: snap[k] for k in ("display_name", "display_name_fa", "sex", "roles")}
    form = PersonForm(
        request.POST if request.method == "POST" else None,
        initial={**initial, "version": person.version},
    )

    def save(data: dict[str, Any], citations: list[Citation]) -> str:
        person_update(
            user=request.user,
            person_id=person.pk,
            version=data["version"],
            display_name=data["display_name"],
            display_name_fa=data["display_name_fa"],
            sex=data["sex"],
            roles=data["roles"],
            reason=data["reason"],
            citations=citations,
        )
        return reverse("people:detail", args=[person.public_id])

    back = reverse("people:detail", args=[person.public_id])
    title = _("Edit person %(id)s") % {"id": person.public_id}
    return _edit(request, form=form, save=save, title=title, back=back)


@require_http_methods(["GET", "POST"])
@capability_required(EDIT_REGISTRY)
def relation_new(request: HttpRequest, public_id: str) -> HttpResponse:
    person = access_person(user=request.user, public_id=public_id)
    form = RelationForm(
        request.POST if request.method == "POST" else None, initial={"version": person.version}
    )

    def save(data: dict[str, Any], citations: list[Citation]) -> str:
        other = _person_or_error(request, data["other"], field="other")
        relation_add(
            user=request.user,
            person_id=person.pk,
            version=data["version"],
            other_id=other.pk,
            kind=data["kind"],
            reason=data["reason"],
            citations=citations,
        )
        return reverse("people:detail", args=[person.public_id])

    back = reverse("people:detail", args=[person.public_id])
    title = _("Add a family relation of %(id)s") % {"id": person.public_id}
    return _edit(request, form=form, save=save, title=title, back=back)


def _person_or_error(request: HttpRequest, public_id: str, *, field: str) -> Person:
    try:
        return access_person(user=request.user, public_id=public_id.strip())
    except Http404:
        raise EditError(_("No person you may see has this id."), field=field) from None


#: The subjects a new claim can be about, from the page it is started on.
CLAIM_SUBJECTS = ("person", "event")


@require_http_methods(["GET", "POST"])
@capability_required(EDIT_REGISTRY)
def claim_new(request: HttpRequest, subject: str, ref: str) -> HttpResponse:
    if subject == "person":
        person = access_person(user=request.user, public_id=ref)
        subject_id, back = person.pk, reverse("people:detail", args=[ref])
        confidentiality = person.confidentiality
    elif subject == "event" and ref.isdigit():
        event = access_event(user=request.user, id=int(ref))
        subject_id, back = event.pk, reverse("events:detail", args=[event.pk])
        confidentiality = None
    else:
        raise Http404
    form = ClaimForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial={"version": 0},
    )

    def save(data: dict[str, Any], citations: list[Citation]) -> str:
        claim, _change = claim_create(
            user=request.user,
            subject=subject,
            subject_id=subject_id,
            kind=data["kind"],
            value=data["value"],
            status=data["status"],
            place=_place(request.user, data["place"]),
            date=data["date"],
            confidentiality=confidentiality,
            reason=data["reason"],
            citations=citations,
        )
        return reverse("claims:detail", args=[claim.pk])

    return _edit(request, form=form, save=save, title=_("New claim"), back=back)


@require_http_methods(["GET", "POST"])
@capability_required(EDIT_REGISTRY)
def claim_edit(request: HttpRequest, id: int) -> HttpResponse:
    claim = access_claim(user=request.user, id=id)
    snap = claim_snapshot(claim)
    form = ClaimForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        current_kind=claim.kind,
        initial={
            "version": claim.version,
            "kind": claim.kind,
            "value": claim.value,
            "status": claim.status,
            "place": snap["place"] or "",
            "date": _date_initial(claim),
        },
    )

    def save(data: dict[str, Any], citations: list[Citation]) -> str:
        claim_update(
            user=request.user,
            claim_id=claim.pk,
            version=data["version"],
            kind=data["kind"],
            value=data["value"],
            status=data["status"],
            place=_place(request.user, data["place"]),
            date=_date(claim, data, request.POST.get("date", "")),
            reason=data["reason"],
            citations=citations,
        )
        return reverse("claims:detail", args=[claim.pk])

    back = reverse("claims:detail", args=[claim.pk])
    title = _("Edit claim %(n)s") % {"n": claim.pk}
    return _edit(request, form=form, save=save, title=title, back=back)


@require_http_methods(["GET", "POST"])
@capability_required(EDIT_REGISTRY)
def event_new(request: HttpRequest) -> HttpResponse:
    form = EventForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        initial={"version": 0},
    )

    def save(data: dict[str, Any], citations: list[Citation]) -> str:
        event, _change = event_create(
            user=request.user,
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            place=_place(request.user, data["place"]),
            date=data["date"],
            reason=data["reason"],
            citations=citations,
        )
        return reverse("events:detail", args=[event.pk])

    return _edit(request, form=form, save=save, title=_("New event"), back=reverse("home"))


@require_http_methods(["GET", "POST"])
@capability_required(EDIT_REGISTRY)
def event_edit(request: HttpRequest, id: int) -> HttpResponse:
    event = access_event(user=request.user, id=id)
    snap = event_snapshot(event)
    form = EventForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        current_kind=event.kind,
        initial={
            "version": event.version,
            "kind": event.kind,
            "title": event.title,
            "description": event.description,
            "place": snap["place"] or "",
            "date": _date_initial(event),
        },
    )

    def save(data: dict[str, Any], citations: list[Citation]) -> str:
        event_update(
            user=request.user,
            event_id=event.pk,
            version=data["version"],
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            place=_place(request.user, data["place"]),
            date=_date(event, data, request.POST.get("date", "")),
            reason=data["reason"],
            citations=citations,
        )
        return reverse("events:detail", args=[event.pk])

    back = reverse("events:detail", args=[event.pk])
    title = _("Edit event %(n)s") % {"n": event.pk}
    return _edit(request, form=form, save=save, title=title, back=back)


@require_http_methods(["GET", "POST"])
@capability_required(EDIT_REGISTRY)
def involvement_new(request: HttpRequest, id: int) -> HttpResponse:
    event = access_event(user=request.user, id=id)
    form = InvolvementForm(
        request.POST if request.method == "POST" else None, initial={"version": event.version}
    )

    def save(data: dict[str, Any], citations: list[Citation]) -> str:
        person = _person_or_error(request, data["person"], field="person")
        involvement_add(
            user=request.user,
            event_id=event.pk,
            version=data["version"],
            person=person,
            role=data["role"],
            mode=data["mode"],
            reason=data["reason"],
            citations=citations,
        )
        return reverse("events:detail", args=[event.pk])

    back = reverse("events:detail", args=[event.pk])
    title = _("Add who took part in event %(n)s") % {"n": event.pk}
    return _edit(request, form=form, save=save, title=title, back=back)


@require_GET
@capability_required(EDIT_REGISTRY)
def citation_row(request: HttpRequest) -> HttpResponse:
    """One more empty citation row (htmx swaps it in after the others)."""
    row: Mapping[str, str] = {"source": "", "evidence": "", "locator": ""}
    context = {"row": row, **citation_options(request.user)}
    return render(request, "edits/_citation_row.html", context)


@require_GET
@capability_required(EDIT_REGISTRY)
def vocabulary_list(request: HttpRequest) -> HttpResponse:
    """Every vocabulary and its terms in both languages (admins edit them in the admin)."""
    return render(request, "edits/vocabularies.html", {"vocabularies": vocabularies()})
