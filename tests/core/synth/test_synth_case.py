"""The synthetic case as the importer, the loader and the benchmarks see it."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dadkhah.core.errors import InputError
from dadkhah.core.synth import SynthParams, generate_case
from tests.core.synth.readers import lists_toml, read_list

CANONICAL_HEADERS = {
    "record_id",
    "full_name",
    "given_name",
    "family_name",
    "father_name",
    "sex",
    "birth_year",
    "birth_date",
    "age",
    "arrest_date",
    "death_date",
    "city",
    "prison",
    "affiliation",
    "burial_place",
    "notes",
}
PERSIAN_HEADERS = {
    "شناسه",
    "نام",
    "نام خانوادگی",
    "نام پدر",
    "جنسیت",
    "سال تولد",
    "تاریخ تولد",
    "سن",
    "تاریخ بازداشت",
    "تاریخ اعدام",
    "شهر",
    "زندان",
    "گرایش سیاسی",
    "سازمان",
    "محل دفن",
    "توضیحات",
}


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_the_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    a = generate_case(tmp_path / "a", SynthParams(persons=400, seed=3))
    b = generate_case(tmp_path / "b", SynthParams(persons=400, seed=3))
    assert a == b
    first, second = _digest(tmp_path / "a"), _digest(tmp_path / "b")
    assert any(k.endswith(".xlsx") for k in first) and any(k.endswith(".ods") for k in first)
    assert first == second


def test_the_same_seed_gives_the_same_bytes_in_another_process(tmp_path: Path) -> None:
    # String hashing differs between processes (PYTHONHASHSEED): no output may depend on it.
    code = (
        "import sys; from pathlib import Path; from dadkhah.core.synth import SynthParams, generate_case; "
        "generate_case(Path(sys.argv[1]), SynthParams(persons=200, seed=9))"
    )
    for name, hashseed in (("a", "1"), ("b", "2")):
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        subprocess.run([sys.executable, "-c", code, str(tmp_path / name)], check=True, env=env)
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")


def test_another_seed_gives_another_case(tmp_path: Path) -> None:
    generate_case(tmp_path / "a", SynthParams(persons=400, seed=3, mode="csv"))
    generate_case(tmp_path / "b", SynthParams(persons=400, seed=4, mode="csv"))
    a, b = _digest(tmp_path / "a"), _digest(tmp_path / "b")
    assert a["truth/persons.csv"] != b["truth/persons.csv"]


def test_every_list_is_described_and_marked_synthetic(small_case: Path) -> None:
    meta = lists_toml(small_case)
    assert meta["synthetic"] is True
    assert 4 <= len(meta["lists"]) <= 6
    assert {e["format"] for e in meta["lists"]} == {"csv", "xlsx", "ods", "json", "jsonl"}
    for entry in meta["lists"]:
        assert entry["synthetic"] is True and entry["kind"] == "list"
        assert "SYNTHETIC" in entry["title"]
        assert (small_case / entry["file"]).is_file()
    assert "FICTIONAL" in (small_case / "SYNTHETIC.txt").read_text(encoding="utf-8")


def test_every_format_reads_back_with_its_library(small_case: Path) -> None:
    truth = Counter(r["list"] for r in _csv(small_case / "truth" / "records.csv"))
    for entry in lists_toml(small_case)["lists"]:
        headers, records = read_list(small_case, entry)
        assert len(records) == entry["records"] == truth[entry["name"]] > 0
        assert headers[0] == entry["record_id_column"]


def test_headers_are_ones_the_importer_recognises(small_case: Path) -> None:
    fold = str.maketrans({"ي": "ی", "ك": "ک"})  # the Windows-1256 list writes Arabic letters
    for entry in lists_toml(small_case)["lists"]:
        headers, _ = read_list(small_case, entry)
        folded = {h.translate(fold) for h in headers}
        assert folded <= CANONICAL_HEADERS | PERSIAN_HEADERS, (
            entry["name"],
            folded - CANONICAL_HEADERS,
        )
        assert headers[0] in ("record_id", "شناسه")


def test_every_record_maps_to_one_true_person(small_case: Path) -> None:
    persons = {r["person_key"] for r in _csv(small_case / "truth" / "persons.csv")}
    truth = _csv(small_case / "truth" / "records.csv")
    keys = [(r["list"], r["record_id"]) for r in truth]
    assert len(keys) == len(set(keys)), "record ids repeat within a list"
    assert {r["person_key"] for r in truth} <= persons
    for entry in lists_toml(small_case)["lists"]:
        _, records = read_list(small_case, entry)
        ids = {str(r[entry["record_id_column"]]) for r in records}
        assert ids == {rid for name, rid in keys if name == entry["name"]}


def test_true_total_counts_the_victims_on_no_list(small_case: Path) -> None:
    summary = json.loads((small_case / "truth" / "summary.json").read_text(encoding="utf-8"))
    persons = _csv(small_case / "truth" / "persons.csv")
    assert summary["true_total"] == len(persons) == 3000
    documented = sum(r["on_any_list"] == "true" for r in persons)
    assert summary["documented"] == documented < summary["true_total"]
    assert sum(summary["capture_histories"].values()) == summary["true_total"]
    assert summary["capture_histories"]["0" * len(summary["list_order"])] == summary["undocumented"]
    assert 0.3 <= summary["share_undocumented"] <= 0.5
    assert sum(v["true_total"] for v in summary["by_city"].values()) == summary["true_total"]
    assert summary["synthetic"] is True and summary["parameters"]["seed"] == 7


def test_duplicate_free_lists_name_each_person_once_and_the_export_repeats(
    small_case: Path,
) -> None:
    meta = {e["name"]: e for e in lists_toml(small_case)["lists"]}
    per_list = Counter(
        (r["list"], r["person_key"]) for r in _csv(small_case / "truth" / "records.csv")
    )
    for name, entry in meta.items():
        most = max(c for (lst, _), c in per_list.items() if lst == name)
        if entry["duplicate_free"]:
            assert most == 1, name
    repeated = [k for (lst, k), c in per_list.items() if lst == "export_dupes" and c > 1]
    assert len(repeated) > 50


def test_duplicates_in_the_export_share_a_person_but_not_always_a_spelling(
    small_case: Path,
) -> None:
    entry = next(e for e in lists_toml(small_case)["lists"] if e["name"] == "export_dupes")
    _, records = read_list(small_case, entry)
    by_id = {r["record_id"]: r for r in records}
    groups: dict[str, list[str]] = {}
    for r in _csv(small_case / "truth" / "records.csv"):
        if r["list"] == "export_dupes":
            groups.setdefault(r["person_key"], []).append(by_id[r["record_id"]]["full_name"])
    names = [set(v) for v in groups.values() if len(v) > 1]
    assert sum(len(s) > 1 for s in names) > len(names) / 2


def test_brothers_share_family_and_father_names_but_are_different_persons(small_case: Path) -> None:
    persons = _csv(small_case / "truth" / "persons.csv")
    groups: dict[str, list[dict[str, str]]] = {}
    for p in persons:
        if p["sibling_group"]:
            groups.setdefault(p["sibling_group"], []).append(p)
    assert len(groups) >= 20
    for members in groups.values():
        assert len(members) >= 2
        assert len({(m["family_name_fa"], m["father_name_fa"], m["city"]) for m in members}) == 1
        assert len({m["given_name_fa"] for m in members}) == len(members)
        assert len({m["person_key"] for m in members}) == len(members)


def test_namesakes_share_a_name_and_a_city_but_not_a_father(small_case: Path) -> None:
    persons = {p["person_key"]: p for p in _csv(small_case / "truth" / "persons.csv")}
    pairs = [(p, persons[p["namesake_of"]]) for p in persons.values() if p["namesake_of"]]
    assert len(pairs) >= 10
    for a, b in pairs:
        assert (a["given_name_fa"], a["family_name_fa"], a["city"]) == (
            b["given_name_fa"],
            b["family_name_fa"],
            b["city"],
        )
        assert a["father_name_fa"] != b["father_name_fa"]


def test_coverage_depends_on_city_and_affiliation(small_case: Path) -> None:
    persons = {p["person_key"]: p for p in _csv(small_case / "truth" / "persons.csv")}

    def rate(list_name: str, field: str, value: str, negate: bool = False) -> float:
        pool = [p for p in persons.values() if (p[field] == value) != negate]
        return sum(list_name in p["lists"].split(";") for p in pool) / len(pool)

    assert (
        rate("regional_fa", "city", "tehran")
        < rate("regional_fa", "city", "tehran", negate=True) / 2
    )
    assert rate("families_fa", "city", "tehran") > rate(
        "families_fa", "city", "tehran", negate=True
    )
    assert rate("ngo_latin", "affiliation_group", "left") > 1.5 * rate(
        "ngo_latin", "affiliation_group", "pmoi"
    )
    assert rate("export_dupes", "affiliation_group", "pmoi") > 1.5 * rate(
        "export_dupes", "affiliation_group", "left"
    )


def test_two_list_independence_estimate_misses_the_true_total(small_case: Path) -> None:
    # Lincoln-Petersen N = n1 n2 / m assumes independent lists; the lists are built not to be.
    persons = _csv(small_case / "truth" / "persons.csv")
    on = [set(p["lists"].split(";")) for p in persons]
    n1 = sum("families_fa" in s for s in on)
    n2 = sum("ngo_latin" in s for s in on)
    m = sum({"families_fa", "ngo_latin"} <= s for s in on)
    assert abs(n1 * n2 / m - len(persons)) / len(persons) > 0.15


def test_an_occupied_folder_that_is_no_synthetic_case_is_refused(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="not empty"):
        generate_case(tmp_path, SynthParams(persons=10, mode="csv"))
    assert (tmp_path / "precious.txt").read_text(encoding="utf-8") == "keep me"


def test_an_earlier_synthetic_case_is_replaced(tmp_path: Path) -> None:
    generate_case(tmp_path, SynthParams(persons=50, seed=1, mode="full"))
    generate_case(tmp_path, SynthParams(persons=50, seed=1, mode="bulk"))
    assert sorted(p.name for p in (tmp_path / "lists").iterdir()) == ["bulk_latin.csv"]
    assert not (tmp_path / "entities").exists()


@pytest.mark.parametrize(("persons", "mode"), [(0, "full"), (10, "xlsx")])
def test_bad_parameters_are_input_errors(persons: int, mode: str) -> None:
    with pytest.raises(InputError):
        SynthParams(persons=persons, mode=mode)


def test_bulk_mode_writes_every_victim_exactly_once(tmp_path: Path) -> None:
    data = generate_case(tmp_path, SynthParams(persons=500, seed=2, mode="bulk"))
    meta = lists_toml(tmp_path)
    assert [e["name"] for e in meta["lists"]] == ["bulk_latin"]
    _, records = read_list(tmp_path, meta["lists"][0])
    assert len(records) == 500 == data["documented"] == data["true_total"]
    keys = [r["person_key"] for r in _csv(tmp_path / "truth" / "records.csv")]
    assert len(set(keys)) == 500


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(persons=st.integers(1, 120), seed=st.integers(0, 2**31))
def test_truth_is_consistent_for_any_size_and_seed(
    tmp_path_factory: pytest.TempPathFactory, persons: int, seed: int
) -> None:
    out = tmp_path_factory.mktemp("h")
    data = generate_case(out, SynthParams(persons=persons, seed=seed, mode="csv"))
    records = _csv(out / "truth" / "records.csv")
    assert data["true_total"] == persons >= data["documented"]
    assert data["records"] == len(records)
    assert len({r["person_key"] for r in records}) == data["documented"]
