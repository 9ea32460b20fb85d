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

from tests.cli.dadkhah_process import REPO, cli_env, run_cli
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


def _export(case: Path, table: str, out: Path, user: str = "ana") -> list[dict[str, Any]]:
    done = run_cli("--case", str(case), "export", table, "--format", "json",
                   "--out", str(out), "--as", user)  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, Any]] = json.loads(out.read_text(encoding="utf-8"))
    return rows


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
    exported = _export(case, "persons", tmp_path / "persons.json")
    ids = [r["person_id"] for r in exported]
    assert len(ids) >= 4
    assert f"persons: {len(ids)}\nids: {' '.join(ids)}\n" in persons
    assert "Kaveh Darvishzadeh" in persons  # a fictional victim of the minimal demo
    rows = _export(case, "records", tmp_path / "records.json")
    assert f"records: {len(rows)}\n" in records
    for source in {r["source"] for r in rows}:
        assert f"  {source}: {sum(r['source'] == source for r in rows)}\n" in records
    assert f"claims: {len(_export(case, 'claims', tmp_path / 'claims.json'))}\n" in claims
    done = run_cli("--case", str(case), "export", "capture-histories", "--by", "city",
                   "--format", "json", "--out", str(tmp_path / "h.json"), "--as", "ana")  # fmt: skip
    assert done.returncode == 0, done.stderr
    counts = json.loads((tmp_path / "h.json").read_text(encoding="utf-8"))
    assert f"documented: {sum(r['count'] for r in counts)}\n" in histories
    for text in (opened, persons, records, claims, histories):
        assert WITNESS_NAME not in text

    log = _export(case, "custody", tmp_path / "custody.json", user="boss")
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
    run_cli("init", str(other))
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
