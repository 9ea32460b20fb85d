"""The authorization matrix: every URL the resolver knows × every role, anonymous and no role.

Each route of the project (admin included) must have a row in ``EXPECT``; a route added
later without one fails :func:`test_every_url_has_an_expectation`, so nobody adds a page
without saying who may open it. A row names, for GET and for POST, the capability a user
needs (``roles.py``) and the status a user holding it gets; everyone else signed in gets
403, and an anonymous visitor is sent to the login page (302). Rows of the sign-in pages
list the statuses they may give instead, as their flow depends on the session's state.

Users are signed in past the second factor (tests/web/authz/conftest.py:sign_in).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from dadkhah.web.accounts import roles as R
from dadkhah.web.accounts.roles import ROLES, user_can
from tests.web.authz.conftest import make_user, sign_in

pytestmark = pytest.mark.django_db

SHA = "c" * 64
ANON, NO_ROLE = "anonymous", "no_role"
USERS = (ANON, NO_ROLE, *ROLES)


@dataclass(frozen=True)
class Cell:
    """What one method of one route answers: ``ok`` to holders of ``capability``, ``denied``
    to other signed-in users (every signed-in user gets ``ok`` when ``capability`` is None)."""

    capability: str | None
    ok: int
    denied: int = 403


@dataclass(frozen=True)
class Open:
    """A route outside the capability rule (sign-in flow): the statuses it may answer."""

    statuses: frozenset[int]


def page(capability: str, ok: int = 200) -> dict[str, Cell | Open]:
    """A page read with GET; POST is refused as a method (405)."""
    return {"GET": Cell(capability, ok), "POST": Cell(None, 405)}


def action(capability: str, ok: int) -> dict[str, Cell | Open]:
    """A form target: POST only; GET is refused as a method (405)."""
    return {"GET": Cell(None, 405), "POST": Cell(capability, ok)}


def form(capability: str) -> dict[str, Cell | Open]:
    """An edit form: GET shows it; an empty POST is refused (400), nothing saved."""
    return {"GET": Cell(capability, 200), "POST": Cell(capability, 400)}


def open_(get: set[int], post: set[int]) -> dict[str, Cell | Open]:
    return {"GET": Open(frozenset(get)), "POST": Open(frozenset(post))}


#: Route (as the resolver writes it) → expectations. Public routes are in PUBLIC too.
EXPECT: dict[str, dict[str, Cell | Open]] = {
    "": page(R.VIEW_REGISTRY) | {"GET": Cell(None, 200)},  # home: a no-role user is told why
    "login/": open_({200, 302}, {200, 302, 403}),
    "logout/": open_({302, 405}, {302}),
    "admin/login/": open_({302}, {302}),
    "account/verify/": open_({200, 302}, {200, 302}),
    "account/enroll/": open_({200, 302}, {200, 302}),
    "account/password/": open_({200, 302}, {200, 302}),
    "i18n/setlang/": open_({302}, {302}),
    "people/": page(R.VIEW_REGISTRY),
    "people/<str:public_id>/": page(R.VIEW_REGISTRY),
    "sources/": page(R.VIEW_REGISTRY),
    "sources/<slug:name>/": page(R.VIEW_REGISTRY),
    # The import: an empty upload form is refused; no list is staged under the token.
    "sources/import/": {"GET": Cell(R.IMPORT_LISTS, 200), "POST": Cell(R.IMPORT_LISTS, 400)},
    "sources/import/<str:token>/": {
        "GET": Cell(R.IMPORT_LISTS, 404),
        "POST": Cell(R.IMPORT_LISTS, 404),
    },
    "places/": page(R.VIEW_REGISTRY),
    "places/map.json": page(R.VIEW_REGISTRY),
    "places/boundaries.json": page(R.VIEW_REGISTRY),
    "places/<str:key>/": page(R.VIEW_REGISTRY),
    "events/": page(R.VIEW_REGISTRY),
    "events/<int:id>/": page(R.VIEW_REGISTRY),
    "bodies/": page(R.VIEW_REGISTRY),
    "bodies/<int:id>/": page(R.VIEW_REGISTRY),
    "claims/": page(R.VIEW_REGISTRY),
    "claims/<int:id>/": page(R.VIEW_REGISTRY),
    "timeline/": page(R.VIEW_REGISTRY),
    "statistics/": page(R.VIEW_REGISTRY),
    "estimates/": page(R.VIEW_ESTIMATES),
    "estimates/<int:pk>/": page(R.VIEW_ESTIMATES),
    # The fixture's run lists no plot file: the holder of the capability gets 404.
    "estimates/<int:pk>/plots/<str:name>": page(R.VIEW_ESTIMATES, 404),
    "evidence/": page(R.VIEW_EVIDENCE),
    "evidence/upload/": action(R.ADD_EVIDENCE, 400),  # an empty form is refused
    "evidence/<str:sha256>/": page(R.VIEW_EVIDENCE),
    "evidence/<str:sha256>/download/": page(R.VIEW_EVIDENCE),
    # The fixture's item is no PDF: no first page is drawn.
    "evidence/<str:sha256>/preview.png": page(R.VIEW_EVIDENCE, 404),
    # The fixture's item is no picture: it is never shown inline.
    "evidence/<str:sha256>/image/": page(R.VIEW_EVIDENCE, 404),
    "linkage/review/": page(R.VIEW_LINKAGE),
    "linkage/review/decide/": action(R.DECIDE_LINKAGE, 404),  # no pair named: not found
    "linkage/pairs/<int:a>/<int:b>/": page(R.VIEW_LINKAGE),
    "witnesses/": page(R.VIEW_WITNESSES),
    "witnesses/<str:pseudonym>/": page(R.VIEW_WITNESSES),
    "witnesses/<str:pseudonym>/reveal/": action(R.VIEW_WITNESSES, 404),  # no identity sealed
    # The families' page is public; its queue answers 404 to all but liaisons (it says
    # nothing of what exists), and the fixture holds no submission.
    "families/": open_({200}, {200, 400}),
    "families/add/": open_({200}, {200, 400}),
    "families/queue/": {
        "GET": Cell(R.REVEAL_WITNESS, 200, denied=404),
        "POST": Cell(R.REVEAL_WITNESS, 200, denied=404),
    },
    "families/queue/<uuid:pk>/": {
        "GET": Cell(R.REVEAL_WITNESS, 404, denied=404),
        "POST": Cell(R.REVEAL_WITNESS, 404, denied=404),
    },
    "audit/": page(R.VIEW_AUDIT),
    "audit/export.csv": page(R.VIEW_AUDIT),
    "search/": page(R.VIEW_REGISTRY),
    # Every role that may export reads the registry too.
    "search/export.csv": page(R.EXPORT),
    # Edits: forms for those whose role may edit; an empty form is refused, nothing saved.
    "edit/people/<str:public_id>/": form(R.EDIT_REGISTRY),
    "edit/people/<str:public_id>/relations/": form(R.EDIT_REGISTRY),
    "edit/claims/new/<str:subject>/<str:ref>/": form(R.EDIT_REGISTRY),
    "edit/claims/<int:id>/": form(R.EDIT_REGISTRY),
    "edit/events/new/": form(R.EDIT_REGISTRY),
    "edit/events/<int:id>/": form(R.EDIT_REGISTRY),
    "edit/events/<int:id>/involvements/": form(R.EDIT_REGISTRY),
    "edit/evidence/<str:entity>/<str:ref>/": form(R.EDIT_REGISTRY),
    "edit/citation-row/": page(R.EDIT_REGISTRY),
    "edit/vocabularies/": page(R.EDIT_REGISTRY),
}
#: Routes an anonymous visitor reaches without being sent to log in.
PUBLIC = {"login/", "admin/login/", "i18n/setlang/", "families/", "families/add/"}
#: The admin site is one gate (staff only, and only the admin role is staff): any status but
#: 403 and 500 for the admin, the admin's login redirect (302) for everyone else.
ADMIN_PREFIX = "admin/"
ENTITY_PK = 4242
ADMIN_USERS = (ANON, NO_ROLE, R.READ_ONLY, R.INVESTIGATOR, R.ADMIN)


def routes(resolver: Any = None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    """(full route, pattern) for every URL pattern, depth first."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from routes(p, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern), p


SAMPLES = {
    "public_id": "P-000001", "name": "list-a", "sha256": SHA, "pseudonym": "W-0001",
    "key": "prison:x", "app_label": "auth", "object_id": "1", "content_type_id": "1", "url": "x",
    "subject": "person", "ref": "P-000001", "entity": "person",
}  # fmt: skip


def concrete(route: str, ids: dict[str, int]) -> str:
    """The route with sample values for its parameters (a URL that names real objects)."""
    values = {**SAMPLES, **{k: str(v) for k, v in ids.items()}}
    if route.startswith("estimates/") and "plots" in route:
        values["name"] = "counts.png"
    url = re.sub(r"<uuid:\w+>", "00000000-0000-4000-8000-000000000000", route)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values.get(m.group(1), "1"), url)
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values.get(m.group(1), "1"), url)
    return "/" + url.replace("^", "").replace("$", "").replace("\\", "")


def expected(route: str, user: str, method: str) -> frozenset[int]:
    if route.startswith(ADMIN_PREFIX) and route not in EXPECT:
        if user == R.ADMIN:
            # 403: a model admin refusing a write by design (append-only records,
            # read-only custody fields, axes' own tables).
            return frozenset({200, 302, 400, 403, 404, 405})
        return frozenset({302})
    cell = EXPECT[route][method]
    if user == ANON and route not in PUBLIC:
        return frozenset({302})
    if isinstance(cell, Open):
        return cell.statuses
    if cell.capability is None:
        return frozenset({cell.ok})
    holder = user not in (ANON, NO_ROLE) and cell.capability in R.CAPABILITIES[user]
    return frozenset({cell.ok if holder else cell.denied})


@pytest.fixture
def world(case_dir: Any, settings: Any) -> dict[str, Any]:
    """One object of each kind (restricted, readable by every role's default clearance)."""
    from dadkhah.core.case import open_case
    from dadkhah.core.evidence_store import EvidenceStore
    from dadkhah.web.bodies.models import Body
    from dadkhah.web.claims.models import Claim
    from dadkhah.web.estimates.models import EstimateRun
    from dadkhah.web.events.models import Event
    from dadkhah.web.evidence.models import EvidenceItem
    from dadkhah.web.people.models import Person
    from dadkhah.web.places.models import Place
    from dadkhah.web.sources.models import Record, Source
    from dadkhah.web.witnesses.models import Witness

    case = open_case(case_dir)
    settings.CASE = case
    data = b"fictional evidence"
    sha = EvidenceStore(case.evidence_dir).put_bytes(data).sha256
    EvidenceItem.objects.create(sha256=sha, size=len(data), collected_at=timezone.now())
    Person.objects.create(public_id="P-000001")
    source = Source.objects.create(name="list-a", title="List A")
    a = Record.objects.create(source=source, source_record_id="1", raw={"n": "A"})
    b = Record.objects.create(source=source, source_record_id="2", raw={"n": "B"})
    Witness.objects.create(pseudonym="W-0001")
    # One pk for the event, the body and the claim: their routes share the name <id>.
    place = Place.objects.create(key="prison:x", kind="prison", name="X")
    Event.objects.create(pk=ENTITY_PK, kind="hearing", place=place)
    Body.objects.create(pk=ENTITY_PK, kind="commission", name="X commission", place=place)
    Claim.objects.create(pk=ENTITY_PK, subject_place=place, kind="site_status")
    run = EstimateRun.objects.create(documented=0)
    users = {role: make_user(role, role) for role in ROLES}
    users[NO_ROLE] = make_user("nobody", None)
    ids = {"pk": run.pk, "a": a.pk, "b": b.pk, "id": ENTITY_PK}
    return {"ids": ids, "users": users, "sha": sha}


def test_every_url_has_an_expectation() -> None:
    missing = [r for r, _p in routes() if r not in EXPECT and not r.startswith(ADMIN_PREFIX)]
    assert missing == [], f"add these routes to EXPECT in {__file__}: {missing}"


def _client_for(user: str, world: dict[str, Any], **kwargs: Any) -> Client:
    client = Client(**kwargs)
    if user != ANON:
        sign_in(client, world["users"][user])
    return client


@pytest.mark.parametrize("user", USERS)
def test_each_role_gets_the_expected_answer_on_every_url(user: str, world: dict[str, Any]) -> None:
    client = _client_for(user, world)
    wrong = []
    for route, _pattern in routes():
        if route.startswith(ADMIN_PREFIX) and route not in EXPECT and user not in ADMIN_USERS:
            continue
        url = concrete(route, world["ids"]).replace(SHA, world["sha"])
        for method in ("GET", "POST"):
            response = client.get(url) if method == "GET" else client.post(url, {})
            if response.status_code not in expected(route, user, method):
                wrong.append((method, url, response.status_code))
            if user != ANON and client.session.get("_auth_user_id") is None:
                client = _client_for(user, world)  # the route logged us out: sign in again
    assert wrong == [], f"{user}: {wrong}"


def test_the_matrix_allows_only_what_roles_py_grants() -> None:
    """Every capability cell agrees with roles.py for every role (a typo cannot grant)."""
    for route, cells in EXPECT.items():
        for cell in cells.values():
            if isinstance(cell, Cell) and cell.capability is not None:
                for role in ROLES:
                    holder = cell.capability in R.CAPABILITIES[role]
                    assert holder == user_can(make_user_stub(role), cell.capability), route


def make_user_stub(role: str) -> Any:
    class Stub:
        is_authenticated = True
        is_active = True
        _dadkhah_roles = frozenset({role})

    return Stub()


def test_every_post_form_needs_its_csrf_token(world: dict[str, Any]) -> None:
    """With CSRF checks on, a POST without the token is refused (403) on every route where
    the admin's POST is not refused as a method."""
    client = _client_for(R.ADMIN, world, enforce_csrf_checks=True)
    accepted = []
    for route, _pattern in routes():
        if route.startswith(ADMIN_PREFIX) and route not in EXPECT:
            continue
        cell = EXPECT[route]["POST"]
        if isinstance(cell, Cell) and cell.ok == 405:
            continue
        url = concrete(route, world["ids"]).replace(SHA, world["sha"])
        status = client.post(url, {}).status_code
        if status != 403:
            accepted.append((url, status))
    anonymous = Client(enforce_csrf_checks=True)
    assert anonymous.post("/login/", {"username": "x", "password": "y"}).status_code == 403
    assert accepted == []


SQL_PAYLOADS = (
    "' OR '1'='1", "1; DROP TABLE people_person;--", "\" OR 1=1 --", "') UNION SELECT 1--",
    "%' AND 1=1 AND '%'='", "1 AND SLEEP(5)",
)  # fmt: skip


@pytest.mark.parametrize("payload", SQL_PAYLOADS)
def test_sql_injection_in_search_and_filters_gives_normal_pages(
    payload: str, world: dict[str, Any]
) -> None:
    client = _client_for(R.ADMIN, world)
    asks = [
        ("/people/", {"q": payload}), ("/people/", {"q": "Ahmadi", "role": payload}),
        ("/people/", {"page": payload}),
        ("/sources/list-a/", {"version": payload, "page": payload}),
        ("/linkage/review/", {"offset": payload}),
        ("/audit/", {"user": payload, "object": payload, "action": payload}),
        ("/audit/export.csv", {"object": payload}),
    ]  # fmt: skip
    for url, params in asks:
        response = client.get(url, params)
        assert response.status_code == 200, (url, params, response.status_code)
    # The map's filters name their choices: anything else is a clear 400, never a 500.
    for url in ("/places/", "/places/map.json"):
        response = client.get(url, {"kind": payload, "state": payload})
        assert response.status_code == 400, (url, response.status_code)
    # The lists name their choices and their pages: anything else is a clear 400, never a 500.
    for url in ("/events/", "/bodies/", "/claims/", "/evidence/"):
        response = client.get(url, {"kind": payload, "page": payload})
        assert response.status_code == 400, (url, response.status_code)
    from dadkhah.web.people.models import Person

    assert Person.objects.filter(public_id="P-000001").exists()
