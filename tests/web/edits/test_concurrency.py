"""Two investigators save the same claim at once: one edit wins, the other is refused.

On PostgreSQL, where rows are really locked: the second save waits for the first
(``select_for_update``), then finds a newer version and is refused with both
versions, instead of overwriting it or failing on the change log's constraint.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections

from dadkhah.web.accounts.services import user_create
from dadkhah.web.claims.services import claim_update
from dadkhah.web.edits.models import Change
from dadkhah.web.edits.services import Citation, EditConflict

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_saves_at_once_give_one_change_and_one_refusal() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (DATABASE_URL); SQLite writes one at a time")
    from dadkhah.web.claims.models import Claim
    from dadkhah.web.people.models import Person
    from dadkhah.web.sources.models import Source

    source = Source.objects.create(name="list-y", title="List Y")
    person = Person.objects.create(public_id="P-000911", display_name="Sample Person")
    claim = Claim.objects.create(person=person, kind="executed")
    users = [
        user_create(username=f"inv{i}", password="a long enough passphrase 42") for i in range(2)
    ]
    start = threading.Barrier(2)
    outcomes: list[Any] = []

    def save(user: Any, value: str) -> None:
        try:
            start.wait()
            claim_update(
                user=user, claim_id=claim.pk, version=0, kind="executed", value=value,
                status="alleged", place=None, date=None, reason="Same list, read twice.",
                citations=[Citation(source.pk, None, value)],
            )  # fmt: skip
            outcomes.append("saved")
        except EditConflict as e:
            outcomes.append(("refused", e.version))
        except Exception as e:  # the test reports what else happened
            outcomes.append(repr(e))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(u, f"row {i}")) for i, u in enumerate(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes, key=str) == sorted(["saved", ("refused", 1)], key=str)
    assert Change.objects.filter(entity="claim", entity_id=claim.pk).count() == 1
