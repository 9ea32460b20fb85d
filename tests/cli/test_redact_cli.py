"""`evidence redact` end to end: a redacted working copy, linked and logged; `verify` passes.

In process (CliRunner) on the test database, a new case folder each test: nothing here is
about the process itself.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.cli.in_process import case_for_commands
from tests.cli.in_process import invoke as run
from tests.pdf_samples import text_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(case_dir: Path, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    return case_for_commands(case_dir, settings, monkeypatch)


def test_redact_a_text_span_by_item_prefix(case: Path, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Met Zqxname at the gate.\n", encoding="utf-8")
    sha = hashlib.sha256(note.read_bytes()).hexdigest()
    c = ("--case", str(case))
    assert run(*c, "evidence", "add", str(note)).exit_code == 0

    done = run(*c, "evidence", "redact", sha[:12], "--span", "4:11", "--reason", "a name")
    assert done.exit_code == 0, done.stderr
    assert "note.redacted.txt" in done.stdout
    copies = [
        p for p in (case / "evidence").rglob("*") if p.is_file() and b"[REDACTED]" in p.read_bytes()
    ]
    assert [p.read_bytes() for p in copies] == [b"Met [REDACTED] at the gate.\n"]
    assert run(*c, "verify").exit_code == 0

    bad = run(*c, "evidence", "redact", sha[:12], "--span", "9-3", "--reason", "x")
    assert bad.exit_code == 1 and "START:END" in bad.stderr


def test_redact_a_pdf_region_gives_an_image_only_copy(case: Path, tmp_path: Path) -> None:
    letter = tmp_path / "letter.pdf"
    letter.write_bytes(text_pdf([[(20, 150, "Zqxname"), (20, 50, "Tabriz")]]))
    before = letter.read_bytes()
    sha = hashlib.sha256(before).hexdigest()
    c = ("--case", str(case))
    assert run(*c, "evidence", "add", str(letter)).exit_code == 0

    done = run(
        *c, "evidence", "redact", sha[:12], "--region", "1:10,140,200,180", "--reason", "a name"
    )
    assert done.exit_code == 0, done.stderr
    assert "letter.redacted.pdf" in done.stdout
    stored = [p for p in (case / "evidence").rglob("*") if p.is_file()]
    copies = [p for p in stored if p.read_bytes() != before]
    assert len(stored) == 2 and len(copies) == 1
    assert [p.extract_text().strip() for p in PdfReader(copies[0]).pages] == [""]
    assert run(*c, "verify").exit_code == 0

    bad = run(*c, "evidence", "redact", sha[:12], "--region", "1:10,140,200", "--reason", "x")
    assert bad.exit_code == 1 and "PAGE:X0,Y0,X1,Y1" in bad.stderr
