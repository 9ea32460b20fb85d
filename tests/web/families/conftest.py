"""Fixtures for the families' page: a served case, its vault, and people in roles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from dadkhah.core.case import Case, open_case
from dadkhah.web.accounts.services import user_create
from tests.login import login

PASSWORD = "a long enough passphrase 42"


@pytest.fixture
def case(case_dir: Path, settings, monkeypatch: pytest.MonkeyPatch) -> Case:
    for name in ("DADKHAH_VAULT_KEY", "DADKHAH_VAULT_KEY_FILE", "DADKHAH_VAULT_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)
    case = open_case(case_dir)
    settings.CASE = case
    # The form's minimum fill time is a guard against scripts; tests send at once.
    settings.FAMILIES_MIN_FILL_SECONDS = 0
    return case


@pytest.fixture
def as_role(db: None) -> Callable[[str], Client]:
    def make(role: str) -> Client:
        user_create(username=role, password=PASSWORD, role=role)
        client = Client()
        login(client, role, PASSWORD)
        return client

    return make
