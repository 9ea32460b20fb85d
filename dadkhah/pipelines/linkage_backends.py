"""Where Splink runs: DuckDB in this process (the default) or a local Spark session.

Both are Splink database APIs behind one function, so the linkage pipeline
has one body for both (splink `internals/database_api.py`). pyspark is an
optional extra (`dadkhah[spark]`) and is imported only when asked for.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any, Literal

from dadkhah.core.errors import InputError

Backend = Literal["duckdb", "spark"]
BACKENDS: tuple[Backend, ...] = ("duckdb", "spark")

__all__ = ["BACKENDS", "Backend", "database_api", "spark_available"]

# DuckDB: the budget is 4 GB peak for a million records; DuckDB spills
# to disk beyond its limit instead of failing.
DUCKDB_MEMORY_LIMIT = os.environ.get("DADKHAH_DUCKDB_MEMORY", "2GB")


def spark_available() -> str | None:
    """None when Spark can run here, else the reason it cannot."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed (install the extra: pip install 'dadkhah[spark]')"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "Java is not installed (Spark needs a Java 17 runtime)"
    return None


def _duckdb_api() -> Any:
    import duckdb
    from splink import DuckDBAPI

    con = duckdb.connect(":memory:")
    con.execute("SET memory_limit = ?", [DUCKDB_MEMORY_LIMIT])
    con.execute("SET temp_directory = ?", [tempfile.mkdtemp(prefix="dadkhah-duckdb-")])
    con.execute("SET preserve_insertion_order = false")
    return DuckDBAPI(connection=con)


_spark_session: Any = None


def _spark_api() -> Any:
    global _spark_session
    reason = spark_available()
    if reason is not None:
        raise InputError(f"The Spark backend cannot run: {reason}. Use --backend duckdb.")
    from pyspark.sql import SparkSession
    from splink import SparkAPI
    from splink.backends.spark import similarity_jar_location

    if _spark_session is None:
        # A small local session: two cores, few shuffle partitions (the test
        # data is small; a cluster deployment configures its own session).
        _spark_session = (
            SparkSession.builder.master(os.environ.get("DADKHAH_SPARK_MASTER", "local[2]"))
            .appName("dadkhah-linkage")
            .config("spark.jars", similarity_jar_location())
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.default.parallelism", "4")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.memory", os.environ.get("DADKHAH_SPARK_MEMORY", "2g"))
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )
        _spark_session.sparkContext.setLogLevel("ERROR")
        _spark_session.sparkContext.setCheckpointDir(tempfile.mkdtemp(prefix="dadkhah-spark-"))
    return SparkAPI(spark_session=_spark_session, num_partitions_on_repartition=4)  # type: ignore[no-untyped-call]


def database_api(backend: str) -> Any:
    """A fresh Splink database API for the backend ("duckdb" or "spark")."""
    if backend == "duckdb":
        return _duckdb_api()
    if backend == "spark":
        return _spark_api()
    raise InputError(f"Unknown linkage backend {backend!r}; use one of {', '.join(BACKENDS)}.")
