"""The CLI prints a value's bidi controls as <U+XXXX> instead of letting them reorder the line."""

from __future__ import annotations

import pytest

from dadkhah.cli.linkage import _side_by_side
from dadkhah.web.linkage.selectors import pair_view
from dadkhah.web.sources.models import Record, Source

pytestmark = pytest.mark.django_db
RLO = "\u202e"


def test_explain_and_review_show_the_controls_of_both_records() -> None:
    source = Source.objects.create(name="hostile", title="Hostile (synthetic)", synthetic=True)
    a = Record.objects.create(
        source=source,
        source_record_id=f"{RLO}1",
        raw={},
        normalized={"v": 1, "full_name": f"{RLO}idamhA nassaH"},
    )
    b = Record.objects.create(
        source=source, source_record_id="2", raw={}, normalized={"v": 1, "full_name": "Hassan"}
    )
    lines = _side_by_side(pair_view(a.pk, b.pk))
    text = "\n".join(lines)
    assert RLO not in text
    assert "hostile:<U+202E>1" in text and "<U+202E>idamhA nassaH" in text
