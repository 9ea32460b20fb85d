"""Evidence pages: the list with the upload form, an item's record and preview, the download.

Every view and download of an item is entered in the custody log. Downloads are sent as
attachments with `nosniff`, so a hostile file is never rendered by the browser.
"""

from __future__ import annotations

from datetime import UTC, date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from dadkhah.core.case import Case
from dadkhah.core.errors import DadkhahError, InputError
from dadkhah.core.evidence_preview import (
    MAX_PREVIEW_BYTES,
    TEXT_BYTES,
    pdf_first_page_png,
    preview_kind,
    text_head,
)
from dadkhah.core.evidence_store import EvidenceStore
from dadkhah.web.accounts.access import audit_reads, capability_required
from dadkhah.web.accounts.roles import ADD_EVIDENCE, VIEW_EVIDENCE
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.evidence.access import access_evidence_item, visible_evidence
from dadkhah.web.evidence.forms import UploadForm
from dadkhah.web.evidence.links import LINKED_KINDS, evidence_linked_to, evidence_links
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.evidence.selectors import EVIDENCE_KINDS, evidence_search, evidence_source_names
from dadkhah.web.evidence.services import Collection, evidence_add_stream, evidence_record_access
from dadkhah.web.listing import ListError, chosen, other_params, page_of

#: The kinds of the filter in words (the top-level media types of `EVIDENCE_KINDS`).
EVIDENCE_KIND_LABELS: list[tuple[str, Promise]] = [
    ("image", gettext_lazy("images")),
    ("video", gettext_lazy("videos")),
    ("audio", gettext_lazy("sound recordings")),
    ("application", gettext_lazy("documents and other files")),
    ("text", gettext_lazy("text files")),
]
#: The kinds of entity an item may concern, in words (`LINKED_KINDS`).
LINKED_KIND_LABELS: list[tuple[str, Promise]] = [
    ("person", gettext_lazy("a person")),
    ("claim", gettext_lazy("a claim")),
    ("event", gettext_lazy("an event")),
    ("body", gettext_lazy("a body")),
    ("place", gettext_lazy("a place")),
]
assert [k for k, _label in LINKED_KIND_LABELS] == list(LINKED_KINDS)


def _case() -> Case:
    case: Case | None = getattr(settings, "CASE", None)
    if case is None:
        raise Http404("no case is open")
    return case


def _actor(request: HttpRequest) -> str:
    return f"web:{request.user.get_username()}"


def _item(request: HttpRequest, sha256: str) -> EvidenceItem:
    # Same answer for "no such item", a malformed hash and an item the user may not see.
    return access_evidence_item(user=request.user, sha256=sha256)


def _page(request: HttpRequest, number: int | str | None) -> Any:
    return Paginator(visible_evidence(request.user).order_by("-id"), 50).get_page(number)


def _day(get: QueryDict, name: str, label: str) -> date | None:
    value = get.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:20])
    except ValueError:
        raise ListError(
            _("The filter “%(facet)s” cannot use “%(value)s”: give a date as YYYY-MM-DD.")
            % {"facet": label, "value": value[:40]}
        ) from None


@require_GET
@capability_required(VIEW_EVIDENCE)
def evidence_list(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    sources = evidence_source_names(user=request.user)
    context: dict[str, Any] = {
        "form": UploadForm(),
        "q": text[:200],
        "kinds": EVIDENCE_KIND_LABELS,
        "sources": sources,
        "linked_kinds": LINKED_KIND_LABELS,
    }
    try:
        # A source the reader may not see is refused like one that does not exist.
        kind = chosen(request.GET, "kind", _("Kind"), EVIDENCE_KINDS)
        source = chosen(request.GET, "source", _("Source"), sources)
        linked = chosen(request.GET, "linked", _("Concerns"), LINKED_KINDS)
        since = _day(request.GET, "since", _("Collected from"))
        until = _day(request.GET, "until", _("Collected until"))
        context |= {"kind": kind, "source": source, "linked": linked}
        context |= {"since": request.GET.get("since", "")[:20]}
        context |= {"until": request.GET.get("until", "")[:20]}
        items = evidence_search(
            visible=visible_evidence(request.user),
            text=text,
            kind=kind,
            source=source,
            since=since,
            until=until,
        )
        if linked:
            items = items.filter(pk__in=evidence_linked_to(user=request.user, kind=linked))
        page = page_of(items, request.GET)
    except ListError as exc:
        context["error"] = exc.message
        return render(request, "evidence/list.html", context, status=exc.status)
    audit_reads(
        user=request.user,
        shown=[(f"evidence:{i.sha256}", i.confidentiality) for i in page.object_list],
    )
    context |= {"page": page, "params": other_params(request.GET)}
    return render(request, "evidence/list.html", context)


@require_POST
@capability_required(ADD_EVIDENCE)
def evidence_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        page = _page(request, 1)
        return render(request, "evidence/list.html", {"page": page, "form": form}, status=400)
    data = form.cleaned_data
    when = data["collected_at"]
    if when is not None and when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    upload = data["file"]
    try:
        report = evidence_add_stream(
            case=_case(),
            stream=upload.file,
            name=upload.name,
            actor=_actor(request),
            user=request.user,
            collection=Collection(
                collected_by=data["collected_by"] or request.user.get_username(),
                collected_at=when,
                method=data["method"] or "web upload",
                source=data["source"],
                title=data["title"],
            ),
        )
    except DadkhahError as exc:
        messages.error(request, str(exc))
        return redirect("evidence:list")
    if report.added:
        messages.success(request, _("Added %(sha)s.") % {"sha": report.added[0].sha256})
    else:
        messages.info(
            request,
            _("Already in the case (same bytes): %(sha)s.")
            % {"sha": report.duplicates[0][1].sha256},
        )
    return redirect("evidence:list")


@require_GET
@capability_required(VIEW_EVIDENCE)
def evidence_detail(request: HttpRequest, sha256: str) -> HttpResponse:
    item = _item(request, sha256)
    case = _case()
    evidence_record_access(case=case, item=item, actor=_actor(request), action="view")
    entries = CustodyEntry.objects.filter(item_links__sha256=item.sha256).order_by("seq")
    links = evidence_links(user=request.user, item=item)
    audit_reads(
        user=request.user,
        shown=[(f"claim:{c.pk}", c.confidentiality) for c, _label in links.claims]
        + [(f"person:{p.public_id}", p.confidentiality) for p in links.persons]
        + [(f"place:{p.key}", p.confidentiality) for p in links.places],
    )
    kind = preview_kind(item.media_type, item.original_name)
    text, more = "", False
    if kind == "text":
        # Read here, escaped by the template: the file's own bytes never reach the browser.
        with EvidenceStore(case.evidence_dir).open(item.sha256) as fh:
            text, more = text_head(fh.read(TEXT_BYTES + 1))
    context = {
        "item": item,
        "entries": entries,
        "links": links,
        "preview": kind,
        "text": text,
        "text_more": more,
    }
    return render(request, "evidence/detail.html", context)


@require_GET
@capability_required(VIEW_EVIDENCE)
def evidence_preview(request: HttpRequest, sha256: str) -> HttpResponse:
    """The first page of a PDF item as a PNG drawn here (see `dadkhah.core.evidence_preview`).

    Anything else, or a PDF that cannot be drawn, is a 404: the page then offers the
    download only. Sent as an image the browser may not sniff or run, viewed in custody.
    """
    item = _item(request, sha256)
    if preview_kind(item.media_type, item.original_name) != "pdf":
        raise Http404("no preview of this kind of item")
    case = _case()
    with EvidenceStore(case.evidence_dir).open(item.sha256) as fh:
        data = fh.read(MAX_PREVIEW_BYTES + 1)
    try:
        png = pdf_first_page_png(data)
    except InputError as exc:
        raise Http404(str(exc)) from exc
    evidence_record_access(case=case, item=item, actor=_actor(request), action="view")
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@capability_required(VIEW_EVIDENCE)
def evidence_download(request: HttpRequest, sha256: str) -> FileResponse:
    item = _item(request, sha256)
    case = _case()
    fh = EvidenceStore(case.evidence_dir).open(item.sha256)
    evidence_record_access(case=case, item=item, actor=_actor(request), action="download")
    response = FileResponse(fh, as_attachment=True, filename=item.original_name or item.sha256)
    response["Content-Type"] = "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    return response


#: What an image's first bytes must be for it to be shown inline (never SVG, which can
#: carry script): the type sent is the one the bytes show, whatever the name or upload said.
IMAGE_SIGNATURES: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
)


def sniff_image(head: bytes) -> str | None:
    """The media type of an image the browser may show, from its first 16 bytes."""
    for signature, offset, media_type in IMAGE_SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            if media_type == "image/webp" and not head.startswith(b"RIFF"):
                continue
            return media_type
    return None


@require_GET
@capability_required(VIEW_EVIDENCE)
def evidence_image(request: HttpRequest, sha256: str) -> FileResponse:
    """An image item shown inline (a site page's before/after comparison); viewed in custody.

    Anything that is not a PNG, JPEG, GIF or WebP by its bytes is a 404: downloads stay
    attachments.
    """
    item = _item(request, sha256)
    case = _case()
    fh = EvidenceStore(case.evidence_dir).open(item.sha256)
    media_type = sniff_image(fh.read(16))
    if media_type is None:
        fh.close()
        raise Http404("not an image shown inline")
    fh.seek(0)
    evidence_record_access(case=case, item=item, actor=_actor(request), action="view")
    response = FileResponse(fh, content_type=media_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
