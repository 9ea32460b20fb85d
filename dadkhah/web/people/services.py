"""Writes for persons: what a person's records say of them, carried to the person after linking.

Linkage (dadkhah.web.linkage.services) calls `persons_refresh` on every person
whose records it changed, so that a re-link, a split or a merge updates them:

- the display names, the best attested spelling in each script
  (`dadkhah.core.spellings`), never a vowel-less romanization where a record
  spells the name in Latin script;
- the victim role: a list (Source kind "list") names the victims it documents
  (docs/methodology/import.md, the subject of a list is the victim), so a
  person with a record on a list is a victim. Roles are only added here, never
  taken away: events, claims and analysts give roles too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from dadkhah.core.spellings import display_names
from dadkhah.web.people.models import Person, PersonRole
from dadkhah.web.sources.models import Record, Source

__all__ = ["names_and_roles_refresh", "persons_refresh"]

BATCH = 5000


def persons_refresh(*, persons: Iterable[int]) -> int:
    """Recompute display names and the victim role of these persons (pks) from their records.

    A person without a named record keeps the names it has (a perpetrator
    entered by hand, say).

    Returns:
        How many persons' names changed.
    """
    pks = sorted(set(persons))
    changed = 0
    with transaction.atomic():
        for i in range(0, len(pks), BATCH):
            changed += _refresh(pks[i : i + BATCH])
        # Names, roles and records changed: so did what a search finds of these persons.
        from dadkhah.web.search.services import search_index_refresh

        search_index_refresh(kind="person", ids=pks)
    return changed


def _refresh(pks: list[int]) -> int:
    return names_and_roles_refresh(pks, person=Person, role=PersonRole, record=Record)


def names_and_roles_refresh(pks: list[int], *, person: Any, role: Any, record: Any) -> int:
    """`persons_refresh` for one batch, on the models given (the historical ones in a migration).

    Returns:
        How many persons' names changed.
    """
    rows: dict[int, list[tuple[Any, str]]] = defaultdict(list)
    victims: set[int] = set()
    records = record.objects.filter(person_id__in=pks).order_by("id")
    for pk, normalized, reliability, kind in records.values_list(
        "person_id", "normalized", "source__reliability", "source__kind"
    ).iterator(chunk_size=BATCH):
        rows[pk].append((normalized, reliability))
        if kind == Source.Kind.LIST:
            victims.add(pk)
    update = []
    for one in person.objects.filter(pk__in=list(rows)).only(
        "pk", "display_name", "display_name_fa"
    ):
        latin, persian = display_names(rows[one.pk])
        latin = latin or one.display_name
        persian = persian or one.display_name_fa
        if (latin, persian) != (one.display_name, one.display_name_fa):
            one.display_name, one.display_name_fa = latin, persian
            update.append(one)
    person.objects.bulk_update(update, ["display_name", "display_name_fa"], batch_size=BATCH)
    role.objects.bulk_create(
        [role(person_id=pk, role=PersonRole.Role.VICTIM) for pk in sorted(victims)],
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    return len(update)
