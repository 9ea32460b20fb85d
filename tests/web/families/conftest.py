"""Fixtures for the families' page: a served case, its vault, and people in roles."""

from __future__ import annotations

from pathlib import Path

import pytest

from dadkhah.core.case import Case, open_case


@pytest.fixture
def case(case_dir: Path, settings, monkeypatch: pytest.MonkeyPatch) -> Case:
    for name in ("DADKHAH_VAULT_KEY", "DADKHAH_VAULT_KEY_FILE", "DADKHAH_VAULT_PASSPHRASE"):
        monkeypatch.delenv(name, raising=False)
    case = open_case(case_dir)
    settings.CASE = case
    # The form's minimum fill time is a guard against scripts; tests send at once.
    settings.FAMILIES_MIN_FILL_SECONDS = 0
    return case
