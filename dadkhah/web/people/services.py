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

Investigators edit a person by hand through `person_update` and `relation_add`: each
edit cited, versioned and logged by dadkhah.web.edits.services. A witness's person row
is never edited here: who a witness is stays in the vault (docs/decisions/0004).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from dadkhah.core.errors import InputError
from dadkhah.core.spellings import display_names
from dadkhah.web.accounts.roles import User
from dadkhah.web.edits.models import Change
from dadkhah.web.edits.services import (
    Citation,
    EditConflict,
    EditError,
    change_record,
    edit_check,
)
from dadkhah.web.people.models import Person, PersonRole, Relation
from dadkhah.web.sources.models import Record, Source

__all__ = [
    "names_and_roles_refresh",
    "person_create",
    "person_snapshot",
    "person_update",
    "persons_refresh",
    "relation_add",
    "relation_import",
    "role_add",
]

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


#: The roles an investigator gives by hand (a witness is the liaison's, through the vault).
EDITABLE_ROLES = (
    PersonRole.Role.VICTIM.value,
    PersonRole.Role.PERPETRATOR.value,
    PersonRole.Role.RELATIVE.value,
)


def person_snapshot(person: Person) -> dict[str, Any]:
    """The values of a person an edit may change, as the change log keeps them (JSON)."""
    return {
        "display_name": person.display_name,
        "display_name_fa": person.display_name_fa,
        "sex": person.sex,
        "roles": sorted(PersonRole.objects.filter(person=person).values_list("role", flat=True)),
        "relations": sorted(
            [kind, other]
            for kind, other in Relation.objects.filter(person=person).values_list(
                "kind", "other__public_id"
            )
        ),
    }


def _editable(person_id: int, version: int) -> tuple[Person, dict[str, Any]]:
    person = Person.objects.select_for_update().get(pk=person_id)
    before = person_snapshot(person)
    if PersonRole.Role.WITNESS.value in before["roles"]:
        raise EditError(_("A witness is not edited here."), field="__all__")
    if person.version != version:
        raise EditConflict(version=person.version, current=before)
    return person, before


def person_update(
    *,
    user: User,
    person_id: int,
    version: int,
    display_name: str,
    display_name_fa: str,
    sex: str,
    roles: Iterable[str],
    reason: str,
    citations: Sequence[Citation],
) -> tuple[Person, Change]:
    """Change a person's names, sex and roles as of ``version``.

    The witness role is neither given nor taken here; a person holding it is refused.

    Raises:
        EditConflict: the person was saved by someone since ``version``.
        EditRefused, EditError: see :func:`dadkhah.web.edits.services.edit_check`.
    """
    reason = edit_check(user=user, reason=reason, citations=citations)
    wanted = set(roles)
    if not wanted <= set(EDITABLE_ROLES):
        raise EditError(_("Choose roles from the list."), field="roles")
    if sex not in ("", "m", "f"):
        raise EditError(_("Choose a sex from the list."), field="sex")
    with transaction.atomic():
        person, before = _editable(person_id, version)
        person.display_name = display_name.strip()[:300]
        person.display_name_fa = display_name_fa.strip()[:300]
        person.sex = sex
        person.save(update_fields=["display_name", "display_name_fa", "sex"])
        PersonRole.objects.filter(person=person).exclude(role__in=wanted).delete()
        for role in sorted(wanted):
            PersonRole.objects.get_or_create(person=person, role=role)
        change = change_record(
            user=user,
            row=person,
            entity=Change.Entity.PERSON,
            before=before,
            after=person_snapshot(person),
            reason=reason,
            citations=citations,
        )
        from dadkhah.web.search.services import search_index_refresh

        search_index_refresh(kind="person", ids=[person.pk])
    return person, change


def _relation_check(*, person_id: int, other_id: int, kind: str) -> None:
    if kind not in Relation.Kind.values:
        raise EditError(_("Choose a relation from the list."), field="kind")
    if other_id == person_id:
        raise EditError(_("A person is not their own relative."), field="other")


def _relation_write(*, person: Person, other_id: int, kind: str, source_id: int | None) -> Relation:
    """The one writer of a relation, for an edit and an import alike (checked already)."""
    try:
        with transaction.atomic():
            return Relation.objects.create(
                person=person, other_id=other_id, kind=kind, source_id=source_id
            )
    except IntegrityError:
        raise EditError(_("This relation is recorded already."), field="other") from None


def relation_add(
    *,
    user: User,
    person_id: int,
    version: int,
    other_id: int,
    kind: str,
    reason: str,
    citations: Sequence[Citation],
) -> tuple[Relation, Change]:
    """Record that the person is ``kind`` of ``other`` (a change of the person).

    The caller has checked that ``user`` may read both persons.

    Raises:
        EditConflict, EditRefused, EditError: as for :func:`person_update`.
    """
    reason = edit_check(user=user, reason=reason, citations=citations)
    _relation_check(person_id=person_id, other_id=other_id, kind=kind)
    with transaction.atomic():
        person, before = _editable(person_id, version)
        relation = _relation_write(
            person=person, other_id=other_id, kind=kind, source_id=citations[0].source
        )
        change = change_record(
            user=user,
            row=person,
            entity=Change.Entity.PERSON,
            before=before,
            after=person_snapshot(person),
            reason=reason,
            citations=citations,
        )
    return relation, change


def _next_public_id() -> str:
    """The next free ``P-NNNNNN`` after the highest public id in the case."""
    top = Person.objects.filter(public_id__regex=r"^P-[0-9]{6}$").aggregate(m=Max("public_id"))
    return f"P-{int(top['m'][2:]) + 1 if top['m'] else 1:06d}"


def person_create(
    *,
    display_name: str = "",
    display_name_fa: str = "",
    sex: str = "",
    roles: Iterable[str] = (),
    public_id: str | None = None,
) -> Person:
    """Add a person who is known other than through a list record (a perpetrator, a relative).

    The row is the person's initial version (version 0, no ``Change``): the edit log starts
    at its first hand edit (docs/decisions/0007). Victims come from linkage instead.

    Args:
        display_name, display_name_fa: The name in Latin and Persian script.
        sex: ``m``, ``f`` or empty (not known).
        roles: `PersonRole.Role` values; ``witness`` only through
            :func:`dadkhah.web.witnesses.services.witness_person_create`.
        public_id: A given id (``P-000042``); default the next free one.

    Raises:
        InputError: No name, an unknown sex or role, the witness role, or a public id
            malformed or taken.
    """
    display_name, display_name_fa = display_name.strip(), display_name_fa.strip()
    if not display_name and not display_name_fa:
        raise InputError("a person needs a name in at least one script.")
    if sex not in ("", "m", "f"):
        raise InputError(f"unknown sex {sex!r}; use m, f or nothing (not known).")
    wanted = sorted(set(roles))
    unknown = [r for r in wanted if r not in PersonRole.Role.values]
    if unknown:
        raise InputError(f"unknown role {unknown[0]!r}; use one of {', '.join(EDITABLE_ROLES)}.")
    if PersonRole.Role.WITNESS.value in wanted:
        raise InputError("a witness's person is added through the vault (witness_person_create).")
    if public_id is not None:
        if re.fullmatch(r"P-[0-9]{6}", public_id) is None:
            raise InputError(f"a public id looks like P-000042, not {public_id!r}.")
        if Person.objects.filter(public_id=public_id).exists():
            raise InputError(f"the public id {public_id} is taken.")
    with transaction.atomic():
        person = Person.objects.create(
            public_id=public_id or _next_public_id(),
            display_name=display_name[:300],
            display_name_fa=display_name_fa[:300],
            sex=sex,
        )
        PersonRole.objects.bulk_create([PersonRole(person=person, role=r) for r in wanted])
    return person


def role_add(*, person: Person, role: str) -> PersonRole:
    """Give ``person`` a role (victim, perpetrator, relative); a role held already is kept.

    Raises:
        InputError: An unsaved person, an unknown role or the witness role (the vault's).
    """
    if person.pk is None:
        raise InputError("a role is given to a saved person.")
    if role not in EDITABLE_ROLES:
        raise InputError(f"unknown role {role!r}; use one of {', '.join(EDITABLE_ROLES)}.")
    found, _created = PersonRole.objects.get_or_create(person=person, role=role)
    return found


def relation_import(
    *, person: Person, other: Person, kind: str, source: Source | None = None
) -> Relation:
    """Record that ``person`` is ``kind`` of ``other``, as a bulk load's initial version.

    The same writer and checks as :func:`relation_add`, without its edit gate: no version
    is raised and no ``Change`` is written (docs/decisions/0007); the loader records one
    custody entry for the whole load.

    Raises:
        EditError: An unknown kind, a person their own relative, or the relation recorded.
    """
    _relation_check(person_id=person.pk, other_id=other.pk, kind=kind)
    return _relation_write(
        person=person, other_id=other.pk, kind=kind, source_id=source.pk if source else None
    )
