"""Record ids made from a row's names and birth when a list has no id column."""

from __future__ import annotations

import hashlib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from dadkhah.pipelines.importing.prepare import prepare
from dadkhah.pipelines.importing.record_ids import ContentIds, content_id

ALI = {"full_name": "Ali Tabesh", "father_name": "Hossein", "birth_year": "1340"}


def test_a_content_id_is_the_sha256_of_the_identifying_values() -> None:
    text = "\x1f".join(
        [
            "full_name=ali tabesh",
            "given_name=",
            "family_name=",
            "father_name=hossein",
            "birth_year=1340",
            "birth_date=",
        ]
    )
    assert content_id(ALI) == "c:" + hashlib.sha256(text.encode()).hexdigest()[:12]


def test_case_space_and_digit_variants_give_the_same_id() -> None:
    same = {"full_name": "  ALI   Tabesh ", "father_name": "HOSSEIN", "birth_year": "۱۳۴۰"}
    assert content_id(same) == content_id(ALI)


def test_other_columns_do_not_change_the_id_and_identifying_ones_do() -> None:
    assert content_id({**ALI, "death_date": "1367/05/10", "notes": "x", "city": "Evin"}) == (
        content_id(ALI)
    )
    assert content_id({**ALI, "birth_year": "1341"}) != content_id(ALI)
    assert content_id({**ALI, "father_name": "Hassan"}) != content_id(ALI)
    # The same words in another field are another row.
    assert content_id({"given_name": "Tabesh"}) != content_id({"family_name": "Tabesh"})


def test_identical_rows_are_numbered_in_file_order() -> None:
    ids = ContentIds()
    got = [ids(ALI), ids({"full_name": "Reza Karimi"}), ids(ALI), ids(ALI)]
    base = content_id(ALI)
    assert got == [base, content_id({"full_name": "Reza Karimi"}), base + "~2", base + "~3"]


@given(st.dictionaries(st.sampled_from(["full_name", "given_name", "birth_year"]), st.text()))
def test_a_content_id_is_c_and_12_hex_digits(fields: dict[str, str]) -> None:
    found = content_id(fields)
    assert found[:2] == "c:" and len(found) == 14
    int(found[2:], 16)


def ids_of(path: Path) -> dict[str, str]:
    prep = prepare(path)
    return {str(row.raw["full_name"]): row.record_id for row in prep.rows()}


def test_a_reordered_re_export_keeps_the_ids_of_its_rows(tmp_path: Path) -> None:
    header = "full_name,father_name,birth_year,death_date\r\n"
    first = tmp_path / "v1.csv"
    first.write_text(
        header
        + "Ali Tabesh,Hossein,1340,1367/05/10\r\n"
        + "Reza Karimi,Ahmad,1342,1367/05/11\r\n"
        + "Kaveh Darvishzadeh,Nader,1341,1367/05/12\r\n",
        encoding="utf-8",
    )
    second = tmp_path / "v2.csv"
    second.write_text(
        header
        + "Kaveh Darvishzadeh,Nader,1341,1367/06/01\r\n"  # death date corrected
        + "Shirin Mehrabanpour,Ahmad,1344,1367/05/20\r\n"  # inserted
        + "Ali Tabesh,Hossein,1340,1367/05/10\r\n"
        + "Reza Karimi,Ahmad,1342,1367/05/11\r\n",
        encoding="utf-8",
    )
    before, after = ids_of(first), ids_of(second)
    assert all(v.startswith("c:") for v in after.values())
    for name in ("Ali Tabesh", "Reza Karimi", "Kaveh Darvishzadeh"):
        assert after[name] == before[name], name
    assert after["Shirin Mehrabanpour"] not in before.values()
