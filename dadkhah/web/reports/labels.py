"""Names and text direction in the report's language."""

from __future__ import annotations

from typing import Any


def text_direction(text: str) -> str:
    """``rtl`` for text with Arabic-script letters, else ``ltr``: the case's data comes in
    either script, and a block of English in a Persian report must keep its own direction
    (WeasyPrint lays out direction per block; ``<bdi>`` inline is not supported)."""
    return "rtl" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "ltr"


def name_in(obj: Any, language: str) -> str:
    """A place's, body's or person's name in ``language`` (Persian when the case has it)."""
    fa = getattr(obj, "name_fa", "") or getattr(obj, "display_name_fa", "")
    en = getattr(obj, "name", "") or getattr(obj, "display_name", "")
    if language == "fa" and fa:
        return str(fa)
    return str(en or fa or getattr(obj, "public_id", ""))
