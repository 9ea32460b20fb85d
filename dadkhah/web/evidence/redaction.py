"""Redacted derivatives of evidence items: the copy is stored, linked to its original, logged.

The bytes are made by :mod:`dadkhah.core.redaction`; the copy goes in through
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
from dadkhah.core.redaction import Region, Span, redact_image, redact_text
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.evidence.services import case_store, evidence_derive


def evidence_redact(
    *,
    case: Case,
    original: EvidenceItem,
    reason: str,
    actor: str,
    regions: Sequence[Region] = (),
    spans: Sequence[Span] = (),
    mode: str = "cover",
    user: Any = None,
) -> EvidenceItem:
    """Store a redacted copy of ``original``: image regions covered or blurred, text cut.

    Args:
        case: The case.
        original: The item to redact (an image, or UTF-8 text).
        reason: Why (logged in the custody log: say what kind of detail, never the detail).
        actor: Who, for the custody log.
        regions: For an image: the rectangles to cover or blur.
        spans: For a text: the character ranges to remove.
        mode: ``cover`` (default) or ``blur``, for images.
        user: The web user, when the redaction comes from a page.

    Raises:
        InputError: No reason; regions for a text or spans for an image; a media type
            that cannot be redacted here; bad regions or spans.
    """
    if not reason.strip():
        raise InputError("say why the item is redacted (--reason), without the redacted detail.")
    data = Path(case_store(case).path_for(original.sha256)).read_bytes()
    media = original.media_type
    if media.startswith("image/"):
        if spans:
            raise InputError(f"{original.original_name} is an image: give --region, not --span.")
        redacted = redact_image(data, regions, mode=mode)
        what = f"{mode} {len(regions)} region(s)"
    elif media.startswith("text/"):
        if regions:
            raise InputError(f"{original.original_name} is text: give --span, not --region.")
        redacted = redact_text(data, spans)
        what = f"removed {len(spans)} text span(s)"
    else:
        raise InputError(
            f"{original.original_name} is {media}: only images and plain text can be redacted "
            "here. Redact it with another tool and add the copy with `evidence derive`."
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
