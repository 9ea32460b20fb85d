"""Full-text look-up of the search index: SQLite FTS5 or PostgreSQL full text, one interface.

Both backends answer the same question over ``SearchEntry.keys``: which entries
meet an expression of ANDs and ORs of tokens. The exact cross-script rule is
written as such an expression (`cover_expression`), so the database returns
exactly the hits, and both backends the same ones. The tokens are our own
(`tokens.py`: ``s``/``l`` and letters or hex digits), so neither backend sees the
user's text: a malformed query cannot reach FTS5's or tsquery's syntax.

- SQLite: an FTS5 table ``search_fts`` (its own copy of ``keys``, rowid = entry
  id), filled by triggers on ``search_searchentry``. Django remakes a SQLite
  table to alter it, which drops its triggers, so they are put back after every
  migrate (`install_after_migrate`), as the custody triggers are.
- PostgreSQL: a GIN index on ``to_tsvector('simple', keys)``; the ``simple``
  configuration lowercases and splits on spaces, with no stemming or stop words
  (our tokens are not words of any language). No extension is needed, so no
  superuser either.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from django.db import connection

# Table names are written out, never interpolated: no SQL here is built from text.
SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(keys, tokenize='ascii')",
    "CREATE TRIGGER IF NOT EXISTS search_fts_ai AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, keys) VALUES (new.id, new.keys); END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_ad AFTER DELETE ON search_searchentry BEGIN "
    "DELETE FROM search_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER IF NOT EXISTS search_fts_au AFTER UPDATE OF keys ON search_searchentry "
    "BEGIN UPDATE search_fts SET keys = new.keys WHERE rowid = new.id; END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TABLE IF EXISTS search_fts",
]
# Fill the copy from the entries where they disagree (a table remade by a migration,
# entries written while the triggers were gone).
SQLITE_RESYNC = [
    "DELETE FROM search_fts",
    "INSERT INTO search_fts(rowid, keys) SELECT id, keys FROM search_searchentry",
]
SQLITE_COUNTS = (
    "SELECT (SELECT count(*) FROM search_searchentry), (SELECT count(*) FROM search_fts)"
)
SQLITE_MATCH = "SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s"
POSTGRES_CREATE = [
    "CREATE INDEX IF NOT EXISTS search_keys_fts ON search_searchentry "
    "USING GIN (to_tsvector('simple', keys))",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS search_keys_fts"]
# OFFSET 0 keeps the look-up a subquery of its own, planned on the GIN index: joined into
# the search's query, PostgreSQL read every entry in key order and computed its tsvector
# (half a second on a 100,000-person case).
POSTGRES_MATCH = (
    "SELECT id FROM search_searchentry "
    "WHERE to_tsvector('simple', keys) @@ to_tsquery('simple', %s) OFFSET 0"
)
ENTRY_TABLE = "search_searchentry"


class SearchBackend(Protocol):
    """What the selectors ask of a database: the entries whose keys meet an expression.

    An expression is written with the backend's own ``AND`` and ``OR`` over tokens
    spelled by ``token`` (`cover_expression` builds one); ``match_sql`` selects the ids
    of the entries that meet it, to be used as a subquery (its one parameter is the
    expression), so the ids never leave the database.
    """

    AND: str
    OR: str

    def token(self, token: str) -> str:
        """One token as the expression's syntax writes it."""
        ...

    def match_sql(self) -> str:
        """SQL selecting the ids of the entries that meet the expression ``%s``."""
        ...


def cover_expression(
    backend: SearchBackend, n: int, spans: dict[tuple[int, int], str], codes: str
) -> str | None:
    """The exact cross-script rule as an expression: some cut of words 0..n into runs
    whose tokens the entry all holds.

    ``spans`` maps a run of words (i, j) to its token, without level; each is asked for
    at every level in ``codes``. The expression is the OR over the cuts of the AND of
    their runs, so the database decides the rule, with no Python over the names. A query has
    at most 8 words (``MAX_QUERY_WORDS``), so at most 128 cuts. None when no cut exists.
    """
    if not codes:
        return None
    memo: dict[int, str | None] = {n: ""}

    def rest(i: int) -> str | None:
        if i in memo:
            return memo[i]
        alternatives = []
        for j in range(i + 1, n + 1):
            token = spans.get((i, j))
            tail = rest(j) if token is not None else None
            if token is None or tail is None:
                continue
            run = "(" + backend.OR.join(backend.token(c + token) for c in codes) + ")"
            alternatives.append(run if tail == "" else f"{run}{backend.AND}({tail})")
        memo[i] = backend.OR.join(f"({a})" for a in alternatives) if alternatives else None
        return memo[i]

    return rest(0) if n else None


class SqliteFts5:
    AND, OR = " AND ", " OR "

    def token(self, token: str) -> str:
        # Each token is quoted as an FTS5 string; tokens are [a-z0-9] only (tokens.py).
        return f'"{token}"'

    def match_sql(self) -> str:
        return SQLITE_MATCH


class PostgresFullText:
    AND, OR = " & ", " | "

    def token(self, token: str) -> str:
        return token

    def match_sql(self) -> str:
        return POSTGRES_MATCH


def search_backend() -> SearchBackend:
    """The backend of the database in use."""
    if connection.vendor == "postgresql":
        return PostgresFullText()
    if connection.vendor == "sqlite":
        return SqliteFts5()
    raise NotImplementedError(f"no search backend for {connection.vendor}")


def _run(cursor: Any, statements: Sequence[str]) -> None:
    for sql in statements:
        cursor.execute(sql)


def install(schema_editor: Any) -> None:
    """Create the full-text structures (migration step)."""
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql, None)


def remove(schema_editor: Any) -> None:
    """Drop them (migration reversal)."""
    vendor = schema_editor.connection.vendor
    for sql in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(sql, None)


def install_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """Put the SQLite triggers back after every ``migrate``, and resync a stale copy."""
    from django.db import connections

    conn = connections[using]
    if conn.vendor != "sqlite" or ENTRY_TABLE not in conn.introspection.table_names():
        return
    with conn.cursor() as cursor:
        _run(cursor, SQLITE_CREATE)
        cursor.execute(SQLITE_COUNTS)
        entries, copied = cursor.fetchone()
        if entries != copied:
            _run(cursor, SQLITE_RESYNC)
