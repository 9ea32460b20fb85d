"""A submission is scored against the registry with the case's own linkage model."""

from __future__ import annotations

import pytest

from dadkhah.web.families.matching import submission_match
from dadkhah.web.families.models import Submission
from dadkhah.web.linkage.services import link_run
from dadkhah.web.sources.models import Record
from tests.web.linkage.conftest import build_small_case

pytestmark = pytest.mark.django_db


def test_the_linkage_model_ranks_the_right_person_first(case) -> None:
    small = build_small_case(persons=120, seed=7)
    link_run(started_by="test")
    # A record of the Persian list, as a family would write it again.
    record = Record.objects.filter(source=small.persian, person__isnull=False).first()
    n = record.normalized
    submission = Submission.objects.create(
        given_name=n["given_name"],
        family_name=n["family_name"],
        father_name=n.get("father_name", ""),
        city="",
    )
    candidates = submission_match(submission)
    assert candidates, "no candidate found"
    assert candidates[0].method == "linkage"
    assert candidates[0].person_id == record.person_id
    assert all(0 <= c.probability <= 1 for c in candidates)
    probabilities = [c.probability for c in candidates]
    assert probabilities == sorted(probabilities, reverse=True)
