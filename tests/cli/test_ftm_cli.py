"""`export ftm` and `import-ftm`: valid FtM, a round trip into a new case, witnesses kept out.

The commands run in process (CliRunner) on the test database, which every case folder of
a test shares: where a test needs a second, empty case, the first one's rows are rolled
back once its export is written (tests/cli/in_process.py), as a new case starts empty.
Nothing here needs a process of its own: a refusal's exit code (1) is click's, the same
through CliRunner as through the console script.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.cli.in_process import invoke_ok, invoke_refused, rolled_back
from tests.conftest import FAST_HASHERS
from tests.database import custody_triggers_create, vocabularies_seed_if_missing
from tests.minimal_case import PASSWORD, WITNESS_NAME, build_minimal_case_here

#: The minimal demo's evidence file (dadkhah/web/demo/minimal.py), to add to the new case.
DEMO_PDF = b"%PDF-1.4\n% synthetic demo document\n"


def _ok(*args: str) -> str:
    return invoke_ok(*args, env={"DADKHAH_PASSWORD": PASSWORD})


def _fails(*args: str) -> str:
    return invoke_refused(*args, env={"DADKHAH_PASSWORD": PASSWORD})


def _new_case(root: Path, settings: Any, name: str) -> Path:
    """`dadkhah init ROOT` with the analyst ana; the commands after it audit to its log."""
    from dadkhah.core.case import open_case

    _ok("init", str(root), "--name", name)
    settings.CASE = open_case(root)  # as DADKHAH_CASE does in a `dadkhah` process
    _ok("--case", str(root), "createuser", "ana", "--role", "analyst")
    return root


def _no_format(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def exported(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The minimal demo case's FtM export, built once; the case's rows are rolled back."""
    from django.db import transaction
    from django.test import override_settings

    root = tmp_path_factory.mktemp("ftm")
    out = root / "first.ftm.jsonl"
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        # What each test's database holds before it builds anything (tests/conftest.py).
        vocabularies_seed_if_missing()
        custody_triggers_create()
        case = build_minimal_case_here(root / "first")
        with override_settings(CASE=case):
            said = _ok("--case", str(case.root), "export", "ftm", "--format", "jsonl",
                       "--out", str(out), "--as", "ana")  # fmt: skip
        transaction.set_rollback(True)
    assert "5 Person" in said and "4 Note" in said
    return out


def test_every_exported_line_is_an_entity_followthemoney_reads_back_unchanged(
    exported: Path,
) -> None:
    from followthemoney import model

    entities = _lines(exported)
    schemata = {e["schema"] for e in entities}
    assert schemata == {
        "Person", "Organization", "Membership", "Position", "Occupancy", "Event", "Address",
        "Document", "Documentation", "Note",
    }  # fmt: skip
    ids = {e["id"] for e in entities}
    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)  # FtM's own reading
        assert proxy.schema.validate(proxy.to_dict()) is None
        for prop, values in data["properties"].items():
            # Nothing needed cleaning, except that FtM drops format characters such as the
            # ZWNJ of Persian names (درویش‌زاده): the extension object keeps them.
            assert proxy.get(prop) == [_no_format(v) for v in values], (data["id"], prop)
            if proxy.schema.get(prop).type.name == "entity":
                assert set(values) <= ids, (data["id"], prop)  # every reference is in the file
        for required in proxy.schema.required:
            assert proxy.get(required), (data["id"], required)


def test_the_export_keeps_provenance_and_leaves_witnesses_out(exported: Path) -> None:
    text = exported.read_text(encoding="utf-8")
    assert WITNESS_NAME not in text and "W-0001" not in text and "testimony" not in text
    entities = {e["id"]: e for e in _lines(exported)}
    persons = {e["dadkhah"]["public_id"]: e for e in entities.values() if e["schema"] == "Person"}
    assert sorted(persons) == ["P-000001", "P-000002", "P-000003", "P-000004", "P-900001"]
    kaveh = persons["P-000001"]
    assert kaveh["properties"]["name"] == ["Kaveh Darvishzadeh", "کاوه درویش‌زاده"]
    notes = [e for e in entities.values() if e["schema"] == "Note"
             and e["properties"]["entity"] == [kaveh["id"]]]  # fmt: skip
    assert len(notes) == 1
    note = notes[0]
    sources = {entities[d]["dadkhah"]["name"] for d in note["properties"]["proof"]}
    assert sources == {"families-fa", "ngo-latin"}
    support = [e for e in entities.values() if e["schema"] == "Documentation"
               and e["properties"]["entity"] == [note["id"]]]  # fmt: skip
    assert sorted(s["properties"]["summary"][0] for s in support) == [
        "credibility 2; row 2",
        "credibility 3; N1",
    ]
    families = next(e for e in entities.values() if e["dadkhah"].get("name") == "families-fa")
    assert families["properties"]["notes"][0].startswith("SHA-256 ")
    assert families["dadkhah"]["sha256"] and families["dadkhah"]["reliability"] == "B"


@pytest.mark.django_db
def test_a_case_imported_from_the_export_exports_the_same_entities(
    exported: Path, tmp_path: Path, settings: Any
) -> None:
    second = _new_case(tmp_path / "second", settings, "Second")
    pdf = tmp_path / "family-letter.pdf"
    pdf.write_bytes(DEMO_PDF)
    _ok("--case", str(second), "evidence", "add", str(pdf))
    said = _ok("--case", str(second), "import-ftm", str(exported), "--as", "ana")
    assert "5 persons" in said and "4 claims" in said and "8 claim sources" in said
    again = tmp_path / "again.jsonl"
    _ok("--case", str(second), "export", "ftm", "--format", "jsonl", "--out", str(again),
        "--as", "ana")  # fmt: skip
    assert again.read_bytes() == exported.read_bytes()
    stderr = _fails("--case", str(second), "import-ftm", str(exported), "--as", "ana")
    assert "line 1: entity 'dadkhah-source-" in stderr and "already" in stderr


@pytest.fixture(scope="module")
def empty_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One case folder for every bad line: each test's rows are rolled back after it."""
    from dadkhah.core.case import init_case

    return init_case(tmp_path_factory.mktemp("ftm-bad") / "case", name="Bad input").root


@pytest.mark.parametrize(
    "line, message",
    [
        ("{not json", "line 2: not JSON"),
        ('{"id": "x1", "schema": "Spaceship", "properties": {}}', "unknown schema 'Spaceship'"),
        ('{"id": "x1", "schema": "Person", "properties": {}}',
         "entity 'x1', property 'name': required by Person, missing"),
        ('{"id": "x1", "schema": "Person", "properties": {"name": ["A"], "colour": ["red"]}}',
         "entity 'x1', property 'colour': Person has no such property"),
        ('{"id": "x1", "schema": "Person", "properties": {"name": ["A"], "birthDate": ["soon"]}}',
         "entity 'x1', property 'birthDate': 'soon' is not a valid date"),
        ('{"id": "m1", "schema": "Membership", "properties": {"member": ["p9"], '
         '"organization": ["o9"]}}', "entity 'm1', property 'member': 'p9' is not an entity"),
    ],
)  # fmt: skip
@pytest.mark.django_db
def test_a_bad_line_is_named_and_nothing_is_imported(
    empty_case: Path, tmp_path: Path, settings: Any, line: str, message: str
) -> None:
    from dadkhah.core.case import open_case

    case = empty_case
    settings.CASE = open_case(case)
    _ok("--case", str(case), "createuser", "ana", "--role", "analyst")
    good = {"id": "p1", "schema": "Person", "properties": {"name": ["Fictional Person"]}}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(good) + "\n" + line + "\n", encoding="utf-8")
    stderr = _fails("--case", str(case), "import-ftm", str(path), "--as", "ana")
    assert message in stderr, stderr
    out = tmp_path / "out.jsonl"
    _ok("--case", str(case), "export", "ftm", "--format", "jsonl", "--out", str(out),
        "--as", "ana")  # fmt: skip
    assert out.read_text() == ""  # the good first line was not kept either


def test_export_ftm_refuses_other_formats_and_existing_files(tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    stderr = _fails("--case", str(tmp_path / "none"), "export", "ftm", "--format", "csv",
                    "--out", str(out), "--as", "ana")  # fmt: skip
    assert "give --format jsonl" in stderr
    out.write_text("keep")
    stderr = _fails("--case", str(tmp_path / "none"), "export", "ftm", "--format", "jsonl",
                    "--out", str(out), "--as", "ana")  # fmt: skip
    assert "exists already" in stderr and out.read_text() == "keep"


def _alike_case(root: Path) -> Path:
    """Two executions alike in everything but their victim, each with a claim alike too."""
    from django.test import override_settings

    from dadkhah.core.case import init_case
    from dadkhah.web.accounts.services import user_create
    from dadkhah.web.claims.models import Claim
    from dadkhah.web.events.models import Event, Involvement
    from dadkhah.web.people.models import Person, PersonRole
    from dadkhah.web.places.models import Place

    case = init_case(root, name="Alike (synthetic)", synthetic=True)
    with override_settings(CASE=case):
        user_create(username="ana", password=PASSWORD, role="analyst")
        evin = Place.objects.create(key="prison:evin", kind="prison", name="Evin")
        for n in (2, 1):
            person = Person.objects.create(public_id=f"P-00000{n}", display_name=f"Fictional {n}")
            PersonRole.objects.create(person=person, role="victim")
            event = Event.objects.create(kind="execution", place=evin)
            Involvement.objects.create(event=event, person=person, role="victim")
            Claim.objects.create(event=event, kind="took_place", value="executed")
    return case.root


@pytest.mark.django_db
def test_alike_events_keep_their_ids_and_victims_through_a_round_trip(
    tmp_path: Path, settings: Any
) -> None:
    from dadkhah.core.case import open_case

    out = tmp_path / "first.jsonl"
    with rolled_back():
        first = _alike_case(tmp_path / "first")
        settings.CASE = open_case(first)
        _ok("--case", str(first), "export", "ftm", "--format", "jsonl", "--out", str(out),
            "--as", "ana")  # fmt: skip
    entities = _lines(out)
    events = [e for e in entities if e["schema"] == "Event"]
    persons = {e["id"]: e["dadkhah"]["public_id"] for e in entities if e["schema"] == "Person"}
    assert len({e["id"] for e in events}) == 2
    assert [persons[e["properties"]["involved"][0]] for e in events] == ["P-000002", "P-000001"]
    second = _new_case(tmp_path / "second", settings, "Second")
    _ok("--case", str(second), "import-ftm", str(out), "--as", "ana")
    again = tmp_path / "again.jsonl"
    _ok("--case", str(second), "export", "ftm", "--format", "jsonl", "--out", str(again),
        "--as", "ana")  # fmt: skip
    assert again.read_bytes() == out.read_bytes()
