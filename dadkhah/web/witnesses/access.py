"""Who may see which testimony (see dadkhah.web.accounts.access).

A testimony needs the witness-reading capability, its own level cleared and its
source's level cleared. Its witness appears only by pseudonym; revealing who the
witness is belongs to the vault's reveal, with its own capability.
"""

from __future__ import annotations

from django.db.models import QuerySet

from dadkhah.web.accounts.access import access_object, visible_to
from dadkhah.web.accounts.clearance import cleared_levels
from dadkhah.web.accounts.roles import VIEW_WITNESSES, User
from dadkhah.web.witnesses.models import Testimony


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
