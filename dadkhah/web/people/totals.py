"""The case's three totals of persons, each defined once and said in words wherever it is shown.

Three pages used to show three numbers with no word on what each counted (issue
13): the home page counted every person row (merged-away ones too), the people
list the persons a search can find, the estimate the persons on the lists it
counted. They differ for good reasons, so each is kept, named, and read from
one selector here by every page that shows it:

- persons in the registry: every person a reader may see that linkage has not
  merged into another (victims, perpetrators, relatives; witnesses are never
  persons on these pages, see `visible_persons`);
- victims: those of them with the victim role (from a list, an event or an
  analyst);
- documented on the counted lists: those of them with a record on a list that
  multiple systems estimation counts (`dadkhah.web.estimates.lists.choose_lists`:
  the systematic lists, one per independence group). An estimate stores this
  number as it was when it ran.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dadkhah.core.errors import InputError
from dadkhah.web.accounts.roles import User
from dadkhah.web.people.access import visible_persons
from dadkhah.web.people.models import Person, PersonRole
from dadkhah.web.sources.models import Source

__all__ = [
    "TOTALS",
    "Total",
    "case_totals",
    "counted_list_persons",
    "registry_persons",
    "victim_persons",
]


@dataclass(frozen=True)
class Definition:
    label: Promise
    explanation: Promise


#: What each total counts, in the words every page uses.
TOTALS: dict[str, Definition] = {
    "registry": Definition(
        _("persons in the registry"),
        _(
            "Every person you may see whom linkage has not merged into another: "
            "victims, perpetrators and relatives."
        ),
    ),
    "victims": Definition(
        _("victims"),
        _(
            "Persons in the registry with the victim role: named on a list, "
            "in an event or by an analyst."
        ),
    ),
    "documented": Definition(
        _("documented on the counted lists"),
        _(
            "Persons in the registry with a record on a list that the estimate counts "
            "(the systematic lists, one per independence group). An estimate keeps "
            "this number as it was when it ran."
        ),
    ),
}


@dataclass(frozen=True)
class Total:
    key: str
    count: int
    url: str

    @property
    def label(self) -> Promise:
        return TOTALS[self.key].label

    @property
    def explanation(self) -> Promise:
        return TOTALS[self.key].explanation


def registry_persons(user: User) -> QuerySet[Person]:
    """The persons in the registry that ``user`` may see (not merged into another)."""
    return visible_persons(user).filter(merged_into__isnull=True)


def victim_persons(user: User) -> QuerySet[Person]:
    """The victims among `registry_persons`."""
    return registry_persons(user).filter(roles__role=PersonRole.Role.VICTIM)


def counted_lists() -> list[Source]:
    """The lists an estimate counts by default; the systematic ones where the choice is refused."""
    from dadkhah.web.estimates.lists import choose_lists

    try:
        return list(choose_lists().used)
    except InputError:  # a counted duplicate-free list breached: the estimate will say so
        return list(
            Source.objects.filter(kind=Source.Kind.LIST, systematic=True, next_version__isnull=True)
        )


def counted_list_persons(user: User) -> QuerySet[Person]:
    """The persons in the registry documented on the counted lists."""
    lists = [s.pk for s in counted_lists()]
    return registry_persons(user).filter(
        pk__in=Person.objects.filter(records__source__in=lists).values("pk")
    )


def case_totals(*, user: User) -> list[Total]:
    """The three totals, each with the page that lists what it counts."""
    people = reverse("people:list")
    return [
        Total("registry", registry_persons(user).count(), people),
        Total("victims", victim_persons(user).count(), f"{people}?role=victim"),
        Total("documented", counted_list_persons(user).count(), reverse("estimates:list")),
    ]
