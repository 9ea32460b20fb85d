"""Database triggers that make the custody tables append-only, on SQLite and PostgreSQL.

UPDATE and DELETE are refused row by row. On PostgreSQL a statement trigger also refuses
TRUNCATE of a table that holds rows (an empty table may be truncated, which Django's
test flush does). Anything that gets past the triggers (a superuser dropping them, an
edit of the database file) is caught by `dadkhah verify`.

Records (``sources_record``) are kept the same way, with one difference: linkage assigns
records to persons after import, so UPDATE is refused only when it changes what the
import committed (see :data:`RECORD_FROZEN`). ``previous_id`` and ``version`` are set
once, by the import that makes a new version, before its commitment is computed
(``sources.services._compare``): a pointer may go from NULL to a record and a version
up from 1, nothing else. DELETE and TRUNCATE are refused.
"""

from __future__ import annotations

from typing import Any

TABLES = (
    "custody_custodyentry",
    "custody_custodyentryitem",
    "custody_custodyhead",
    "custody_custodytimestamp",
    "custody_recorddigest",
)
TABLES_0002 = TABLES[:4]  # the tables migration 0002 protected
MESSAGE = "the custody log is append-only"
RECORDS = "sources_record"
RECORD_MESSAGE = "records are kept as imported"
# Columns of a record that an UPDATE may never change.
RECORD_FROZEN = ("id", "source_id", "source_record_id", "row_number", "raw", "normalized")
_RECORD_CHANGED = " OR ".join(
    [f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in RECORD_FROZEN]
    + [
        "(OLD.previous_id IS NOT NULL AND NEW.previous_id IS DISTINCT FROM OLD.previous_id)",
        "(OLD.version <> 1 AND NEW.version IS DISTINCT FROM OLD.version)",
    ]
)


def _records_sqlite() -> list[str]:
    # SQLite spells IS DISTINCT FROM as IS NOT (both compare NULLs as values).
    changed = _RECORD_CHANGED.replace("IS DISTINCT FROM", "IS NOT")
    return [
        f"CREATE TRIGGER IF NOT EXISTS {RECORDS}_no_update BEFORE UPDATE ON {RECORDS} "
        f"WHEN {changed} "
        f"BEGIN SELECT RAISE(ABORT, '{RECORD_MESSAGE}: UPDATE of their content refused'); END",
        f"CREATE TRIGGER IF NOT EXISTS {RECORDS}_no_delete BEFORE DELETE ON {RECORDS} "  # noqa: S608 - fixed names
        f"BEGIN SELECT RAISE(ABORT, '{RECORD_MESSAGE}: DELETE from {RECORDS} refused'); END",
    ]


def _records_pg() -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION dadkhah_record_refuse() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '{RECORD_MESSAGE}: DELETE from % refused', TG_TABLE_NAME;
  END IF;
  IF {_RECORD_CHANGED} THEN
    RAISE EXCEPTION '{RECORD_MESSAGE}: UPDATE of their content refused';
  END IF;
  RETURN NEW;
END $$""",  # noqa: S608 - fixed text, no input
        f"DROP TRIGGER IF EXISTS {RECORDS}_kept ON {RECORDS}",
        f"CREATE TRIGGER {RECORDS}_kept BEFORE UPDATE OR DELETE ON {RECORDS} "
        "FOR EACH ROW EXECUTE FUNCTION dadkhah_record_refuse()",
        f"DROP TRIGGER IF EXISTS {RECORDS}_no_truncate ON {RECORDS}",
        f"CREATE TRIGGER {RECORDS}_no_truncate BEFORE TRUNCATE ON {RECORDS} "
        "FOR EACH STATEMENT EXECUTE FUNCTION dadkhah_custody_refuse_truncate()",
    ]


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


def create_sql(vendor: str, *, tables: tuple[str, ...] = TABLES, records: bool = True) -> list[str]:
    """The statements that install the triggers on ``vendor`` ('sqlite' or 'postgresql').

    ``tables`` and ``records`` let an old migration install what existed at its time.
    """
    if vendor == "sqlite":
        return [s for t in tables for s in _sqlite_create(t)] + (
            _records_sqlite() if records else []
        )
    if vendor == "postgresql":
        return (
            PG_FUNCTIONS
            + [s for t in tables for s in _pg_create(t)]
            + (_records_pg() if records else [])
        )
    raise RuntimeError(f"append-only triggers are written for SQLite and PostgreSQL, not {vendor}")


def drop_sql(vendor: str) -> list[str]:
    """The statements that remove the triggers (tests that must empty the tables)."""
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {t}_{k}"
            for t in (*TABLES, RECORDS)
            for k in ("no_update", "no_delete")
        ]
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {t}_{k} ON {t}"
            for t in TABLES
            for k in ("append_only", "no_truncate")
        ] + [f"DROP TRIGGER IF EXISTS {RECORDS}_{k} ON {RECORDS}" for k in ("kept", "no_truncate")]
    raise RuntimeError(f"no triggers for {vendor}")


def install(schema_editor: Any, *, tables: tuple[str, ...] = TABLES, records: bool = True) -> None:
    """Install the triggers (migration step)."""
    for sql in create_sql(schema_editor.connection.vendor, tables=tables, records=records):
        schema_editor.execute(sql, None)  # None: no placeholders (the SQL has literal %)


def install_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """Put the triggers back after every ``migrate`` (post_migrate signal).

    On SQLite Django alters a table by remaking it, which drops its triggers: a later
    migration of ``sources_record`` (a new column) would silently end the protection.
    Every statement is idempotent.
    """
    from django.db import connections

    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if not {*TABLES, RECORDS} <= tables:
        return  # migrated only part of the way (a test of an old migration)
    with connection.cursor() as cursor:
        for sql in create_sql(connection.vendor):
            cursor.execute(sql)


def remove(schema_editor: Any) -> None:
    """Remove the triggers (migration reversal)."""
    for sql in drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(sql, None)  # None: no placeholders (the SQL has literal %)
