"""The review queue: uncertain pairs side by side with the model's explanation, and decisions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dadkhah.core.errors import InputError
from dadkhah.web.accounts.access import audit_reads, capability_required
from dadkhah.web.accounts.clearance import is_cleared
from dadkhah.web.accounts.roles import DECIDE_LINKAGE, VIEW_LINKAGE, User, user_can
from dadkhah.web.linkage.selectors import PairView, pair_view, review_queue, review_queue_size
from dadkhah.web.linkage.services import review_decide
from dadkhah.web.people.labels import GAZETTEER_FIELDS, field_label, named_keys
from dadkhah.web.sources.models import Record

PER_PAGE = 10


def _hidden(user: User, record: Record) -> bool:
    """A record whose source ``user`` is not cleared for is shown as withheld."""
    return not is_cleared(user, record.source.confidentiality)


def _audit_pairs(user: User, views: list[PairView]) -> None:
    shown = [
        (f"record:{r.pk}", r.source.confidentiality)
        for v in views
        for r in (v.a, v.b)
        if not _hidden(user, r)
    ]
    audit_reads(user=user, shown=shown)


def _pair_context(user: User, view: PairView) -> dict[str, Any]:
    hide_a, hide_b = _hidden(user, view.a), _hidden(user, view.b)
    fields = view.fields()
    # Gazetteer ids ("city:tabriz") are shown by their names, fields by their labels.
    names = named_keys(
        (
            v
            for f, va, vb in fields
            if f in GAZETTEER_FIELDS
            for v in (va, vb)
            if isinstance(v, str)
        ),
        user=user,
    )
    rows = [
        {
            "field": field_label(f),
            "a": None if hide_a else names.get(va, va) if isinstance(va, str) else va,
            "b": None if hide_b else names.get(vb, vb) if isinstance(vb, str) else vb,
            "same": va == vb,
        }
        for f, va, vb in fields
    ]
    total = None
    if view.prior is not None:
        total = view.prior + sum(t.total for t in view.terms)
    return {
        "view": view,
        "rows": rows,
        "hide_a": hide_a,
        "hide_b": hide_b,
        "total": total,
    }


@require_GET
@capability_required(VIEW_LINKAGE)
def review(request: HttpRequest) -> HttpResponse:
    """The queue: most uncertain undecided pairs first, ten to a page."""
    try:
        offset = max(0, int(request.GET.get("offset", "0")))
    except ValueError:
        offset = 0
    queue = review_queue(limit=PER_PAGE, offset=offset)
    views = [pair_view(p.record_a_id, p.record_b_id) for p in queue]
    _audit_pairs(request.user, views)
    pairs = [_pair_context(request.user, v) for v in views]
    return render(
        request,
        "linkage/review.html",
        {
            "pairs": pairs,
            "offset": offset,
            "next_offset": offset + PER_PAGE if len(queue) == PER_PAGE else None,
            "waiting": review_queue_size(),
            "can_decide": user_can(request.user, DECIDE_LINKAGE),
        },
    )


@require_POST
@capability_required(DECIDE_LINKAGE)
def decide(request: HttpRequest) -> HttpResponse:
    """Record same / different / unsure with a reason, or skip the pair."""
    try:
        a, b = int(request.POST["record_a"]), int(request.POST["record_b"])
        offset = max(0, int(request.POST.get("offset", "0")))
    except (KeyError, ValueError) as exc:
        raise Http404("no such pair") from exc
    verdict = request.POST.get("verdict", "")
    back = reverse("linkage:review")
    if verdict == "skip":
        return HttpResponseRedirect(f"{back}?offset={offset + 1}")
    try:
        review_decide(
            record_a=a,
            record_b=b,
            verdict=verdict,
            reason=request.POST.get("reason", ""),
            reviewer=request.user.get_username(),
            user=request.user,
        )
    except InputError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(f"{back}?offset={offset}")
    messages.success(request, _("Decision recorded."))
    return HttpResponseRedirect(f"{back}?offset={offset}")


@require_GET
@capability_required(VIEW_LINKAGE)
def pair(request: HttpRequest, a: int, b: int) -> HttpResponse:
    """One pair: both records, the explanation and every decision taken on it."""
    try:
        view = pair_view(a, b)
    except Record.DoesNotExist as exc:
        raise Http404("no such pair") from exc
    _audit_pairs(request.user, [view])
    context = _pair_context(request.user, view)
    context["can_decide"] = user_can(request.user, DECIDE_LINKAGE)
    return render(request, "linkage/pair.html", context)
