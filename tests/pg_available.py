"""Exit 0 when PostgreSQL answers at DATABASE_URL, 1 (with the reason) when not."""

import os
import sys

import psycopg

url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
try:
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=3) as conn:
        conn.execute("SELECT 1")
except psycopg.Error as exc:
    print(f"PostgreSQL does not answer at {url}: {exc}".strip(), file=sys.stderr)
    sys.exit(1)
