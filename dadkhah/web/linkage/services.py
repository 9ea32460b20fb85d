"""Writes for linkage: run the model over the case, decide pairs, split and merge persons.

Every write goes through one of these functions inside one transaction. A run
assigns every current record to a person with a stable public id
(`dadkhah.core.linkage.stable_ids`), logs each merge and split with its
reason, and keeps its settings, its model and the pairs it scored. A review
decision is stored, applied to the persons it touches at once, and binds
every later run.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dadkhah.core.errors import InputError
from dadkhah.core.linkage.clustering import ClusterResult, Constraints, cluster_records
from dadkhah.core.linkage.explain import compact_explanation, level_weights
from dadkhah.core.linkage.sampling import DecisionConflict, decision_conflicts
from dadkhah.core.linkage.settings import LinkageSettings
from dadkhah.core.linkage.stable_ids import IdChange, assign_stable_ids, next_public_number
from dadkhah.pipelines.linkage import LinkResult, link_new, link_table, score_pair
from dadkhah.web.linkage.models import LinkRun, PairScore, PersonChange, ReviewDecision
from dadkhah.web.linkage.run_status import link_runs_mark_interrupted, this_process
from dadkhah.web.linkage.selectors import (
    LinkageInput,
    constraints_in_force,
    current_records,
    decisions_in_force,
    latest_run,
    linkage_input,
)
from dadkhah.web.people.models import Person
from dadkhah.web.people.services import persons_refresh
from dadkhah.web.sources.models import Record

__all__ = [
    "link_incremental",
    "link_run",
    "pair_explain",
    "person_merge",
    "person_split",
    "review_decide",
]

Echo = Callable[[str], object]
BATCH = 5000


def _now() -> dt.datetime:
    return timezone.now()


def _check_input(data: LinkageInput) -> None:
    """Bad input is refused before anything is written (the issue's "nothing written")."""
    from dadkhah.pipelines.linkage import check_table

    check_table(data.table, what="the case's records")


# --- persisting a run ----------------------------------------------------------------


def _set_persons(assignment: Mapping[int, int]) -> None:
    """Point records at persons (record id → person pk) with one executemany."""
    table = Record._meta.db_table
    params = [(person, record) for record, person in assignment.items()]
    with connection.cursor() as cursor:
        for i in range(0, len(params), BATCH):
            cursor.executemany(
                f"UPDATE {table} SET person_id = %s WHERE id = %s",  # noqa: S608 (table name from the model)
                params[i : i + BATCH],
            )


def _best_link(
    records: Iterable[int], others: Iterable[int], probability: Mapping[tuple[int, int], float]
) -> float | None:
    best: float | None = None
    other_set = set(others)
    for r in records:
        for o in other_set:
            p = probability.get((min(r, o), max(r, o)))
            if p is not None and (best is None or p > best):
                best = p
    return best


def _reason(
    change: IdChange,
    *,
    run: LinkRun,
    members: Mapping[str, list[int]],
    probability: Mapping[tuple[int, int], float],
    decisions: Mapping[tuple[int, int], ReviewDecision],
    threshold: float,
) -> str:
    head = f"linkage run {run.pk} ({run.kind}, threshold {threshold:g})"
    moved = set(change.records)
    if change.kind == "merge":
        into = [r for r in members.get(change.into or "", []) if r not in moved]
        for (a, b), d in decisions.items():
            if d.verdict == "same" and ((a in moved and b in into) or (b in moved and a in into)):
                return f"{head}: review decision by {d.reviewer} that records {a} and {b} are the same person ({d.reason})"
        best = _best_link(moved, into, probability)
        shown = f" (strongest link p={best:.3f})" if best is not None else ""
        return f"{head}: the records of {change.person} link to {change.into}{shown}"
    if change.kind == "split":
        stayed = members.get(change.person, [])
        for (a, b), d in decisions.items():
            if d.verdict == "different" and (
                (a in moved and b in stayed) or (b in moved and a in stayed)
            ):
                return f"{head}: review decision by {d.reviewer} that records {a} and {b} are different persons ({d.reason})"
        best = _best_link(moved, stayed, probability)
        shown = f"best remaining link p={best:.3f}" if best is not None else "no link scored"
        return f"{head}: records {', '.join(map(str, sorted(moved)))} no longer link to {change.person} ({shown})"
    return f"{head}: a cluster of {len(change.records)} record(s) no earlier person holds"


def _persist(
    *,
    run: LinkRun,
    data: LinkageInput,
    result: LinkResult,
    settings: LinkageSettings,
    replace_pairs: bool,
    echo: Echo,
    store_pairs: bool = True,
) -> None:
    clusters = result.clusters
    ids = assign_stable_ids(
        clusters.labels,
        data.person,
        next_number=next_public_number(Person.objects.values_list("public_id", flat=True)),
    )
    members: dict[str, list[int]] = {}
    for record, public_id in ids.assignment.items():
        members.setdefault(public_id, []).append(record)
    new_ids = [c for c in ids.changes if c.kind == "new"]
    Person.objects.bulk_create([Person(public_id=c.person) for c in new_ids], batch_size=BATCH)
    pk_of = dict(Person.objects.values_list("public_id", "id"))
    changed = {
        r: pk_of[pid]
        for r, pid in ids.assignment.items()
        if r not in data.assigned or data.person.get(r) != pid
    }
    _set_persons(changed)
    # Names and roles follow the records: every person that gained or lost one.
    touched = {pk_of[c.person] for c in ids.changes} | set(changed.values())
    touched |= {pk_of[c.into] for c in ids.changes if c.into}
    persons_refresh(persons=touched)
    echo(f"  {len(new_ids)} new persons, {len(changed)} records assigned")

    probability = {
        (a, b): p
        for a, b, p in zip(
            result.pairs.column("a").to_pylist(),
            result.pairs.column("b").to_pylist(),
            result.pairs.column("probability").to_pylist(),
            strict=True,
        )
    }
    decisions = decisions_in_force()
    now = _now()
    log: list[PersonChange] = []
    merged: dict[str, str] = {}
    for change in ids.changes:
        if change.kind == "merge" and change.into is not None:
            merged[change.person] = change.into
        log.append(
            PersonChange(
                kind=change.kind,
                person_id=pk_of[change.person],
                other_id=pk_of[change.into] if change.into else None,
                records=list(change.records),
                reason=_reason(
                    change,
                    run=run,
                    members=members,
                    probability=probability,
                    decisions=decisions,
                    threshold=settings.threshold,
                ),
                run=run,
                changed_by=run.started_by,
                changed_at=now,
            )
        )
    PersonChange.objects.bulk_create(log, batch_size=BATCH)
    for absorbed, into in merged.items():
        Person.objects.filter(public_id=absorbed).update(merged_into_id=pk_of[into])

    if replace_pairs:
        PairScore.objects.all().delete()
    if not store_pairs:
        result.pairs = result.pairs.slice(0, 0)
    refused = {(r.a, r.b): r.reason for r in clusters.refused}
    labels = clusters.labels
    weights = level_weights(result.model["splink"])
    batch: list[PairScore] = []
    for row in result.pairs.to_pylist():
        a, b = row["a"], row["b"]
        batch.append(
            PairScore(
                run=run,
                record_a_id=a,
                record_b_id=b,
                probability=row["probability"],
                weight=row["weight"],
                explanation=compact_explanation(row, weights),
                linked=labels.get(a) == labels.get(b),
                refused=refused.get((a, b), ""),
            )
        )
        if len(batch) >= BATCH:
            PairScore.objects.bulk_create(batch)
            batch = []
    PairScore.objects.bulk_create(batch)

    kinds = Counter(c.kind for c in ids.changes)
    low, high = settings.review_low, settings.review_high
    probs = result.pairs.column("probability").to_pylist()
    run.metrics = {
        "records": data.table.num_rows,
        "lists": len(set(data.source.values())),
        "pairs_stored": result.pairs.num_rows,
        "links_used": clusters.links_used,
        "persons": len(members),
        "new_persons": kinds["new"],
        "merges": kinds["merge"],
        "splits": kinds["split"],
        "refused": dict(Counter(r.reason for r in clusters.refused)),
        "uncertain_pairs": sum(1 for p in probs if low <= p < high),
        "timings": {k: round(v, 3) for k, v in result.timings.items()},
        "training_notes": result.model.get("training_notes", []),
        "blocking": [list(rule) for rule in result.blocking],
        "blocking_notes": result.notes,
    }
    run.model = result.model
    run.trained = result.trained
    run.status = LinkRun.Status.FINISHED
    run.finished_at = _now()
    run.save()


def _start(kind: str, backend: str, settings: LinkageSettings, started_by: str) -> LinkRun:
    # Earlier runs whose process was killed are closed first; this one records its
    # process so that the next run can tell the same (run_status.py).
    link_runs_mark_interrupted()
    host, pid = this_process()
    return LinkRun.objects.create(
        kind=kind,
        backend=backend,
        settings=settings.as_dict(),
        started_by=started_by,
        started_at=_now(),
        host=host,
        pid=pid,
    )


def _fail(run: LinkRun, exc: BaseException) -> None:
    LinkRun.objects.filter(pk=run.pk).update(
        # KeyboardInterrupt and SystemExit (SIGTERM in the CLI) have no message of their own.
        status=LinkRun.Status.FAILED,
        error=(str(exc) or type(exc).__name__)[:5000],
        finished_at=_now(),
    )


def link_run(
    *,
    backend: str = "duckdb",
    settings: LinkageSettings | None = None,
    reuse_model: bool = False,
    started_by: str = "",
    echo: Echo = lambda _s: None,
    store_pairs: bool = True,
) -> LinkRun:
    """Link every current record of the case: train (or reuse the model), score, cluster, persist.

    Args:
        backend: "duckdb" (default) or "spark".
        settings: Thresholds and blocking (defaults, or the latest run's when reusing).
        reuse_model: Score with the latest run's trained model instead of re-training.
        started_by: Who started the run (a user name).
        echo: Progress lines go here.
        store_pairs: Keep the scored pairs with their explanations (for review
            and `explain`); a throwaway case (`link-files`) need not.

    Returns:
        The finished `LinkRun`.

    Raises:
        InputError: No record, no name anywhere, or no model to reuse; nothing is written.
    """
    model = None
    if reuse_model:
        previous = latest_run(with_model=True)
        if previous is None:
            raise InputError(
                "No trained model to reuse: run `dadkhah link` without --reuse-model first."
            )
        model = previous.model
        if settings is None:
            settings = LinkageSettings.from_dict(dict(previous.model.get("settings", {})))
    settings = settings or LinkageSettings()
    data = linkage_input()
    _check_input(data)
    echo(
        f"Linking {data.table.num_rows} records from {len(set(data.source.values()))} lists ({backend})…"
    )
    run = _start(LinkRun.Kind.FULL, backend, settings, started_by)
    try:
        constraints = constraints_in_force(exclusive=data.exclusive)
        result = link_table(
            data.table, settings=settings, backend=backend, model=model, constraints=constraints
        )
        with transaction.atomic():
            _persist(
                run=run,
                data=data,
                result=result,
                settings=settings,
                replace_pairs=True,
                echo=echo,
                store_pairs=store_pairs,
            )
    except BaseException as exc:
        _fail(run, exc)
        raise
    return run


def link_incremental(
    *, backend: str = "duckdb", started_by: str = "", echo: Echo = lambda _s: None
) -> LinkRun:
    """Link the records no person holds yet against the existing persons, without re-training.

    Uses the latest run's model and settings. Existing persons stay as they
    are: a new record joins at most one of them or starts a new person.

    Raises:
        InputError: No earlier run with a model, or no new record; nothing is written.
    """
    previous = latest_run(with_model=True)
    if previous is None:
        raise InputError("No linkage model yet: run a full `dadkhah link` first.")
    settings = LinkageSettings.from_dict(dict(previous.model.get("settings", {})))
    data = linkage_input()
    import pyarrow.compute as pc

    ids = data.table.column("unique_id")
    has_person = pc.is_in(ids, value_set=_int_array(sorted(data.assigned)))
    existing = data.table.filter(has_person)
    new = data.table.filter(pc.invert(has_person))
    if new.num_rows == 0:
        raise InputError("No new record to link: every record already belongs to a person.")
    from dadkhah.pipelines.linkage import check_table

    check_table(new, what="the new records")
    echo(f"Linking {new.num_rows} new records against {existing.num_rows} linked ones ({backend})…")
    run = _start(LinkRun.Kind.INCREMENTAL, backend, settings, started_by)
    try:
        base = constraints_in_force(exclusive=data.exclusive)
        fixed = {r: p for r, p in data.person.items() if r in data.assigned}
        constraints = Constraints(
            same=base.same, different=base.different, exclusive=base.exclusive, fixed=fixed
        )
        result = link_new(
            existing,
            new,
            model=previous.model,
            settings=settings,
            backend=backend,
            constraints=constraints,
        )
        with transaction.atomic():
            _persist(
                run=run, data=data, result=result, settings=settings, replace_pairs=False, echo=echo
            )
    except BaseException as exc:
        _fail(run, exc)
        raise
    return run


def _int_array(values: list[int]) -> Any:
    import pyarrow as pa

    return pa.array(values, type=pa.int64())


# --- review ------------------------------------------------------------------------------


def _record_pair(a: int, b: int) -> tuple[Record, Record]:
    if a == b:
        raise InputError(
            _("A decision needs two different records (got %(record)s twice).") % {"record": a}
        )
    found = {r.pk: r for r in Record.objects.select_related("person").filter(pk__in=(a, b))}
    for rid in (a, b):
        if rid not in found:
            raise InputError(
                _("Record %(record)s does not exist; check the record id.") % {"record": rid}
            )
    return found[min(a, b)], found[max(a, b)]


def _recluster(person: Person, *, reviewer: str, reason: str, now: dt.datetime) -> list[Person]:
    """Re-cluster one person's records under the decisions in force; split off what falls apart.

    Uses the scores the last runs stored for pairs among these records.
    Returns the new persons made.
    """
    records = list(Record.objects.filter(person=person).values_list("id", flat=True))
    if len(records) < 2:
        return []
    run = latest_run()
    threshold = float(run.settings.get("threshold", 0.9)) if run is not None else 0.9
    links = list(
        PairScore.objects.filter(record_a_id__in=records, record_b_id__in=records).values_list(
            "record_a_id", "record_b_id", "probability"
        )
    )
    decisions = decisions_in_force(records)
    constraints = Constraints(
        same=[p for p, d in decisions.items() if d.verdict == "same"],
        different=[p for p, d in decisions.items() if d.verdict == "different"],
    )
    result: ClusterResult = cluster_records(
        records, links, threshold=threshold, constraints=constraints
    )
    groups = sorted(result.clusters().values(), key=lambda g: (-len(g), g[0]))
    made: list[Person] = []
    for group in groups[1:]:
        made.append(_split_off(person, group, reviewer=reviewer, reason=reason, now=now))
    return made


def _new_person() -> Person:
    number = next_public_number(Person.objects.values_list("public_id", flat=True))
    from dadkhah.core.linkage.stable_ids import format_public_id

    return Person.objects.create(public_id=format_public_id(number))


def _split_off(
    person: Person, records: list[int], *, reviewer: str, reason: str, now: dt.datetime
) -> Person:
    new = _new_person()
    Record.objects.filter(pk__in=records).update(person=new)
    persons_refresh(persons=[new.pk, person.pk])
    PersonChange.objects.create(
        kind="new", person=new, records=records, reason=reason, changed_by=reviewer, changed_at=now
    )
    PersonChange.objects.create(
        kind="split",
        person=person,
        other=new,
        records=records,
        reason=reason,
        changed_by=reviewer,
        changed_at=now,
    )
    return new


def _merge(
    survivor: Person, absorbed: Person, *, reviewer: str, reason: str, now: dt.datetime
) -> None:
    records = list(Record.objects.filter(person=absorbed).values_list("id", flat=True))
    Record.objects.filter(person=absorbed).update(person=survivor)
    persons_refresh(persons=[survivor.pk])
    absorbed.merged_into = survivor
    absorbed.save(update_fields=["merged_into"])
    PersonChange.objects.create(
        kind="merge",
        person=absorbed,
        other=survivor,
        records=sorted(records),
        reason=reason,
        changed_by=reviewer,
        changed_at=now,
    )


def _survivor(p: Person, q: Person) -> tuple[Person, Person]:
    """The person that keeps its id in a merge: more records, then the older id."""
    np_, nq = p.records.count(), q.records.count()
    if (nq, -q.pk) > (np_, -p.pk):
        return q, p
    return p, q


def _decide(
    a: Record, b: Record, verdict: str, *, reason: str, reviewer: str, user: Any, now: dt.datetime
) -> ReviewDecision:
    score = PairScore.objects.filter(record_a=a, record_b=b).order_by("-run_id").first()
    return ReviewDecision.objects.create(
        record_a=a,
        record_b=b,
        verdict=verdict,
        reason=reason,
        reviewer=reviewer,
        user=user,
        decided_at=now,
        probability=score.probability if score is not None else None,
        run=score.run if score is not None else latest_run(),
    )


def _conflict_words(conflict: DecisionConflict) -> str:
    """`DecisionConflict.describe` in the reader's language (the English is the same)."""
    a, b = conflict.different
    return _("%(a)s ≠ %(b)s contradicts %(links)s (these make %(a)s and %(b)s one person)") % {
        "a": a,
        "b": b,
        "links": ", ".join(f"{x} = {y}" for x, y in conflict.chain),
    }


def _refuse_contradiction(a: int, b: int, verdict: str) -> None:
    """Refuse a decision that, with the decisions in force, no set of persons can satisfy.

    "Same person" is transitive (A = B and B = C make A = C), so a decision
    that closes a loop of "same" around a "different" is refused, naming the
    decisions it contradicts; the case is left unchanged.

    Raises:
        InputError: The new decision contradicts decisions in force.
    """
    if verdict not in (ReviewDecision.Verdict.SAME, ReviewDecision.Verdict.DIFFERENT):
        return
    same, different = [], []
    for pair, d in decisions_in_force().items():
        if pair == (a, b):
            continue  # the new decision replaces the one in force on this pair
        if d.verdict == ReviewDecision.Verdict.SAME:
            same.append(pair)
        elif d.verdict == ReviewDecision.Verdict.DIFFERENT:
            different.append(pair)
    before = {c.different for c in decision_conflicts(same, different)}
    (same if verdict == ReviewDecision.Verdict.SAME else different).append((a, b))
    new = [c for c in decision_conflicts(same, different) if c.different not in before]
    if new:
        raise InputError(
            _(
                "This decision contradicts decisions in force, so it was not recorded: "
                "%(conflicts)s. Records that are the same person as each other are all one "
                "person; change one of the earlier decisions first if it was wrong."
            )
            % {"conflicts": "; ".join(_conflict_words(c) for c in new[:3])}
        )


@transaction.atomic
def review_decide(
    *, record_a: int, record_b: int, verdict: str, reason: str, reviewer: str, user: Any = None
) -> ReviewDecision:
    """Record a reviewer's decision on two records and apply it to their persons now.

    "same" merges their persons (if two); "different" re-clusters their person
    (if one) so that they fall apart; "unsure" changes nothing. Every later
    run honours "same" and "different" as hard constraints.

    Args:
        record_a: One record id.
        record_b: The other record id.
        verdict: "same", "different" or "unsure".
        reason: Why (required: the record of the decision must say).
        reviewer: Who decided (a user name).
        user: The web user, when the decision comes from the web app.

    Raises:
        InputError: Unknown verdict or record, the same record twice, or no reason.
    """
    if verdict not in ReviewDecision.Verdict.values:
        raise InputError(
            _("Unknown verdict %(verdict)s; use same, different or unsure.")
            % {"verdict": repr(verdict)}
        )
    if not reason.strip():
        raise InputError(
            _("Give a reason for the decision: it is kept with it for whoever checks later.")
        )
    if not reviewer.strip():
        raise InputError(_("Name the reviewer: every decision records who made it."))
    a, b = _record_pair(record_a, record_b)
    _refuse_contradiction(a.pk, b.pk, verdict)
    now = _now()
    decision = _decide(a, b, verdict, reason=reason.strip(), reviewer=reviewer, user=user, now=now)
    why = f"review decision by {reviewer} that records {a.pk} and {b.pk} are {'the same person' if verdict == 'same' else 'different persons'}: {reason.strip()}"
    if verdict == "same" and a.person_id and b.person_id and a.person_id != b.person_id:
        survivor, absorbed = _survivor(a.person, b.person)  # type: ignore[arg-type]
        _merge(survivor, absorbed, reviewer=reviewer, reason=why, now=now)
    elif verdict == "same" and (a.person_id is None) != (b.person_id is None):
        holder = a.person if a.person_id else b.person
        Record.objects.filter(pk__in=(a.pk, b.pk)).update(person=holder)
    elif verdict == "different" and a.person_id and a.person_id == b.person_id:
        _recluster(a.person, reviewer=reviewer, reason=why, now=now)  # type: ignore[arg-type]
    return decision


@transaction.atomic
def person_split(
    *, person: Person, records: list[int], reason: str, reviewer: str, user: Any = None
) -> Person:
    """Split records off a person into a new one; the split binds later runs.

    The split is stored as decisions: every moved record is "different" from
    every record that stays, and the moved records are "same" as each other.

    Raises:
        InputError: No reason, no record, or a record the person does not hold,
            or all of its records.
    """
    if not reason.strip():
        raise InputError("Give a reason for the split.")
    held = set(Record.objects.filter(person=person).values_list("id", flat=True))
    moved = sorted(set(records))
    if not moved:
        raise InputError("Name the records to split off.")
    strangers = [r for r in moved if r not in held]
    if strangers:
        raise InputError(
            f"{person.public_id} does not hold record(s) {', '.join(map(str, strangers))}."
        )
    stay = sorted(held - set(moved))
    if not stay:
        raise InputError(
            f"Splitting off every record of {person.public_id} would leave it empty; split off fewer."
        )
    now = _now()
    why = f"split by {reviewer}: {reason.strip()}"
    for r in moved:
        for s in stay:
            ra, rb = Record.objects.get(pk=min(r, s)), Record.objects.get(pk=max(r, s))
            _decide(ra, rb, "different", reason=why, reviewer=reviewer, user=user, now=now)
    anchor = moved[0]
    for r in moved[1:]:
        _decide(
            Record.objects.get(pk=anchor),
            Record.objects.get(pk=r),
            "same",
            reason=why,
            reviewer=reviewer,
            user=user,
            now=now,
        )
    return _split_off(person, moved, reviewer=reviewer, reason=why, now=now)


@transaction.atomic
def person_merge(
    *, person: Person, other: Person, reason: str, reviewer: str, user: Any = None
) -> Person:
    """Merge two persons into one (the one with more records keeps its id); binds later runs.

    Stored as "same" decisions from one record to every other record of both.

    Raises:
        InputError: No reason, the same person twice, or a person without records.
    """
    if not reason.strip():
        raise InputError("Give a reason for the merge.")
    if person.pk == other.pk:
        raise InputError(f"{person.public_id} is already one person.")
    survivor, absorbed = _survivor(person, other)
    mine = sorted(Record.objects.filter(person=survivor).values_list("id", flat=True))
    theirs = sorted(Record.objects.filter(person=absorbed).values_list("id", flat=True))
    if not mine or not theirs:
        raise InputError("Both persons need at least one record to merge.")
    now = _now()
    why = f"merge by {reviewer}: {reason.strip()}"
    anchor = mine[0]
    for r in mine[1:] + theirs:
        ra, rb = Record.objects.get(pk=min(anchor, r)), Record.objects.get(pk=max(anchor, r))
        _decide(ra, rb, "same", reason=why, reviewer=reviewer, user=user, now=now)
    _merge(survivor, absorbed, reviewer=reviewer, reason=why, now=now)
    return survivor


def pair_explain(
    *, record_a: int, record_b: int, backend: str = "duckdb"
) -> tuple[float, float, dict[str, list[float]], dict[str, Any]]:
    """Score two records with the latest model, whether or not they were compared in a run.

    Returns:
        (match probability, match weight, compact explanation, the model used).

    Raises:
        InputError: No model yet, or an unknown record.
    """
    run = latest_run(with_model=True)
    if run is None:
        raise InputError("No linkage model yet: run `dadkhah link` first.")
    _record_pair(record_a, record_b)
    data = linkage_input(current_records() | Record.objects.filter(pk__in=(record_a, record_b)))
    p, w, compact = score_pair(data.table, record_a, record_b, model=run.model, backend=backend)
    return p, w, compact, run.model
