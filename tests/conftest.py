"""Shared fixtures: paths to ../shared/data, a fresh case folder."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, or skip the test with the reason."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared/data is beside the checkout only in CI and dev)")
    return path


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    from dadkhah.core.case import init_case

    root = tmp_path / "case"
    init_case(root, name="Test case")
    return root
