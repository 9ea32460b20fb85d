"""How a query and a name field are read into cross-script keys: the registry's one name rule.

Search compares cross-script name keys (docs/methodology/names.md): the query's
words, alone or joined, must each agree with a key of a name, so محمدرضا,
Mohammad-Reza and Mohammadreza find the same person. This module reads both
sides into keys (`query_read`, `name_field_keys`); `tokens.py` spells them for
the index, and `backends.cover_expression` asks the database for the entries
whose keys cover the query's words. Every caller (the search page, the people
list, the families' matching) goes through it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dadkhah.core.names import cross_script_key, name_part_keys, parse_name, search_loose_key

__all__ = [
    "LOOSE",
    "MAX_QUERY_WORDS",
    "SEARCH_FIELDS",
    "STRICT",
    "Query",
    "name_field_keys",
    "query_read",
]

#: The name fields of ``Record.normalized`` that search compares (the importer's schema v1).
#: The father's name is shown beside each hit to tell namesakes apart, but is not matched:
#: a search for "Nader" should not return every son of a Nader.
SEARCH_FIELDS = ("given_name", "family_name", "full_name")
#: More words than this in a query are ignored (the cuts of the words grow as 2^(n-1)).
MAX_QUERY_WORDS = 8
#: A hit's score: strict agreement of the keys, or only of the loose ones.
STRICT, LOOSE = 2, 1

_PUBLIC_ID = re.compile(r"^\s*[Pp]-?(\d{1,9})\s*$")


@dataclass(frozen=True)
class Query:
    """A search query, read once: its words and the keys their runs give."""

    text: str
    words: tuple[str, ...]
    strict: dict[tuple[int, int], str]
    loose: dict[tuple[int, int], str]
    public_id: str | None

    @property
    def empty(self) -> bool:
        return not self.words and self.public_id is None


def query_read(text: str) -> Query:
    """Read a query: honorifics dropped, each run of words keyed as one name and apart.

    Keys are computed for every contiguous run of words, so "Darvish zadeh"
    finds Darvishzadeh (the run) and "Mohammad Reza" finds محمدرضا (each word
    agrees with one part of the compound).
    """
    text = " ".join(text.split())[:200]
    match = _PUBLIC_ID.match(text)
    public_id = f"P-{int(match.group(1)):06d}" if match else None
    words = parse_name(text).tokens[:MAX_QUERY_WORDS] if public_id is None else ()
    strict: dict[tuple[int, int], str] = {}
    loose: dict[tuple[int, int], str] = {}
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            group = " ".join(words[i:j])
            if key := cross_script_key(group):
                strict[(i, j)] = key
            if key := search_loose_key(group):
                loose[(i, j)] = key
    return Query(text, tuple(words), strict, loose, public_id)


@lru_cache(maxsize=200_000)
def name_field_keys(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(strict, loose) keys one name field offers to a query.

    Strict: the field's key, each word's key and the parts of compound given
    names (`name_part_keys`: Reza in Mohammadreza). Loose: `search_loose_key` of
    the field and of each word (Hassan and Hossein agree, Zohra and زهره).
    """
    parts = parse_name(text)
    strict = set(name_part_keys(text))
    for token in parts.tokens:
        strict |= name_part_keys(token)
    loose = {search_loose_key(text), *(search_loose_key(t) for t in parts.tokens)}
    strict.discard("")
    loose.discard("")
    return frozenset(strict), frozenset(loose)
