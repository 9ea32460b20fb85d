"""Lists of one kind (events, bodies, claims): read a filter, a sort and a page alike.

A value a list cannot use answers 400, a page number past the last 404, each with the
page, its form and a sentence saying what was wrong and what to do: never a 500, and
never a silent fallback to other results (as the timeline, `dadkhah.web.stats.views`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from dadkhah.web.templatetags.dadkhah import digits

PER_PAGE = 50
#: Longer values are no filter's (keys, numbers, periods): refused before any lookup.
MAX_VALUE = 120


class ListError(Exception):
    """A request a list cannot answer: the sentence to show and the HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def chosen(get: QueryDict, name: str, label: str | Promise, offered: Iterable[str]) -> str:
    """The value of filter ``name``, "" when none is chosen.

    Raises:
        ListError: 400, for a value the reader is not offered (unknown, or hidden from them).
    """
    value = get.get(name, "").strip()
    if not value:
        return ""
    if len(value) > MAX_VALUE or not value.isprintable() or value not in set(offered):
        raise ListError(
            _("The filter “%(facet)s” cannot use “%(value)s”: choose one of the values it offers.")
            % {"facet": label, "value": value[:40]}
        )
    return value


def page_of(
    items: Sequence[Any] | QuerySet[Any], get: QueryDict, per_page: int = PER_PAGE
) -> Page[Any]:
    """The page of ``items`` that ``get`` asks for (the first when it asks none).

    Raises:
        ListError: 400 for a page number that is not a whole number, 404 past the last page.
    """
    paginator = Paginator(items, per_page)
    asked = get.get("page", "").strip() or "1"
    try:
        return paginator.page(asked)
    except PageNotAnInteger:
        raise ListError(_("The page number must be a whole number, such as 2.")) from None
    except EmptyPage:
        raise ListError(
            _("There is no page “%(page)s” of these results: give a page from 1 to %(last)s.")
            % {"page": asked[:40], "last": digits(paginator.num_pages)},
            404,
        ) from None


def other_params(get: QueryDict) -> str:
    """The query string without the page number, for the pager's links."""
    params = get.copy()
    params.pop("page", None)
    return params.urlencode()
