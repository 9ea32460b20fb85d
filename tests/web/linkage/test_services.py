"""Linkage services: runs with stable ids, decisions that survive re-runs, splits, merges."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from dadkhah.core.errors import InputError
from dadkhah.core.linkage.metrics import scores
from dadkhah.web.linkage.models import LinkRun, PairScore, PersonChange, ReviewDecision
from dadkhah.web.linkage.selectors import review_queue
from dadkhah.web.linkage.services import (
    link_incremental,
    link_run,
    pair_explain,
    person_merge,
    person_split,
    review_decide,
)
from dadkhah.web.people.models import Person
from dadkhah.web.sources.models import Record, Source
from tests.web.linkage.conftest import (
    LinkedCase,
    SmallCase,
    latin_record,
    linked_small_case,
    make_persons,
)

pytestmark = pytest.mark.django_db


def _assignment() -> dict[int, str]:
    return dict(Record.objects.values_list("id", "person__public_id"))


def _linked_pair() -> tuple[int, int]:
    pair = PairScore.objects.filter(linked=True).order_by("-probability").first()
    assert pair is not None
    return pair.record_a_id, pair.record_b_id


def test_new_ids_are_numbered_above_every_id_in_use(small_case: SmallCase) -> None:
    Person.objects.create(public_id="P-900001", display_name="Official A (fictional)")
    link_run()
    numbers = sorted(int(p[2:]) for p in set(_assignment().values()))
    assert numbers[0] == 900002


def test_decisions_need_a_reason_a_reviewer_and_two_records(small_case: SmallCase) -> None:
    a, b = list(small_case.truth)[:2]
    with pytest.raises(InputError, match="reason"):
        review_decide(record_a=a, record_b=b, verdict="same", reason=" ", reviewer="x")
    with pytest.raises(InputError, match="two different records"):
        review_decide(record_a=a, record_b=a, verdict="same", reason="r", reviewer="x")
    with pytest.raises(InputError, match="Unknown verdict"):
        review_decide(record_a=a, record_b=b, verdict="maybe", reason="r", reviewer="x")
    with pytest.raises(InputError, match="does not exist"):
        review_decide(record_a=a, record_b=10**9, verdict="same", reason="r", reviewer="x")
    assert not ReviewDecision.objects.exists()


def test_incremental_linking_without_a_model_is_refused(small_case: SmallCase) -> None:
    with pytest.raises(InputError, match="full `dadkhah link` first"):
        link_incremental()
    assert not LinkRun.objects.exists()


@pytest.fixture(scope="class")
def linked(django_db_setup: None, django_db_blocker: Any) -> Iterator[LinkedCase]:
    with linked_small_case(django_db_blocker) as case:
        yield case


class TestOnTheCaseLinkedOnce:
    """Tests that start from the small case after one full run (trained once for them all).

    What a test writes is rolled back after it (conftest.linked_small_case); a test that
    re-links re-trains or reuses the model exactly as it did when it linked its own case.
    """

    def test_a_run_gives_every_record_a_person_and_links_accurately(
        self, linked: LinkedCase
    ) -> None:
        run, small_case = linked.run, linked.case
        assert run.status == LinkRun.Status.FINISHED
        assert run.trained
        assignment = _assignment()
        assert None not in assignment.values()
        assert all(pid.startswith("P-") for pid in assignment.values())
        listed = {
            r: p
            for r, p in small_case.truth.items()
            if Record.objects.get(pk=r).source_id != small_case.survivors.pk
        }
        assert scores(assignment, listed).f1 >= 0.95
        assert scores(assignment, small_case.truth).bcubed_f1 >= 0.9
        assert run.metrics["records"] == len(small_case.truth)
        assert run.model["format"] == "dadkhah-linkage-model"
        assert PairScore.objects.filter(run=run).exists()

    def test_no_person_holds_two_records_of_a_duplicate_free_list(self, linked: LinkedCase) -> None:
        per = Counter(Record.objects.values_list("person_id", "source_id"))
        assert max(per.values()) == 1

    def test_a_rerun_keeps_every_id_and_logs_no_change(self, linked: LinkedCase) -> None:
        before = _assignment()
        changes = PersonChange.objects.count()
        link_run(reuse_model=True)
        assert _assignment() == before
        assert PersonChange.objects.count() == changes

    def test_a_different_decision_splits_now_and_survives_a_rerun(self, linked: LinkedCase) -> None:
        a, b = _linked_pair()
        decision = review_decide(
            record_a=a,
            record_b=b,
            verdict="different",
            reason="fathers differ on the certificate",
            reviewer="rev1",
        )
        assert decision.reviewer == "rev1"
        assert decision.probability is not None
        assignment = _assignment()
        assert assignment[a] != assignment[b]
        assert PersonChange.objects.filter(kind="split").exists()
        link_run()
        link_run(reuse_model=True)
        assignment = _assignment()
        assert assignment[a] != assignment[b]

    def test_a_same_decision_merges_now_and_survives_a_rerun(self, linked: LinkedCase) -> None:
        truth = linked.case.truth
        assignment = _assignment()
        a = next(iter(assignment))
        b = next(r for r in assignment if assignment[r] != assignment[a] and truth[r] != truth[a])
        review_decide(
            record_a=a,
            record_b=b,
            verdict="same",
            reason="same shenasnameh number",
            reviewer="rev1",
        )
        assignment = _assignment()
        assert assignment[a] == assignment[b]
        merged = PersonChange.objects.get(kind="merge")
        assert "same shenasnameh number" in merged.reason
        assert merged.person.merged_into == merged.other
        link_run()
        assignment = _assignment()
        assert assignment[a] == assignment[b]

    def test_an_unsure_decision_takes_the_pair_out_of_the_queue_and_changes_nothing(
        self, linked: LinkedCase
    ) -> None:
        queue = review_queue(limit=5)
        assert queue, "the small case has uncertain pairs"
        first = queue[0]
        before = _assignment()
        review_decide(
            record_a=first.record_a_id,
            record_b=first.record_b_id,
            verdict="unsure",
            reason="cannot tell",
            reviewer="rev",
        )
        assert _assignment() == before
        assert (first.record_a_id, first.record_b_id) not in {
            (p.record_a_id, p.record_b_id) for p in review_queue(limit=1000)
        }

    def test_a_reviewer_split_and_merge_are_logged_and_bind_later_runs(
        self, linked: LinkedCase
    ) -> None:
        counts = Counter(Record.objects.values_list("person_id", flat=True))
        pid = next(p for p, n in counts.items() if n >= 2)
        person = Person.objects.get(pk=pid)
        records = sorted(Record.objects.filter(person=person).values_list("id", flat=True))
        new = person_split(
            person=person, records=records[:1], reason="two men of that name", reviewer="rev"
        )
        assert Record.objects.get(pk=records[0]).person == new
        link_run()
        assert _assignment()[records[0]] != _assignment()[records[1]]
        survivor = person_merge(
            person=Record.objects.get(pk=records[0]).person,
            other=Record.objects.get(pk=records[1]).person,
            reason="it was one man after all",
            reviewer="rev",
        )
        assert {Record.objects.get(pk=r).person_id for r in records} == {survivor.pk}
        link_run()
        assignment = _assignment()
        assert assignment[records[0]] == assignment[records[1]]
        assert PersonChange.objects.filter(
            kind="merge", reason__contains="one man after all"
        ).exists()

    def test_splitting_every_record_off_is_refused(self, linked: LinkedCase) -> None:
        record = Record.objects.first()
        assert record is not None and record.person is not None
        held = list(Record.objects.filter(person=record.person).values_list("id", flat=True))
        with pytest.raises(InputError, match="leave it empty"):
            person_split(person=record.person, records=held, reason="x", reviewer="rev")

    def test_a_new_list_is_linked_incrementally_without_retraining(
        self, linked: LinkedCase
    ) -> None:
        first, small_case = linked.run, linked.case
        before = _assignment()
        import random

        rng = random.Random(9)
        memorial = Source.objects.create(
            name="memorial", title="Memorial (synthetic)", duplicate_free=True, synthetic=True
        )
        people = make_persons(150, 5)
        added = {}
        for i in range(0, 150, 3):
            r = Record.objects.create(
                source=memorial,
                source_record_id=f"M{i}",
                raw={},
                normalized=latin_record(people[i], rng),
            )
            added[r.pk] = i
        run = link_incremental(started_by="tester")
        assert run.kind == LinkRun.Kind.INCREMENTAL
        assert not run.trained
        assert run.model["trained_at"] == first.model["trained_at"]
        after = _assignment()
        assert {r: after[r] for r in before} == before  # existing persons untouched
        assert None not in after.values()
        truth = dict(small_case.truth) | added
        listed = {
            r: p
            for r, p in truth.items()
            if Record.objects.get(pk=r).source_id != small_case.survivors.pk
        }
        assert scores(after, listed).f1 >= 0.9

    def test_incremental_linking_without_new_records_is_refused(self, linked: LinkedCase) -> None:
        with pytest.raises(InputError, match="No new record"):
            link_incremental()

    def test_explaining_a_pair_uses_the_latest_model(self, linked: LinkedCase) -> None:
        a, b = _linked_pair()
        p, _w, compact, model = pair_explain(record_a=a, record_b=b)
        assert p >= 0.9
        assert "given" in compact and "family" in compact
        assert model["format"] == "dadkhah-linkage-model"

    def test_a_corrected_record_keeps_the_person_of_its_earlier_version(
        self, linked: LinkedCase
    ) -> None:
        old = Record.objects.filter(source=linked.case.latin).order_by("id").first()
        assert old is not None and old.person is not None
        new = Record.objects.create(
            source=old.source,
            source_record_id=old.source_record_id,
            version=2,
            previous=old,
            raw=old.raw,
            normalized=dict(old.normalized, notes="corrected"),
        )
        link_run(reuse_model=True)
        new.refresh_from_db()
        assert new.person_id == old.person_id


@pytest.mark.parametrize("kind", ["empty", "no-names"])
def test_bad_input_is_refused_and_nothing_is_written(db, kind: str) -> None:
    if kind == "no-names":
        source = Source.objects.create(name="cities-only", title="x")
        for i in range(3):
            Record.objects.create(
                source=source, source_record_id=str(i), raw={}, normalized={"city": "city:tehran"}
            )
    with pytest.raises(InputError, match="Nothing to link"):
        link_run()
    assert not LinkRun.objects.exists()
    assert not Person.objects.exists()
