"""The people search finds a person only by names the reader may read."""

from __future__ import annotations

import pytest

from dadkhah.web.people.models import Person, PersonRole
from dadkhah.web.people.selectors import person_search
from dadkhah.web.search.services import search_rebuild
from dadkhah.web.sources.models import Record, Source
from tests.web.authz.conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_name_given_only_by_a_list_above_the_readers_clearance_does_not_find_the_person() -> None:
    public = Source.objects.create(name="list-a", title="A", confidentiality="public")
    secret = Source.objects.create(
        name="in-trust", title="Given in trust", confidentiality="strictly_confidential"
    )
    person = Person.objects.create(public_id="P-000001", display_name="Ali Tabesh")
    PersonRole.objects.create(person=person, role="victim")
    Record.objects.create(
        source=public, source_record_id="1", row_number=1, person=person, raw={},
        normalized={"v": 1, "full_name": "Ali Tabesh"},
    )  # fmt: skip
    Record.objects.create(
        source=secret, source_record_id="1", row_number=1, person=person, raw={},
        normalized={"v": 1, "full_name": "Bahram Nikpey"},
    )  # fmt: skip
    search_rebuild()
    reader = make_user("ana", "analyst", "restricted")
    admin = make_user("root", "admin", "strictly_confidential")
    assert list(person_search(user=reader, text="Ali Tabesh")) == [person.pk]
    assert list(person_search(user=reader, text="Bahram Nikpey")) == []
    assert len(person_search(user=reader, text="Bahram Nikpey")) == 0
    assert list(person_search(user=admin, text="Bahram Nikpey")) == [person.pk]
