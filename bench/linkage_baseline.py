"""A plain Splink baseline for the linkage panel: what a careful analyst does in an afternoon.

Simple comparisons (each name: the same cross-script key, else Jaro-Winkler
≥ 0.88 on the key, else different; birth year equal or within one; date of
death within a month; city, prison and affiliation equal), the prior from
pairs sharing every name, u from random pairs, m by EM, and single-best-link
clustering: pairs at or above 0.5 joined best first, a duplicate-free list
giving a person at most one record. It is a comparison, not product code:
nothing of our model (term frequencies, compound-name levels, interval
dates, m floors) is used. The clustering is the shared constrained
clustering, which is the single-best-link rule itself.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping
from typing import Any

import pyarrow as pa

THRESHOLD = 0.5
STORE_MIN = 0.01


def _name(column: str) -> Any:
    import splink.comparison_library as cl

    return cl.CustomComparison(
        [
            {
                "sql_condition": f'"{column}_l" IS NULL OR "{column}_r" IS NULL',
                "is_null_level": True,
            },
            {"sql_condition": f'"{column}_l" = "{column}_r"', "label_for_charts": "exact"},
            {
                "sql_condition": f'jaro_winkler_similarity("{column}_l", "{column}_r") >= 0.88',
                "label_for_charts": "similar",
            },
            {"sql_condition": "ELSE", "label_for_charts": "else"},
        ],
        output_column_name=column,
    )


def _exact(column: str) -> Any:
    import splink.comparison_library as cl

    return cl.ExactMatch(column)


def _comparisons(table: pa.Table) -> list[Any]:
    import splink.comparison_library as cl

    def present(column: str) -> bool:
        return column in table.column_names and table.column(column).null_count < table.num_rows

    out = [_name(c) for c in ("given_key", "family_key", "father_key") if present(c)]
    if present("birth_year"):
        out.append(
            cl.CustomComparison(
                [
                    {
                        "sql_condition": '"birth_year_l" IS NULL OR "birth_year_r" IS NULL',
                        "is_null_level": True,
                    },
                    {
                        "sql_condition": '"birth_year_l" = "birth_year_r"',
                        "label_for_charts": "same year",
                    },
                    {
                        "sql_condition": 'abs("birth_year_l" - "birth_year_r") <= 1',
                        "label_for_charts": "±1",
                    },
                    {"sql_condition": "ELSE", "label_for_charts": "else"},
                ],
                output_column_name="birth_year",
            )
        )
    if present("death_lo"):
        out.append(
            cl.CustomComparison(
                [
                    {
                        "sql_condition": '"death_lo_l" IS NULL OR "death_lo_r" IS NULL',
                        "is_null_level": True,
                    },
                    {
                        "sql_condition": 'abs("death_lo_l" - "death_lo_r") <= 31',
                        "label_for_charts": "within a month",
                    },
                    {"sql_condition": "ELSE", "label_for_charts": "else"},
                ],
                output_column_name="death",
            )
        )
    out += [
        _exact(c) for c in ("city", "prison", "affiliation", "postcode", "address") if present(c)
    ]
    return out


def _rules(table: pa.Table) -> list[tuple[str, ...]]:
    def present(column: str) -> bool:
        return column in table.column_names and table.column(column).null_count < table.num_rows

    rules = [("family_key", "given_key"), ("family_key", "birth_year"), ("given_key", "father_key")]
    rules += [("family_key", "father_key"), ("given_key", "birth_year"), ("family_key", "prison")]
    if present("postcode"):
        rules += [("postcode",), ("birth_lo",)]
    return [r for r in rules if all(present(c) for c in r)]


def link_baseline(
    table: pa.Table, exclusive: Mapping[int, str], *, seed: int = 1988
) -> tuple[dict[int, int], pa.Table]:
    """Link with the plain baseline.

    Args:
        table: The linkage table.
        exclusive: Record → duplicate-free list (one record per person per list).
        seed: Seed of the random pairs for u.

    Returns:
        (record → cluster label, scored pairs a, b, probability).
    """
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from dadkhah.core.linkage.clustering import Constraints, cluster_records

    rules = _rules(table)
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=_comparisons(table),
        blocking_rules_to_generate_predictions=[block_on(*r) for r in rules],
        retain_matching_columns=False,
    )
    db = DuckDBAPI()
    linker = Linker(db.register(table), settings, log_level=logging.ERROR)
    # A baseline keeps Splink's default prior where the rule finds no pair.
    with contextlib.suppress(Exception):
        linker.training.estimate_probability_two_random_records_match(
            [block_on("given_key", "family_key")], recall=0.7
        )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=seed)
    for rule in (("given_key", "family_key"), ("family_key",), ("given_key",)):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                block_on(*rule), max_pairs=1e6
            )
        except Exception:  # noqa: S112 — a session Splink refuses is skipped
            continue
    predictions = linker.inference.predict(threshold_match_probability=STORE_MIN)
    pairs = predictions.as_pyarrow_table().select(
        ["unique_id_l", "unique_id_r", "match_probability"]
    )
    pairs = pairs.rename_columns(["a", "b", "probability"])
    links = zip(
        pairs.column("a").to_pylist(),
        pairs.column("b").to_pylist(),
        pairs.column("probability").to_pylist(),
        strict=True,
    )
    clusters = cluster_records(
        table.column("unique_id").to_pylist(),
        links,
        threshold=THRESHOLD,
        constraints=Constraints(exclusive=dict(exclusive)),
    )
    return clusters.labels, pairs
