"""A small synthetic case, generated once for the tests that only read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dadkhah.core.synth import SynthParams, generate_case


@pytest.fixture(scope="session")
def small_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full-mode case of 3,000 persons (the demo's default size), seed 7."""
    out = tmp_path_factory.mktemp("synth") / "case"
    generate_case(out, SynthParams(persons=3000, seed=7))
    return out
