"""Redact a PDF by rebuilding it from images of its pages, with regions covered.

Drawing a black box over text in a PDF hides the text from the eye, not from a
reader: the text stays in the content stream and can be selected, copied or
extracted. This is the best-known PDF redaction failure (NSA, "Redacting with
Confidence: How to Safely Publish Sanitized Reports Converted From Word to PDF",
I333-015R-2005; the 2019 Manafort court filing, whose "redacted" passages were
copied out of the PDF). So the copy made here keeps nothing of the original file:
each page is rendered to pixels with PDFium (``pypdfium2``), the regions are
painted black on the pixels, and a new PDF is written that holds only those
images (Pillow's PDF writer). No text layer, annotation, form, attachment,
script, metadata, hidden layer (optional content that is off is not drawn) or
earlier revision of the original survives. The price: the copy is image-only,
so it cannot be searched or its text selected.

Region coordinates follow the PDF's own: points (1/72 inch) from the bottom left
corner of the page as displayed (ISO 32000-1:2008 §8.3.2.3, default user space;
the crop box, after the page's rotation), or percentages of the page's width and
height from the same corner.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dadkhah.core.errors import InputError

DPI = 150
"""Rendering resolution: small print stays legible; a letter page is 1275×1650 pixels."""
MAX_PAGE_PIXELS = 40_000_000
"""Largest rendered page (an A0 sheet at 150 dpi); larger pages are rendered coarser."""
MAX_PAGES = 1000
"""More pages than this are refused: split the file first (each page is held as a JPEG)."""
JPEG_QUALITY = 90


@dataclass(frozen=True)
class PageRegion:
    """A rectangle on one page of a PDF: page number from 1, corners from the bottom left.

    ``unit`` is ``"pt"`` (PDF points) or ``"%"`` (percent of the page's width and height).
    """

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    unit: str = "pt"

    @classmethod
    def parse(cls, text: str) -> PageRegion:
        """``PAGE:X0,Y0,X1,Y1`` in points, or with every number ending in ``%``.

        Raises:
            InputError: Not that shape, a page below 1, or corners not lower left then
                upper right.
        """
        example = "e.g. 1:72,700,300,720 in points or 1:10%,85%,60%,90%"
        page_text, sep, box = text.partition(":")
        parts = [p.strip() for p in box.split(",")]
        percent = [p.endswith("%") for p in parts]
        if not sep or len(parts) != 4 or (any(percent) and not all(percent)):
            raise InputError(f"PDF region {text!r} is not PAGE:X0,Y0,X1,Y1 ({example}).")
        try:
            page = int(page_text)
            x0, y0, x1, y1 = (float(p.rstrip("%")) for p in parts)
        except ValueError as exc:
            raise InputError(f"PDF region {text!r} is not PAGE:X0,Y0,X1,Y1 ({example}).") from exc
        if page < 1:
            raise InputError(f"PDF region {text!r}: pages are numbered from 1.")
        if not all(map(math.isfinite, (x0, y0, x1, y1))) or min(x0, y0) < 0:
            raise InputError(f"PDF region {text!r}: corners must be numbers ≥ 0.")
        if x1 <= x0 or y1 <= y0:
            raise InputError(
                f"PDF region {text!r}: give the lower left corner, then the upper right "
                "(X0 < X1, Y0 < Y1; Y grows upwards, as in PDF)."
            )
        unit = "%" if all(percent) else "pt"
        if unit == "%" and max(x1, y1) > 100:
            raise InputError(f"PDF region {text!r}: percentages go up to 100.")
        return cls(page, x0, y0, x1, y1, unit)

    def pixel_box(self, width: int, height: int, scale: float) -> tuple[int, int, int, int]:
        """The box in pixels (left, top, right, bottom) on a page rendered at ``scale``.

        Rounded outwards, so the covered area is never smaller than the one asked for.
        """
        if self.unit == "%":
            fx, fy = width / 100, height / 100
        else:
            fx = fy = scale
        left, right = math.floor(self.x0 * fx), math.ceil(self.x1 * fx)
        top, bottom = height - math.ceil(self.y1 * fy), height - math.floor(self.y0 * fy)
        return left, top, right, bottom

    def label(self) -> str:
        """The region as it was given, for messages."""
        u = "%" if self.unit == "%" else ""
        return f"{self.page}:{self.x0:g}{u},{self.y0:g}{u},{self.x1:g}{u},{self.y1:g}{u}"


def redact_pdf(data: bytes, regions: Sequence[PageRegion], *, dpi: int = DPI) -> bytes:
    """An image-only PDF of ``data``, each region painted black; same page count and sizes.

    Raises:
        InputError: No region; a region on a page the PDF lacks or reaching outside its
            page; bytes PDFium cannot open (not a PDF, damaged, encrypted); no pages; too
            many pages.
    """
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    if not regions:
        raise InputError("give at least one region to redact (--region PAGE:X0,Y0,X1,Y1).")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(
            f"not a PDF that can be opened ({exc}): it is damaged, not a PDF, or needs a "
            "password. Repair or decrypt a copy first, add it with `evidence derive`, then "
            "redact that."
        ) from exc
    try:
        count = len(pdf)
        if count == 0:
            raise InputError("the PDF has no pages: there is nothing to redact.")
        if count > MAX_PAGES:
            raise InputError(
                f"the PDF has {count} pages, more than {MAX_PAGES}: split it and redact the parts."
            )
        for r in regions:
            if r.page > count:
                raise InputError(f"region {r.label()}: the PDF has {count} page(s).")
        sizes = [_page(pdf, i).get_size() for i in range(count)]
        # One scale for every page, so that every page keeps its size in points.
        largest = max(w * h for w, h in sizes)
        scale = min(dpi / 72, math.sqrt(MAX_PAGE_PIXELS / max(largest, 1.0)))
        pages: list[Image.Image] = []
        for i in range(count):
            try:
                image = _page(pdf, i).render(scale=scale).to_pil().convert("RGB")
            except pdfium.PdfiumError as exc:
                raise InputError(
                    f"page {i + 1} of the PDF cannot be rendered ({exc}): repair a copy first."
                ) from exc
            draw = ImageDraw.Draw(image)
            for r in (r for r in regions if r.page == i + 1):
                box = r.pixel_box(image.width, image.height, scale)
                if box[2] > image.width + 1 or box[1] < -1:
                    w, h = sizes[i]
                    raise InputError(
                        f"region {r.label()} reaches outside page {r.page} "
                        f"({w:.0f}×{h:.0f} points, origin at the bottom left)."
                    )
                draw.rectangle((box[0], box[1], box[2] - 1, box[3] - 1), fill="black")
            buf = io.BytesIO()
            image.save(buf, format="JPEG", quality=JPEG_QUALITY)
            image.close()
            # Held as JPEG bytes, decoded one page at a time while the PDF is written.
            pages.append(Image.open(buf))
    finally:
        pdf.close()
    out = io.BytesIO()
    # Only the images go in: no title, author or other document information.
    pages[0].save(
        out,
        format="PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=scale * 72,
        quality=JPEG_QUALITY,
    )
    return out.getvalue()


def _page(pdf: Any, index: int) -> Any:
    """Page ``index`` (from 0) of an open ``PdfDocument``, or a clear error if it is damaged."""
    import pypdfium2 as pdfium

    try:
        return pdf[index]
    except pdfium.PdfiumError as exc:
        raise InputError(
            f"page {index + 1} of the PDF cannot be read ({exc}): the file is damaged or "
            "its page tree is malformed. Repair a copy first, add it with `evidence derive`, "
            "then redact that."
        ) from exc
