"""Reads for linkage: the records as a linkage table, decisions in force, the review queue."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from dadkhah.core.linkage.clustering import Constraints
from dadkhah.core.linkage.explain import Term, describe
from dadkhah.core.linkage.priority import expected_effect
from dadkhah.core.linkage.schema import row_from_normalized, rows_to_table
from dadkhah.core.record import RecordKey, read_record
from dadkhah.web.linkage.models import LinkRun, PairScore, ReviewDecision
from dadkhah.web.sources.models import Record

__all__ = [
    "LinkageInput",
    "PairView",
    "constraints_in_force",
    "decisions_in_force",
    "latest_run",
    "linkage_input",
    "pair_view",
    "review_queue",
    "review_queue_size",
]


def current_records() -> QuerySet[Record]:
    """The records linkage works on: the latest version of each, of each source's latest version."""
    return Record.objects.filter(next_version__isnull=True, source__next_version__isnull=True)


@dataclass
class LinkageInput:
    """The case's records as the linkage pipeline takes them.

    Attributes:
        table: The linkage table (one row per record).
        person: Record id → public id of its person, for records that have one
            (or whose earlier version had one).
        source: Record id → source name.
        exclusive: Record id → source name, for records of duplicate-free sources.
        assigned: Records whose own person is set in the database.
    """

    table: pa.Table
    person: dict[int, str]
    source: dict[int, str]
    exclusive: dict[int, str]
    assigned: set[int]


def linkage_input(records: QuerySet[Record] | None = None) -> LinkageInput:
    """Read records into a linkage table (all current records by default)."""
    qs = records if records is not None else current_records()
    rows: list[dict[str, Any]] = []
    person: dict[int, str] = {}
    source: dict[int, str] = {}
    exclusive: dict[int, str] = {}
    assigned: set[int] = set()
    values = qs.order_by("id").values_list(
        "id",
        "source__name",
        "source__duplicate_free",
        "normalized",
        "person__public_id",
        "previous__person__public_id",
    )
    rows_iter = values.iterator(chunk_size=10_000)
    for rid, name, dup_free, normalized, public_id, earlier in rows_iter:
        if public_id is not None:
            assigned.add(rid)
        else:
            # A corrected record (or one of a new version of its list) starts
            # from the person its earlier version had, so the id carries over.
            public_id = earlier
        rows.append(row_from_normalized(rid, name, normalized or {}))
        source[rid] = name
        if dup_free:
            exclusive[rid] = name
        if public_id is not None:
            person[rid] = public_id
    return LinkageInput(rows_to_table(rows), person, source, exclusive, assigned)


def latest_run(*, finished: bool = True, with_model: bool = False) -> LinkRun | None:
    """The most recent linkage run (finished ones only by default)."""
    qs = LinkRun.objects.all()
    if finished:
        qs = qs.filter(status=LinkRun.Status.FINISHED)
    if with_model:
        qs = qs.exclude(model={})
    return qs.order_by("-started_at", "-id").first()


def decisions_in_force(
    records: Iterable[int] | None = None,
) -> dict[tuple[int, int], ReviewDecision]:
    """The latest decision on each decided pair (optionally only pairs among `records`)."""
    qs = ReviewDecision.objects.order_by("decided_at", "id")
    if records is not None:
        ids = list(records)
        qs = qs.filter(record_a_id__in=ids, record_b_id__in=ids)
    latest: dict[tuple[int, int], ReviewDecision] = {}
    for decision in qs.iterator(chunk_size=5000):
        latest[(decision.record_a_id, decision.record_b_id)] = decision
    return latest


def constraints_in_force(
    *, exclusive: dict[int, str] | None = None, fixed: dict[int, str] | None = None
) -> Constraints:
    """The reviewers' decisions as must-link / cannot-link constraints."""
    same: list[tuple[int, int]] = []
    different: list[tuple[int, int]] = []
    for pair, decision in decisions_in_force().items():
        if decision.verdict == ReviewDecision.Verdict.SAME:
            same.append(pair)
        elif decision.verdict == ReviewDecision.Verdict.DIFFERENT:
            different.append(pair)
    return Constraints(same=same, different=different, exclusive=exclusive or {}, fixed=fixed or {})


def _queue_candidates() -> QuerySet[PairScore]:
    """Undecided pairs in the uncertain band of the latest run, and links a constraint refused."""
    run = latest_run()
    if run is None:
        return PairScore.objects.none()
    low = float(run.settings.get("review_low", 0.2))
    high = float(run.settings.get("review_high", 0.95))
    decided = ReviewDecision.objects.filter(
        record_a_id=OuterRef("record_a_id"), record_b_id=OuterRef("record_b_id")
    )
    return (
        PairScore.objects.filter(Q(probability__gte=low, probability__lt=high) | ~Q(refused=""))
        .annotate(decided=Exists(decided))
        .filter(decided=False)
    )


#: The queue's size by what decides it (see `review_queue_size`), in this process.
_QUEUE_SIZES: dict[tuple[Any, ...], int] = {}
_QUEUE_SIZES_LOCK = threading.Lock()


def review_queue_size() -> int:
    """How many pairs wait in the review queue.

    The navigation shows it on every page to those who decide pairs, and counting
    reads every scored pair (hundreds of milliseconds on a 100,000-person case), so
    the count is kept per state of what decides it: the latest run (its id, start and
    settings), the last pair stored and the decisions taken. Pairs are only written by
    a linkage run (``link_run``: new ids) and decisions are only added (the latest is in
    force, the earlier are kept), so the same state has the same count; reading the
    state is three look-ups by key.
    """
    run = latest_run()
    if run is None:
        return 0
    decisions = ReviewDecision.objects.aggregate(n=Count("pk"), last=Max("pk"))
    state = (
        connection.settings_dict["NAME"],
        run.pk,
        run.started_at,
        repr(sorted(run.settings.items())),
        PairScore.objects.aggregate(last=Max("pk"))["last"],
        decisions["n"],
        decisions["last"],
    )
    with _QUEUE_SIZES_LOCK:
        if state in _QUEUE_SIZES:
            return _QUEUE_SIZES[state]
    size = _queue_candidates().count()
    with _QUEUE_SIZES_LOCK:
        if len(_QUEUE_SIZES) > 64:
            _QUEUE_SIZES.clear()
        _QUEUE_SIZES[state] = size
    return size


def _counted_lists(records: set[int]) -> tuple[dict[int, int | None], dict[int, dict[int, str]]]:
    """Each record's person, and each person's records on systematic (counted) lists."""
    person_of: dict[int, int | None] = dict(
        Record.objects.filter(pk__in=records).values_list("id", "person_id")
    )
    persons = {p for p in person_of.values() if p is not None}
    held: dict[int, dict[int, str]] = {}
    rows = current_records().filter(person_id__in=persons, source__systematic=True)
    for rid, pid, name in rows.values_list("id", "person_id", "source__name").iterator(
        chunk_size=10_000
    ):
        held.setdefault(pid, {})[rid] = name
    own = current_records().filter(pk__in=records, source__systematic=True)
    for rid, name in own.values_list("id", "source__name"):
        held.setdefault(-rid, {})[rid] = name  # a record with no person is a person of its own
    return person_of, held


def _priority(pair: tuple[int, int, float], person_of: dict[int, int | None], held: Any) -> float:
    a, b, p = pair
    pa, pb = person_of.get(a), person_of.get(b)
    ka = pa if pa is not None else -a
    kb = pb if pb is not None else -b
    if ka == kb:  # one person now: the question is a split of b's record from the rest
        rest = {name for rid, name in held.get(ka, {}).items() if rid != b}
        part = {name for rid, name in held.get(kb, {}).items() if rid == b}
        return expected_effect(p, rest, part)
    return expected_effect(p, set(held.get(ka, {}).values()), set(held.get(kb, {}).values()))


def review_queue(*, limit: int = 20, offset: int = 0) -> list[PairScore]:
    """Undecided pairs in the uncertain band, and links a constraint refused; those that matter first.

    The band is the one the pairs' run was made with (`review_low` ≤ p <
    `review_high`). A pair with any decision (even "unsure") leaves the queue.
    The order is each pair's expected effect on the documented count and the
    estimate (`dadkhah.core.linkage.priority`): doubt p(1 − p) times one plus
    the persons seen by exactly one counted list that the answer would change;
    ties by doubt, then by the pair.
    """
    candidates = list(
        _queue_candidates().values_list("id", "record_a_id", "record_b_id", "probability")
    )
    if not candidates:
        return []
    person_of, held = _counted_lists({r for _i, a, b, _p in candidates for r in (a, b)})
    ranked = sorted(
        candidates,
        key=lambda c: (
            -_priority((c[1], c[2], c[3]), person_of, held),
            abs(c[3] - 0.5),
            c[1],
            c[2],
        ),
    )
    chosen = [c[0] for c in ranked[offset : offset + limit]]
    found = PairScore.objects.select_related(
        "record_a__source", "record_b__source", "record_a__person", "record_b__person", "run"
    ).in_bulk(chosen)
    return [found[pk] for pk in chosen]


#: The normalized fields a reviewer compares, side by side, in this order.
PAIR_FIELDS: tuple[RecordKey, ...] = (
    "given_name", "family_name", "father_name", "full_name", "sex", "birth_year",
    "birth_date", "arrest_date", "death_date", "city", "prison", "affiliation", "notes",
)  # fmt: skip


@dataclass
class PairView:
    """Two records side by side with the model's explanation and the decisions on them."""

    a: Record
    b: Record
    score: PairScore | None
    prior: float | None
    terms: list[Term]
    decisions: list[ReviewDecision]

    @property
    def probability(self) -> float | None:
        return self.score.probability if self.score is not None else None

    def fields(self) -> list[tuple[str, Any, Any]]:
        """(field, value in a, value in b) for the fields either record gives."""
        out: list[tuple[str, Any, Any]] = []
        na, nb = read_record(self.a.normalized), read_record(self.b.normalized)
        for key in PAIR_FIELDS:
            va, vb = _shown(na.get(key)), _shown(nb.get(key))
            if va is not None or vb is not None:
                out.append((key, va, vb))
        return out


def _shown(value: Any) -> Any:
    if isinstance(value, dict) and "text" in value:
        return value.get("text") or f"{value.get('earliest')} – {value.get('latest')}"
    if isinstance(value, list):
        return "–".join(str(v) for v in dict.fromkeys(value))
    return value


def pair_view(a: int, b: int) -> PairView:
    """Both records, the latest score of the pair (if any) and its decisions.

    Raises:
        Record.DoesNotExist: when either record does not exist, or ``a`` is ``b``
            (a record compared with itself is no pair, and nothing to decide).
    """
    if a == b:
        raise Record.DoesNotExist(f"a pair needs two different records (got {a} twice)")
    lo, hi = min(a, b), max(a, b)
    records = Record.objects.select_related("source", "person")
    ra, rb = records.get(pk=lo), records.get(pk=hi)
    score = (
        PairScore.objects.filter(record_a_id=lo, record_b_id=hi)
        .select_related("run")
        .order_by("-run__started_at", "-run_id")
        .first()
    )
    prior: float | None = None
    terms: list[Term] = []
    if score is not None and score.run.model.get("splink"):
        prior, terms = describe(score.explanation, score.run.model["splink"])
    decisions = list(
        ReviewDecision.objects.filter(record_a_id=lo, record_b_id=hi).order_by("-decided_at", "-id")
    )
    return PairView(ra, rb, score, prior, terms, decisions)
