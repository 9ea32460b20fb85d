"""The witness pages: pseudonym, risk and consent for readers; the reveal for cleared roles."""

from __future__ import annotations

import pytest
from django.test import Client

from dadkhah.core.case import Case
from dadkhah.core.vault import KeyringSource
from dadkhah.web.accounts.services import user_create
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.witnesses.services import consent_record, witness_add
from tests.login import login

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough passphrase 42"
NAME = "Zqx Pagename"


@pytest.fixture
def web(case: Case, source: KeyringSource, settings):
    settings.CASE = case
    witness = witness_add(
        keyring=source.keyring, name=NAME, contact="zqx-contact", location="zqx-city"
    )
    consent_record(
        witness=witness, use="public_report", grant=True, obtained_by="liaison-b", actor="t"
    )
    for role in ("admin", "witness_liaison", "investigator", "read_only"):
        user_create(username=role, password=PASSWORD, role=role)

    def as_(role: str) -> Client:
        client = Client()
        assert login(client, role, PASSWORD)
        return client

    return as_


def _last_entry() -> str:
    return CustodyEntry.objects.order_by("-seq").first().data


def test_readers_see_pseudonym_risk_and_consent_never_the_identity(web) -> None:
    client = web("investigator")
    listed = client.get("/witnesses/").content.decode()
    assert "W-0001" in listed and "Zqx" not in listed
    page = client.get("/witnesses/W-0001/").content.decode()
    assert "liaison-b" in page and "Zqx" not in page and "zqx" not in page
    assert "Reveal identity" not in page


def test_a_role_without_witness_access_is_refused(web) -> None:
    assert web("read_only").get("/witnesses/").status_code == 403


@pytest.mark.parametrize("role", ["admin", "witness_liaison"])
def test_cleared_roles_reveal_by_post_and_the_reveal_is_logged(web, role: str) -> None:
    client = web(role)
    assert "Reveal identity" in client.get("/witnesses/W-0001/").content.decode()
    response = client.post("/witnesses/W-0001/reveal/")
    assert response.status_code == 200
    assert NAME in response.content.decode() and "zqx-contact" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    entry = _last_entry()
    assert f'"web:{role}"' in entry and '"witness:W-0001"' in entry and '"read"' in entry


def test_an_uncleared_reveal_is_not_found_and_logged_as_denied(web) -> None:
    client = web("investigator")
    response = client.post("/witnesses/W-0001/reveal/")
    assert response.status_code == 404 and NAME not in response.content.decode()
    assert '"denied"' in _last_entry()
    assert client.post("/witnesses/W-0999/reveal/").status_code == 404


def test_the_reveal_is_a_post_only(web) -> None:
    assert web("admin").get("/witnesses/W-0001/reveal/").status_code == 405
