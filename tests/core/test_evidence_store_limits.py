"""What the evidence store refuses whoever adds it: empty files and files over the limit."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from dadkhah.core.evidence_store import EvidenceError, EvidenceStore, StoreLimits


def test_an_empty_file_is_refused_with_what_to_do(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "evidence")
    (tmp_path / "empty.pdf").write_bytes(b"")
    with pytest.raises(EvidenceError, match=r"empty\.pdf: is empty \(0 bytes\).*copied whole"):
        store.put_file(tmp_path / "empty.pdf")
    with pytest.raises(EvidenceError, match="is empty"):
        store.put_stream(io.BytesIO(b""), name="upload.jpg")
    assert list((tmp_path / "evidence").glob("??/??/*")) == []


def test_one_byte_is_kept_and_one_over_the_limit_is_refused(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "evidence", limits=StoreLimits(max_file_bytes=10))
    assert store.put_bytes(b"x").size == 1
    assert store.put_bytes(b"x" * 10).size == 10
    with pytest.raises(EvidenceError, match="limit of 10 bytes"):
        store.put_bytes(b"x" * 11)
