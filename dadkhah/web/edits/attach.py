"""The page that attaches an evidence item to a person, claim, event or place.

The entity is read through its ``access_*`` (404 alike for missing and hidden); the item
is found by its SHA-256, or by searching titles and file names among the items the editor
may see; :func:`dadkhah.web.evidence.attachments.evidence_attach` saves it. A refusal
shows the form again with the field named (400).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from dadkhah.web.accounts.access import capability_required
from dadkhah.web.accounts.roles import EDIT_REGISTRY
from dadkhah.web.claims.access import access_claim
from dadkhah.web.edits.services import EditError
from dadkhah.web.events.access import access_event
from dadkhah.web.evidence.attachments import attached_evidence, evidence_attach, evidence_find
from dadkhah.web.people.selectors import access_person
from dadkhah.web.places.access import access_place


class AttachForm(forms.Form):
    """The item (its SHA-256) and the reason; the service checks both and names the field."""

    item = forms.CharField(
        label=gettext_lazy("Evidence item (SHA-256)"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"dir": "ltr", "size": 66, "autocomplete": "off"}),
        help_text=gettext_lazy(
            "All 64 characters, as the item's page shows them; or search below."
        ),
    )
    reason = forms.CharField(
        label=gettext_lazy("Why this item concerns it"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Required: the reason is kept in the history of changes."),
    )


def _entity(request: HttpRequest, entity: str, ref: str) -> tuple[Model, str, str]:
    """The row, its page and its name in the title; 404 for what the user may not read."""
    user = request.user
    if entity == "person":
        person = access_person(user=user, public_id=ref)
        return person, reverse("people:detail", args=[ref]), person.public_id
    if entity == "claim" and ref.isdigit():
        claim = access_claim(user=user, id=int(ref))
        return claim, reverse("claims:detail", args=[claim.pk]), _("claim %(n)s") % {"n": ref}
    if entity == "event" and ref.isdigit():
        event = access_event(user=user, id=int(ref))
        return event, reverse("events:detail", args=[event.pk]), _("event %(n)s") % {"n": ref}
    if entity == "place":
        place = access_place(user=user, key=ref)
        return place, reverse("places:detail", args=[place.key]), str(place.name)
    raise Http404


@require_http_methods(["GET", "POST"])
@capability_required(EDIT_REGISTRY)
def evidence_attach_page(request: HttpRequest, entity: str, ref: str) -> HttpResponse:
    row, back, name = _entity(request, entity, ref)
    status = 200
    if request.method == "POST":
        form = AttachForm(request.POST)
        if form.is_valid():
            try:
                evidence_attach(
                    user=request.user,
                    entity=entity,
                    row=row,
                    item=form.cleaned_data["item"],
                    reason=form.cleaned_data["reason"],
                )
            except EditError as e:
                form.add_error(e.field if e.field in form.fields else None, str(e))
            else:
                messages.success(request, _("The evidence item is attached, with your reason."))
                return redirect(back)
        status = 400
    else:
        form = AttachForm(initial={"item": request.GET.get("item", "")})
    query = request.GET.get("q", "").strip()[:200]
    context: dict[str, Any] = {
        "form": form,
        "title": _("Attach evidence to %(name)s") % {"name": name},
        "back": back,
        "query": query,
        "found": evidence_find(user=request.user, text=query) if query else [],
        "attached": attached_evidence(user=request.user, entity=entity, entity_id=row.pk),
    }
    return render(request, "edits/attach.html", context, status=status)
