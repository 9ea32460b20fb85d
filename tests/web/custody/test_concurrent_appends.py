"""Many pages served at once each log a read: every append succeeds and the log verifies.

On PostgreSQL, where appends really run at once: before the advisory lock, sixteen
threads read the same top of the log, all but one failed on the entry's primary key
and the retries ran out (the load test of issue 13 saw 500s on the search page).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from dadkhah.core.case import Case
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.custody.services import custody_record
from dadkhah.web.custody.verification import case_verify

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 16
EACH = 3


def test_sixteen_readers_at_once_all_log_their_reads(case: Case) -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "concurrent appends need PostgreSQL (DATABASE_URL); SQLite writes one at a time"
        )
    # A served case has its signing key (made by its first write) before any page is read.
    custody_record(case=case, actor="cli:setup", action="read_protected")
    before = CustodyEntry.objects.count()
    start = threading.Barrier(THREADS)
    failures: list[str] = []

    def read(i: int) -> None:
        try:
            start.wait()
            for j in range(EACH):
                custody_record(
                    case=case,
                    actor=f"web:reader{i}",
                    action="read_protected",
                    details={"objects": [f"person:{i}-{j}"]},
                    batched=j % 2 == 0,
                )
        except Exception as exc:  # the test reports what happened
            failures.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert failures == []
    seqs = list(CustodyEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert len(seqs) == before + THREADS * EACH
    assert seqs == list(range(len(seqs)))
    assert case_verify(case=case).ok
