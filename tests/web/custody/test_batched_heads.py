"""Every read is a custody entry, but heads are signed in batches, not one per read."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from dadkhah.core.case import Case
from dadkhah.web.custody.models import CustodyEntry, CustodyHead
from dadkhah.web.custody.services import (
    CustodyError,
    custody_append,
    custody_record,
    custody_sign_pending,
)
from dadkhah.web.custody.verification import case_verify
from dadkhah.web.evidence.models import EvidenceItem
from dadkhah.web.evidence.services import evidence_add_paths, evidence_record_access

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(case: Case, evidence_files: Path) -> EvidenceItem:
    evidence_add_paths(case=case, paths=[evidence_files / "note.txt"], actor="a")
    return EvidenceItem.objects.get()


def test_fifty_views_make_far_fewer_heads_and_verify(case: Case, item: EvidenceItem) -> None:
    heads_before = CustodyHead.objects.count()
    for i in range(50):
        evidence_record_access(case=case, item=item, actor=f"web:viewer{i % 3}")
    assert CustodyEntry.objects.filter(action="view").count() == 50
    assert CustodyHead.objects.count() - heads_before == 0  # under head_every=100, within 60 s
    report = case_verify(case=case)
    assert report.ok and report.pending == 50 and report.entries == 51
    head = custody_sign_pending(case=case)
    assert head is not None and head.size == 51
    assert custody_sign_pending(case=case) is None  # nothing waits any more
    report = case_verify(case=case)
    assert report.ok and report.pending == 0 and report.heads == heads_before + 1


def test_a_head_every_n_reads(case: Case, item: EvidenceItem) -> None:
    case.config.extra["custody"] = {"head_every": 10}
    for _ in range(50):
        evidence_record_access(case=case, item=item, actor="web:v")
    assert sorted(CustodyHead.objects.values_list("size", flat=True)) == [1, 11, 21, 31, 41, 51]
    assert case_verify(case=case).ok


def test_a_head_when_the_last_is_older_than_t_seconds(case: Case, item: EvidenceItem) -> None:
    case.config.extra["custody"] = {"head_seconds": 30}
    later = timezone.now() + timedelta(seconds=31)
    custody_append(case=case, events=[{"actor": "v", "action": "view"}], batched=True)
    assert CustodyHead.objects.count() == 1
    custody_append(case=case, events=[{"actor": "v", "action": "view"}], now=later, batched=True)
    assert list(CustodyHead.objects.values_list("size", flat=True)) == [1, 3]


def test_a_write_that_is_not_a_read_signs_the_waiting_reads(case: Case, item: EvidenceItem) -> None:
    evidence_record_access(case=case, item=item, actor="v", action="download")
    result = custody_record(case=case, actor="cli:a", action="export")
    assert result.head is not None and result.head.size == 3
    assert case_verify(case=case).ok


def test_only_reads_are_batched(case: Case) -> None:
    with pytest.raises(CustodyError, match="batched"):
        custody_append(case=case, events=[{"actor": "a", "action": "ingest"}], batched=True)


def test_an_unsigned_entry_that_is_not_a_read_fails_verify(
    case: Case, item: EvidenceItem, without_triggers
) -> None:
    evidence_record_access(case=case, item=item, actor="v")
    row = CustodyEntry.objects.get(seq=1)
    forged = row.data.replace('"action":"view"', '"action":"transfer"')
    from dadkhah.core.custody.merkle import leaf_hash

    without_triggers()
    CustodyEntry.objects.filter(seq=1).update(
        data=forged, action="transfer", leaf_hash=leaf_hash(forged.encode()).hex()
    )
    assert any(
        "not covered by any signed tree head" in str(p) for p in case_verify(case=case).problems
    )
    with pytest.raises(CustodyError, match="written around"):
        custody_record(case=case, actor="v", action="view", batched=True)


def test_stopping_the_server_signs_the_reads_that_wait(
    case: Case, item: EvidenceItem, settings, monkeypatch
) -> None:
    import waitress

    from dadkhah.cli.case import _serve

    settings.CASE = case
    evidence_record_access(case=case, item=item, actor="web:v")
    assert CustodyHead.objects.last().size == 1

    def interrupted(*args, **kwargs) -> None:
        raise KeyboardInterrupt  # what Ctrl-C does to a running waitress

    monkeypatch.setattr(waitress, "serve", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _serve(0)
    assert CustodyHead.objects.last().size == 2
    assert case_verify(case=case).pending == 0


def test_fifty_page_views_are_fifty_entries_under_one_head(
    client, case: Case, item: EvidenceItem, settings
) -> None:
    from dadkhah.web.accounts.services import user_create
    from tests.login import login

    settings.CASE = case
    user_create(
        username="investigator1", password="a long enough passphrase 42", role="investigator"
    )
    assert login(client, "investigator1", "a long enough passphrase 42")
    heads_before = CustodyHead.objects.count()
    for _ in range(50):
        assert client.get(f"/evidence/{item.sha256}/").status_code == 200
    views = CustodyEntry.objects.filter(action="view", actor="web:investigator1")
    assert views.count() == 50
    assert CustodyHead.objects.count() - heads_before <= 1
    report = case_verify(case=case)
    assert report.ok and report.entries == CustodyEntry.objects.count()
