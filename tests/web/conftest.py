"""Fixtures the web tests share."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.login import signed_in_as


@pytest.fixture
def as_role(db: None) -> Callable[[str], Client]:
    """A function giving a client signed in as a new user of the role it is given."""
    return signed_in_as
