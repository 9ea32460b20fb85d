"""The demo case: built from the synthetic case, it fills every model and leaks no identity."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers

from dadkhah.core.case import init_case
from dadkhah.web.custody.verification import case_verify
from dadkhah.web.demo import demo_case_build
from dadkhah.web.demo.minimal import demo_case_build_minimal

pytestmark = pytest.mark.django_db

OUR_APPS = ("sources", "places", "people", "evidence", "events", "bodies", "claims", "witnesses")


def _empty_models() -> list[str]:
    return [
        m.__name__
        for label in OUR_APPS
        for m in apps.get_app_config(label).get_models()
        if not m.objects.exists()
    ]


def test_the_minimal_demo_populates_every_model(tmp_path: Path) -> None:
    case = init_case(tmp_path / "demo", synthetic=True)
    demo_case_build_minimal(case=case, echo=lambda _m: None)
    assert _empty_models() == []
    assert case_verify(case=case).ok


@pytest.mark.slow
def test_the_synthetic_demo_fills_every_model_and_seals_every_witness_identity(
    tmp_path: Path,
) -> None:
    from dadkhah.web.estimates.models import EstimateRun
    from dadkhah.web.people.models import Person

    case = init_case(tmp_path / "demo", synthetic=True)
    demo_case_build(case=case, persons=400, seed=5, echo=lambda _m: None)
    assert _empty_models() == []
    assert Person.objects.filter(roles__role="perpetrator").exists()
    assert EstimateRun.objects.count() == 1
    report = case_verify(case=case)
    assert report.ok, report.problems
    assert report.items >= 10

    from dadkhah.web.witnesses.models import Witness
    from dadkhah.web.witnesses.services import case_keyring, identity_open

    # The loader sealed the identities and scrubbed the synthetic folder's copy: read
    # them back from the vault, then look for them everywhere else.
    keyring = case_keyring(case).keyring
    witnesses = list(Witness.objects.select_related("identity"))
    assert witnesses and all(w.identity is not None for w in witnesses)
    opened = [identity_open(keyring=keyring, identity=w.identity) for w in witnesses]
    # contact fields: names may coincide with a victim's common name, these cannot
    secrets = {part for f in opened for part in [*f["contact"].split("; "), f["location"]]}
    secrets.discard("")
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
