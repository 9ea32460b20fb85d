"""`dadkhah submit wgeid` on the minimal demo case: every element, or each missing one listed.

P-000001 of the minimal demo had a hearing at Evin before the Tehran commission, on which
Official A sat: identity, a last sighting and the forces responsible are in the case;
the steps of the family are not until the test records an official communication.
W-0001's testimony about P-000001 goes in only with consent to share with a UN mechanism
and, the witness being at high risk, a cleared do-no-harm check.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dadkhah.cli.main import cli
from tests.cli.test_startup import HEAVY, _modules_after

SEGMENT = "I saw Kaveh taken from our ward"


@pytest.fixture
def demo(tmp_path: Path, settings: Any) -> Path:
    from dadkhah.core.case import init_case
    from dadkhah.web.demo.minimal import demo_case_build_minimal

    case = init_case(tmp_path / "demo", name="Demo commission", synthetic=True)
    settings.CASE = case  # the audit entries go to this case's custody log
    demo_case_build_minimal(case=case, echo=lambda _m: None)
    return case.root


def _exports(before: int) -> list[dict[str, Any]]:
    from dadkhah.web.custody.models import CustodyEntry

    entries = CustodyEntry.objects.filter(seq__gte=before, action="export").order_by("seq")
    return [{"actor": e.actor, **json.loads(e.data)["details"]} for e in entries]


def _seq() -> int:
    from dadkhah.web.custody.models import CustodyEntry

    return CustodyEntry.objects.count()


def _submit(case: Path, *args: str) -> Any:
    return CliRunner().invoke(cli, ["--case", str(case), "submit", "wgeid", *args])


def _family_step(public_id: str) -> None:
    from dadkhah.core.dates import Calendar, Precision, UncertainDate
    from dadkhah.web.events.models import Event, Involvement
    from dadkhah.web.modelutils import uncertain_kwargs
    from dadkhah.web.people.models import Person

    when = UncertainDate(
        dt.date(1988, 9, 1), dt.date(1988, 9, 30), Precision.MONTH, Calendar.GREGORIAN, "1988-09"
    )
    event = Event.objects.create(
        kind="official_communication",
        description="The family wrote to the Evin prosecutor asking where he was held.",
        **uncertain_kwargs("date", when),
    )
    Involvement.objects.create(
        event=event, person=Person.objects.get(public_id=public_id), role="victim"
    )


def _share_with_un(pseudonym: str) -> None:
    from dadkhah.web.witnesses.models import Witness
    from dadkhah.web.witnesses.services import consent_record, harm_check_record

    witness = Witness.objects.get(pseudonym=pseudonym)
    consent_record(witness=witness, use="un_mechanism", grant=True, obtained_by="t", actor="t")
    harm_check_record(witness=witness, use="un_mechanism", cleared=True, checked_by="t")


@pytest.mark.django_db
def test_a_complete_person_gets_both_files_with_every_element(demo: Path) -> None:
    from tests.web.authz.conftest import make_user

    make_user("lo", "legal_officer", "strictly_confidential")  # may read the testimony
    _family_step("P-000001")
    out = demo.parent / "wgeid"
    before = _seq()
    result = _submit(demo, "--person", "P-000001", "--out", str(out), "--as", "lo")
    assert result.exit_code == 0, result.output
    [audited] = _exports(before)
    assert audited["actor"] == "web:lo" and audited["outcome"] == "export"
    assert "person:P-000001" in audited["objects"]
    assert "1 submission(s), 2 file(s)" in result.output
    data = json.loads((out / "P-000001.json").read_text(encoding="utf-8"))
    assert data["synthetic"] is True
    assert data["identity"]["name"] == "Kaveh Darvishzadeh"
    assert data["identity"]["father_names"] == ["نادر", "Nader"]
    assert data["identity"]["birth_years"] == ["1962"]
    last = data["arrest_or_last_sighting"]["last"]
    assert last["kind"] == "hearing before a commission" and last["place"] == "Evin"
    assert last["date"] == "1988-07-23/1988-08-22"
    names = {(r["kind"], r["name"]) for r in data["forces_responsible"]}
    assert names == {("person", "Official A (fictional)"), ("body", "Tehran commission (1988)")}
    assert {r["event"] for r in data["forces_responsible"]} == {
        "hearing before a commission of 1988-07-23/1988-08-22"
    }
    assert data["family_steps"][0]["description"].startswith("The family wrote")
    assert data["submitter"] == {
        "confidential": False, "organisation": "Demo commission", "prepared_by": "lo"
    }  # fmt: skip
    text = (out / "P-000001.md").read_text(encoding="utf-8")
    assert "SYNTHETIC DATA" in text and "Evin" in text and "Official A" in text
    assert SEGMENT not in text and data["witness_statements"] == []  # consent: interview only


@pytest.mark.django_db
def test_an_incomplete_person_gets_each_missing_element_and_nothing_is_written(
    demo: Path,
) -> None:
    from tests.web.authz.conftest import make_user

    make_user("lo", "legal_officer")
    out = demo.parent / "wgeid"
    before = _seq()
    result = _submit(demo, "--person", "P-000001", "--person", "P-000002", "--out", str(out),
                     "--as", "lo")  # fmt: skip
    assert result.exit_code == 1 and _exports(before) == []
    lines = [line.strip() for line in result.output.splitlines()]
    assert "P-000001: missing: the steps taken by the family — not recorded in the case" in (
        " ".join(lines)
    )
    for element in ("date and place of arrest or last sighting", "the forces believed responsible",
                    "the steps taken by the family"):  # fmt: skip
        assert any(line.startswith(f"P-000002: missing: {element} — ") for line in lines), element
    assert not any(line.startswith("P-000002: missing: identity") for line in lines)
    assert not out.exists() and sorted(p.name for p in demo.parent.iterdir()) == ["demo"]


@pytest.mark.django_db
def test_a_consented_statement_goes_in_for_a_user_who_may_read_testimonies(demo: Path) -> None:
    from tests.web.authz.conftest import make_user

    make_user("lo", "legal_officer", "strictly_confidential")
    make_user("ana", "analyst", "strictly_confidential")  # exports, but reads no testimonies
    _family_step("P-000001")
    _share_with_un("W-0001")
    out = {u: demo.parent / f"wgeid-{u}" for u in ("lo", "ana")}
    for user, folder in out.items():
        result = _submit(demo, "--person", "P-000001", "--out", str(folder), "--as", user,
                         "--confidential-submitter")  # fmt: skip
        assert result.exit_code == 0, result.output
    lo = json.loads((out["lo"] / "P-000001.json").read_text(encoding="utf-8"))
    assert [s["pseudonym"] for s in lo["witness_statements"]] == ["W-0001"]
    assert SEGMENT in (out["lo"] / "P-000001.md").read_text(encoding="utf-8")
    ana = (out["ana"] / "P-000001.md").read_text(encoding="utf-8")
    assert SEGMENT not in ana and "W-0001" not in ana
    for folder in out.values():
        for path in folder.iterdir():
            text = path.read_text(encoding="utf-8")
            assert "Demo commission" not in text and "Synthetic Witness One" not in text


@pytest.mark.django_db
def test_a_user_without_rights_gets_nothing(demo: Path) -> None:
    from tests.web.authz.conftest import make_user

    make_user("reader", "read_only")
    make_user("liaison", "witness_liaison")
    out = demo.parent / "wgeid"
    result = _submit(demo, "--person", "P-000001", "--out", str(out), "--as", "reader")
    assert result.exit_code == 1 and "this user may not submit" in result.output
    result = _submit(demo, "--person", "W-0001", "--out", str(out), "--as", "liaison")
    assert result.exit_code == 1 and "this user may not submit" in result.output
    assert not out.exists()


@pytest.mark.django_db
def test_a_person_the_user_may_not_see_reads_as_no_person(demo: Path) -> None:
    from dadkhah.web.people.models import Person
    from tests.web.authz.conftest import make_user

    make_user("lo", "legal_officer")
    Person.objects.filter(public_id="P-000001").update(confidentiality="strictly_confidential")
    out = demo.parent / "wgeid"
    hidden = _submit(demo, "--person", "P-000001", "--out", str(out), "--as", "lo")
    absent = _submit(demo, "--person", "P-999999", "--out", str(out), "--as", "lo")
    assert hidden.exit_code == absent.exit_code == 1
    assert hidden.output.replace("P-000001", "P-X") == absent.output.replace("P-999999", "P-X")
    assert not out.exists()


def test_an_existing_output_is_refused_without_force(tmp_path: Path) -> None:
    out = tmp_path / "wgeid"
    out.mkdir()
    result = _submit(tmp_path / "no-case", "--person", "P-000001", "--out", str(out), "--as", "a")
    assert result.exit_code == 1 and "exists already; choose a new name or pass --force" in (
        result.output
    )
    assert list(out.iterdir()) == []


def test_submit_help_loads_no_heavy_library() -> None:
    code = (
        "from dadkhah.cli.main import cli\n"
        "try:\n    cli.main(['submit', 'wgeid', '--help'], prog_name='dadkhah')\n"
        "except SystemExit:\n    pass"
    )
    loaded = _modules_after(code)
    assert not {m for m in HEAVY if m in loaded}
