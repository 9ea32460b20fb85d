"""Who may see which witness page and testimony (see dadkhah.web.accounts.access).

A witness page shows a pseudonym, a risk level and the consent history, never who the
witness is (that is the vault's reveal, with its own capability): it needs the
witness-reading capability, and every read of it is audited as restricted data. A
testimony needs that capability, its own level cleared and its source's level cleared.
"""

from __future__ import annotations

from django.db.models import QuerySet

from dadkhah.web.accounts.access import access_object, visible_to
from dadkhah.web.accounts.clearance import cleared_levels
from dadkhah.web.accounts.roles import VIEW_WITNESSES, User
from dadkhah.web.modelutils import Confidentiality
from dadkhah.web.witnesses.models import Testimony, Witness

#: The level a witness page is read at (for the audit): pseudonymous, but protected.
WITNESS_PAGE_LEVEL = Confidentiality.RESTRICTED


def visible_witnesses(user: User) -> QuerySet[Witness]:
    """The witnesses (by pseudonym) ``user`` may list: all of them for a witness reader."""
    return visible_to(user, Witness.objects.all(), VIEW_WITNESSES, level=None)


def access_witness(*, user: User, pseudonym: str) -> Witness:
    """The witness ``pseudonym`` if ``user`` may read witness pages; every read is audited.

    Raises:
        Http404: alike for a missing witness, a malformed pseudonym and a forbidden one.
    """
    return access_object(
        user=user,
        visible=visible_witnesses(user),
        lookup={"pseudonym": pseudonym},
        ref=lambda w: f"witness:{w.pseudonym}",
        level=lambda _w: WITNESS_PAGE_LEVEL,
    )


def visible_testimonies(user: User) -> QuerySet[Testimony]:
    """The testimonies ``user`` may read."""
    testimonies = visible_to(user, Testimony.objects.all(), VIEW_WITNESSES)
    return testimonies.filter(source__confidentiality__in=cleared_levels(user))


def access_testimony(*, user: User, id: int) -> Testimony:
    """The testimony ``id`` if ``user`` may read it; every read is audited.

    Raises:
        Http404: alike for a missing testimony and a forbidden one.
    """
    return access_object(
        user=user,
        visible=visible_testimonies(user).select_related("witness", "source"),
        lookup={"pk": id},
        ref=lambda t: f"testimony:{t.pk}",
        level=lambda t: t.confidentiality,
    )
