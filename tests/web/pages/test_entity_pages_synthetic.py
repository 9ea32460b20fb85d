"""The entity pages on the synthetic case: every page opens, and no witness identity shows."""

from __future__ import annotations

import re
from pathlib import Path

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
    urls = (
        [f"/events/{pk}/" for pk in Event.objects.values_list("pk", flat=True)[:40]]
        + [f"/bodies/{pk}/" for pk in Body.objects.values_list("pk", flat=True)]
        + [f"/places/{k}/" for k in Place.objects.values_list("key", flat=True)]
        + [f"/claims/{pk}/" for pk in Claim.objects.values_list("pk", flat=True)[:60]]
        + [
            f"/people/{p}/"
            for p in Person.objects.filter(roles__role="perpetrator").values_list(
                "public_id", flat=True
            )
        ]
    )
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
