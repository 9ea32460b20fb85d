"""Fuzz tests: arbitrary and mutated bytes fed to the import readers and the bundle verifier.

Short by default (the ``fuzz-short`` profile, in `make test`); `make fuzz` sets
``HYPOTHESIS_PROFILE=fuzz`` and runs the same tests with thousands of examples.
The profiles are registered in tests/conftest.py.
"""

from __future__ import annotations

import os

from hypothesis import settings


def fuzz_settings() -> settings:
    """The Hypothesis settings for a fuzz test: long under `make fuzz`, short otherwise."""
    name = "fuzz" if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else "fuzz-short"
    return settings.get_profile(name)
