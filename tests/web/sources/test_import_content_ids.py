"""A list without an id column, re-exported in another order, compares record by record."""

from __future__ import annotations

from pathlib import Path

import pytest

from dadkhah.core.case import Case, open_case
from dadkhah.web.sources.models import Record, Source
from dadkhah.web.sources.services import source_import

pytestmark = pytest.mark.django_db

HEADER = "given_name,family_name,father_name,birth_year,death_date,city\r\n"


@pytest.fixture
def case(case_dir: Path) -> Case:
    return open_case(case_dir)


def write(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(r + "\r\n" for r in rows), encoding="utf-8")
    return path


def test_a_shuffled_re_export_with_an_insertion_and_a_correction_matches_its_records(
    case: Case, tmp_path: Path
) -> None:
    v1 = write(
        tmp_path / "list.csv",
        [
            "Ali,Tabesh,Hossein,1340,1367/05/10,Tehran",
            "Reza,Karimi,Ahmad,1342,1367/05/11,Evin",
            "Kaveh,Darvishzadeh,Nader,1341,1367/05/12,Mashhad",
        ],
    )
    first = source_import(case=case, path=v1, source_name="ngo")
    assert first.ids_generated is True
    assert "made from each row's names" in "\n".join(first.lines())
    v2 = write(
        tmp_path / "list.csv",
        [
            "Kaveh,Darvishzadeh,Nader,1341,1367/06/01,Mashhad",  # death date corrected
            "Shirin,Mehrabanpour,Ahmad,1344,1367/05/20,Shiraz",  # inserted
            "Ali,Tabesh,Hossein,1340,1367/05/10,Tehran",
            "Reza,Karimi,Ahmad,1342,1367/05/11,Evin",
        ],
    )
    report = source_import(case=case, path=v2, source_name="ngo")
    assert (report.added, report.removed, report.changed, report.unchanged) == (1, 0, 1, 2)
    new = Source.objects.get(name="ngo", version=2)
    by_family = {
        r.raw["family_name"]: r for r in Record.objects.filter(source=new).order_by("row_number")
    }
    assert report.changed_ids == [by_family["Darvishzadeh"].source_record_id]
    assert report.added_ids == [by_family["Mehrabanpour"].source_record_id]
    ali = by_family["Tabesh"]
    assert ali.version == 2 and ali.previous is not None
    assert ali.previous.source_record_id == ali.source_record_id
    assert ali.previous.raw["given_name"] == "Ali"
