"""Previews of evidence items for the item's page, made from bytes nobody vouches for.

An item's bytes are hostile input (a file collected from a phone, a site, an email):
nothing of them reaches a browser as they are, except an image through its own view
(sent as the type its first bytes show, never SVG). Here:

* a PDF's first page is drawn to a PNG by PDFium (``pypdfium2``, the renderer the
  redaction uses, ``dadkhah.core.pdf_redaction``): the browser receives pixels, never
  the PDF's scripts, forms, links or fonts. PDFium is C++ reading hostile bytes, so it
  runs in a child process with limits on time, memory and CPU: a PDF made to hang or
  crash it costs that child, never the web process that asked;
* a text file's first lines are decoded as UTF-8 (anything else replaced) for the page
  to escape and show with its bidi controls marked.
"""

from __future__ import annotations

import io
import math
import subprocess
import sys

from dadkhah.core.errors import InputError

#: Longest side of a first page's picture, in pixels (about a letter page at 100 dpi).
PREVIEW_PIXELS = 1100
#: Larger PDFs are not drawn on a page view (the item can still be downloaded).
MAX_PREVIEW_BYTES = 64 * 1024 * 1024
#: How much of a text file is read, and how many of its lines are shown.
TEXT_BYTES = 16 * 1024
TEXT_LINES = 30
#: Wall-clock seconds the child drawing a first page may take, and its memory cap.
PREVIEW_SECONDS = 20.0
PREVIEW_MEMORY = 2 * 1024**3


def preview_kind(media_type: str, name: str = "") -> str:
    """How an item is previewed: ``image``, ``pdf``, ``text`` or ``""`` (no preview).

    The stored media type decides; an SVG is never an image here (it can carry script).
    The image view checks the bytes again before anything is sent.
    """
    media_type = media_type.lower().split(";")[0].strip()
    if media_type in ("image/png", "image/jpeg", "image/gif", "image/webp"):
        return "image"
    if media_type == "application/pdf" or (not media_type and name.lower().endswith(".pdf")):
        return "pdf"
    if media_type.startswith("text/") and media_type not in ("text/html", "text/xml"):
        return "text"
    return ""


def pdf_first_page_png(
    data: bytes, *, pixels: int = PREVIEW_PIXELS, timeout: float = PREVIEW_SECONDS
) -> bytes:
    """The first page of the PDF ``data`` as a PNG whose longest side is ``pixels``.

    Drawn in a child process (``python -m dadkhah.core.evidence_preview``) that may take
    ``timeout`` seconds and `PREVIEW_MEMORY` bytes.

    Raises:
        InputError: Bytes PDFium cannot open (not a PDF, damaged, encrypted), a PDF
            without pages, or one whose drawing ran out of time or memory or crashed;
            the page says no preview can be shown.
    """
    if len(data) > MAX_PREVIEW_BYTES:
        raise InputError("the PDF is too large to preview; download it instead.")
    try:
        done = subprocess.run(
            [sys.executable, "-m", __name__, str(pixels)],
            input=data,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise InputError(
            f"drawing the first page took longer than {timeout:g} s; download the PDF instead."
        ) from exc
    if done.returncode == 0:
        return done.stdout
    if done.returncode == _REFUSED:
        raise InputError(done.stderr.decode("utf-8", errors="replace").strip())
    raise InputError(
        "the PDF made the renderer fail (it may be damaged or built to attack readers); "
        "download it instead."
    )


#: The child's exit status when PDFium refused the bytes (its message is on stderr).
_REFUSED = 3


def _draw_first_page(data: bytes, *, pixels: int) -> bytes:
    """`pdf_first_page_png`'s work, done in the child process."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(f"not a PDF that can be opened ({exc}).") from exc
    try:
        if len(pdf) == 0:
            raise InputError("the PDF has no pages.")
        try:
            page = pdf[0]
            width, height = page.get_size()
            scale = pixels / max(width, height, 1.0)
            if not math.isfinite(scale) or scale <= 0:
                raise InputError("the first page has no size.")
            image = page.render(scale=scale).to_pil().convert("RGB")
        except pdfium.PdfiumError as exc:
            raise InputError(f"the first page cannot be drawn ({exc}).") from exc
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _child() -> int:
    """Entry point of the child: PDF on stdin, PNG on stdout; limits set before any parsing."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (PREVIEW_MEMORY, PREVIEW_MEMORY))
    seconds = int(PREVIEW_SECONDS) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    try:
        png = _draw_first_page(sys.stdin.buffer.read(), pixels=int(sys.argv[1]))
    except InputError as exc:
        sys.stderr.write(str(exc))
        return _REFUSED
    sys.stdout.buffer.write(png)
    return 0


def text_head(data: bytes, *, lines: int = TEXT_LINES) -> tuple[str, bool]:
    """The first ``lines`` lines of a text file, and whether there is more.

    Bytes that are not UTF-8 become U+FFFD; NUL is dropped (it is not text).
    """
    head = data[:TEXT_BYTES]
    text = head.decode("utf-8", errors="replace").replace("\x00", "")
    kept = text.splitlines()
    more = len(kept) > lines or len(data) > TEXT_BYTES
    return "\n".join(kept[:lines]), more


if __name__ == "__main__":
    sys.exit(_child())
