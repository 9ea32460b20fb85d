"""The person page's visibility checks read the few persons it shows, not every person.

Issue 13's load test: on a large case each person page listed every visible person (and
joined every person to the witnesses) for its relations and claims. The narrowed
queries must hide and show exactly what the whole-registry rule does.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from dadkhah.web.claims.access import visible_claims, visible_claims_about
from dadkhah.web.claims.models import Claim
from dadkhah.web.people.access import visible_persons
from dadkhah.web.people.models import Person, PersonRole, Relation
from dadkhah.web.people.selectors import person_page
from dadkhah.web.witnesses.models import Witness
from tests.web.authz.conftest import make_user

pytestmark = pytest.mark.django_db


def _person(public_id: str, level: str = "public") -> Person:
    return Person.objects.create(
        public_id=public_id, display_name=f"Sample {public_id}", confidentiality=level
    )


def test_the_person_page_shows_the_same_relations_and_claims_as_the_registry_rule() -> None:
    me = _person("P-000001")
    shown = _person("P-000002")
    secret = _person("P-000003", "strictly_confidential")
    by_witness_row = _person("P-000004")
    Witness.objects.create(pseudonym="W-0004", person=by_witness_row)
    by_role = _person("P-000005")
    PersonRole.objects.create(person=by_role, role=PersonRole.Role.WITNESS)
    Witness.objects.create(pseudonym="W-0009")  # no person: must not hide everyone
    for other in (shown, secret, by_witness_row, by_role):
        Relation.objects.create(person=me, other=other, kind="sibling")
        Relation.objects.create(person=other, other=me, kind="parent")
        Claim.objects.create(person=other, kind="executed")
    Claim.objects.create(person=me, kind="executed")
    Claim.objects.create(person=me, kind="buried", confidentiality="strictly_confidential")
    user = make_user("analyst", "analyst", "restricted")

    old_rule = Person.objects.exclude(
        pk__in=Person.objects.filter(
            Q(witness__isnull=False) | Q(roles__role=PersonRole.Role.WITNESS)
        ).values("pk")
    ).filter(confidentiality__in=("public", "restricted"))
    assert set(visible_persons(user)) == set(old_rule) == {me, shown}

    with CaptureQueriesContext(connection) as queries:
        page = person_page(user=user, person=me)
    assert {(r.kind, r.other) for r in page.relations} == {
        ("sibling of", shown),
        ("child of", shown),
    }
    assert [c.claim.kind for c in page.claims] == ["executed"]
    assert set(visible_claims_about(user, me)) == set(visible_claims(user).filter(person=me))
    for other in (shown, secret, by_witness_row, by_role):
        assert set(visible_claims_about(user, other)) == set(
            visible_claims(user).filter(person=other)
        )
    # No query of the page joins every person to the witnesses any more.
    joins = [q["sql"] for q in queries.captured_queries if 'JOIN "witnesses_witness"' in q["sql"]]
    assert joins == []
