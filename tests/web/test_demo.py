"""The minimal demo case fills every model.

The 400-person synthetic one is checked with its pages: pages/test_entity_pages_synthetic.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps

from dadkhah.core.case import init_case
from dadkhah.web.custody.verification import case_verify
from dadkhah.web.demo.minimal import demo_case_build_minimal

pytestmark = pytest.mark.django_db

OUR_APPS = ("sources", "places", "people", "evidence", "events", "bodies", "claims", "witnesses")


def _empty_models() -> list[str]:
    return [
        m.__name__
        for label in OUR_APPS
        for m in apps.get_app_config(label).get_models()
        if not m.objects.exists()
    ]


def test_the_minimal_demo_populates_every_model(tmp_path: Path) -> None:
    case = init_case(tmp_path / "demo", synthetic=True)
    demo_case_build_minimal(case=case, echo=lambda _m: None)
    assert _empty_models() == []
    assert case_verify(case=case).ok
