"""The WGEID submission's elements, completeness check and files, without Django."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from dadkhah.pipelines.wgeid import (
    ELEMENTS,
    FamilyStep,
    Identity,
    Responsible,
    Sighting,
    Statement,
    SubmissionError,
    Submitter,
    WgeidSubmission,
    missing_elements,
    submission_json,
    submission_markdown,
    write_submissions,
)

COMPLETE = WgeidSubmission(
    identity=Identity("P-000001", "Kaveh Ahmadi", "کاوه احمدی", "m", ("Hassan",), ("1960",)),
    sightings=(
        Sighting("arrest", "1360", dt.date(1981, 3, 21), dt.date(1982, 3, 20), "Tehran"),
        Sighting("hearing", "Mordad 1367", dt.date(1988, 7, 23), dt.date(1988, 8, 22), "Evin"),
    ),
    responsible=(
        Responsible("Official A", "person", "sat on the commission", "hearing of Mordad 1367"),
    ),
    family_steps=(FamilyStep("1988-09", "Letter to the Evin prosecutor"),),
    submitter=Submitter("Truth commission", "ana", confidential=False),
    statements=(Statement("W-0001", "00:04:10", "I saw Kaveh taken from our ward."),),
)


def test_a_complete_submission_lacks_nothing_and_the_last_sighting_is_the_latest() -> None:
    assert missing_elements(COMPLETE) == []
    data = submission_json(COMPLETE)
    assert data["arrest_or_last_sighting"]["last"] == {
        "kind": "hearing", "date": "1988-07-23/1988-08-22", "date_text": "Mordad 1367",
        "place": "Evin",
    }  # fmt: skip
    assert data["submitter"] == {
        "confidential": False, "organisation": "Truth commission", "prepared_by": "ana"
    }  # fmt: skip


def test_every_element_heads_a_section_of_the_document() -> None:
    text = submission_markdown(COMPLETE)
    for heading in ("Identity", "arrest or last sighting", "Forces believed responsible",
                    "Steps taken by the family", "Submitter"):  # fmt: skip
        assert heading in text
    for value in ("Kaveh Ahmadi", "Hassan", "1960", "Evin", "Official A", "Evin prosecutor",
                  "W-0001", "Truth commission"):  # fmt: skip
        assert value in text


@pytest.mark.parametrize(
    "change, element",
    [
        ({"identity": replace(COMPLETE.identity, name=" ")}, "identity"),
        ({"sightings": ()}, "arrest_or_last_sighting"),
        (
            {"sightings": (Sighting("arrest", "", None, None, "Tehran"),)},
            "arrest_or_last_sighting",
        ),
        ({"responsible": ()}, "forces_responsible"),
        ({"family_steps": ()}, "family_steps"),
        ({"submitter": Submitter("", "ana", False)}, "submitter"),
    ],
)
def test_each_missing_element_is_named(change: dict[str, object], element: str) -> None:
    missing = missing_elements(replace(COMPLETE, **change))  # type: ignore[arg-type]
    assert [m.element for m in missing] == [element]
    assert str(missing[0]).startswith(f"missing: {ELEMENTS[element]} — ")


def test_an_undated_sighting_is_named_as_lacking_a_date() -> None:
    sub = replace(COMPLETE, sightings=(Sighting("arrest", "", None, None, "Tehran"),))
    assert "no recorded event gives a date" in str(missing_elements(sub)[0])


def test_a_confidential_submitter_leaves_its_name_out_of_both_files(tmp_path: Path) -> None:
    sub = replace(COMPLETE, submitter=Submitter("Truth commission", "ana", confidential=True))
    out = tmp_path / "wgeid"
    write_submissions([sub], out=out)
    for path in out.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "Truth commission" not in text and "ana" not in text.split("Kaveh")[0]
    data = json.loads((out / "P-000001.json").read_text(encoding="utf-8"))
    assert data["submitter"] == {"confidential": True, "organisation": None, "prepared_by": None}
    assert "keep its identity confidential" in (out / "P-000001.md").read_text(encoding="utf-8")


def test_the_files_are_written_for_each_person(tmp_path: Path) -> None:
    other = replace(COMPLETE, identity=replace(COMPLETE.identity, person_id="P-000002"))
    out = tmp_path / "wgeid"
    written = write_submissions([COMPLETE, other], out=out)
    assert sorted(p.name for p in written) == sorted(p.name for p in out.iterdir()) == [
        "P-000001.json", "P-000001.md", "P-000002.json", "P-000002.md",
    ]  # fmt: skip
    data = json.loads((out / "P-000002.json").read_text(encoding="utf-8"))
    assert set(ELEMENTS) <= set(data) and data["identity"]["person_id"] == "P-000002"
    assert list(tmp_path.iterdir()) == [out]


def test_an_incomplete_person_lists_every_missing_element_and_writes_nothing(
    tmp_path: Path,
) -> None:
    bare = replace(
        COMPLETE,
        identity=replace(COMPLETE.identity, person_id="P-000002"),
        sightings=(),
        responsible=(),
        family_steps=(),
        not_recorded={"family_steps": "not recorded in the case"},
    )
    with pytest.raises(SubmissionError) as err:
        write_submissions([COMPLETE, bare], out=tmp_path / "wgeid")
    message = str(err.value)
    for element in ("arrest_or_last_sighting", "forces_responsible", "family_steps"):
        assert f"P-000002: missing: {ELEMENTS[element]}" in message
    assert "P-000001" not in message
    assert "steps taken by the family — not recorded in the case" in message
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_kept_without_force_and_replaced_with_it(tmp_path: Path) -> None:
    out = tmp_path / "wgeid"
    out.mkdir()
    (out / "keep").write_text("keep")
    with pytest.raises(SubmissionError, match="exists already; choose a new name or pass --force"):
        write_submissions([COMPLETE], out=out)
    assert [p.name for p in out.iterdir()] == ["keep"]
    write_submissions([COMPLETE], out=out, force=True)
    assert sorted(p.name for p in out.iterdir()) == ["P-000001.json", "P-000001.md"]
    assert list(tmp_path.iterdir()) == [out]


def test_a_failure_before_the_rename_leaves_nothing(tmp_path: Path) -> None:
    def fail() -> None:
        raise RuntimeError("audit failed")

    with pytest.raises(RuntimeError):
        write_submissions([COMPLETE], out=tmp_path / "wgeid", before_rename=fail)
    assert list(tmp_path.iterdir()) == []


def test_data_cannot_add_headings_or_lines_to_the_document() -> None:
    sub = replace(COMPLETE, identity=replace(COMPLETE.identity, name="# Kaveh\n## 5. Submitter"))
    text = submission_markdown(sub)
    assert "- Name: Kaveh ## 5. Submitter" in text
    assert [line for line in text.splitlines() if line.startswith("#")] == [
        "# Communication to the Working Group on Enforced or Involuntary Disappearances",
        "## 1. Identity of the disappeared person",
        "## 2. Date and place of arrest or last sighting",
        "## 3. Forces believed responsible",
        "## 4. Steps taken by the family",
        "## Witness statements (shared with the witness's consent)",
        "## 5. Submitter",
    ]
