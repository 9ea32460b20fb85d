"""The Python API: the tables `dadkhah export` writes, as DataFrames, refused and audited alike.

Run as an analyst does: the example notebook docs/analyst-notebook.ipynb executes in a
Jupyter kernel (nbclient) against a fictional case, and its outputs are compared with
`dadkhah export` of the same tables for the same user.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dadkhah.core.case import init_case
from tests.cli.dadkhah_process import REPO, cli_env, place_migrated_database, run_cli_session
from tests.cli.test_startup import HEAVY, _modules_after
from tests.minimal_case import WITNESS_NAME, build_minimal_case

NOTEBOOK = REPO / "docs" / "analyst-notebook.ipynb"


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_minimal_case(tmp_path_factory.mktemp("api") / "case")


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=cli_env(),
        cwd=REPO,
        timeout=120,
    )


def _exports(case: Path, folder: Path, *tables: str, user: str = "ana") -> list[list[Any]]:
    """`dadkhah export TABLE --format json` of each table, as ``user``, read back.

    One fresh interpreter runs them all (on the case's own file, which the notebook reads).
    """
    commands = [
        ["--case", str(case), "export", *table.split(), "--format", "json",
         "--out", str(folder / f"{table.split()[0]}-{user}.json"), "--as", user]
        for table in tables
    ]  # fmt: skip
    tables_read = []
    for table, done in zip(tables, run_cli_session(*commands), strict=True):
        assert done.returncode == 0, done.stderr
        path = folder / f"{table.split()[0]}-{user}.json"
        tables_read.append(json.loads(path.read_text(encoding="utf-8")))
    return tables_read


def test_import_dadkhah_loads_no_heavy_library_until_a_case_is_opened() -> None:
    loaded = _modules_after("import dadkhah\nassert callable(dadkhah.open_case)")
    assert not {m for m in HEAVY if m in loaded}
    assert "dadkhah.api" in loaded


def _outputs(nb: Any) -> list[str]:
    texts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        text = ""
        for out in cell.outputs:
            assert out.output_type != "error", out
            text += out.get("text", "") + out.get("data", {}).get("text/plain", "")
        texts.append(text)
    return texts


def test_the_notebook_shows_what_export_gives_the_same_user_and_is_audited(
    case: Path, tmp_path: Path
) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    env = cli_env({"DADKHAH_CASE": str(case), "DADKHAH_USER": "ana"})
    client = nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=180, resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute(env=env)
    opened, persons, records, claims, histories = _outputs(nb)

    assert opened.strip() == "Minimal case (synthetic) read as ana"
    exported, rows, claimed, counts = _exports(
        case, tmp_path, "persons", "records", "claims", "capture-histories --by city"
    )
    ids = [r["person_id"] for r in exported]
    assert len(ids) >= 4
    assert f"persons: {len(ids)}\nids: {' '.join(ids)}\n" in persons
    assert "Kaveh Darvishzadeh" in persons  # a fictional victim of the minimal demo
    assert f"records: {len(rows)}\n" in records
    for source in {r["source"] for r in rows}:
        assert f"  {source}: {sum(r['source'] == source for r in rows)}\n" in records
    assert f"claims: {len(claimed)}\n" in claims
    assert f"documented: {sum(r['count'] for r in counts)}\n" in histories
    for text in (opened, persons, records, claims, histories):
        assert WITNESS_NAME not in text

    [log] = _exports(case, tmp_path, "custody", user="boss")
    python_reads = [
        json.loads(e["entry"])["details"]["objects"][0]
        for e in log
        if e["action"] == "export" and e["actor"] == "web:ana"
    ]
    for table in ("persons", "records", "claims", "capture-histories"):
        assert any(o.startswith(f"export:{table}:python:") for o in python_reads), table


OPEN = """
import sys
import dadkhah
try:
    case = dadkhah.open_case(sys.argv[1], user=sys.argv[2])
    print(len(case.persons()))
except Exception as exc:
    print(type(exc).__name__, exc)
"""


@pytest.mark.parametrize(
    "user, expected",
    [
        ("nobody", "ApiError no active user 'nobody' in the case 'Minimal case (synthetic)'"),
        ("liaison", "ExportRefused this user may not export: no role of theirs grants it"),
    ],
)
def test_an_unknown_user_or_one_without_the_right_is_refused(
    case: Path, user: str, expected: str
) -> None:
    done = _python(OPEN, str(case), user)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(expected)


def test_a_folder_that_is_no_case_and_a_second_case_are_refused(case: Path, tmp_path: Path) -> None:
    done = _python(OPEN, str(tmp_path), "ana")
    assert "CaseError" in done.stdout and "is not a case folder (no case.toml)" in done.stdout
    other = tmp_path / "other"
    # What `dadkhah init` leaves: the case folder and its migrated database.
    place_migrated_database(other)
    init_case(other)
    code = (
        "import sys, dadkhah\n"
        "dadkhah.open_case(sys.argv[1], user='ana')\n"
        "try:\n    dadkhah.open_case(sys.argv[2], user='ana')\n"
        "except Exception as exc:\n    print(type(exc).__name__, exc)\n"
    )
    done = _python(code, str(case), str(other))
    assert "ApiError this Python process has the case" in done.stdout, done.stderr


def test_tables_are_typed_as_the_parquet_export(case: Path) -> None:
    code = (
        "import sys, dadkhah\n"
        "c = dadkhah.open_case(sys.argv[1], user='ana')\n"
        "p = c.persons()\n"
        "print(p['records'].dtype, p['person_id'].dtype, p.attrs['dadkhah.table'])\n"
        "print(list(c.capture_histories().columns)[-1], c.table('sources')['latest'].dtype)\n"
    )
    done = _python(code, str(case))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["Int64 string persons", "count boolean"]
