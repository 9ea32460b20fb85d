"""The commitment of a source's records: one hash per record and a Merkle root per import.

A list's records are evidence as much as the file they came from: an edit of a record's
raw or normalized fields, or a deleted record, must be found by `dadkhah verify`. At
import each record's content is hashed (:func:`record_leaf`) and the RFC 9162 Merkle
root over the hashes, in record-id order, goes into the import's ``records`` custody
entry, which the case key signs with the next tree head.

The record's content is serialized as JSON with keys sorted by code point, no
whitespace, UTF-8 (lone surrogates kept as their UTF-8-style bytes, "surrogatepass"),
``NaN`` and infinities refused. This is not RFC 8785: raw fields as imported may hold
floats, which the custody entries' canonical subset refuses; Python's shortest
round-trip float repr is deterministic for one value, which is all a re-hash needs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dadkhah.core.custody.merkle import leaf_hash

RECORD_FORMAT = 1


@dataclass(frozen=True)
class RecordContent:
    """What is committed of one record: its identity, position, version and content."""

    record_id: int
    source_record_id: str
    row_number: int | None
    version: int
    previous_id: int | None
    raw: Any
    normalized: Mapping[str, Any]

    def to_bytes(self) -> bytes:
        """The bytes hashed into the record's leaf."""
        obj = {
            "v": RECORD_FORMAT,
            "id": self.record_id,
            "source_record_id": self.source_record_id,
            "row_number": self.row_number,
            "version": self.version,
            "previous": self.previous_id,
            "raw": self.raw,
            "normalized": self.normalized,
        }
        text = json.dumps(
            obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )
        return text.encode("utf-8", "surrogatepass")


def record_leaf(content: RecordContent) -> bytes:
    """The record's Merkle leaf hash: SHA-256(0x00 || content bytes) (RFC 9162 §2.1.1)."""
    return leaf_hash(content.to_bytes())
