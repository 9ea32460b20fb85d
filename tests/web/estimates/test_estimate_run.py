"""Estimates from the linked case: capture histories, strata, storage."""

from __future__ import annotations

import numpy as np
import pytest

from dadkhah.core.errors import InputError
from dadkhah.core.estimation import LcmcrSettings
from dadkhah.web.estimates.models import EstimateRun
from dadkhah.web.estimates.selectors import capture_histories, current_lists
from dadkhah.web.estimates.services import estimate_run
from dadkhah.web.people.models import Person
from dadkhah.web.sources.models import Record, Source

pytestmark = pytest.mark.django_db


def _population(n: int, probabilities: list[float], seed: int = 7) -> None:
    """n persons, each caught by list j with probability p_j, independently; city by halves."""
    rng = np.random.default_rng(seed)
    sources = [
        Source.objects.create(name=f"list-{j}", title=f"L{j}", systematic=True)
        for j in range(len(probabilities))
    ]
    Source.objects.create(name="recollections", title="R", systematic=False)
    persons, records = [], []
    caught = rng.random((n, len(probabilities))) < np.array(probabilities)
    for i in range(n):
        if not caught[i].any():
            continue
        persons.append(Person(public_id=f"P-{i:06d}"))
    Person.objects.bulk_create(persons)
    by_id = {p.public_id: p for p in Person.objects.all()}
    for i in range(n):
        for j, source in enumerate(sources):
            if caught[i, j]:
                city = "tehran" if i % 2 else "mashhad"
                records.append(
                    Record(
                        source=source,
                        source_record_id=f"{i}",
                        raw={},
                        normalized={"city": {"id": f"city:{city}"}},
                        person=by_id[f"P-{i:06d}"],
                    )
                )
    Record.objects.bulk_create(records)


def test_only_systematic_lists_count_by_default() -> None:
    _population(50, [0.5, 0.5, 0.5])
    assert [s.name for s in current_lists()] == ["list-0", "list-1", "list-2"]


def test_an_unknown_list_name_is_refused_with_the_known_ones() -> None:
    _population(20, [0.5, 0.5])
    with pytest.raises(InputError, match="list-0, list-1, recollections"):
        current_lists(["list-9"])


def test_each_person_counts_once_with_the_lists_they_are_on() -> None:
    _population(200, [0.4, 0.4, 0.4])
    people = capture_histories(by="city", lists=current_lists())
    assert len(people) == Person.objects.count()
    assert {s for s, _ in people} == {"city:tehran", "city:mashhad"}


def test_independent_lists_give_an_estimate_near_the_truth_and_it_is_stored() -> None:
    _population(2000, [0.3, 0.25, 0.35])
    run, result = estimate_run(methods=["loglinear"])
    loglinear = result.results[0]
    assert loglinear.lower <= 2000 <= loglinear.upper
    stored = EstimateRun.objects.get(pk=run.pk)
    assert stored.documented == result.documented
    assert stored.lists == ["list-0", "list-1", "list-2"]
    assert stored.result["results"][0]["method"] == "loglinear"


def test_strata_are_estimated_and_combined(tmp_path) -> None:  # type: ignore[no-untyped-def]
    _population(1200, [0.4, 0.35, 0.4])
    settings = LcmcrSettings(seed=3, iterations=2000, burn_in=500, thinning=10, chains=2)
    run, result = estimate_run(by="city", lcmcr=settings, plots_dir=tmp_path)
    assert {s.stratum for s in result.strata} == {"city:tehran", "city:mashhad"}
    total = result.total("loglinear")
    assert total is not None and total.lower <= 1200 <= total.upper
    assert run.plots and all(p.endswith((".png", ".svg")) for p in run.plots)


def test_too_few_lists_is_a_clear_error() -> None:
    Source.objects.create(name="only", title="O", systematic=True)
    with pytest.raises(InputError, match="at least 2"):
        estimate_run()
