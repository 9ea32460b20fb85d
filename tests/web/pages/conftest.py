"""Fixtures for the investigator pages: a logged-in analyst and the minimal demo case."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from dadkhah.web.accounts.services import user_create
from tests.login import login

PASSWORD = "a long enough passphrase 42"


@pytest.fixture
def analyst(client: Client) -> Client:
    user_create(username="analyst", password=PASSWORD, role="investigator")
    assert login(client, "analyst", PASSWORD)
    return client


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    from dadkhah.core.case import init_case
    from dadkhah.web.demo.minimal import demo_case_build_minimal

    case = init_case(tmp_path / "demo", synthetic=True)
    demo_case_build_minimal(case=case, echo=lambda _m: None)
    return case.root


def persian(client: Client) -> Client:
    """Switch the session to Persian."""
    client.post("/i18n/setlang/", {"language": "fa", "next": "/"})
    return client
