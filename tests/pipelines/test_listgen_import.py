"""The importer reads the second generator's lists through their mapping files."""

from __future__ import annotations

import pytest

from dadkhah.core.listgen import ListParams, generate_lists, read_lists
from dadkhah.pipelines.importing.headers import parse_mapping
from dadkhah.pipelines.importing.prepare import prepare


@pytest.fixture(scope="module")
def normalized(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, object]]]:
    folder = tmp_path_factory.mktemp("listgen-import")
    generate_lists(folder, ListParams(persons=300, seed=9))
    out: dict[str, list[dict[str, object]]] = {}
    for entry in read_lists(folder):
        mapping = parse_mapping(dict(entry["mapping"]), name=entry["name"])
        out[entry["name"]] = [
            r.normalized for r in prepare(folder / entry["file"], mapping=mapping).rows()
        ]
    return out


@pytest.mark.parametrize("name", ["families", "merged"])
def test_jalali_birth_years_are_read_as_gregorian_years(
    normalized: dict[str, list[dict[str, object]]], name: str
) -> None:
    years = [r["birth_year"] for r in normalized[name] if "birth_year" in r]
    assert years
    assert all(1920 <= y[0] <= 1976 for y in years)  # type: ignore[index]


def test_family_first_names_are_split_into_given_and_family(
    normalized: dict[str, list[dict[str, object]]],
) -> None:
    rows = normalized["organisation"]
    orders = {r.get("name_order") for r in rows}
    assert {"family_first", "given_first"} <= orders
    assert all(r.get("given_key") and r.get("family_key") for r in rows)


def test_survivors_records_carry_a_prison_and_no_date(
    normalized: dict[str, list[dict[str, object]]],
) -> None:
    rows = normalized["survivors"]
    assert all("prison" in r for r in rows)
    assert not any("death_date" in r or "birth_year" in r for r in rows)
