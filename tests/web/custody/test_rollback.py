"""`verify --since`: a log cut, rewritten or stripped of a head below a kept head is found;
witness cosignatures on the kept head are checked."""

from __future__ import annotations

import pytest
from django.db import connection

from dadkhah.core.case import Case
from dadkhah.core.custody.witness import WitnessSigner
from dadkhah.web.custody.models import CustodyEntry, CustodyHead
from dadkhah.web.custody.services import custody_append, custody_publish
from dadkhah.web.custody.verification import case_verify

pytestmark = pytest.mark.django_db


def _append(case: Case, n: int, tag: str) -> None:
    for i in range(n):
        custody_append(
            case=case, events=[{"actor": "a", "action": "transfer", "details": {tag: i}}]
        )


def _problems(case: Case, **kwargs) -> list[str]:
    return [str(p) for p in case_verify(case=case, check_items=False, **kwargs).problems]


def _cut(from_seq: int) -> None:
    """What an attacker with the database does: remove entries from ``from_seq`` on, and
    every head that covers them."""
    with connection.cursor() as cur:
        cur.execute("DELETE FROM custody_custodyentry WHERE seq >= %s", [from_seq])
        cur.execute("DELETE FROM custody_custodyhead WHERE size > %s", [from_seq])


@pytest.fixture
def published(case: Case) -> tuple[Case, str]:
    _append(case, 50, "before")
    head = custody_publish(case=case)
    assert head.size == 50
    return case, head.note


def test_the_kept_head_verifies_on_the_log_that_grew_from_it(published) -> None:
    case, note = published
    _append(case, 5, "after")
    assert _problems(case, since=note) == []


def test_deleting_the_last_30_entries_and_their_heads_is_found_only_with_since(
    published, without_triggers
) -> None:
    case, note = published
    without_triggers()
    _cut(20)
    assert CustodyEntry.objects.count() == 20
    assert _problems(case) == []  # the shorter log is self-consistent: why heads leave
    problems = _problems(case, since=note)
    assert any("signs 50 entries but the log now has 20" in p for p in problems), problems
    assert any("rolled back" in p for p in problems)


def test_a_log_cut_and_regrown_past_the_kept_head_is_not_consistent_with_it(
    published, without_triggers
) -> None:
    case, note = published
    without_triggers()
    _cut(20)
    _append(case, 40, "rewritten")  # the service signs the new history happily
    assert _problems(case) == []
    problems = _problems(case, since=note)
    assert any("not consistent with it" in p for p in problems), problems


def test_deleting_an_intermediate_head_is_found_with_since(published, without_triggers) -> None:
    case, note = published
    _append(case, 10, "after")
    without_triggers()
    CustodyHead.objects.filter(size=50).delete()
    assert _problems(case) == []
    problems = _problems(case, since=note)
    assert problems == [
        "kept head (size 50): is not among the case's stored signed heads: a head was deleted"
    ]


def test_a_head_signed_by_another_key_is_refused(published) -> None:
    case, note = published
    forged = note.split("\n\n")[0] + "\n\n\u2014 other AAAAAAAA\n"
    problems = _problems(case, since=forged)
    assert problems and "not a head signed by this case's key" in problems[0]


def test_publish_signs_the_reads_that_wait(case: Case) -> None:
    _append(case, 1, "x")
    custody_append(case=case, events=[{"actor": "v", "action": "view"}], batched=True)
    assert CustodyHead.objects.last().size == 1
    assert custody_publish(case=case).size == 2


# --- witness cosignatures -----------------------------------------------------------------


def test_cosignatures_by_the_given_witnesses_are_checked(published) -> None:
    case, note = published
    one, two = WitnessSigner.generate("ngo.example/w1"), WitnessSigner.generate("bar.example/w")
    cosigned = note + one.cosign(note, timestamp=1_700_000_000)
    report = case_verify(case=case, check_items=False, since=cosigned, witnesses=[one.verifier()])
    assert report.ok and report.cosignatures == ["ngo.example/w1"]
    missing = _problems(case, since=cosigned, witnesses=[one.verifier(), two.verifier()])
    assert missing == ["kept head (size 50): no cosignature by witness bar.example/w on the head"]


def test_a_cosignature_over_another_head_does_not_verify(published) -> None:
    case, note = published
    _append(case, 1, "later")
    later = custody_publish(case=case).note
    witness = WitnessSigner.generate("ngo.example/w1")
    moved = note + witness.cosign(later, timestamp=1_700_000_000)
    problems = _problems(case, since=moved, witnesses=[witness.verifier()])
    assert problems == [
        "kept head (size 50): cosignature by witness ngo.example/w1 does not verify"
    ]
