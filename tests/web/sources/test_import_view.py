"""The web import: upload, the assistant's reading as a form, check, import, mapping download."""

from __future__ import annotations

import os
import re
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from dadkhah.core.case import Case, open_case
from dadkhah.pipelines.importing.headers import parse_mapping
from dadkhah.pipelines.importing.readers import Limits
from dadkhah.web.custody.models import CustodyEntry
from dadkhah.web.sources.models import Record, Source
from dadkhah.web.sources.staging import STAGING_DIR

pytestmark = pytest.mark.django_db

# Fictional people; "Qqq" is a header no importer recognizes.
LIST = (
    b"record_id,full_name,Qqq,city\r\n"
    b"a1,Kaveh Tabesh,Hasan,Tabriz\r\n"
    b"a2,Shirin Darvishzadeh,Morteza,Rasht\r\n"
    b"a3,Bahram Nikpour,Javad,Tabriz\r\n"
)


@pytest.fixture
def case(case_dir: Path, settings: Any) -> Case:
    case = open_case(case_dir)
    settings.CASE = case
    return case


def upload(client: Client, data: bytes = LIST, name: str = "ngo list.csv") -> Any:
    return client.post("/sources/import/", {"file": SimpleUploadedFile(name, data)})


def step2(client: Client, data: bytes = LIST, name: str = "ngo list.csv") -> str:
    """Upload and return the URL of step 2."""
    response = upload(client, data, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    url = str(response["Location"])
    assert re.fullmatch(r"/sources/import/[0-9a-f]{32}/", url)
    return url


def choices(client: Client, url: str) -> dict[str, str]:
    """The form as the page fills it in: every select's selected option, every input."""
    html = client.get(url).content.decode()
    data: dict[str, str] = {}
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    for name, value in re.findall(r'<input type="text" name="([^"]+)"[^>]*value="([^"]*)"', html):
        data[name] = value
    return data


def field_of(html: str, header: str) -> str:
    """The index i of the row whose header is ``header`` (its select is field_i)."""
    rows = re.findall(r'<label for="id_field_(\d+)"><bdi>(.*?)</bdi></label>', html)
    return next(i for i, shown in rows if shown == header)


def staged_dirs(case: Case) -> list[str]:
    folder = case.root / STAGING_DIR
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_upload_shows_each_column_with_its_samples_and_the_reading(case: Case, as_role) -> None:
    client = as_role("investigator")
    url = step2(client)
    html = client.get(url).content.decode()
    rows = re.findall(r'<label for="id_field_(\d+)"><bdi>(.*?)</bdi></label>', html)
    assert [h for _i, h in rows] == ["record_id", "full_name", "Qqq", "city"]
    for sample in ("Kaveh Tabesh", "Shirin Darvishzadeh", "Hasan", "Morteza", "Rasht"):
        assert f"<li><bdi>{sample}</bdi></li>" in html
    data = choices(client, url)
    assert data["field_" + field_of(html, "full_name")] == "full_name"
    assert data["field_" + field_of(html, "record_id")] == "record_id"
    assert data["field_" + field_of(html, "Qqq")] == ""  # kept in raw only
    assert data["name"] == "ngo-list"


def test_the_staged_file_is_private_and_named_as_sent(case: Case, as_role) -> None:
    client = as_role("investigator")
    token = step2(client).split("/")[-2]
    folder = case.root / STAGING_DIR / token
    (path,) = list(folder.iterdir())
    assert path.name == "ngo list.csv" and path.read_bytes() == LIST
    assert (folder.stat().st_mode & 0o777, path.stat().st_mode & 0o777) == (0o700, 0o600)


def test_a_changed_field_choice_is_imported_into_that_field(case: Case, as_role) -> None:
    client = as_role("investigator")
    url = step2(client)
    html = client.get(url).content.decode()
    data = choices(client, url)
    data["field_" + field_of(html, "Qqq")] = "father_name"
    data["field_" + field_of(html, "city")] = "notes"
    data |= {"name": "ngo-2019", "title": "NGO list 2019", "reliability": "C", "action": "import"}
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == "/sources/ngo-2019/"
    source = Source.objects.get(name="ngo-2019")
    assert (source.version, source.title, source.reliability) == (1, "NGO list 2019", "C")
    records = list(Record.objects.filter(source=source).order_by("row_number"))
    assert [r.source_record_id for r in records] == ["a1", "a2", "a3"]
    assert [r.normalized.get("father_name") for r in records] == ["Hasan", "Morteza", "Javad"]
    assert [r.normalized.get("notes") for r in records] == ["Tabriz", "Rasht", "Tabriz"]
    assert "city" not in records[0].normalized
    assert records[0].raw == {"record_id": "a1", "full_name": "Kaveh Tabesh", "Qqq": "Hasan",
                              "city": "Tabriz"}  # fmt: skip
    page = client.get(response["Location"]).content.decode()
    assert "Imported 3 records as version 1 of ngo-2019." in page
    # The original is evidence, its ingest logged under the web user; the upload is gone.
    ingest = CustodyEntry.objects.get(action="ingest")
    assert ingest.actor == "web:investigator" and source.evidence is not None
    assert source.evidence.original_name == "ngo list.csv"
    assert staged_dirs(case) == []
    assert client.get(url).status_code == 404


def test_the_check_is_a_dry_run_that_imports_nothing(case: Case, as_role) -> None:
    client = as_role("analyst")
    url = step2(client)
    response = client.post(url, choices(client, url) | {"action": "check"})
    assert response.status_code == 200
    html = response.content.decode()
    counts = re.findall(r'<dt>([^<]+)</dt><dd class="num">([^<]+)</dd>', html)
    assert counts == [
        ("Rows read", "3"), ("Records it would import", "3"), ("Rows refused", "0"),
        ("Version", "1"),
    ]  # fmt: skip
    assert (Source.objects.count(), Record.objects.count()) == (0, 0)
    assert not CustodyEntry.objects.filter(action="ingest").exists()
    assert len(staged_dirs(case)) == 1  # still there to import


def test_two_columns_for_one_field_is_an_error_on_each(case: Case, as_role) -> None:
    client = as_role("investigator")
    url = step2(client)
    html = client.get(url).content.decode()
    data = choices(client, url)
    data["field_" + field_of(html, "Qqq")] = "full_name"
    response = client.post(url, data | {"action": "import"})
    assert response.status_code == 400
    page = response.content.decode()
    message = "2 columns are set to full_name («full_name», «Qqq»). Keep one."
    assert page.count(message) == 2
    assert Source.objects.count() == 0


def test_no_name_column_is_an_error(case: Case, as_role) -> None:
    client = as_role("investigator")
    url = step2(client)
    html = client.get(url).content.decode()
    data = choices(client, url)
    data["field_" + field_of(html, "full_name")] = "notes"
    response = client.post(url, data | {"action": "check"})
    assert response.status_code == 400
    assert "No column is set to a name." in response.content.decode()


def test_a_recognized_column_can_be_kept_in_raw_only(case: Case, as_role) -> None:
    client = as_role("investigator")
    url = step2(client)
    html = client.get(url).content.decode()
    data = choices(client, url)
    data["field_" + field_of(html, "city")] = ""
    # The mapping it downloads says so, and reads back as the same choice.
    response = client.post(url, data | {"action": "mapping"})
    parsed = parse_mapping(tomllib.loads(response.content.decode()), name="m.toml")
    assert parsed.raw_only == ["Qqq", "city"]  # both columns the form keeps in raw only
    assert "city" not in parsed.columns
    response = client.post(url, data | {"action": "import"})
    assert response.status_code == 302, response.content.decode()[-2000:]
    records = list(Record.objects.order_by("row_number"))
    assert records
    for record in records:
        assert "city" not in record.normalized
        assert "city" in record.raw  # kept exactly as written


def test_the_mapping_download_parses_as_a_mapping_file(case: Case, as_role) -> None:
    client = as_role("investigator")
    url = step2(client)
    html = client.get(url).content.decode()
    data = choices(client, url)
    data["field_" + field_of(html, "Qqq")] = "father_name"
    data |= {"reliability": "B", "systematic": "yes"}
    response = client.post(url, data | {"action": "mapping"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ngo-list.mapping.toml"'
    mapping = parse_mapping(tomllib.loads(response.content.decode()), name="m.toml")
    assert mapping.columns == {
        "record_id": "record_id", "full_name": "full_name", "father_name": "Qqq", "city": "city",
    }  # fmt: skip
    assert (mapping.reliability, mapping.systematic, mapping.duplicate_free) == ("B", True, None)
    assert Source.objects.count() == 0


def test_an_upload_over_the_limit_is_refused_and_nothing_stays(
    case: Case, as_role, settings: Any
) -> None:
    settings.IMPORT_LIMITS = Limits(max_file_bytes=50)
    client = as_role("investigator")
    response = upload(client)
    assert response.status_code == 400
    text = f"The file is {len(LIST):,} bytes, over the import limit of 50 bytes."
    assert text in response.content.decode()
    assert staged_dirs(case) == []


def test_a_list_the_importer_refuses_is_refused_at_upload(case: Case, as_role) -> None:
    client = as_role("investigator")
    response = upload(client, b"PK\x03\x04not really a workbook", "list.xlsx")
    assert response.status_code == 400
    assert "list.xlsx: error: the file is not a readable XLSX workbook" in (
        response.content.decode()
    )
    assert staged_dirs(case) == []


def test_a_stale_staged_list_is_deleted_by_the_next_upload(case: Case, as_role) -> None:
    client = as_role("investigator")
    old = step2(client).split("/")[-2]
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(case.root / STAGING_DIR / old, (two_days_ago, two_days_ago))
    new = step2(client).split("/")[-2]
    assert staged_dirs(case) == [new]
    assert client.get(f"/sources/import/{old}/").status_code == 404


def test_a_token_opens_only_in_the_session_that_uploaded(case: Case, as_role) -> None:
    url = step2(as_role("investigator"))
    other = as_role("analyst")
    assert other.get(url).status_code == 404
    assert other.post(url, {"action": "import", "name": "x"}).status_code == 404
    assert other.get("/sources/import/..%2F..%2Fkeys/").status_code == 404


def test_a_hostile_file_name_and_header_are_text(case: Case, as_role) -> None:
    client = as_role("investigator")
    data = "full_name,<script>alert(1)</script>\r\nKaveh Tabesh,\u202eRad\r\n".encode()
    url = step2(client, data, name="../../evil\u202egpj.csv")
    html = client.get(url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\u202e" not in html
    assert '<mark class="control" title="U+202E RIGHT-TO-LEFT OVERRIDE">U+202E</mark>Rad' in html
    token = url.split("/")[-2]
    assert [p.name for p in (case.root / STAGING_DIR / token).iterdir()] == ["evilgpj.csv"]


def test_read_only_users_are_refused_and_anonymous_ones_sent_to_log_in(case: Case, as_role) -> None:
    client = as_role("read_only")
    assert client.get("/sources/import/").status_code == 403
    assert upload(client).status_code == 403
    assert staged_dirs(case) == []
    assert "Import a list" not in client.get("/sources/").content.decode()
    anonymous = Client().get("/sources/import/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/login/")


def test_the_sources_page_links_to_the_import_for_those_who_may(case: Case, as_role) -> None:
    html = as_role("analyst").get("/sources/").content.decode()
    assert '<a href="/sources/import/">Import a list</a>' in html


def test_the_import_pages_speak_persian(case: Case, as_role) -> None:
    client = as_role("investigator")
    client.post("/i18n/setlang/", {"language": "fa", "next": "/"})
    assert "<h1>ورود یک فهرست</h1>" in client.get("/sources/import/").content.decode()
    html = client.get(step2(client)).content.decode()
    assert 'dir="rtl"' in html and "فقط به شکل خام نگه داشته شود" in html
    assert '<option value="full_name" selected>نام کامل (full_name)</option>' in html


def test_a_column_calendar_goes_into_the_mapping_and_the_records(case: Case, as_role) -> None:
    client = as_role("investigator")
    data = b"full_name,death_date\r\nKaveh Tabesh,10/05/67\r\nShirin Rad,12/05/67\r\n"
    url = step2(client, data, "dates.csv")
    html = client.get(url).content.decode()
    form = choices(client, url)
    form["calendar_" + field_of(html, "death_date")] = "gregorian"
    toml = client.post(url, form | {"action": "mapping"}).content.decode()
    assert parse_mapping(tomllib.loads(toml), name="m.toml").calendars == {
        "death_date": "gregorian"
    }
    assert client.post(url, form | {"action": "import"}).status_code == 302
    dates = [r.normalized["death_date"] for r in Record.objects.order_by("row_number")]
    assert [(d["calendar"], d["earliest"]) for d in dates] == [
        ("gregorian", "1967-05-10"),
        ("gregorian", "1967-05-12"),
    ]


def test_a_refused_import_shows_its_errors_first_and_writes_nothing(case: Case, as_role) -> None:
    client = as_role("investigator")
    data = LIST + b"a1,Parvin Rad,Ali,Qom\r\n"  # a1 again
    url = step2(client, data)
    response = client.post(url, choices(client, url) | {"action": "import"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h2>Not imported</h2>" in html
    problems = re.findall(r'<ul class="problems"><li><bdi>(.*?)</bdi></li>', html)
    assert problems == [
        "ngo list.csv, row 5, column &#x27;record_id&#x27;, value &#x27;a1&#x27;: error: "
        "record id &#x27;a1&#x27; appears in an earlier row too; give each row its own id (record ids "
        "are unique within one file)."
    ]
    assert (Source.objects.count(), Record.objects.count()) == (0, 0)
    assert len(staged_dirs(case)) == 1


@pytest.mark.slow
def test_a_list_imported_into_a_linked_case_is_linked(case: Case, as_role, tmp_path: Path) -> None:
    # The web import links new records as `dadkhah import` does (one service for both).
    from click.testing import CliRunner

    from dadkhah.cli.main import cli
    from dadkhah.core.synth import SynthParams, generate_case
    from dadkhah.web.linkage.models import LinkRun

    synth = tmp_path / "synth"
    generate_case(synth, SynthParams(persons=300, seed=11, mode="csv"))
    lists = synth / "lists"
    for name in ("ngo_latin", "memorial"):
        args = ["--case", str(case.root), "import", str(lists / f"{name}.csv"), "--source", name]
        assert CliRunner().invoke(cli, args).exit_code == 0
    assert CliRunner().invoke(cli, ["--case", str(case.root), "link"]).exit_code == 0
    client = as_role("investigator")
    url = step2(client, (lists / "export_dupes.csv").read_bytes(), "export_dupes.csv")
    data = choices(client, url) | {"name": "export_dupes", "action": "import"}
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "Its new records were linked against the existing persons." in (
        response.content.decode()
    )
    assert list(LinkRun.objects.order_by("id").values_list("kind", flat=True)) == [
        "full",
        "incremental",
    ]
    new = Record.objects.filter(source__name="export_dupes")
    assert new.exists() and not new.filter(person=None).exists()
