"""Database triggers that make the custody tables append-only, on SQLite and PostgreSQL.

UPDATE and DELETE are refused row by row. On PostgreSQL a statement trigger also refuses
TRUNCATE of a table that holds rows (an empty table may be truncated, which Django's
test flush does). Anything that gets past the triggers (a superuser dropping them, an
edit of the database file) is caught by `dadkhah verify`.
"""

from __future__ import annotations

from typing import Any

TABLES = (
    "custody_custodyentry",
    "custody_custodyentryitem",
    "custody_custodyhead",
    "custody_custodytimestamp",
)
MESSAGE = "the custody log is append-only"


def _sqlite_create(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: UPDATE of {table} refused'); END",
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table} "  # noqa: S608 - fixed table names
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: DELETE from {table} refused'); END",
    ]


PG_FUNCTIONS = [
    f"""CREATE OR REPLACE FUNCTION dadkhah_custody_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '{MESSAGE}: % of % refused', TG_OP, TG_TABLE_NAME;
END $$""",
    f"""CREATE OR REPLACE FUNCTION dadkhah_custody_refuse_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE has_rows boolean;
BEGIN
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I)', TG_TABLE_NAME) INTO has_rows;
  IF has_rows THEN
    RAISE EXCEPTION '{MESSAGE}: TRUNCATE of % refused', TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END $$""",  # noqa: S608 - fixed text, no input
]


def _pg_create(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION dadkhah_custody_refuse()",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION dadkhah_custody_refuse_truncate()",
    ]


def create_sql(vendor: str) -> list[str]:
    """The statements that install the triggers on ``vendor`` ('sqlite' or 'postgresql')."""
    if vendor == "sqlite":
        return [s for t in TABLES for s in _sqlite_create(t)]
    if vendor == "postgresql":
        return PG_FUNCTIONS + [s for t in TABLES for s in _pg_create(t)]
    raise RuntimeError(f"append-only triggers are written for SQLite and PostgreSQL, not {vendor}")


def drop_sql(vendor: str) -> list[str]:
    """The statements that remove the triggers (tests that must empty the tables)."""
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {t}_{k}" for t in TABLES for k in ("no_update", "no_delete")
        ]
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {t}_{k} ON {t}"
            for t in TABLES
            for k in ("append_only", "no_truncate")
        ]
    raise RuntimeError(f"no triggers for {vendor}")


def install(schema_editor: Any) -> None:
    """Install the triggers (migration step)."""
    for sql in create_sql(schema_editor.connection.vendor):
        schema_editor.execute(sql, None)  # None: no placeholders (the SQL has literal %)


def remove(schema_editor: Any) -> None:
    """Remove the triggers (migration reversal)."""
    for sql in drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(sql, None)  # None: no placeholders (the SQL has literal %)
