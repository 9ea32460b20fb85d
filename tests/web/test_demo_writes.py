"""The demo writes through the services only: no model is created, saved or updated in place.

Issue 11: every write goes through a service (``<entity>_<action>``), so the invariants
of a row (a vocabulary's kinds, a witness's pseudonym, a record of the right source …)
live in one place and the demo loader cannot drift from what an investigator's edit or
an import checks. Reads go through selectors, so no ``.objects`` manager either.
"""

from __future__ import annotations

import re
from pathlib import Path

import dadkhah.web.demo

DEMO = Path(dadkhah.web.demo.__file__).parent

#: A model written or read directly: a manager, a save, a bulk or queryset write, a
#: many-to-many set. Comments and docstrings are prose and may name these words.
DIRECT = re.compile(
    r"\.objects\b|\.save\(|bulk_create|bulk_update|update_or_create|get_or_create"
    r"|\)\.update\(|\)\.delete\(|\.(?:add|set|remove|clear)\(\*"
)


def _code_lines(path: Path) -> list[tuple[int, str]]:
    lines = []
    in_docstring = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.strip()
        quotes = text.count('"""')
        if in_docstring or quotes:
            if quotes == 1:
                in_docstring = not in_docstring
            continue
        lines.append((number, line.split("#", 1)[0]))
    return lines


def test_the_demo_package_writes_and_reads_models_only_through_services_and_selectors() -> None:
    found = [
        f"{path.relative_to(DEMO.parent)}:{number}: {code.strip()}"
        for path in sorted(DEMO.rglob("*.py"))
        for number, code in _code_lines(path)
        if DIRECT.search(code)
    ]
    assert found == []


def test_the_check_sees_a_direct_write() -> None:
    for code in (
        "Place.objects.create(key=k)",
        "claim.save(update_fields=['status'])",
        "Item.objects.filter(pk=1).update(synthetic=True)",
        "claim.contradicts.add(*rivals)",
        "PersonRole.objects.bulk_create(rows)",
    ):
        assert DIRECT.search(code), code
