"""The families' page (public, no JavaScript, Persian first) and the liaison's queue."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from dadkhah.core.case import Case
from dadkhah.web.accounts.roles import REVEAL_WITNESS, user_can
from dadkhah.web.custody.services import custody_record
from dadkhah.web.families.forms import AdditionForm, FamilyForm, FollowUpForm
from dadkhah.web.families.matching import submission_match
from dadkhah.web.families.models import Submission
from dadkhah.web.families.services import (
    FamiliesError,
    file_accept,
    submission_follow_up,
    submission_receive,
    submitter_reveal,
    ticket_issue,
)


def _case() -> Case:
    case: Case | None = getattr(settings, "CASE", None)
    if case is None:
        raise Http404("no case is served")
    return case


def _persian_first(request: HttpRequest) -> None:
    """Families read Persian first: English only when they chose it."""
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate("fa")
        request.LANGUAGE_CODE = "fa"


def _public(request: HttpRequest, form_class: type[FamilyForm], template: str) -> HttpResponse:
    _persian_first(request)
    case = _case()
    error = None
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            from dadkhah.web.witnesses.services import case_keyring

            try:
                received = submission_receive(
                    case=case,
                    keyring=case_keyring(case).keyring,
                    ticket=form.cleaned_data["ticket"],
                    relative=form.relative(),
                    submitter=form.submitter(),
                    files=form.uploads(),
                    receipt=form.cleaned_data.get("receipt"),
                )
            except FamiliesError as exc:
                error = str(exc)
            else:
                return render(
                    request,
                    "families/thanks.html",
                    {"receipt": received.receipt, "added": form_class is AdditionForm},
                )
        data = request.POST.copy()
        data["ticket"] = ticket_issue()
        form = form_class(data)
        form.is_valid()
    else:
        form = form_class(initial={"ticket": ticket_issue()})
    return render(request, template, {"form": form, "error": error})


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def family_form(request: HttpRequest) -> HttpResponse:
    """Tell us about a relative: no account, no JavaScript, nothing from another host."""
    return _public(request, FamilyForm, "families/form.html")


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def family_add(request: HttpRequest) -> HttpResponse:
    """Add to an earlier submission with its receipt code."""
    return _public(request, AdditionForm, "families/add.html")


def _liaison(request: HttpRequest) -> None:
    # The same answer for "no such page" and "not yours" (default deny).
    if not user_can(request.user, REVEAL_WITNESS):
        raise Http404("not found")


@never_cache
def queue(request: HttpRequest) -> HttpResponse:
    """Submissions waiting for a liaison, newest first."""
    _liaison(request)
    submissions = Submission.objects.filter(follows__isnull=True).prefetch_related("additions")
    return render(request, "families/queue.html", {"submissions": submissions})


def _detail_post(request: HttpRequest, case: Case, submission: Submission) -> dict[str, Any]:
    action = request.POST.get("action", "")
    actor = f"web:{request.user.get_username()}"
    out: dict[str, Any] = {}
    try:
        if action == "match":
            submission_match(submission)
        elif action == "reveal":
            from dadkhah.web.witnesses.services import case_keyring

            out["revealed"] = submitter_reveal(
                case=case,
                keyring=case_keyring(case).keyring,
                submission=submission,
                user=request.user,
                actor=actor,
            )
        elif action == "follow_up":
            form = FollowUpForm(request.POST)
            if form.is_valid():
                submission_follow_up(
                    case=case,
                    submission=submission,
                    user=request.user,
                    actor=actor,
                    status=form.cleaned_data["status"],
                    note=form.cleaned_data["note"],
                )
        elif action.startswith("accept:"):
            file = submission.files.filter(pk=action.removeprefix("accept:")).first()
            if file is None:
                raise Http404("not found")
            file_accept(case=case, file=file, user=request.user, actor=actor)
    except FamiliesError as exc:
        out["error"] = str(exc)
    return out


@never_cache
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, pk: str) -> HttpResponse:
    """One submission with its additions, files and candidate persons (liaison only)."""
    _liaison(request)
    case = _case()
    submission = Submission.objects.filter(pk=pk).first()
    if submission is None:
        raise Http404("not found")
    custody_record(
        case=case,
        actor=f"web:{request.user.get_username()}",
        action="read_protected",
        details={"outcome": "read", "objects": [f"submission:{submission.pk}"]},
        batched=True,
    )
    extra = _detail_post(request, case, submission) if request.method == "POST" else {}
    thread = [submission, *submission.additions.order_by("created_at")]
    context = {
        "submission": submission,
        "thread": thread,
        "candidates": submission.candidates.select_related("person"),
        "follow_up": FollowUpForm(initial={"status": submission.status}),
        **extra,
    }
    return render(request, "families/detail.html", context)
