"""The tokens the search index stores for a name, and those a query may match.

One home of name matching stays `dadkhah.web.search.names` (`query_read`,
`name_field_keys`): this module only spells their keys as tokens that FTS5
and PostgreSQL's ``simple`` configuration both read as one word.

A token is the level of what gave the name (``p`` public, ``r`` restricted,
``c`` strictly confidential), then ``s`` and the strict key or ``l`` and the
loose key (`dadkhah.core.names.search_loose_key`: the coarse key), lowercased:
``rszhra``. A query asks only for the levels the reader is cleared for, so a
person is not found by a name that only a record above the reader's clearance
gives (the person page hides that record too). Keys are
capital letters and digits (`dadkhah.core.names`); anything else is spelled in hex.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dadkhah.web.modelutils import Confidentiality
from dadkhah.web.search.names import name_field_keys

_PLAIN = re.compile(r"^[A-Z0-9]+$")
LEVEL_CODES: dict[str, str] = {
    Confidentiality.PUBLIC: "p",
    Confidentiality.RESTRICTED: "r",
    Confidentiality.STRICTLY_CONFIDENTIAL: "c",
}
#: A name of an unknown level is read as the most protected.
UNKNOWN_LEVEL = "c"


def _spell(prefix: str, key: str) -> str:
    if _PLAIN.match(key):
        return prefix + key.lower()
    return prefix + "x" + key.encode("utf-8").hex()


def strict_token(key: str) -> str:
    """The token of a strict key, without its level."""
    return _spell("s", key)


def loose_token(key: str) -> str:
    """The token of a loose key, without its level."""
    return _spell("l", key)


def name_tokens(names: Iterable[tuple[str, str]]) -> set[str]:
    """Every token (name, level) pairs offer to a query: strict and loose, as the people search."""
    out: set[str] = set()
    for name, level in names:
        if not name or not name.strip():
            continue
        code = LEVEL_CODES.get(level, UNKNOWN_LEVEL)
        strict, loose = name_field_keys(name)
        out.update(code + strict_token(k) for k in strict)
        out.update(code + loose_token(k) for k in loose)
    return out


def cleared_codes(levels: Iterable[str]) -> str:
    """The level codes of these levels (a reader's `cleared_levels`)."""
    return "".join(LEVEL_CODES[lvl] for lvl in levels if lvl in LEVEL_CODES)
