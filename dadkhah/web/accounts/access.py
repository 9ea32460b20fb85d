"""Object-level access shared by every app's ``visible_*`` and ``access_*`` selectors.

Each protected entity has, in its app's ``access.py``, one ``visible_<entities>(user)``
queryset (what a list, a search or an export may show) and one
``access_<entity>(*, user, …)`` function (what a page or a download may open). Both are
built from the two functions here, so the rule is written once:

* the user's roles must grant the capability that reads the entity
  (:mod:`dadkhah.web.accounts.roles`; no role, nothing), and
* the object's confidentiality must be at or below the user's clearance
  (:mod:`dadkhah.web.accounts.clearance`).

``access_*`` answers :class:`~django.http.Http404` alike for "no such object" and "not
allowed", so ids cannot be probed (zulip ``access_stream_common``; OWASP ASVS 5.0
V8.2.2). A refusal of an object that exists is audited, and so is every read of an
object above public (:mod:`dadkhah.web.audit.services`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from dadkhah.web.accounts.clearance import cleared_levels, is_protected, level_rank
from dadkhah.web.accounts.roles import User, user_can
from dadkhah.web.audit.services import DENIED, READ, audit_record

M = TypeVar("M", bound=Model)
# HttpResponseBase: a view may answer with a FileResponse (streamed), not an HttpResponse.
View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def visible_to(
    user: User, queryset: QuerySet[M], capability: str, *, level: str | None = "confidentiality"
) -> QuerySet[M]:
    """``queryset`` narrowed to what ``user`` may read.

    Args:
        user: Who reads.
        queryset: Every object of the entity.
        capability: The capability that reads this entity (``roles.VIEW_REGISTRY`` …).
        level: The lookup of the object's confidentiality level (e.g.
            ``source__confidentiality`` for records, which take their source's level), or
            None for an entity without levels (the capability alone decides).
    """
    if not user_can(user, capability):
        return queryset.none()
    if level is None:
        return queryset
    return queryset.filter(**{f"{level}__in": cleared_levels(user)})


def access_object(
    *,
    user: User,
    visible: QuerySet[M],
    lookup: dict[str, Any],
    ref: Callable[[M], str],
    level: Callable[[M], str],
    items: Callable[[M], Iterable[str]] = lambda _o: (),
    audit_read: bool = True,
) -> M:
    """The one object of ``visible`` matching ``lookup``, with the read audited.

    Args:
        user: Who asks.
        visible: The entity's ``visible_*`` queryset for ``user``.
        lookup: Filter that names one object (``{"public_id": "P-000001"}``).
        ref: How the audit names the object (``person:P-000001``).
        level: The object's confidentiality level.
        items: Evidence hashes the object stands for (indexed in the custody log).
        audit_read: False where the caller logs the read itself (evidence views,
            whose every view is already a custody entry of the item).

    Raises:
        Http404: the same for a missing object, a malformed id and a forbidden one.
    """
    found = visible.filter(**lookup).first()
    if found is None:
        everything = visible.model._default_manager.filter(**lookup).first()
        if everything is not None:
            audit_record(
                user=user, outcome=DENIED, objects=[ref(everything)], items=list(items(everything))
            )
        raise Http404("no such object")
    lvl = level(found)
    if audit_read and is_protected(lvl):
        audit_record(
            user=user, outcome=READ, objects=[ref(found)], items=list(items(found)), level=lvl
        )
    return found


def audit_reads(*, user: User, shown: Iterable[tuple[str, str]]) -> None:
    """Audit a list page: one entry naming every protected object shown (``(ref, level)``)."""
    protected = [(ref, lvl) for ref, lvl in shown if is_protected(lvl)]
    if not protected:
        return
    top = max((lvl for _r, lvl in protected), key=level_rank)
    audit_record(user=user, outcome=READ, objects=[r for r, _l in protected], level=top)


def capability_required(capability: str) -> Callable[[View], View]:
    """A view decorator: 403 (audited) unless the user's roles grant ``capability``."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not user_can(request.user, capability):
                audit_record(
                    user=request.user,
                    outcome=DENIED,
                    objects=[f"capability:{capability}"],
                    path=request.path,
                )
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate
