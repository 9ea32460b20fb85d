"""Capture histories from the linked case: which lists each person is on, by stratum."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from dadkhah.core.errors import InputError
from dadkhah.core.record import RecordKey, read_date, read_record
from dadkhah.web.sources.models import Record, Source

#: What `--by` accepts, and where the value is found in a record's normalized fields.
STRATA: dict[str, tuple[RecordKey, ...]] = {
    "city": ("city",),
    "prison": ("prison",),
    "affiliation": ("affiliation",),
    "period": ("death_date",),
    "sex": ("sex",),
}
UNKNOWN = "unknown"


def current_lists(names: Iterable[str] | None = None) -> list[Source]:
    """The latest version of each list source to count: the named ones, or the systematic ones.

    By default one list per independence group; a duplicate-free list with two
    records in one person is refused (see `dadkhah.web.estimates.lists`).
    """
    from dadkhah.web.estimates.lists import choose_lists

    return choose_lists(names).used


def _label(value: Any) -> str | None:
    """A stratum label from a normalized value (plain text, or a dict with an id/code)."""
    if value is None or value == "":
        return None
    if isinstance(value, dict):
        for key in ("id", "code", "key", "value", "normalized", "text"):
            if value.get(key) not in (None, ""):
                return str(value[key])
        return None
    return str(value)


def _period(value: Any) -> str | None:
    """The Gregorian month of a normalized date, when the date is known to the month."""
    date = read_date(value)
    if date is None or date.earliest is None or date.latest is None:
        return None
    month = date.earliest.isoformat()[:7]
    return month if date.latest.isoformat()[:7] == month else None


def stratum_of(normalized: Mapping[str, Any], by: str) -> str | None:
    """The stratum ``by`` of one record from its normalized form (`dadkhah.core.record`)."""
    n = read_record(normalized)
    value: Any = None
    for key in STRATA[by]:
        if key in n:
            value = n[key]
            break
    return _period(value) if by == "period" else _label(value)


def capture_histories(*, by: str | None, lists: list[Source]) -> list[tuple[str, frozenset[str]]]:
    """(stratum, names of the lists the person is on) for every linked person on a list.

    A person's stratum is the value most of their records give (ties: the
    first in alphabetical order); "unknown" when no record gives one.
    """
    if by is not None and by not in STRATA:
        raise InputError(f"cannot stratify by {by!r}; choose one of {', '.join(STRATA)}.")
    names = {s.pk: s.name for s in lists}
    on: dict[int, set[str]] = defaultdict(set)
    votes: dict[int, Counter[str]] = defaultdict(Counter)
    rows = Record.objects.filter(source_id__in=names, person__isnull=False).values_list(
        "person_id", "source_id", "normalized"
    )
    for person_id, source_id, normalized in rows.iterator(chunk_size=5000):
        on[person_id].add(names[source_id])
        if by is not None:
            label = stratum_of(normalized or {}, by)
            if label is not None:
                votes[person_id][label] += 1
    out = []
    for person_id, sources in on.items():
        if by is None:
            stratum = "all"
        elif votes[person_id]:
            top = max(votes[person_id].values())
            stratum = min(k for k, v in votes[person_id].items() if v == top)
        else:
            stratum = UNKNOWN
        out.append((stratum, frozenset(sources)))
    return out
