"""Values that say plainly that something is not known: one list for every field.

Lists write "?", "نامعلوم", "unknown", "N.C." (non communiqué) where a date, a
place or an age is not known. Such a value is not a value: a date column does
not fail to parse it, a place column does not look it up, and the column
reader does not take it as evidence for or against a field. Each use reads
this one list.
"""

from __future__ import annotations

from typing import Final

from dadkhah.core.script import fold

UNKNOWN_WORDS: Final = frozenset(
    {
        "", "?", "??", "???", "-", "--", "—", "x", "xx",
        "n/a", "na", "unknown", "unk", "none", "nil", "not known", "n/k", "n.k", "nk",
        "نامعلوم", "نامشخص", "معلوم نیست", "مشخص نیست", "نا معلوم", "؟", "؟؟",
        "inconnu", "inconnue", "n.c", "nc", "non communique", "non communiqué",
        "na maloum", "namaloum", "na malum", "namalum", "namaloom", "nameshakhas",
    }
)  # fmt: skip


def unknown_key(text: str) -> str:
    """The form a value is compared in: folded, ZWNJ as space, one space, no end dots."""
    return " ".join(fold(text).replace("\u200c", " ").split()).strip(" .")


def says_unknown(text: str) -> bool:
    """True when ``text`` says that the value is not known (or is blank)."""
    return unknown_key(text) in UNKNOWN_WORDS
