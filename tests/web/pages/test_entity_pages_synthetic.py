"""The 400-person synthetic demo case: it fills every model and seals every witness identity,
and every kind of its entity pages opens without showing one.

Building the case (generate, import, link, load, estimate) costs most of a minute of CPU:
it is built once for this module, inside a transaction rolled back when the module ends,
and each test runs in its own savepoint within it (rolled back after the test), so that
no test sees what another wrote. Only tests that read this case belong in this file:
every test here runs with it in the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core import serializers
from django.test import Client

from dadkhah.core.case import Case, init_case
from dadkhah.web.accounts.services import user_create
from dadkhah.web.bodies.models import Body
from dadkhah.web.claims.models import Claim
from dadkhah.web.custody.verification import case_verify
from dadkhah.web.events.models import Event
from dadkhah.web.people.models import Person
from dadkhah.web.places.models import Place
from tests.database import custody_triggers_create, vocabularies_seed_if_missing
from tests.login import login
from tests.web.pages.conftest import PASSWORD, persian

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

OUR_APPS = ("sources", "places", "people", "evidence", "events", "bodies", "claims", "witnesses")

#: Pages opened of each kind (and of each event or body kind), in both languages.
PER_KIND = 6


@dataclass(frozen=True)
class Synthetic:
    """The built case, and the witness identities its vault holds (never to be shown)."""

    case: Case
    secrets: frozenset[str]


@pytest.fixture(scope="module")
def synthetic(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Synthetic]:
    """The 400-person demo case (seed 5), built once for the module and rolled back after it."""
    from django.db import transaction

    from dadkhah.core.estimation import LcmcrSettings
    from dadkhah.web.demo import demo_case_build
    from dadkhah.web.witnesses.models import Witness
    from dadkhah.web.witnesses.services import case_keyring, identity_open

    with django_db_blocker.unblock(), transaction.atomic():
        # What each test's database holds before it builds anything (tests/conftest.py).
        vocabularies_seed_if_missing()
        custody_triggers_create()
        case = init_case(tmp_path_factory.mktemp("synthetic") / "demo", synthetic=True)
        # Short chains: nothing here reads the estimate but its seed, and the reference's
        # 4 × 110,000 sweeps cost 14 of this module's 89 CPU seconds.
        short = LcmcrSettings(seed=5, burn_in=1_000, iterations=10_000, thinning=10)
        demo_case_build(case=case, persons=400, seed=5, echo=lambda _m: None, lcmcr=short)
        # The loader sealed the identities and scrubbed the synthetic folder's copy: read
        # them back from the vault, to look for them everywhere else.
        keyring = case_keyring(case).keyring
        opened = [
            identity_open(keyring=keyring, identity=w.identity)
            for w in Witness.objects.select_related("identity")
            if w.identity is not None
        ]
        # contact fields: names may coincide with a victim's common name, these cannot
        secrets = {p for f in opened for p in [*f["contact"].split("; "), f["location"]]}
        secrets.discard("")
        yield Synthetic(case=case, secrets=frozenset(secrets))
        transaction.set_rollback(True)


def _empty_models() -> list[str]:
    return [
        m.__name__
        for label in OUR_APPS
        for m in apps.get_app_config(label).get_models()
        if not m.objects.exists()
    ]


def test_the_synthetic_demo_fills_every_model_and_seals_every_witness_identity(
    synthetic: Synthetic,
) -> None:
    from dadkhah.web.estimates.models import EstimateRun
    from dadkhah.web.witnesses.models import Witness

    case = synthetic.case
    witnesses = list(Witness.objects.select_related("identity"))
    assert witnesses and all(w.identity is not None for w in witnesses)
    assert _empty_models() == []
    assert Person.objects.filter(roles__role="perpetrator").exists()
    assert EstimateRun.objects.count() == 1
    # The demo's seed (5) seeds the chains: the same build gives the same numbers.
    assert EstimateRun.objects.get().result["settings"]["lcmcr"]["seed"] == 5
    report = case_verify(case=case)
    assert report.ok, report.problems
    assert report.items >= 10

    secrets = synthetic.secrets
    dump = []
    for label in OUR_APPS:
        for model in apps.get_app_config(label).get_models():
            dump.append(serializers.serialize("json", model.objects.all(), ensure_ascii=False))
    everything = "".join(dump)
    assert len(secrets) >= 3
    leaked = sorted(s for s in secrets if s in everything)
    assert leaked == []
    in_files = sorted(
        f"{p.relative_to(case.root)}: {s}"
        for p in case.root.rglob("*")
        if p.is_file()
        for s in secrets
        if s.encode("utf-8") in p.read_bytes()
    )
    assert in_files == []


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
    synthetic: Synthetic, client: Client
) -> None:
    secrets = synthetic.secrets
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
