"""Import a list from the web app: upload it, check the assistant's reading, import.

Step 1 (``/sources/import/``) stages the upload (dadkhah/web/sources/staging.py); step 2
(``/sources/import/<token>/``) shows the reading of every column as a form, and its
buttons check (a dry run), import, or download the choices as a TOML mapping file for
the CLI. The import is :func:`dadkhah.web.sources.services.source_import`, as in the
CLI: one transaction, the file kept as evidence and logged as ``ingest`` in the custody
log under the user's name (``web:USERNAME``). A staged token opens only in the session
that uploaded it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from dadkhah.core.case import Case
from dadkhah.core.errors import DadkhahError
from dadkhah.pipelines.importing.assistant import read_columns
from dadkhah.pipelines.importing.readers import DEFAULT_LIMITS, Limits
from dadkhah.pipelines.importing.report import ImportRejected, ImportReport
from dadkhah.pipelines.importing.validate import ImportFileError
from dadkhah.web.accounts.access import capability_required
from dadkhah.web.accounts.roles import IMPORT_LISTS
from dadkhah.web.audit.services import actor_of
from dadkhah.web.sources.import_forms import ColumnsForm, UploadForm, default_source_name
from dadkhah.web.sources.staging import (
    Staged,
    StagedMissing,
    staged_import_delete,
    staged_import_find,
    staged_import_save,
)

SESSION_KEY = "sources_import_tokens"
MAX_TOKENS = 20  # staged lists one session may hold open
PROBLEMS_SHOWN = 20


def _case() -> Case:
    case: Case | None = getattr(settings, "CASE", None)
    if case is None:
        raise Http404("no case is open")
    return case


def _limits() -> Limits:
    """The importer's limits (``IMPORT_LIMITS`` in the settings, else the CLI's)."""
    limits: Limits = getattr(settings, "IMPORT_LIMITS", DEFAULT_LIMITS)
    return limits


def _tokens(request: HttpRequest) -> list[str]:
    return [str(t) for t in request.session.get(SESSION_KEY, [])]


def _staged(request: HttpRequest, case: Case, token: str) -> Staged:
    # The same 404 for a token of another session, an old one and a made-up one.
    if token not in _tokens(request):
        raise Http404("no such upload")
    try:
        return staged_import_find(case=case, token=token)
    except StagedMissing as exc:
        raise Http404("no such upload") from exc


@never_cache
@require_http_methods(["GET", "POST"])
@capability_required(IMPORT_LISTS)
def import_upload(request: HttpRequest) -> HttpResponse:
    """Step 1: take the list file, stage it and go to its reading."""
    case = _case()
    form = UploadForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST" and form.is_valid():
        limits = _limits()
        staged = None
        try:
            staged = staged_import_save(case=case, upload=form.cleaned_data["file"], limits=limits)
            read_columns(staged.path, limits=limits)
        except ImportFileError as exc:
            error = exc.problem.message()
        except DadkhahError as exc:
            error = str(exc)
        if error is None and staged is not None:
            request.session[SESSION_KEY] = [*_tokens(request), staged.token][-MAX_TOKENS:]
            return redirect("sources:import_columns", token=staged.token)
        if staged is not None:
            staged_import_delete(case=case, token=staged.token)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "sources/import_upload.html", {"form": form, "error": error}, status=status
    )


def _report_context(report: ImportReport) -> dict[str, Any]:
    return {
        "report": report,
        # Errors first: they are what stops the import.
        "problems": [
            p.message() for p in sorted(report.problems, key=lambda p: not p.fatal)[:PROBLEMS_SHOWN]
        ],
        "problem_counts": sorted(report.problem_counts.items()),
        "fatal": report.has_fatal,
    }


def _mapping_download(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.mapping.toml"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@capability_required(IMPORT_LISTS)
def import_columns(request: HttpRequest, token: str) -> HttpResponse:
    """Step 2: the reading of each column as a form; check, import or download the mapping."""
    case = _case()
    staged = _staged(request, case, token)
    limits = _limits()
    try:
        reading = read_columns(staged.path, limits=limits)
    except ImportFileError as exc:
        staged_import_delete(case=case, token=token)
        messages.error(request, exc.problem.message())
        return redirect("sources:import")
    context: dict[str, Any] = {"staged": staged, "reading": reading, "token": token}
    if request.method == "GET":
        initial = {"name": default_source_name(staged.name)}
        context["form"] = ColumnsForm(initial=initial, reading=reading)
        return render(request, "sources/import_columns.html", context)
    form = ColumnsForm(request.POST, reading=reading)
    context["form"] = form
    action = request.POST.get("action", "check")
    if form.is_valid():
        mapping = form.mapping()
        try:
            under = read_columns(staged.path, mapping=mapping, limits=limits)
        except ImportFileError as exc:
            form.add_error(None, exc.problem.message())
        else:
            if action == "mapping":
                return _mapping_download(under.mapping_toml(), form.cleaned_data["name"])
            return _run(request, case, staged, form, mapping, context, dry=action != "import")
    return render(request, "sources/import_columns.html", context, status=400)


def _run(
    request: HttpRequest,
    case: Case,
    staged: Staged,
    form: ColumnsForm,
    mapping: Any,
    context: dict[str, Any],
    *,
    dry: bool,
) -> HttpResponse:
    name = form.cleaned_data["name"]
    from dadkhah.web.linkage.after_import import source_import_and_link

    try:
        done = source_import_and_link(
            case=case,
            path=staged.path,
            source_name=name,
            mapping=mapping,
            dry_run=dry,
            user=request.user,
            actor=actor_of(request.user),
            limits=_limits(),
            **form.source_attributes(),
        )
    except ImportRejected as exc:
        context.update(_report_context(exc.report))
        return render(request, "sources/import_columns.html", context, status=400)
    except DadkhahError as exc:
        form.add_error(None, str(exc))
        return render(request, "sources/import_columns.html", context, status=400)
    report = done.report
    if dry:
        context.update(_report_context(report))
        return render(request, "sources/import_columns.html", context)
    staged_import_delete(case=case, token=staged.token)
    request.session[SESSION_KEY] = [t for t in _tokens(request) if t != staged.token]
    if report.status == "unchanged":
        messages.info(
            request,
            _("This file is already version %(version)d of %(name)s; nothing was imported.")
            % {"version": report.version, "name": name},
        )
    else:
        messages.success(
            request,
            _("Imported %(n)d records as version %(version)d of %(name)s.")
            % {"n": report.records_imported, "version": report.version, "name": name},
        )
    if done.link_run is not None:
        messages.success(request, _("Its new records were linked against the existing persons."))
    elif done.link_failed:
        messages.warning(
            request,
            _("Linking its new records failed; they wait for the next full linkage run."),
        )
    return redirect("sources:detail", name=name)
