"""Redacted derivatives of evidence items: the copy is stored, linked to its original, logged.

The bytes are made by :mod:`dadkhah.core.redaction` (images, text) and
:mod:`dadkhah.core.pdf_redaction` (PDFs, rebuilt from page images); the copy goes in through
:func:`~dadkhah.web.evidence.services.evidence_derive`, so it is a new item whose
``derived_from`` is the original and whose ``derivative`` custody entry names both
and the transformation. The original is never changed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dadkhah.core.case import Case
from dadkhah.core.errors import InputError
from dadkhah.core.pdf_redaction import PageRegion, redact_pdf
from dadkhah.core.redaction import Region, Span, redact_image, redact_text
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.evidence.services import case_store, evidence_derive


def evidence_redact(
    *,
    case: Case,
    original: EvidenceItem,
    reason: str,
    actor: str,
    regions: Sequence[Region | PageRegion] = (),
    spans: Sequence[Span] = (),
    mode: str = "cover",
    user: Any = None,
) -> EvidenceItem:
    """Store a redacted copy of ``original``: image or PDF regions covered, text cut.

    Args:
        case: The case.
        original: The item to redact (an image, a PDF, or UTF-8 text).
        reason: Why (logged in the custody log: say what kind of detail, never the detail).
        actor: Who, for the custody log.
        regions: For an image: the rectangles to cover or blur (:class:`Region`); for a
            PDF: the rectangles to cover on its pages (:class:`PageRegion`).
        spans: For a text: the character ranges to remove.
        mode: ``cover`` (default) or ``blur``, for images; PDFs are always covered.
        user: The web user, when the redaction comes from a page.

    Raises:
        InputError: No reason; regions for a text or spans for an image or PDF; image
            regions for a PDF or page regions for an image; blur for a PDF; a media type
            that cannot be redacted here; bad regions or spans; a PDF that cannot be read.
    """
    if not reason.strip():
        raise InputError("say why the item is redacted (--reason), without the redacted detail.")
    data = Path(case_store(case).path_for(original.sha256)).read_bytes()
    media = original.media_type
    if media.startswith("image/"):
        if spans:
            raise InputError(f"{original.original_name} is an image: give --region, not --span.")
        if any(isinstance(r, PageRegion) for r in regions):
            raise InputError(
                f"{original.original_name} is an image: give regions as X,Y,WIDTH,HEIGHT, "
                "without a page."
            )
        redacted = redact_image(data, [r for r in regions if isinstance(r, Region)], mode=mode)
        what = f"{mode} {len(regions)} region(s)"
    elif media == "application/pdf":
        if spans:
            raise InputError(
                f"{original.original_name} is a PDF: give --region PAGE:X0,Y0,X1,Y1, not --span."
            )
        if mode != "cover":
            raise InputError(
                "PDF regions are always covered in black: blurred text can be read back."
            )
        if any(isinstance(r, Region) for r in regions):
            raise InputError(
                f"{original.original_name} is a PDF: give each region as PAGE:X0,Y0,X1,Y1 "
                "(points from the bottom left, e.g. 1:72,700,300,720)."
            )
        redacted = redact_pdf(data, [r for r in regions if isinstance(r, PageRegion)])
        what = f"covered {len(regions)} PDF region(s), pages rebuilt as images"
    elif media.startswith("text/"):
        if regions:
            raise InputError(f"{original.original_name} is text: give --span, not --region.")
        redacted = redact_text(data, spans)
        what = f"removed {len(spans)} text span(s)"
    else:
        raise InputError(
            f"{original.original_name} is {media}: only images, PDFs and plain text can be "
            "redacted here. Redact it with another tool and add the copy with `evidence derive`."
        )
    name = Path(original.original_name)
    with tempfile.TemporaryDirectory(prefix="dadkhah-redact-") as tmp:
        path = Path(tmp) / f"{name.stem}.redacted{name.suffix}"
        path.write_bytes(redacted)
        return evidence_derive(
            case=case,
            original=original,
            path=path,
            transformation=f"redaction: {what}; {reason.strip()}"[:500],
            actor=actor,
            user=user,
        )
