"""The search and the linkage agree on which spellings are one name (issue 11).

Both read names through the one ladder of keys in `dadkhah.core.names`
(`cross_script_key` → `loose_key` → `coarse_key`); the search's looser level
stops at the coarse key (`search_loose_key`), which the linkage compares as
"same key across spelling traditions". These tests compute each side's
decision from the functions that side calls (the search's query reading, the
index's tokens of a name and the full-text expression the database decides;
the linkage's table row), so that a change to one side alone fails here.
"""

from __future__ import annotations

import ast
import csv
import itertools
from pathlib import Path

import pytest
from django.db import connection

import dadkhah
from dadkhah.core.linkage.schema import linkage_row
from dadkhah.web.search.backends import cover_expression, search_backend
from dadkhah.web.search.models import SearchEntry
from dadkhah.web.search.names import query_read
from dadkhah.web.search.tokens import loose_token, name_tokens

VARIANTS = Path(__file__).parents[2] / "core" / "data" / "name_variants.csv"
PACKAGE = Path(dadkhah.__file__).parent


def _pairs() -> list[tuple[str, str, str]]:
    with VARIANTS.open(encoding="utf-8", newline="") as f:
        return [(r["a"], r["b"], r["note"]) for r in csv.DictReader(f)]


def _linkage_agrees(a: str, b: str) -> bool:
    """The linkage's decision: equal coarse keys in the linkage table (given-name column)."""
    return (
        linkage_row(1, "a", given=a)["given_coarse"] == linkage_row(2, "b", given=b)["given_coarse"]
    )


_ENTRY = itertools.count(1)


def _search_finds(query: str, name: str) -> bool:
    """Whether the search finds a public name field by the loose keys of every word.

    The name is indexed as the search indexes it (`name_tokens`), the query read as the
    search reads it, and the database decides the rule (`cover_expression`, loose
    tokens only), as the people list and the search page ask it.
    """
    n = next(_ENTRY)
    keys = " ".join(sorted(name_tokens([(name, "public")])))
    entry = SearchEntry.objects.create(kind="person", object_id=n, ref=f"P-{n:06d}", keys=keys)
    read = query_read(query)
    backend = search_backend()
    spans = {span: loose_token(key) for span, key in read.loose.items()}
    expression = cover_expression(backend, len(read.words), spans, "p")
    if expression is None:
        return False
    with connection.cursor() as cursor:
        cursor.execute(backend.match_sql(), [expression])
        return entry.pk in {row[0] for row in cursor.fetchall()}


def test_the_variant_table_is_read() -> None:
    assert len(_pairs()) >= 200


@pytest.mark.django_db
@pytest.mark.parametrize(("a", "b", "note"), _pairs())
def test_search_and_linkage_agree_on_every_pair_of_the_variant_table(
    a: str, b: str, note: str
) -> None:
    # The search matches words, so "Ali" finds "Ali Mashhadi" without the two
    # being one name: two spellings are one name for the search when each
    # finds the other.
    linkage = _linkage_agrees(a, b)
    assert (_search_finds(a, b) and _search_finds(b, a)) == linkage, note


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("a", "b"),
    [("Zohra", "زهره"), ("Nasir", "ناصر"), ("Bejan", "بیژن"), ("Chahrokh", "شاهرخ")],
)
def test_the_search_promises_are_linkage_agreements(a: str, b: str) -> None:
    assert _search_finds(a, b) and _search_finds(b, a)
    assert _linkage_agrees(a, b)


def _definitions(name: str) -> list[str]:
    """Where a function or method called ``name`` is defined in the package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


@pytest.mark.parametrize("name", ["loose_key", "coarse_key"])
def test_each_looser_key_has_one_home(name: str) -> None:
    # The function, and the NameParts property that calls it, both in core/names.py.
    homes = _definitions(name)
    assert len(homes) == 2, homes
    assert all(h.startswith("dadkhah/core/names.py:") for h in homes), homes
