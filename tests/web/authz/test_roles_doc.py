"""docs/security.md's role table is the table in roles.py, cell for cell."""

from __future__ import annotations

import re
from pathlib import Path

from dadkhah.web.accounts.roles import CAPABILITIES, CAPABILITY_NAMES, CAPABILITY_ORDER, ROLES

DOC = Path(__file__).resolve().parents[3] / "docs" / "security.md"


def _doc_table() -> tuple[list[str], dict[str, tuple[str, list[str]]]]:
    text = DOC.read_text(encoding="utf-8")
    block = text.split("<!-- roles-table")[1].split("<!-- /roles-table -->")[0]
    lines = [ln for ln in block.splitlines() if ln.startswith("|")]
    header = [c.strip().strip("`") for c in lines[0].strip("|").split("|")][1:]
    rows: dict[str, tuple[str, list[str]]] = {}
    for line in lines[2:]:
        first, *cells = (c.strip() for c in line.strip("|").split("|"))
        match = re.fullmatch(r"`(\w+)`: (.+)", first)
        assert match is not None, f"a capability cell reads `name`: description, not {first!r}"
        rows[match.group(1)] = (match.group(2), cells)
    return header, rows


def test_the_documented_roles_are_the_roles_in_code() -> None:
    header, _rows = _doc_table()
    assert header == list(ROLES)


def test_each_documented_cell_is_what_the_code_grants() -> None:
    _header, rows = _doc_table()
    assert list(rows) == list(CAPABILITY_ORDER)
    for capability, (description, cells) in rows.items():
        assert description == CAPABILITY_NAMES[capability], capability
        granted = ["yes" if capability in CAPABILITIES[role] else "—" for role in ROLES]
        assert cells == granted, capability
