"""The demo loader seals the synthetic witnesses' identities and leaves no plaintext behind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers

from dadkhah.core.case import Case
from dadkhah.core.vault import KeyringSource
from dadkhah.web.demo.entities import entities_load
from dadkhah.web.witnesses.models import Witness
from dadkhah.web.witnesses.selectors import consent_allows
from dadkhah.web.witnesses.services import identity_open

pytestmark = pytest.mark.django_db

VAULT = {
    "identity_fields": True,
    "given_name": "Zqxgiven",
    "family_name": "Zqxfamily",
    "given_name_fa": "زقخ",
    "family_name_fa": "زقخیان",
    "sex": "F",
    "birth_year": 1950,
    "phone": "+00 555 ZQX1",
    "email": "zqx1@example.org",
    "address": "1 ZQX Street, Tabriz",
}
MARKERS = ("Zqxgiven", "Zqxfamily", "ZQX1", "zqx1@example.org", "ZQX Street", "زقخیان")


@pytest.fixture
def synth_folder(case: Case) -> Path:
    folder = case.root / "synthetic-source"
    (folder / "entities").mkdir(parents=True)
    rows = [
        {
            "pseudonym": "W-0007",
            "risk_level": "severe",
            "relative_of": None,
            "relation": "sister",
            "consent": {"testimony": True, "court": True, "publication": "pseudonymous"},
            "vault": VAULT,
        }
    ]
    (folder / "entities" / "witnesses.json").write_text(
        json.dumps(rows, ensure_ascii=False), encoding="utf-8"
    )
    return folder


def test_demo_witnesses_are_sealed_with_their_consent_and_the_folder_is_scrubbed(
    case: Case, source: KeyringSource, synth_folder: Path
) -> None:
    entities_load(case=case, folder=synth_folder, actor="demo", echo=lambda _m: None)

    witness = Witness.objects.get(pseudonym="W-0007")
    assert witness.risk_level == "severe"
    fields = identity_open(keyring=source.keyring, identity=witness.identity)
    assert fields["name"] == "Zqxgiven Zqxfamily"
    assert fields["contact"] == "+00 555 ZQX1; zqx1@example.org"
    assert fields["location"] == "1 ZQX Street, Tabriz"
    assert "زقخ زقخیان" in fields["details"]
    assert consent_allows(witness, "icc") and consent_allows(witness, "public_report")
    assert not consent_allows(witness, "identity_disclosure")
    assert witness.harm_checks.get().use == "icc"  # severe risk, court consent

    dump = "".join(
        serializers.serialize("json", model.objects.all(), ensure_ascii=False)
        for label in ("witnesses", "people", "sources", "custody")
        for model in apps.get_app_config(label).get_models()
    )
    hits = [m for m in MARKERS if m in dump]
    files = [
        f"{p.name}: {m}"
        for p in case.root.rglob("*")
        if p.is_file()
        for m in MARKERS
        if m.encode() in p.read_bytes()
    ]
    assert hits == [] and files == []
    saved = json.loads((synth_folder / "entities" / "witnesses.json").read_text())
    assert saved[0]["vault"] == {"sealed": True}


def test_loading_again_keeps_the_first_sealed_identity(
    case: Case, source: KeyringSource, synth_folder: Path
) -> None:
    entities_load(case=case, folder=synth_folder, actor="demo", echo=lambda _m: None)
    entities_load(case=case, folder=synth_folder, actor="demo", echo=lambda _m: None)
    witness = Witness.objects.get(pseudonym="W-0007")
    assert identity_open(keyring=source.keyring, identity=witness.identity)["name"] == (
        "Zqxgiven Zqxfamily"
    )
    assert Witness.objects.count() == 1
