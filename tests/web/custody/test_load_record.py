"""A bulk load's provenance: one signed ``load`` entry with its counts, never a value."""

from __future__ import annotations

import json
from typing import Any

import pytest

from dadkhah.core.case import Case
from dadkhah.core.errors import InputError
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.custody.services import load_record
from dadkhah.web.custody.verification import case_verify

pytestmark = pytest.mark.django_db


def test_a_load_is_one_verifiable_entry_of_counts(case: Case) -> None:
    load_record(case=case, actor="demo", loader="entities", created={"event": 3, "claim": 2})
    entry = CustodyEntry.objects.get()
    details = json.loads(entry.data)["details"]
    assert (entry.action, entry.actor) == ("load", "demo")
    assert details == {"loader": "entities", "version": 0, "created": {"claim": 2, "event": 3}}
    assert case_verify(case=case).ok


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"actor": " "}, "names who ran it"),
        ({"loader": ""}, "names who ran it"),
        ({"created": {"claim": -1}}, "whole numbers"),
        ({"created": {"claim": 1.5}}, "whole numbers"),
        ({"created": {"claim": True}}, "whole numbers"),
    ],
)
def test_a_bad_load_entry_is_refused(case: Case, changes: dict[str, Any], words: str) -> None:
    with pytest.raises(InputError, match=words):
        load_record(
            **{"case": case, "actor": "demo", "loader": "entities", "created": {}, **changes}
        )
    assert not CustodyEntry.objects.exists()
