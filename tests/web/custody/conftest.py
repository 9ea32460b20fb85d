"""Fixtures for the custody and evidence services: an open case and a way around the triggers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dadkhah.core.case import Case, open_case


@pytest.fixture
def case(case_dir: Path) -> Case:
    return open_case(case_dir)


@pytest.fixture
def without_triggers() -> Callable[[], None]:
    """Call it to drop the append-only triggers inside the test's transaction (rolled back
    at the end of the test): what an attacker with database access could do."""
    from django.db import connection

    from dadkhah.web.custody import triggers

    def drop() -> None:
        with connection.cursor() as cur:
            for sql in triggers.drop_sql(connection.vendor):
                cur.execute(sql)

    return drop


@pytest.fixture
def evidence_files(tmp_path: Path) -> Path:
    """A folder of small fictional evidence files, with a subfolder and a duplicate."""
    root = tmp_path / "collected"
    (root / "sub").mkdir(parents=True)
    (root / "note.txt").write_text(
        "Fictional note about a visit to a cemetery.\n", encoding="utf-8"
    )
    (root / "list.csv").write_text("name,date\nFictional A,1367-05-10\n", encoding="utf-8")
    (root / "sub" / "copy.txt").write_text(
        "Fictional note about a visit to a cemetery.\n", encoding="utf-8"
    )
    (root / "sub" / "scan.pdf").write_bytes(b"%PDF-1.4\n%fictional\n")
    return root
