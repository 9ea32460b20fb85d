"""After linking, a person shows the best attested spelling in each script and the victim role."""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass

import pytest
from django.apps import apps

from dadkhah.core.names import romanize
from dadkhah.core.spellings import record_spelling
from dadkhah.web.accounts.services import user_create
from dadkhah.web.linkage.services import link_run, review_decide
from dadkhah.web.people.models import Person
from dadkhah.web.people.selectors import person_search
from dadkhah.web.sources.models import Record, Source
from tests.web.linkage.conftest import latin_record, make_persons, persian_record

pytestmark = pytest.mark.django_db


@dataclass
class Lists:
    persian: Source
    latin: Source


@pytest.fixture
def lists(db: None) -> Lists:
    """Two lists of the small case, the Persian one with the importer's vowel-less romanization."""
    rng = random.Random(7)
    persian = Source.objects.create(name="families-fa", title="Families", duplicate_free=True)
    latin = Source.objects.create(
        name="ngo-latin", title="NGO", duplicate_free=True, reliability="B"
    )
    for i, p in enumerate(make_persons(80, 3)):
        if rng.random() < 0.85:
            normalized = persian_record(p)
            normalized["display"] = romanize(record_spelling(normalized))
            Record.objects.create(
                source=persian, source_record_id=f"F{i}", raw={}, normalized=normalized
            )
        if rng.random() < 0.85:
            Record.objects.create(
                source=latin, source_record_id=f"N{i}", raw={}, normalized=latin_record(p, rng)
            )
    return Lists(persian, latin)


def _spellings(person: Person, source: Source) -> list[str]:
    return [record_spelling(r.normalized) for r in person.records.filter(source=source)]


def test_a_linked_person_shows_the_latin_records_spelling_not_the_romanization(
    lists: Lists,
) -> None:
    link_run()
    both = [
        p
        for p in Person.objects.filter(records__source=lists.latin).distinct()
        if p.records.filter(source=lists.persian).exists()
    ]
    assert len(both) > 20
    for person in both:
        assert person.display_name in _spellings(person, lists.latin)
        assert person.display_name_fa in _spellings(person, lists.persian)


def test_a_merge_renames_the_person_it_keeps(lists: Lists) -> None:
    link_run()
    alone = next(
        p for p in Person.objects.filter(records__source=lists.persian) if p.records.count() == 1
    )
    record = alone.records.get()
    assert alone.display_name == record.normalized["display"]
    latin = Record.objects.filter(source=lists.latin).exclude(person=alone).first()
    assert latin is not None
    review_decide(
        record_a=record.pk, record_b=latin.pk, verdict="same", reason="same id card", reviewer="r"
    )
    survivor = Record.objects.get(pk=record.pk).person
    assert survivor.display_name == record_spelling(latin.normalized)


def test_every_person_on_a_list_is_a_victim_and_the_victim_filter_finds_them(
    lists: Lists,
) -> None:
    link_run()
    listed = set(
        Person.objects.filter(records__isnull=False, merged_into__isnull=True).values_list(
            "pk", flat=True
        )
    )
    assert listed
    user = user_create(username="inv", password="a long passphrase 1", role="investigator")
    found = set(person_search(user=user, role="victim"))
    assert listed <= found


def test_the_migration_renames_and_gives_roles_to_persons_linked_before(lists: Lists) -> None:
    person = Person.objects.create(public_id="P-000001", display_name="Amrhsin Jhani")
    Record.objects.filter(source_record_id__in=["F0", "N0"]).update(person=person)
    module = importlib.import_module(
        "dadkhah.web.people.migrations.0004_person_names_roles_from_records"
    )
    module.forward(apps, None)
    person.refresh_from_db()
    assert person.display_name == record_spelling(
        Record.objects.get(source=lists.latin, source_record_id="N0").normalized
    )
    assert list(person.roles.values_list("role", flat=True)) == ["victim"]
