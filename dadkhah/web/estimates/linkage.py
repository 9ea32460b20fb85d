"""The case's scored pairs and decisions as plausible linkages, and their capture histories.

Reads what the last linkage runs stored (pair match probabilities, review
decisions, duplicate-free lists) and turns each plausible linkage
(`dadkhah.core.linkage.sampling`) or each threshold's clustering into the
capture histories an estimate takes. The model is not re-run: the stored
probabilities are used as they are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from dadkhah.core.errors import InputError
from dadkhah.core.estimation import CountsTable, tables_by_stratum
from dadkhah.core.linkage.clustering import Constraints, cluster_records
from dadkhah.core.linkage.sampling import DEFAULT_THRESHOLD, LinkageSamples, sample_linkages
from dadkhah.core.linkage.schema import row_from_normalized
from dadkhah.web.estimates.selectors import UNKNOWN, stratum_of
from dadkhah.web.linkage.models import PairScore
from dadkhah.web.linkage.selectors import constraints_in_force, current_records, latest_run
from dadkhah.web.sources.models import Source


@dataclass
class LinkageMaterial:
    """What plausible linkages are drawn from.

    Attributes:
        records: Current record ids, sorted.
        pairs: (record a, record b, probability): the latest score of each scored pair.
        constraints: Review decisions in force, duplicate-free lists and the
            one-name records the model never links (as the linkage run had them).
        list_of: Column in ``records`` → index of its list among the lists
            used, for records on those lists.
        stratum_of: Column → stratum label, when estimating by stratum.
        threshold: The latest linkage run's link threshold.
    """

    records: list[int]
    pairs: list[tuple[int, int, float]]
    constraints: Constraints
    on_list: NDArray[np.int64]
    list_index: NDArray[np.int64]
    labels: dict[int, str]
    threshold: float = DEFAULT_THRESHOLD


def case_was_linked() -> bool:
    """Whether a linkage run finished in this case."""
    return latest_run() is not None


def linkage_material(*, lists: Sequence[Source], by: str | None) -> LinkageMaterial:
    """Read the records, scored pairs and decisions of the case.

    Raises:
        InputError: the case was never linked (no pair probabilities to draw from).
    """
    if not case_was_linked():
        raise InputError(
            "this case was never linked, so there are no match probabilities to draw "
            "plausible linkages from; run `dadkhah link` first, or pass --linkage-samples 0."
        )
    index = {s.pk: j for j, s in enumerate(lists)}
    records: list[int] = []
    exclusive: dict[int, str] = {}
    on_list: list[int] = []
    list_index: list[int] = []
    labels: dict[int, str] = {}
    partial: set[int] = set()
    fields = ["id", "source_id", "source__name", "source__duplicate_free", "normalized"]
    rows = current_records().order_by("id").values_list(*fields)
    for column, row in enumerate(rows.iterator(chunk_size=10_000)):
        rid, source_id, name, dup_free = row[:4]
        records.append(rid)
        if dup_free:
            exclusive[rid] = name
        # A record naming one part of a name only is never linked by the model
        # (pipelines/linkage.py `_with_partial`): the samples keep that rule.
        keys = row_from_normalized(rid, name, row[4] or {})
        if keys["given_key"] is None or keys["family_key"] is None:
            partial.add(rid)
        if source_id in index:
            on_list.append(column)
            list_index.append(index[source_id])
            if by is not None:
                label = stratum_of(row[4] or {}, by)
                if label is not None:
                    labels[column] = label
    known = set(records)
    latest: dict[tuple[int, int], float] = {}
    scored = PairScore.objects.order_by("run_id", "id").values_list(
        "record_a_id", "record_b_id", "probability"
    )
    for a, b, p in scored.iterator(chunk_size=20_000):
        if a in known and b in known:
            latest[(a, b)] = p  # later runs' scores replace earlier ones
    pairs = [(a, b, p) for (a, b), p in latest.items()]
    run = latest_run()
    threshold = run.settings.get("threshold") if run is not None else None
    return LinkageMaterial(
        records=records,
        pairs=pairs,
        constraints=replace(constraints_in_force(exclusive=exclusive), partial=frozenset(partial)),
        on_list=np.asarray(on_list, dtype=np.int64),
        list_index=np.asarray(list_index, dtype=np.int64),
        labels=labels,
        threshold=float(threshold) if threshold is not None else DEFAULT_THRESHOLD,
    )


def draw_linkages(material: LinkageMaterial, *, samples: int, seed: int | None) -> LinkageSamples:
    """Plausible linkages of the case (every review decision holds in each)."""
    return sample_linkages(
        material.records,
        material.pairs,
        constraints=material.constraints,
        samples=samples,
        seed=seed,
        threshold=material.threshold,
    )


def threshold_labels(material: LinkageMaterial, threshold: float) -> NDArray[np.int64]:
    """Each record's person (by column) when linked at ``threshold`` under the decisions."""
    result = cluster_records(
        material.records, material.pairs, threshold=threshold, constraints=material.constraints
    )
    order = {label: i for i, label in enumerate(dict.fromkeys(result.labels.values()))}
    return np.asarray([order[result.labels[r]] for r in material.records], dtype=np.int64)


def _people(
    material: LinkageMaterial, persons: NDArray[Any], names: Sequence[str], by: str | None
) -> list[tuple[str, frozenset[str]]]:
    """(stratum, lists) of every person with a record on the lists used."""
    on: dict[int, set[str]] = {}
    votes: dict[int, Counter[str]] = {}
    for column, j in zip(material.on_list.tolist(), material.list_index.tolist(), strict=True):
        person = int(persons[column])
        on.setdefault(person, set()).add(names[j])
        if by is not None and column in material.labels:
            votes.setdefault(person, Counter())[material.labels[column]] += 1
    out = []
    for person, lists in on.items():
        stratum = "all"
        if by is not None:
            count = votes.get(person)
            if count:
                top = max(count.values())
                stratum = min(k for k, v in count.items() if v == top)
            else:
                stratum = UNKNOWN
        out.append((stratum, frozenset(lists)))
    return out


def histories(
    material: LinkageMaterial, persons: NDArray[Any], names: Sequence[str]
) -> CountsTable:
    """The capture-history table of one linkage (``persons``: each record's person)."""
    return CountsTable.from_memberships(
        list(names), [m for _s, m in _people(material, persons, names, None)]
    )


def histories_by_stratum(
    material: LinkageMaterial, persons: NDArray[Any], names: Sequence[str], by: str
) -> dict[str, CountsTable]:
    """One capture-history table per stratum of one linkage."""
    return tables_by_stratum(list(names), _people(material, persons, names, by))


def documented(material: LinkageMaterial, persons: NDArray[Any]) -> int:
    """Distinct persons with a record on the lists used, in one linkage."""
    if material.on_list.size == 0:
        return 0
    return int(np.unique(np.asarray(persons)[material.on_list]).size)


def latest_registry_interval() -> tuple[int, int] | None:
    """The registry's count over plausible linkages, from the latest stored estimate (if any)."""
    from dadkhah.web.estimates.models import EstimateRun

    run = EstimateRun.objects.order_by("-created_at", "-id").only("result").first()
    registry = (
        run.result.get("registry") if run is not None and isinstance(run.result, dict) else None
    )
    interval = registry.get("interval") if isinstance(registry, dict) else None
    if (
        isinstance(interval, list)
        and len(interval) == 2
        and all(isinstance(v, int) for v in interval)
    ):
        return interval[0], interval[1]
    return None
