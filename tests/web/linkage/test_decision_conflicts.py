"""Review decisions that contradict each other are refused when made, naming the others."""

from __future__ import annotations

import pytest

from dadkhah.core.errors import InputError
from dadkhah.web.linkage.models import ReviewDecision
from dadkhah.web.linkage.services import review_decide
from dadkhah.web.sources.models import Record
from tests.web.linkage.conftest import SmallCase

pytestmark = pytest.mark.django_db


def _decide(a: int, b: int, verdict: str) -> ReviewDecision:
    return review_decide(record_a=a, record_b=b, verdict=verdict, reason="r", reviewer="rev")


def test_a_different_that_closes_a_loop_of_same_is_refused_naming_them(
    small_case: SmallCase,
) -> None:
    a, b, c = sorted(small_case.truth)[:3]
    _decide(a, b, "same")
    _decide(b, c, "same")
    persons = dict(Record.objects.values_list("id", "person_id"))
    with pytest.raises(InputError, match=rf"{a} ≠ {c} contradicts {a} = {b}, {b} = {c}"):
        _decide(a, c, "different")
    assert ReviewDecision.objects.count() == 2
    assert dict(Record.objects.values_list("id", "person_id")) == persons


def test_a_same_that_joins_two_records_decided_different_is_refused(
    small_case: SmallCase,
) -> None:
    a, b, c = sorted(small_case.truth)[:3]
    _decide(a, c, "different")
    _decide(a, b, "same")
    with pytest.raises(InputError, match="contradicts"):
        _decide(b, c, "same")
    assert ReviewDecision.objects.count() == 2


def test_changing_a_decision_on_the_same_pair_is_not_a_contradiction(
    small_case: SmallCase,
) -> None:
    a, b = sorted(small_case.truth)[:2]
    _decide(a, b, "same")
    _decide(a, b, "different")
    assert ReviewDecision.objects.count() == 2
