"""Run the linkage model: train, score pairs, cluster — in full or for new records only.

This is the thin module between dadkhah and Splink. It takes the linkage
table (`dadkhah.core.linkage.schema`), trains the model by EM when no trained
model is given, scores the blocked pairs, and clusters them with the
constraints of `dadkhah.core.linkage.clustering`. The model is returned as
versioned JSON (the Splink model inside, with our settings and the comparisons
actually used) so that every run can be reproduced and a later run can reuse
it without re-training. Nothing here touches the case database.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import time
import uuid
from collections.abc import Mapping, Sequence
from copy import deepcopy
from dataclasses import dataclass, field, replace
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import splink
from splink import Linker
from splink.comparison_library import CustomComparison

from dadkhah.core.errors import InputError
from dadkhah.core.linkage.clustering import ClusterResult, Constraints, cluster_records
from dadkhah.core.linkage.corrections import order_restrict_levels
from dadkhah.core.linkage.explain import compact_explanation, comparison_names, level_weights
from dadkhah.core.linkage.schema import NAME_FIELDS
from dadkhah.core.linkage.settings import (
    MODEL_FORMAT,
    MODEL_VERSION,
    PERSON_MODEL,
    LinkageSettings,
    ModelSpec,
    splink_settings,
)
from dadkhah.core.linkage.splink_api import (
    SplinkException,
    comparison_input_columns,
    comparisons_tf_columns,
    discard_trained_m_since,
    em_underflow_clamped,
    get_prior,
    rederive_prior,
    set_prior,
    trained_m_counts,
    trained_m_since,
)
from dadkhah.pipelines.linkage_backends import database_api
from dadkhah.pipelines.linkage_calibration import (
    PREDICT_FLOOR,
    calibrated_pairs,
    raw_floor,
    recalibration_of,
    refit_prior,
)

__all__ = [
    "LinkResult",
    "check_table",
    "link_new",
    "link_table",
    "score_pair",
    "train_model",
]

log = logging.getLogger(__name__)
# Splink warns when a comparison level is unseen in one training session or a
# sampling probe finds no pair: expected with partial lists, handled by the
# training safeguards and recorded in the run's training notes. Users see errors.
_SPLINK_LOG_LEVEL = logging.ERROR


@dataclass
class LinkResult:
    """What a linkage run produced.

    Attributes:
        model: The versioned model JSON (trained in this run or reused).
        pairs: Scored pairs at or above `store_min`: columns a, b (record ids,
            a < b), probability, weight and Splink's gamma_/mw_ columns.
        clusters: The constrained clustering of every record.
        timings: Seconds spent in each step.
        trained: True when the model was trained in this run.
        blocking: The blocking rules used (after `adapt_blocking`).
        notes: What the run adapted (blocking rules tightened).
    """

    model: dict[str, Any]
    pairs: pa.Table
    clusters: ClusterResult
    timings: dict[str, float] = field(default_factory=dict)
    trained: bool = False
    blocking: tuple[tuple[str, ...], ...] = ()
    notes: list[str] = field(default_factory=list)

    def explanations(self) -> list[dict[str, list[float]]]:
        """The compact explanation of each pair, in the order of `pairs`."""
        return pair_explanations(self.pairs, self.model)


def check_table(table: pa.Table, *, what: str = "the records") -> None:
    """Refuse a linkage table that cannot be linked, with a sentence saying why.

    Raises:
        InputError: no record, or no record with any name.
    """
    if table.num_rows == 0:
        raise InputError(f"Nothing to link: {what} hold no record. Import a list first.")
    named = 0
    for name in NAME_FIELDS:
        named += table.num_rows - table.column(f"{name}_key").null_count
    if named == 0:
        raise InputError(
            f"Nothing to link: no record in {what} has a given, family or father's name "
            "(every name column is empty). Check that the lists' name columns were recognised."
        )


# Columns added, in this order, to a blocking rule that makes too many pairs.
TIGHTEN_WITH = ("city", "birth_year", "death_lo")


def _count_pairs(con: Any, rule: Sequence[str], *, new_only: bool) -> int:
    """Candidate pairs a rule makes: within "records", or new × all when new_only."""
    present = " AND ".join(f'"{c}" IS NOT NULL' for c in rule)
    cols = ", ".join(f'"{c}"' for c in rule)
    if new_only:
        sql = (
            f"SELECT coalesce(sum(n.k * a.k), 0) FROM "  # noqa: S608
            f"(SELECT {cols}, count(*) AS k FROM new WHERE {present} GROUP BY ALL) n "
            f"JOIN (SELECT {cols}, count(*) AS k FROM records WHERE {present} GROUP BY ALL) a "
            f"USING ({cols})"
        )
    else:
        sql = (
            f"SELECT coalesce(sum(k * (k - 1) / 2), 0) FROM "  # noqa: S608
            f"(SELECT count(*) AS k FROM records WHERE {present} GROUP BY {cols})"
        )
    # Column names come from the settings' rules, never from the data.
    return int(con.execute(sql).fetchone()[0])


def adapt_blocking(
    table: pa.Table, settings: LinkageSettings, *, new: pa.Table | None = None
) -> tuple[tuple[tuple[str, ...], ...], list[str]]:
    """The blocking rules, each tightened until its candidate pairs fit the budget.

    Blocks grow with the square of the number of records (the 1,000 Alis of a
    million-record case make half a million pairs), so a rule making more than
    `block_pairs_per_record` pairs per record is given the city, then the birth
    year, then the date of death as further columns to agree on. Counting is a
    GROUP BY in DuckDB over the table, whatever the backend.

    Args:
        table: Every record (the linkage table).
        settings: The rules and the budget.
        new: For an incremental run, the new records (pairs are new × all).

    Returns:
        (the rules to use, notes on each rule tightened).
    """
    import duckdb

    con = duckdb.connect()
    con.register("records", table)
    if new is not None:
        con.register("new", new)
    size = table.num_rows if new is None else new.num_rows
    budget = max(settings.block_pairs_min, settings.block_pairs_per_record * size)
    rules: list[tuple[str, ...]] = []
    notes: list[str] = []
    for rule in settings.blocking:
        current = tuple(rule)
        pairs = _count_pairs(con, current, new_only=new is not None)
        extra = [c for c in TIGHTEN_WITH if c not in current and c in table.column_names]
        while pairs > budget and extra:
            current = (*current, extra.pop(0))
            pairs = _count_pairs(con, current, new_only=new is not None)
        if current != tuple(rule):
            notes.append(
                f"blocking rule {' + '.join(rule)} tightened to {' + '.join(current)} ({pairs:,} pairs)"
            )
        if current not in rules:
            rules.append(current)
    con.close()
    return tuple(rules), notes


def comparison_columns(comparison: Any) -> set[str]:
    """The linkage-table columns a comparison reads."""
    return comparison_input_columns(comparison)


def _used_comparisons(table: pa.Table, spec: ModelSpec) -> list[Any]:
    """The spec's comparisons with at least one value in the columns they read.

    A comparison whose columns are empty in every list (no arrest date
    anywhere) cannot be trained and says nothing: it is left out of the model.
    """
    used = []
    for comparison in spec.comparisons():
        if isinstance(comparison, dict):
            comparison = CustomComparison(**comparison)
        columns = comparison_columns(comparison) & set(table.column_names)
        if any(table.column(c).null_count < table.num_rows for c in columns):
            used.append(comparison)
    return used


def _settings_creator(settings: LinkageSettings, spec: ModelSpec, table: pa.Table) -> Any:
    creator = splink_settings(settings, spec)
    creator.comparisons = _used_comparisons(table, spec)
    if not creator.comparisons:
        raise InputError("Nothing to compare: every column the model compares is empty.")
    return creator


def _register(db_api: Any, table: pa.Table, name: str) -> Any:
    # A Spark session outlives one run: each run's tables get names of their own.
    return db_api.register(table, dataset_display_name=f"{name}_{uuid.uuid4().hex[:10]}")


def _register_term_frequencies(linker: Any, db_api: Any, table: pa.Table) -> None:
    """Register each term-frequency table, counted on the comparison's own base.

    Splink divides a value's count by the records where that column is
    present, but the level's m and u are shares of the pairs where the
    *comparison* is present (not its null level). Where a comparison reads
    several columns (place: city, prison, province), the two bases differ: a
    record with a city and no prison counts in m and u but not in the prison's
    frequency, so the frequency is too high and a shared prison counts for too
    little. Counting each value over the records in which its comparison is
    present puts the term-frequency u (Winkler 1988: the chance that a
    non-matching record has this value) on the base of the level's m. For a
    comparison of one column (names, affiliation) nothing changes.
    """
    names = set(table.column_names)
    done: set[str] = set()
    for read, tf_columns in comparisons_tf_columns(linker):
        tf_columns = [c for c in tf_columns if c not in done and c in names]
        if not tf_columns:
            continue
        present = None
        for c in sorted(read & names):
            valid = pc.is_valid(table.column(c))
            present = valid if present is None else pc.or_(present, valid)
        base = table if present is None else table.filter(present)
        total = max(base.num_rows, 1)
        for column in tf_columns:
            counts = pc.value_counts(base.column(column).drop_null())
            values = counts.field("values")
            tf = pc.divide(pc.cast(counts.field("counts"), pa.float64()), float(total))
            lookup = pa.table({column: values, f"tf_{column}": tf})
            linker.table_management.register_term_frequency_lookup(
                _register(db_api, lookup, f"tf_{column}"), column
            )
            done.add(column)


def _present_rules(rules: Sequence[tuple[str, ...]], table: pa.Table) -> list[tuple[str, ...]]:
    """The rules without their all-empty columns (a list with no father's name at all)."""
    empty = {c for c in table.column_names if table.column(c).null_count == table.num_rows}
    out: list[tuple[str, ...]] = []
    for rule in rules:
        kept = tuple(c for c in rule if c not in empty)
        if kept and kept not in out:
            out.append(kept)
    return out


def _em_session(linker: Any, rule: tuple[str, ...], settings: LinkageSettings) -> str | None:
    """One EM session blocked on `rule`; a note when its result was discarded.

    A session on data too small or too odd for it can collapse (the share of
    matches among its pairs goes to zero and its m probabilities to NaN).
    Such a session's estimates are removed, so that the model rests on the
    sessions that worked (Splink takes the median over sessions).
    """
    from splink import block_on

    before = trained_m_counts(linker)
    why: str | None = None
    try:
        with em_underflow_clamped():
            session = linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*rule), max_pairs=settings.em_max_pairs
            )
        share = session.core_model_settings.probability_two_random_records_match
        if not share > 1e-12:
            why = f"the share of matches collapsed to {share:.3g}"
    except (ValueError, SplinkException) as exc:
        why = str(exc).splitlines()[0][:300]
    if why is None:
        for value in trained_m_since(before):
            if isinstance(value, float) and math.isnan(value):
                why = "it produced undefined m probabilities"
    if why is None:
        return None
    discard_trained_m_since(linker, before)
    return f"EM session on {' + '.join(rule)} discarded: {why}"


def _train(linker: Any, settings: LinkageSettings, spec: ModelSpec, table: pa.Table) -> list[str]:
    """Estimate the prior, the u probabilities (random pairs) and the m probabilities (EM)."""
    from splink import block_on

    notes: list[str] = []
    default_prior = get_prior(linker)
    prior_rules = _present_rules(spec.prior_rules, table)
    try:
        linker.training.estimate_probability_two_random_records_match(
            [block_on(*rule) for rule in prior_rules], recall=settings.prior_recall
        )
    except (ValueError, SplinkException) as exc:
        notes.append(f"prior kept at its default: {exc}")
    prior = get_prior(linker)
    if not 0.0 < prior < 1.0:
        prior = default_prior
        set_prior(linker, prior)
        notes.append("prior kept at its default: the deterministic rule found no pair")
    linker.training.estimate_u_using_random_sampling(
        max_pairs=settings.u_max_pairs, seed=settings.seed
    )
    for rule in _present_rules(spec.training_rules, table):
        note = _em_session(linker, rule, settings)
        if note is not None:
            notes.append(note)
    # The prior re-derived from what the sessions learnt (Splink reverses each
    # session's blocking rule through its Bayes factors), kept only within a
    # factor of ten of the deterministic estimate and below 10 / n (a record
    # has a few duplicates at most).
    try:
        rederive_prior(linker)
    except (ValueError, ZeroDivisionError, TypeError, SplinkException) as exc:
        notes.append(f"prior not re-derived from the EM sessions: {exc}")
    estimated = get_prior(linker)
    ceiling = min(0.5, 10.0 / max(table.num_rows - 1, 1))
    if not prior / 10 <= estimated <= min(prior * 10, ceiling):
        set_prior(linker, prior)
        notes.append(
            f"prior from the EM sessions ({estimated:.3g}) is implausible; kept {prior:.3g}"
        )
    return notes


# EM drives the m probability of a level it never sees among matches to zero,
# which makes that level an absolute veto (log2(0/u) = -inf): a city written
# differently would forbid any link. Every trained m is floored at M_FLOOR and
# the levels renormalized (additive smoothing; cf. Winkler 2000, "Using the EM
# algorithm for weight computation", on bounding estimated parameters).
M_FLOOR = 0.01


def _floor_m(splink_model: dict[str, Any], floor: float = M_FLOOR) -> list[str]:
    notes = []
    for comparison in splink_model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        trained = [lv for lv in levels if lv.get("m_probability") is not None]
        if not trained:
            continue
        raised = False
        for level in trained:
            if level["m_probability"] < floor:
                level["m_probability"] = floor
                raised = True
        total = sum(lv["m_probability"] for lv in trained)
        for level in trained:
            level["m_probability"] /= total
        if raised:
            notes.append(f"{comparison['output_column_name']}: m probabilities floored at {floor}")
    return notes


def _model_json(
    linker: Any, settings: LinkageSettings, spec: ModelSpec, records: int, notes: list[str]
) -> dict[str, Any]:
    splink_model = linker.misc.save_model_to_json()
    notes = notes + _floor_m(splink_model) + order_restrict_levels(splink_model)
    return {
        "format": MODEL_FORMAT,
        "version": MODEL_VERSION,
        "splink_version": splink.__version__,
        "spec": spec.name,
        "settings": settings.as_dict(),
        "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "trained_on_records": records,
        "training_notes": notes,
        "splink": splink_model,
    }


def _check_model(model: Mapping[str, Any]) -> None:
    if model.get("format") != MODEL_FORMAT or "splink" not in model:
        raise InputError(
            "The saved linkage model is not a dadkhah model; run a full link to retrain."
        )
    if int(model.get("version", 0)) > MODEL_VERSION:
        raise InputError(
            f"The saved linkage model has version {model.get('version')}, newer than this "
            f"program understands ({MODEL_VERSION}); upgrade dadkhah."
        )


def _splink_model_for(
    model: Mapping[str, Any], settings: LinkageSettings, dialect: str
) -> dict[str, Any]:
    """The trained Splink model for a dialect, with this run's blocking rules.

    A model trained on DuckDB carries DuckDB SQL; for another backend the
    comparisons are rebuilt from the spec in that dialect and the trained
    probabilities copied level by level.
    """
    trained = deepcopy(dict(model["splink"]))
    creator = splink_settings(
        settings, PERSON_MODEL if model.get("spec") == "person" else _SPECS[model["spec"]]
    )
    target = creator.create_settings_dict(dialect)
    by_name = {c["output_column_name"]: c for c in trained["comparisons"]}
    comps = []
    for comp in target["comparisons"]:
        old = by_name.get(comp["output_column_name"])
        if old is None:
            continue
        if len(old["comparison_levels"]) != len(comp["comparison_levels"]):
            # A model saved by an earlier version (fewer levels): its own SQL is DuckDB's.
            if dialect != "duckdb":
                raise InputError(
                    "The saved linkage model was trained by an earlier version of dadkhah; "
                    "run a full link (`dadkhah link`) to retrain it before linking on this backend."
                )
            comps.append(old)
            continue
        for new_level, old_level in zip(
            comp["comparison_levels"], old["comparison_levels"], strict=True
        ):
            for key in ("m_probability", "u_probability", "tf_minimum_u_value"):
                if key in old_level:
                    new_level[key] = old_level[key]
        comps.append(comp)
    target["comparisons"] = comps
    target["probability_two_random_records_match"] = trained["probability_two_random_records_match"]
    return target


_SPECS: dict[str, ModelSpec] = {PERSON_MODEL.name: PERSON_MODEL}


def register_spec(spec: ModelSpec) -> None:
    """Make a model spec known by name to `link_table` when it reloads a saved model."""
    _SPECS[spec.name] = spec


def _pairs_table(predictions: Any, names: Sequence[str]) -> pa.Table:
    """The scored pairs, narrow: a < b, probability, weight, gamma_<c> and tf_<c> columns.

    Only what clustering and explanations need leaves the database:
    the weight of each comparison's level (float32; the level is read back
    from the model's weights) and the term-frequency adjustments.
    """
    available = {c.unquote().name for c in predictions.columns}
    columns = [
        "least(unique_id_l, unique_id_r) AS a",
        "greatest(unique_id_l, unique_id_r) AS b",
        "match_probability AS probability",
        "CAST(match_weight AS FLOAT) AS weight",
    ]
    for name in names:
        if f"mw_{name}" in available:
            columns.append(f"CAST(mw_{name} AS FLOAT) AS mw_{name}")
        if f"mw_tf_adj_{name}" in available:
            columns.append(f"CAST(mw_tf_adj_{name} AS FLOAT) AS tf_{name}")
    narrow = predictions.query_sql(f"SELECT {', '.join(columns)} FROM {{this}}")  # noqa: S608
    table = narrow.as_pyarrow_table()
    narrow.drop_table_from_database_and_remove_from_cache()
    predictions.drop_table_from_database_and_remove_from_cache()
    return table.set_column(0, "a", table.column("a").cast(pa.int64())).set_column(
        1, "b", table.column("b").cast(pa.int64())
    )


def pair_explanations(pairs: pa.Table, model: Mapping[str, Any]) -> list[dict[str, list[float]]]:
    """The compact explanation of each scored pair (see `dadkhah.core.linkage.explain`)."""
    weights = level_weights(model["splink"])
    return [compact_explanation(row, weights) for row in pairs.to_pylist()]


def _links(pairs: pa.Table, threshold: float) -> list[tuple[int, int, float]]:
    """The links at or above the threshold, best first (Arrow sorts; clustering re-checks)."""
    strong = pairs.filter(pc.greater_equal(pairs.column("probability"), threshold))
    strong = strong.sort_by([("probability", "descending"), ("a", "ascending"), ("b", "ascending")])
    return list(
        zip(
            strong.column("a").to_pylist(),
            strong.column("b").to_pylist(),
            strong.column("probability").to_pylist(),
            strict=True,
        )
    )


def _with_partial(constraints: Constraints | None, table: pa.Table, spec: Any) -> Constraints:
    """The constraints with the person model's one-name records marked `partial`.

    A record of the registry that lacks a given or a family name names one part
    of a name only; the model never links it by guess (issue 10, decided).
    Other specs (FEBRL) link every record.
    """
    constraints = constraints or Constraints()
    if spec != PERSON_MODEL.name:
        return constraints
    one_name = pc.or_(pc.is_null(table.column("given_key")), pc.is_null(table.column("family_key")))
    ids = table.filter(one_name).column("unique_id").to_pylist()
    return replace(constraints, partial=constraints.partial | frozenset(ids))


class _Timer:
    """Seconds per step, for the run's record."""

    def __init__(self) -> None:
        self.marks: dict[str, float] = {}
        self._last = time.perf_counter()

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        self.marks[step] = self.marks.get(step, 0.0) + now - self._last
        self._last = now


def train_model(
    table: pa.Table,
    *,
    settings: LinkageSettings | None = None,
    backend: str = "duckdb",
    spec: ModelSpec = PERSON_MODEL,
) -> dict[str, Any]:
    """Train the model on a linkage table and return it as versioned JSON."""
    settings = settings or LinkageSettings()
    check_table(table)
    db_api = database_api(backend)
    linker = Linker(
        _register(db_api, table, "records"),
        _settings_creator(settings, spec, table),
        log_level=_SPLINK_LOG_LEVEL,
    )
    _register_term_frequencies(linker, db_api, table)
    notes = _train(linker, settings, spec, table)
    return _model_json(linker, settings, spec, table.num_rows, notes)


def link_table(
    table: pa.Table,
    *,
    settings: LinkageSettings | None = None,
    backend: str = "duckdb",
    model: Mapping[str, Any] | None = None,
    constraints: Constraints | None = None,
    spec: ModelSpec = PERSON_MODEL,
) -> LinkResult:
    """Link every record of the table: train (unless a model is given), score, cluster.

    Args:
        table: The linkage table of every record to link.
        settings: Thresholds, blocking and training settings.
        backend: "duckdb" (default) or "spark".
        model: A saved model to reuse instead of training.
        constraints: Review decisions and duplicate-free sources.
        spec: The comparisons and training rules (the person model by default).

    Returns:
        The `LinkResult`.
    """
    settings = settings or LinkageSettings()
    check_table(table)
    mark = _Timer()
    blocking, blocking_notes = adapt_blocking(table, settings)
    mark("blocking")
    db_api = database_api(backend)
    records = _register(db_api, table, "records")
    trained = model is None
    if model is None:
        trainer = Linker(
            records, _settings_creator(settings, spec, table), log_level=_SPLINK_LOG_LEVEL
        )
        _register_term_frequencies(trainer, db_api, table)
        mark("prepare")
        notes = _train(trainer, settings, spec, table)
        model = _model_json(trainer, settings, spec, table.num_rows, notes)
        mark("train")
    else:
        _check_model(model)
    # A trained model and a reused one are scored the same way: from the saved JSON.
    dialect = db_api.sql_dialect.sql_dialect_str
    linker = Linker(
        records,
        _splink_model_for(model, replace(settings, blocking=blocking), dialect),
        log_level=_SPLINK_LOG_LEVEL,
    )
    _register_term_frequencies(linker, db_api, table)
    mark("prepare")
    predictions = linker.inference.predict(
        threshold_match_probability=min(settings.store_min, PREDICT_FLOOR)
        if trained
        else raw_floor(model, settings.store_min),
        warning_mode="never",
    )
    pairs = _pairs_table(predictions, comparison_names(model["splink"]))
    if trained and isinstance(model, dict):
        pairs = refit_prior(pairs, model, table.num_rows)
        if settings.recalibrate:
            from dadkhah.core.linkage.fitted import RECALIBRATION

            model["recalibration"] = RECALIBRATION.as_dict()
    pairs = calibrated_pairs(pairs, model, settings.store_min)
    mark("predict")
    clusters = cluster_records(
        table.column("unique_id").to_pylist(),
        _links(pairs, settings.threshold),
        threshold=settings.threshold,
        constraints=_with_partial(constraints, table, model.get("spec")),
    )
    mark("cluster")
    return LinkResult(
        model=dict(model),
        pairs=pairs,
        clusters=clusters,
        timings=dict(mark.marks),
        trained=trained,
        blocking=blocking,
        notes=blocking_notes,
    )


def link_new(
    existing: pa.Table,
    new: pa.Table,
    *,
    model: Mapping[str, Any],
    settings: LinkageSettings | None = None,
    backend: str = "duckdb",
    constraints: Constraints | None = None,
) -> LinkResult:
    """Link new records against existing persons with a saved model (no re-training).

    Only pairs that involve a new record are scored (new × existing and new ×
    new); the existing persons stay as they are (`constraints.fixed` says who
    they are): a new record joins at most one of them or starts a new person.

    Args:
        existing: The linkage table of the records already linked.
        new: The linkage table of the records to add.
        model: The saved model of an earlier full run.
        settings: Thresholds (the blocking rules of the settings are used).
        backend: "duckdb" (default) or "spark".
        constraints: Decisions, duplicate-free sources and `fixed` (existing
            record → person).

    Returns:
        The `LinkResult` over existing and new records.
    """
    _check_model(model)
    settings = settings or LinkageSettings.from_dict(dict(model["settings"]))
    check_table(new, what="the new records")
    mark = _Timer()
    db_api = database_api(backend)
    both = pa.concat_tables([existing, new.cast(existing.schema)]) if existing.num_rows else new
    blocking, blocking_notes = adapt_blocking(both, settings, new=new)
    everything = _register(db_api, both, "records")
    old = _register(db_api, existing, "existing") if existing.num_rows else None
    fresh = _register(db_api, new, "new")
    dialect = db_api.sql_dialect.sql_dialect_str
    linker = Linker(
        everything,
        _splink_model_for(model, replace(settings, blocking=blocking), dialect),
        log_level=_SPLINK_LOG_LEVEL,
    )
    # Term frequencies over every record, as a full run would count them.
    _register_term_frequencies(linker, db_api, both)
    mark("prepare")
    names = comparison_names(model["splink"])
    floor = raw_floor(model, settings.store_min)
    parts = [
        _pairs_table(
            linker.inference.predict_within(
                fresh, threshold_match_probability=floor, warning_mode="never"
            ),
            names,
        )
    ]
    if old is not None:
        parts.append(
            _pairs_table(
                linker.inference.predict_between(
                    fresh, old, threshold_match_probability=floor, warning_mode="never"
                ),
                names,
            )
        )
    pairs = calibrated_pairs(
        pa.concat_tables(parts, promote_options="default"), model, settings.store_min
    )
    mark("predict")
    clusters = cluster_records(
        both.column("unique_id").to_pylist(),
        _links(pairs, settings.threshold),
        threshold=settings.threshold,
        constraints=_with_partial(constraints, both, model.get("spec")),
    )
    mark("cluster")
    return LinkResult(
        model=dict(model),
        pairs=pairs,
        clusters=clusters,
        timings=dict(mark.marks),
        blocking=blocking,
        notes=blocking_notes,
    )


def score_pair(
    table: pa.Table,
    a: int,
    b: int,
    *,
    model: Mapping[str, Any],
    backend: str = "duckdb",
) -> tuple[float, float, dict[str, list[float]]]:
    """Score one pair of records with a saved model, whether or not blocking paired them.

    Args:
        table: The linkage table holding both records (term frequencies are
            counted over it).
        a: One record id.
        b: The other record id.
        model: The saved model.
        backend: "duckdb" (default) or "spark".

    Returns:
        (calibrated match probability, match weight, compact explanation).
    """
    _check_model(model)
    ids = table.column("unique_id")
    rows = {}
    for rid in (a, b):
        mask = pc.equal(ids, rid)
        found = table.filter(mask).to_pylist()
        if not found:
            raise InputError(f"Record {rid} is not among the records linked; check the id.")
        rows[rid] = found[0]
    settings = LinkageSettings.from_dict(dict(model["settings"]))
    db_api = database_api(backend)
    records = _register(db_api, table, "records")
    dialect = db_api.sql_dialect.sql_dialect_str
    linker = Linker(
        records, _splink_model_for(model, settings, dialect), log_level=_SPLINK_LOG_LEVEL
    )
    _register_term_frequencies(linker, db_api, table)
    scored = linker.inference.score_pair(rows[a], rows[b]).as_record_list()[0]
    names = comparison_names(model["splink"])
    for name in names:
        scored[f"tf_{name}"] = scored.get(f"mw_tf_adj_{name}")
    probability = float(scored["match_probability"])
    recalibration = recalibration_of(model)
    return (
        probability if recalibration is None else recalibration(probability),
        float(scored["match_weight"]),
        compact_explanation(scored, level_weights(model["splink"])),
    )
