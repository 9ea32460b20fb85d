"""Person pages: search across scripts, and one person's records, claims, events and ties."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dadkhah.web.people.models import PersonRole
from dadkhah.web.people.selectors import access_person, person_hits, person_page, person_search

PER_PAGE = 50
#: The roles the search can be narrowed to (witnesses are never listed here).
FILTER_ROLES: tuple[str, ...] = ("victim", "perpetrator", "relative")


def person_list(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    if role not in FILTER_ROLES:
        role = ""
    loose = request.GET.get("loose") == "1"
    pks = person_search(user=request.user, text=text, role=role or None, loose=loose)
    page = Paginator(pks, PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "q": text,
        "role": role,
        "loose": loose,
        "roles": [(r, PersonRole.Role(r).label) for r in FILTER_ROLES],
        "page": page,
        "hits": person_hits(list(page.object_list)),
        "total": len(pks),
        "params": params.urlencode(),
    }
    return render(request, "people/list.html", context)


def person_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    person = access_person(user=request.user, public_id=public_id)
    return render(
        request, "people/detail.html", {"p": person_page(user=request.user, person=person)}
    )
