"""Fixtures for the witness vault: an open case, its keyring, users in roles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dadkhah.core.case import Case, open_case
from dadkhah.core.vault import KeyringSource


@pytest.fixture
def case(case_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Case:
    for name in ("DADKHAH_VAULT_KEY", "DADKHAH_VAULT_KEY_FILE", "DADKHAH_VAULT_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)
    return open_case(case_dir)


@pytest.fixture
def source(case: Case) -> KeyringSource:
    from dadkhah.web.witnesses.services import case_keyring

    return case_keyring(case)


@pytest.fixture
def user_in() -> Callable[[str], object]:
    """Make a user holding one role (a group of the role's name)."""
    from django.contrib.auth.models import Group, User

    def make(role: str) -> User:
        user = User.objects.create_user(username=f"u-{role}", password="x")
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        return user

    return make
