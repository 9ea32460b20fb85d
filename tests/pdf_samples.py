"""Tiny PDFs written by hand for the redaction tests: a text layer, an annotation, metadata."""

from __future__ import annotations

PAGE_SIZE = (300, 200)
"""Width and height of every page, in points."""


def text_pdf(pages: list[list[tuple[int, int, str]]], *, author: str = "ZQXAUTHOR") -> bytes:
    """A PDF (ISO 32000-1 §7.5: header, objects, cross-reference table, trailer).

    Args:
        pages: For each page, the words on it: (x, y, text), the baseline's left end in
            points from the bottom left, 24 pt Helvetica (ASCII only).
        author: Put in the document information dictionary.

    The first page also carries a text annotation (a sticky note) holding ``ZQXNOTE``.
    """
    n = len(pages)
    font, annot, info = 3 + 2 * n, 4 + 2 * n, 5 + 2 * n
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode(),
    ]
    for i, words in enumerate(pages):
        stream = b"".join(f"BT /F1 24 Tf {x} {y} Td ({t}) Tj ET\n".encode() for x, y, t in words)
        annots = f"/Annots [{annot} 0 R] " if i == 0 else ""
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_SIZE[0]} {PAGE_SIZE[1]}] "
            f"{annots}/Resources << /Font << /F1 {font} 0 R >> >> /Contents {4 + 2 * i} 0 R >>".encode()
        )
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream")
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objs.append(b"<< /Type /Annot /Subtype /Text /Rect [250 150 270 170] /Contents (ZQXNOTE) >>")
    objs.append(f"<< /Author ({author}) >>".encode())
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1,
        info,
        xref,
    )
    return bytes(out)
