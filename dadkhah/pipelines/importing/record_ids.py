"""Record ids made from a row's content, for lists that have no id column.

A version of a list is compared with the one before by record id
(docs/methodology/import.md, "Versions"). Ids made from row numbers
(``row:<n>``) break as soon as a re-export sorts the rows differently or
inserts one: every later row gets another row's id. An id made from what
identifies the person in the row survives reordering and insertions.

Which values: the name fields, the father's name and the birth fields
(`IDENTIFYING_FIELDS`). They name the person; a list corrects them rarely,
and when it does the record is better shown as removed and added than
silently matched to another person. The other columns (dates of arrest and
death, city, prison, affiliation, notes) are what later versions correct or
complete: a correction there keeps the id, and the version comparison shows
the record as changed. Values are compared case- and space-folded, with
letter variants and digits folded (`dadkhah.core.script.fold`), so that
"ALI  Tabesh" and "Ali Tabesh", or ۱۳۴۰ and 1340, give one id.
"""

from __future__ import annotations

import hashlib
from typing import Final

from dadkhah.core.script import fold

IDENTIFYING_FIELDS: Final = (
    "full_name",
    "given_name",
    "family_name",
    "father_name",
    "birth_year",
    "birth_date",
)
ID_PREFIX: Final = "c:"
HEX_DIGITS: Final = 12  # 48 bits: about 1 chance in 560 of one collision in a million rows
_ZWNJ: Final = "\u200c"


def content_id(fields: dict[str, str]) -> str:
    """The id of a row from its identifying values: ``c:`` and 12 hex digits of SHA-256.

    Args:
        fields: Field name -> the value as text ("" or absent when not given);
            only `IDENTIFYING_FIELDS` are read.

    Returns:
        "c:" followed by the first 12 hex digits of the SHA-256 of the folded
        values, each written as ``field=value`` and separated by U+001F.
    """
    parts = []
    for name in IDENTIFYING_FIELDS:
        value = fields.get(name, "")
        # `fold` of ASCII text is its lower case; skipping NFKC there halves the time.
        value = value.lower() if value.isascii() else fold(value).replace(_ZWNJ, " ")
        parts.append(name + "=" + " ".join(value.split()))
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return ID_PREFIX + digest[:HEX_DIGITS]


class ContentIds:
    """Content ids for the rows of one file, in file order.

    Rows with the same identifying values (the same person listed twice, or
    two people of the same name and birth) get ``~2``, ``~3`` … after the
    id, in the order of the file.
    """

    def __init__(self) -> None:
        self._seen: set[int] = set()  # the ids as numbers: a million rows in about 60 MB
        self._repeated: dict[int, int] = {}

    def __call__(self, fields: dict[str, str]) -> str:
        """The id of the next row of the file."""
        base = content_id(fields)
        number = int(base.removeprefix(ID_PREFIX), 16)
        if number not in self._seen:
            self._seen.add(number)
            return base
        count = self._repeated.get(number, 1) + 1
        self._repeated[number] = count
        return f"{base}~{count}"
