"""The search and the linkage agree on which spellings are one name (issue 11).

Both read names through the one ladder of keys in `dadkhah.core.names`
(`cross_script_key` → `loose_key` → `coarse_key`); the search's looser level
stops at the coarse key (`search_loose_key`), which the linkage compares as
"same key across spelling traditions". These tests compute each side's
decision from the functions that side calls (the search's query reading and
name keys, its index tokens; the linkage's table row), so that a change to
one side alone fails here.
"""

from __future__ import annotations

import ast
import csv
from pathlib import Path

import pytest

import dadkhah
from dadkhah.core.linkage.schema import linkage_row
from dadkhah.web.people.selectors import _covers, name_field_keys, query_read
from dadkhah.web.search.tokens import name_tokens, query_groups

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


def _person_search_finds(query: str, name: str) -> bool:
    """Whether the registry's name matching finds a name field at its looser level."""
    words = query_read(query)
    _strict, loose = name_field_keys(name)
    return _covers(len(words.words), words.loose, set(loose))


def _index_finds(query: str, name: str) -> bool:
    """Whether the search index offers a name field to every word of a query, loose tokens only."""
    tokens = name_tokens([(name, "public")])
    read = query_read(query)
    both = query_groups(read, loose=True, codes="p")
    strict = query_groups(read, loose=False, codes="p")
    return bool(both) and all((b - s) & tokens for b, s in zip(both, strict, strict=True))


def test_the_variant_table_is_read() -> None:
    assert len(_pairs()) >= 200


@pytest.mark.parametrize(("a", "b", "note"), _pairs())
def test_search_and_linkage_agree_on_every_pair_of_the_variant_table(
    a: str, b: str, note: str
) -> None:
    # The search matches words, so "Ali" finds "Ali Mashhadi" without the two
    # being one name: two spellings are one name for the search when each
    # finds the other.
    linkage = _linkage_agrees(a, b)
    assert (_person_search_finds(a, b) and _person_search_finds(b, a)) == linkage, note
    assert (_index_finds(a, b) and _index_finds(b, a)) == linkage, note


@pytest.mark.parametrize(
    ("a", "b"),
    [("Zohra", "زهره"), ("Nasir", "ناصر"), ("Bejan", "بیژن"), ("Chahrokh", "شاهرخ")],
)
def test_the_search_promises_are_linkage_agreements(a: str, b: str) -> None:
    assert _person_search_finds(a, b) and _person_search_finds(b, a)
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
