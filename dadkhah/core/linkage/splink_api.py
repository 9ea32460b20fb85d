"""The one place that reaches into Splink's internals, so that an upgrade breaks here only.

Everything else in dadkhah uses Splink's public API (`splink`,
`splink.comparison_library`, `splink.comparison_level_library`,
`splink.backends.*`) or this module; an import-linter contract in
pyproject.toml makes this module the only importer of `splink.internals`
(STYLE.md, "A library's private internals ... wrap them in one adapter
module"; issue 11, "Splink internals everywhere").

Each use below says why no public API does it. All were checked against
Splink 5.0.0 (the version in requirements.lock; pyproject.toml pins the major
version). On an upgrade, re-check every function here and run
tests/core/linkage and tests/pipelines/test_linkage*.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Types only: Splink 5.0.0 exports the creators' concrete classes
# (CustomComparison, the level classes) but not their base classes, which our
# annotations and an isinstance check (febrl.py) need.
from splink.internals.blocking_rule_creator import BlockingRuleCreator
from splink.internals.comparison_creator import ComparisonCreator
from splink.internals.comparison_level_creator import ComparisonLevelCreator

# Splink 5.0.0 raises its own exception type for failed training steps and
# does not export it (no `splink.exceptions` module).
from splink.internals.exceptions import SplinkException

__all__ = [
    "BlockingRuleCreator",
    "ComparisonCreator",
    "ComparisonLevelCreator",
    "SplinkException",
    "comparison_input_columns",
    "comparisons_tf_columns",
    "discard_trained_m_since",
    "em_underflow_clamped",
    "get_prior",
    "rederive_prior",
    "set_prior",
    "trained_m_counts",
    "trained_m_since",
]


def comparison_input_columns(comparison: Any) -> set[str]:
    """The linkage-table columns a comparison creator reads.

    Splink 5.0.0 has no public way to ask a comparison which input columns its
    SQL conditions read; the level's `_input_columns_used_by_sql_condition`
    is what Splink itself uses to choose the columns to retain.
    """
    compared = comparison.get_comparison("duckdb")
    return {
        column.unquote().name
        for level in compared.comparison_levels
        for column in level._input_columns_used_by_sql_condition
    }


def comparisons_tf_columns(linker: Any) -> list[tuple[set[str], list[str]]]:
    """For each comparison of a linker: the columns it reads and its term-frequency columns.

    Splink 5.0.0 exposes neither the linker's settings object (`_settings_obj`)
    nor a level's input and term-frequency columns publicly; term-frequency
    tables registered by hand need both (pipelines/linkage.py).
    """
    out: list[tuple[set[str], list[str]]] = []
    for comparison in linker._settings_obj.comparisons:
        read: set[str] = set()
        tf_columns: list[str] = []
        for level in comparison.comparison_levels:
            read |= {c.unquote().name for c in level._input_columns_used_by_sql_condition}
            col = level._tf_adjustment_input_column
            if col is not None and col.unquote().name not in tf_columns:
                tf_columns.append(col.unquote().name)
        out.append((read, tf_columns))
    return out


def _levels(linker: Any) -> list[Any]:
    return [
        level
        for comparison in linker._settings_obj.comparisons
        for level in comparison.comparison_levels
        if not level.is_null_level
    ]


def trained_m_counts(linker: Any) -> list[tuple[Any, int]]:
    """Each non-null level with how many trained m estimates it holds (one per EM session).

    Splink 5.0.0 keeps each session's estimates in the private
    `_trained_m_probabilities` and offers no public way to read them or take
    one session back; a collapsed session must be removed before Splink takes
    the median over sessions. The levels are taken now, before the session,
    as the pipeline always took them. Known bug, kept so that linkage output
    does not change: Splink 5.0.0 gives the linker new level objects during an
    EM session, so these levels do not see the session's estimates and a
    collapsed session is not removed (the xfail in
    tests/core/linkage/test_splink_api.py).
    """
    return [(level, len(level._trained_m_probabilities)) for level in _levels(linker)]


def trained_m_since(before: list[tuple[Any, int]]) -> list[Any]:
    """The m probabilities the levels gained since `trained_m_counts` gave `before`."""
    return [
        entry["probability"] for level, n in before for entry in level._trained_m_probabilities[n:]
    ]


def discard_trained_m_since(linker: Any, before: list[tuple[Any, int]]) -> None:
    """Remove the m estimates gained since `before` and recompute m from the rest.

    `_populate_m_u_from_trained_values` is Splink 5.0.0's own (private) step
    after each session; no public method recomputes the model's m and u.
    """
    for level, n in before:
        del level._trained_m_probabilities[n:]
    linker._populate_m_u_from_trained_values()


def get_prior(linker: Any) -> float:
    """The linker's current probability that two random records match.

    Splink 5.0.0 has no public getter or setter for the trained prior on a
    linker; it lives in `_settings_obj._probability_two_random_records_match`.
    """
    return float(linker._settings_obj._probability_two_random_records_match)


def set_prior(linker: Any, prior: float) -> None:
    """Set the linker's probability that two random records match (see `get_prior`)."""
    linker._settings_obj._probability_two_random_records_match = prior


def rederive_prior(linker: Any) -> None:
    """Re-derive the prior from what the EM sessions learnt.

    Splink 5.0.0 does this privately
    (`_populate_probability_two_random_records_match_from_trained_values`)
    and exposes no public method for it.
    """
    linker._populate_probability_two_random_records_match_from_trained_values()


@contextmanager
def em_underflow_clamped() -> Iterator[None]:
    """Let EM take an m or u probability down to Splink's own minimum instead of failing.

    Splink 5.0.0 raises when an EM step drives a level's m probability to 0.0
    (a level seen only among clear non-matches). The value is clamped to
    Splink's minimum (1e-300) for the step; the pipeline's floor on m lifts it
    afterwards. No public hook reaches the EM step, so for the duration of the
    block `expectation_maximisation.populate_m_u_from_lookup` is wrapped
    (checked against Splink 5.0.0's signature) and restored afterwards.
    """
    from splink.internals import expectation_maximisation as em
    from splink.internals.comparison_level import M_U_CLAMP_MIN

    original = em.populate_m_u_from_lookup

    def clamped(fixed: Any, level: Any, name: str, lookup: dict[str, dict[int, Any]]) -> None:
        record = lookup.get(name, {}).get(level.comparison_vector_value)
        if record is not None:
            for key in ("m_probability", "u_probability"):
                value = record.get(key)
                if isinstance(value, float) and value < M_U_CLAMP_MIN:
                    record[key] = M_U_CLAMP_MIN
        original(fixed, level, name, lookup)

    em.populate_m_u_from_lookup = clamped  # type: ignore[assignment]
    try:
        yield
    finally:
        em.populate_m_u_from_lookup = original
