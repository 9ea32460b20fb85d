"""The entity pages on the synthetic case: every kind of page opens, and no witness identity shows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from dadkhah.core.case import init_case
from dadkhah.web.accounts.services import user_create
from dadkhah.web.bodies.models import Body
from dadkhah.web.claims.models import Claim
from dadkhah.web.events.models import Event
from dadkhah.web.people.models import Person
from dadkhah.web.places.models import Place
from tests.login import login
from tests.web.pages.conftest import PASSWORD, persian

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

#: Pages opened of each kind (and of each event or body kind), in both languages.
PER_KIND = 6


def _spread(values: Iterable[object], n: int = PER_KIND) -> list[object]:
    """``n`` of ``values`` spread evenly from the first to the last (all when no more)."""
    values = list(values)
    if len(values) <= n:
        return values
    return [values[i * (len(values) - 1) // (n - 1)] for i in range(n)]


def _by_kind(model: type[Event] | type[Body] | type[Place], field: str = "pk") -> list[object]:
    """A spread of ``field`` within each kind the case holds, in primary key order."""
    values: dict[str, list[object]] = {}
    for value, kind in model.objects.order_by("pk").values_list(field, "kind"):
        values.setdefault(kind, []).append(value)
    return [v for kind in sorted(values) for v in _spread(values[kind])]


def test_every_entity_page_of_the_synthetic_case_opens_and_hides_witnesses(
    tmp_path: Path, client: Client
) -> None:
    from dadkhah.web.demo import demo_case_build
    from dadkhah.web.witnesses.models import Witness
    from dadkhah.web.witnesses.services import case_keyring, identity_open

    case = init_case(tmp_path / "demo", synthetic=True)
    demo_case_build(case=case, persons=400, seed=5, echo=lambda _m: None)
    keyring = case_keyring(case).keyring
    opened = [
        identity_open(keyring=keyring, identity=w.identity)
        for w in Witness.objects.select_related("identity")
        if w.identity is not None
    ]
    secrets = {p for f in opened for p in [*f["contact"].split("; "), f["location"]]} - {""}
    assert len(secrets) >= 3
    # An observation cites the source its photographs are filed under.
    from dadkhah.web.places.models import SiteObservation

    photographed = SiteObservation.objects.filter(evidence__isnull=False).distinct()
    assert photographed.exists()
    for observation in photographed:
        assert observation.source is not None, observation
        assert observation.source.evidence_id in {i.pk for i in observation.evidence.all()}
    user_create(username="admin", password=PASSWORD, role="admin")
    assert login(client, "admin", PASSWORD)
    _the_destroyed_sites_show_a_cited_before_and_after(client, photographed)
    # The 400-person case has about 420 entity pages. Opening every one in both languages
    # took minutes, a fraction of a second each; this opens a stated sample instead: every
    # kind of page, and within it PER_KIND pages spread from the first to the last of each
    # event, body and place kind (every event kind, where the first 40 events were all
    # arrests), of the claims and of the perpetrators.
    perpetrators = Person.objects.filter(roles__role="perpetrator").order_by("pk")
    urls = (
        [f"/events/{pk}/" for pk in _by_kind(Event)]
        + [f"/bodies/{pk}/" for pk in _by_kind(Body)]
        + [f"/places/{key}/" for key in _by_kind(Place, "key")]
        + [
            f"/claims/{pk}/"
            for pk in _spread(Claim.objects.order_by("pk").values_list("pk", flat=True))
        ]
        + [f"/people/{p}/" for p in _spread(perpetrators.values_list("public_id", flat=True))]
    )
    assert {url.split("/")[1] for url in urls} == {"events", "bodies", "places", "claims", "people"}
    strengths = 0
    for lang in ("en", "fa"):
        if lang == "fa":
            persian(client)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            body = response.content.decode()
            assert [s for s in secrets if s in body] == [], url
            strengths += len(re.findall(r'class="status status-\w+"', body))
    assert strengths > 0


def _the_destroyed_sites_show_a_cited_before_and_after(
    client: Client, photographed: Iterable[Any]
) -> None:
    """The demo's drawn site images are in the vault, with custody, and on the site pages."""
    from dadkhah.web.custody.models import CustodyEntryItem
    from dadkhah.web.evidence.models import EvidenceItem

    sites = sorted({o.place.key for o in photographed if o.place.kind == "grave_site"})
    assert len(sites) >= 3
    for key in sites:
        body = client.get(f"/places/{key}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        shown = set(re.findall(r"/evidence/([0-9a-f]{64})/image/", body))
        assert len(shown) >= 2, key
        citations = body[body.index('class="compare-citations') :]
        assert citations.count('class="facts citation"') == 2, key
        for sha in shown:  # each image cited by its item's page, and in the custody log
            assert f'href="/evidence/{sha}/"' in body, key
            assert CustodyEntryItem.objects.filter(sha256=sha, entry__action="ingest").exists()
            assert EvidenceItem.objects.get(sha256=sha).synthetic  # drawn, captioned so
