"""Describing a source other than by import, its records, and a synthetic evidence item."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from dadkhah.core.errors import InputError
from dadkhah.web.evidence.services import Collection, evidence_add_stream, evidence_mark_synthetic
from dadkhah.web.people.services import person_create
from dadkhah.web.sources.models import Record, Source
from dadkhah.web.sources.services import record_add, source_create

pytestmark = pytest.mark.django_db


def test_a_source_is_described_with_its_grades() -> None:
    source = source_create(
        name="memo-1", kind="document", title=" A memo (synthetic) ", language="fa",
        reliability="B", confidentiality="strictly_confidential", synthetic=True,
        independence_group="ministry",
    )  # fmt: skip
    source.refresh_from_db()
    assert (source.version, source.title, source.reliability, source.confidentiality) == (
        1,
        "A memo (synthetic)",
        "B",
        "strictly_confidential",
    )
    assert (source.synthetic, source.independence_group, source.language) == (
        True,
        "ministry",
        "fa",
    )


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"name": "a memo"}, "letters, digits"),
        ({"name": ""}, "letters, digits"),
        ({"title": " "}, "needs a title"),
        ({"kind": "rumour"}, "unknown source kind"),
        ({"reliability": "G"}, "unknown reliability"),
        ({"confidentiality": "secret"}, "unknown confidentiality"),
        ({"language": "x" * 11}, "at most 10"),
        ({"name": "taken"}, "is taken"),
    ],
)
def test_a_bad_source_is_refused_in_words(changes: dict[str, Any], words: str) -> None:
    source_create(name="taken", kind="list", title="Taken")
    with pytest.raises(InputError, match=words):
        source_create(**{"name": "memo-2", "kind": "document", "title": "Memo", **changes})
    assert Source.objects.count() == 1


def test_a_record_is_added_to_its_source_with_its_person() -> None:
    source = source_create(name="list-z", kind="list", title="List Z")
    person = person_create(display_name="Someone (fictional)")
    record = record_add(
        source=source, source_record_id=" 7 ", raw={"name": "x"}, row_number=8, person=person
    )
    assert (record.source_record_id, record.row_number, record.person, record.normalized) == (
        "7",
        8,
        person,
        {},
    )


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"source_record_id": " "}, "needs an id"),
        ({"source_record_id": "x" * 101}, "needs an id"),
        ({"raw": {}}, "has no field"),
        ({"source_record_id": "1"}, "holds a record 1 already"),
        ({"source": Source(name="unsaved")}, "saved source"),
    ],
)
def test_a_bad_record_is_refused_in_words(changes: dict[str, Any], words: str) -> None:
    source = source_create(name="list-z", kind="list", title="List Z")
    record_add(source=source, source_record_id="1", raw={"a": 1})
    with pytest.raises(InputError, match=words):
        record_add(**{"source": source, "source_record_id": "2", "raw": {"a": 2}, **changes})
    assert Record.objects.count() == 1


def test_an_item_marked_synthetic_stays_so(case_dir: Path) -> None:
    from dadkhah.core.case import open_case

    report = evidence_add_stream(
        case=open_case(case_dir), stream=io.BytesIO(b"synthetic bytes"), name="x.txt",
        actor="test", collection=Collection(collected_by="test"),
    )  # fmt: skip
    item = report.added[0]
    assert item.synthetic is False
    evidence_mark_synthetic(item=item)
    evidence_mark_synthetic(item=item)
    item.refresh_from_db()
    assert item.synthetic is True
