"""Fixtures for the account tests: a user, and a case whose custody log records events."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from dadkhah.web.accounts.services import user_create

PASSWORD = "a long enough passphrase 42"


@pytest.fixture
def analyst(db: None) -> User:
    return user_create(username="analyst", password=PASSWORD, role="investigator")


@pytest.fixture
def open_case(case_dir: Path, settings: object) -> Iterator[object]:
    """The web app serves ``case_dir`` (its custody log takes the account events)."""
    from dadkhah.core.case import open_case as _open

    case = _open(case_dir)
    settings.CASE = case  # type: ignore[attr-defined]
    yield case
