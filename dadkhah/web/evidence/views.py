"""Evidence pages: the list with the upload form, an item's record, and the download.

Every view and download of an item is entered in the custody log. Downloads are sent as
attachments with `nosniff`, so a hostile file is never rendered by the browser.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from dadkhah.core.case import Case
from dadkhah.core.errors import DadkhahError
from dadkhah.core.evidence_store import EvidenceStore
from dadkhah.web.accounts.access import audit_reads, capability_required
from dadkhah.web.accounts.roles import ADD_EVIDENCE, VIEW_EVIDENCE
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.evidence.access import access_evidence_item, visible_evidence
from dadkhah.web.evidence.forms import UploadForm
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.evidence.selectors import EVIDENCE_KINDS, evidence_search, evidence_source_names
from dadkhah.web.evidence.services import Collection, evidence_add_stream, evidence_record_access

#: The kinds of the filter in words (the top-level media types of `EVIDENCE_KINDS`).
EVIDENCE_KIND_LABELS: list[tuple[str, Promise]] = [
    ("image", gettext_lazy("images")),
    ("video", gettext_lazy("videos")),
    ("audio", gettext_lazy("sound recordings")),
    ("application", gettext_lazy("documents and other files")),
    ("text", gettext_lazy("text files")),
]


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


@require_GET
@capability_required(VIEW_EVIDENCE)
def evidence_list(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    kind = kind if kind in EVIDENCE_KINDS else ""
    sources = evidence_source_names(user=request.user)
    source = request.GET.get("source", "")
    source = source if source in sources else ""  # never a source the reader may not see
    items = evidence_search(
        visible=visible_evidence(request.user), text=text, kind=kind, source=source
    )
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    audit_reads(
        user=request.user,
        shown=[(f"evidence:{i.sha256}", i.confidentiality) for i in page.object_list],
    )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "form": UploadForm(),
        "q": text,
        "kind": kind,
        "kinds": EVIDENCE_KIND_LABELS,
        "source": source,
        "sources": sources,
        "params": params.urlencode(),
    }
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
    evidence_record_access(case=_case(), item=item, actor=_actor(request), action="view")
    entries = CustodyEntry.objects.filter(item_links__sha256=item.sha256).order_by("seq")
    return render(request, "evidence/detail.html", {"item": item, "entries": entries})


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
