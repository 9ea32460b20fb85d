"""Previews made from hostile bytes: which items get one, a PDF's first page, a text's head."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from dadkhah.core.errors import InputError
from dadkhah.core.evidence_preview import (
    MAX_PREVIEW_BYTES,
    TEXT_LINES,
    pdf_first_page_png,
    preview_kind,
    text_head,
)


@pytest.mark.parametrize(
    ("media_type", "name", "kind"),
    [
        ("image/png", "", "image"),
        ("image/JPEG", "", "image"),
        ("image/svg+xml", "a.svg", ""),  # SVG can carry script: never drawn by the browser
        ("application/pdf", "", "pdf"),
        ("", "scan.PDF", "pdf"),
        ("text/plain; charset=utf-8", "", "text"),
        ("text/csv", "", "text"),
        ("text/html", "", ""),
        ("application/octet-stream", "x.png", ""),  # the name does not make an image
        ("video/mp4", "", ""),
    ],
)
def test_preview_kind(media_type: str, name: str, kind: str) -> None:
    assert preview_kind(media_type, name) == kind


def _pdf(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="PDF")
    return out.getvalue()


def test_a_pdf_first_page_is_a_png_of_the_asked_size() -> None:
    png = pdf_first_page_png(_pdf(200, 100), pixels=400)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (400, 200)


@pytest.mark.parametrize(
    "data", [b"", b"%PDF-1.4\n% not really\n", b"<html><script>alert(1)</script>", b"\x00" * 64]
)
def test_bytes_that_are_no_pdf_give_a_clear_error(data: bytes) -> None:
    with pytest.raises(InputError, match=r"not a PDF that can be opened|no pages"):
        pdf_first_page_png(data)


def test_a_pdf_that_takes_too_long_to_draw_is_given_up_with_a_clear_error() -> None:
    """The child drawing the page is killed at the time limit; this process goes on."""
    with pytest.raises(InputError, match="took longer than"):
        pdf_first_page_png(_pdf(200, 100), timeout=0.001)
    assert pdf_first_page_png(_pdf(20, 10), pixels=40)[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_pdf_too_large_is_not_drawn() -> None:
    with pytest.raises(InputError, match="too large"):
        pdf_first_page_png(b"%PDF" + b" " * MAX_PREVIEW_BYTES)


def test_a_text_head_keeps_the_first_lines_and_replaces_what_is_not_utf8() -> None:
    data = b"caf\xc3\xa9 \xff\x00end\n" + b"".join(b"line %d\n" % n for n in range(100))
    text, more = text_head(data)
    lines = text.split("\n")
    assert lines[0] == "café \ufffdend"  # the bad byte replaced, the NUL dropped
    assert len(lines) == TEXT_LINES and more
    assert text_head(b"one\ntwo\n") == ("one\ntwo", False)
