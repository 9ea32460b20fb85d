"""The second list generator: its conventions, its truth and its capture mode."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from dadkhah.core.errors import InputError
from dadkhah.core.listgen import ListParams, generate_lists, read_lists
from dadkhah.core.synth.catalogue import denied
from dadkhah.core.synth.tables import FULL_NAME_DENYLIST


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("listgen")
    generate_lists(out, ListParams(persons=1_500, seed=3))
    return out


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _truth(folder: Path) -> list[dict[str, str]]:
    with (folder / "truth.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    generate_lists(tmp_path / "a", ListParams(persons=200, seed=5))
    generate_lists(tmp_path / "b", ListParams(persons=200, seed=5))
    for name in ("families", "organisation", "survivors", "merged", "truth"):
        assert (tmp_path / "a" / f"{name}.csv").read_bytes() == (
            tmp_path / "b" / f"{name}.csv"
        ).read_bytes()


def test_each_list_has_its_own_columns(folder: Path) -> None:
    headers = {e["name"]: set(_rows(folder, e["name"])[0]) for e in read_lists(folder)}
    assert "سال تولد" in headers["families"]
    assert "Victim" in headers["organisation"]
    assert "Nom complet" in headers["survivors"]
    assert "birth_year" in headers["merged"]
    assert len({frozenset(h) for h in headers.values()}) == 4


def test_duplicate_free_lists_name_a_person_once_and_the_merged_export_repeats(
    folder: Path,
) -> None:
    free = {e["name"]: e["duplicate_free"] for e in read_lists(folder)}
    per_list = Counter((r["list"], r["person_key"]) for r in _truth(folder))
    for name, is_free in free.items():
        most = max(n for (lst, _p), n in per_list.items() if lst == name)
        assert (most == 1) is is_free, name
    assert free["merged"] is False


def test_survivors_list_gives_full_names_prison_and_affiliation_but_no_date(folder: Path) -> None:
    rows = _rows(folder, "survivors")
    assert set(rows[0]) == {"No.", "Nom complet", "Prison", "Tendance"}
    assert all(len(r["Nom complet"].replace(",", " ").split()) >= 2 for r in rows)


def test_one_column_mixes_given_first_and_family_first_orders(folder: Path) -> None:
    names = [r["Victim"] for r in _rows(folder, "organisation")]
    with_comma = sum("," in n for n in names)
    assert 0.1 * len(names) < with_comma < 0.7 * len(names)


@pytest.mark.parametrize(
    ("name", "column", "spelling"),
    [
        ("merged", "name", "Mohammed"),
        ("merged", "name", "Hussein"),
        ("survivors", "Nom complet", "Chahrokh"),
        ("organisation", "Victim", "Hossein"),
    ],
)
def test_lists_follow_their_romanization_tradition(
    folder: Path, name: str, column: str, spelling: str
) -> None:
    assert any(spelling in r[column] for r in _rows(folder, name))


def test_families_write_jalali_years_in_persian_digits(folder: Path) -> None:
    years = [r["سال تولد"] for r in _rows(folder, "families") if r["سال تولد"]]
    assert years and all(y.startswith("۱۳") for y in years)


def test_merged_export_writes_jalali_years_in_its_birth_year_column(folder: Path) -> None:
    years = [int(r["birth_year"]) for r in _rows(folder, "merged") if r["birth_year"]]
    assert years and all(1300 <= y <= 1355 for y in years)


def test_no_generated_name_is_a_denylisted_one(folder: Path) -> None:
    written = [r["Victim"] for r in _rows(folder, "organisation")]
    written += [r["name"] for r in _rows(folder, "merged")]
    written += [r["Nom complet"] for r in _rows(folder, "survivors")]
    for text in written:
        for word in text.replace(",", " ").split():
            assert not denied(word), text
        assert not any(full.lower() in text.lower() for full in FULL_NAME_DENYLIST)


def test_latent_capture_makes_visibility_depend_on_a_shared_class(folder: Path) -> None:
    with (folder / "persons.csv").open(encoding="utf-8") as fh:
        persons = list(csv.DictReader(fh))
    assert len(persons) == 1_500
    seen = Counter(r["person_key"] for r in _truth(folder))
    by_class: dict[str, list[int]] = {}
    for p in persons:
        by_class.setdefault(p["latent_class"], []).append(seen[p["person_key"]])
    mean = {k: sum(v) / len(v) for k, v in by_class.items()}
    assert mean["0"] > 2 * mean["2"]


def test_independent_capture_gives_every_class_the_same_chance(tmp_path: Path) -> None:
    generate_lists(tmp_path, ListParams(persons=1_500, seed=3, capture="independent"))
    seen = Counter(r["person_key"] for r in _truth(tmp_path))
    with (tmp_path / "persons.csv").open(encoding="utf-8") as fh:
        persons = list(csv.DictReader(fh))
    by_class: dict[str, list[int]] = {}
    for p in persons:
        by_class.setdefault(p["latent_class"], []).append(seen[p["person_key"]])
    mean = {k: sum(v) / len(v) for k, v in by_class.items()}
    assert max(mean.values()) - min(mean.values()) < 0.35


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"persons": 0}, "persons must be at least 1"),
        ({"capture": "heavy"}, "unknown capture mode"),
    ],
)
def test_bad_parameters_are_refused_with_a_reason(params: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        ListParams(**params)  # type: ignore[arg-type]
