"""The tokens the search index stores for a name, and those a query may match.

One home of name matching stays `dadkhah.web.people.selectors` (`query_read`,
`name_field_keys`, `_covers`): this module only spells their keys as tokens
that FTS5 and PostgreSQL's ``simple`` configuration both read as one word:
``s`` + the strict key, ``l`` + the loose key, lowercased. Keys are capital
letters and digits (`dadkhah.core.names`); anything else is spelled in hex.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dadkhah.web.people.selectors import Query, name_field_keys

_PLAIN = re.compile(r"^[A-Z0-9]+$")


def _spell(prefix: str, key: str) -> str:
    if _PLAIN.match(key):
        return prefix + key.lower()
    return prefix + "x" + key.encode("utf-8").hex()


def strict_token(key: str) -> str:
    return _spell("s", key)


def loose_token(key: str) -> str:
    return _spell("l", key)


def name_tokens(names: Iterable[str]) -> set[str]:
    """Every token the names offer to a query (strict and loose, as the people search)."""
    out: set[str] = set()
    for name in names:
        if not name or not name.strip():
            continue
        strict, loose = name_field_keys(name)
        out.update(strict_token(k) for k in strict)
        out.update(loose_token(k) for k in loose)
    return out


def query_groups(query: Query, *, loose: bool) -> list[set[str]]:
    """For each word of the query, the tokens of the runs of words that cover it.

    An entry that the exact rule accepts holds at least one token per group, so
    the full-text look-up of these groups never misses a hit; it may find more,
    which the exact rule then drops.
    """
    groups: list[set[str]] = [set() for _ in query.words]
    for (i, j), key in query.strict.items():
        for w in range(i, j):
            groups[w].add(strict_token(key))
    if loose:
        for (i, j), key in query.loose.items():
            for w in range(i, j):
                groups[w].add(loose_token(key))
    return groups
