"""Stable person ids across linkage runs: who keeps P-000123 when clusters change.

Reports, claims and other tools cite a person by public id, so a re-run must
not renumber the registry. Each new cluster inherits the id that most of its
records had before; when two clusters want the same id, the one holding more
of its records wins and the other takes its next choice or a new id (numbered
above every id the case has used). An id that no cluster inherits was merged
into the person that took most of its records; records that leave an id that
survives were split off. Both are returned as changes for the caller to log
with their reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "IdChange",
    "StableIds",
    "assign_stable_ids",
    "format_public_id",
    "next_public_number",
    "parse_public_id",
]

_PUBLIC_ID = re.compile(r"^P-(\d+)$")


def format_public_id(number: int) -> str:
    """The public id for a number: 123 → "P-000123"."""
    return f"P-{number:06d}"


def parse_public_id(public_id: str) -> int | None:
    """The number of a public id ("P-000123" → 123), or None for another form."""
    match = _PUBLIC_ID.match(public_id)
    return int(match.group(1)) if match else None


def next_public_number(existing: Iterable[str]) -> int:
    """One above the largest number among the existing public ids (1 when none)."""
    numbers = [n for n in (parse_public_id(p) for p in existing) if n is not None]
    return max(numbers, default=0) + 1


@dataclass(frozen=True)
class IdChange:
    """One change to the registry's persons.

    Attributes:
        kind: "new" (a person id allocated), "merge" (``person`` is absorbed
            into ``into``) or "split" (``records`` leave ``person`` for ``into``).
        person: The id the change is about.
        into: The id that takes the records (None for "new").
        records: The record ids concerned, sorted.
    """

    kind: Literal["new", "merge", "split"]
    person: str
    into: str | None
    records: tuple[int, ...]


@dataclass(frozen=True)
class StableIds:
    """The outcome of `assign_stable_ids`.

    Attributes:
        assignment: Each record id's public person id.
        changes: New ids, merges and splits, in a deterministic order.
        next_number: The number the next new id would take.
    """

    assignment: dict[int, str]
    changes: list[IdChange]
    next_number: int


def _id_order(public_id: str) -> tuple[int, str]:
    number = parse_public_id(public_id)
    return (number if number is not None else 1 << 62, public_id)


def assign_stable_ids(
    clusters: Mapping[int, Hashable],
    previous: Mapping[int, str],
    *,
    next_number: int,
) -> StableIds:
    """Give each cluster a public id, keeping the ids records had before.

    Args:
        clusters: Record id → cluster label (any hashable; only equality counts).
        previous: Record id → the public id it had before this run (records seen
            for the first time are absent).
        next_number: The number of the first new id (above every id in use,
            merged ones included, so that an id is never reused).

    Returns:
        The `StableIds`: assignment, changes and the next free number.
    """
    members: dict[Hashable, list[int]] = {}
    for record, label in clusters.items():
        members.setdefault(label, []).append(record)
    order = sorted(members, key=lambda label: min(members[label]))
    first = {label: min(members[label]) for label in order}

    candidates: list[tuple[int, tuple[int, str], int, Hashable, str]] = []
    for label in order:
        counts = Counter(previous[r] for r in members[label] if r in previous)
        for old, count in counts.items():
            candidates.append((-count, _id_order(old), first[label], label, old))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))

    given: dict[Hashable, str] = {}
    taken: set[str] = set()
    for _neg, _order, _first, label, old in candidates:
        if label in given or old in taken:
            continue
        given[label] = old
        taken.add(old)

    changes: list[IdChange] = []
    number = next_number
    for label in order:
        if label not in given:
            given[label] = format_public_id(number)
            number += 1
            changes.append(IdChange("new", given[label], None, tuple(sorted(members[label]))))

    assignment = {record: given[label] for label, recs in members.items() for record in recs}

    moved: dict[str, dict[str, list[int]]] = {}
    for record, old in previous.items():
        new = assignment.get(record)
        if new is not None and new != old:
            moved.setdefault(old, {}).setdefault(new, []).append(record)
    for old in sorted(moved, key=_id_order):
        destinations = moved[old]
        survived = old in taken
        main: str | None = None
        if not survived:
            main = min(destinations, key=lambda d: (-len(destinations[d]), _id_order(d)))
        for new in sorted(destinations, key=_id_order):
            kind: Literal["merge", "split"] = "merge" if new == main else "split"
            changes.append(IdChange(kind, old, new, tuple(sorted(destinations[new]))))
    return StableIds(assignment=assignment, changes=changes, next_number=number)
