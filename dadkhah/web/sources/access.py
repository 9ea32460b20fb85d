"""Who may see which source and record (see dadkhah.web.accounts.access).

A record takes its source's confidentiality: a record is one entry of a source, and a
source is graded as a whole when it comes in (a testimony, a list given in trust).
Grading records one by one would let one entry of a strictly confidential list leak
through a lower grade; it would also put a mutable column on the append-only records.
"""

from __future__ import annotations

from django.db.models import QuerySet

from dadkhah.web.accounts.access import access_object, visible_to
from dadkhah.web.accounts.roles import VIEW_REGISTRY, User
from dadkhah.web.sources.models import Record, Source


def visible_sources(user: User) -> QuerySet[Source]:
    """Every version of every source ``user`` may read."""
    return visible_to(user, Source.objects.all(), VIEW_REGISTRY)


def visible_records(user: User) -> QuerySet[Record]:
    """The records of the sources ``user`` may read."""
    return visible_to(user, Record.objects.all(), VIEW_REGISTRY, level="source__confidentiality")


def access_source(*, user: User, name: str, version: int) -> Source:
    """Version ``version`` of source ``name`` if ``user`` may read it; audited.

    Raises:
        Http404: alike for a missing source or version and a forbidden one.
    """
    return access_object(
        user=user,
        visible=visible_sources(user).select_related("evidence"),
        lookup={"name": name, "version": version},
        ref=lambda s: f"source:{s.name} v{s.version}",
        level=lambda s: s.confidentiality,
    )


def access_record(*, user: User, id: int) -> Record:
    """The record with primary key ``id`` if ``user`` may read its source; audited.

    Raises:
        Http404: alike for a missing record and a forbidden one.
    """
    return access_object(
        user=user,
        visible=visible_records(user).select_related("source"),
        lookup={"pk": id},
        ref=lambda r: f"record:{r.pk}",
        level=lambda r: r.source.confidentiality,
    )
