"""Places of a row as outside lists write them: prisons in the city column, wards."""

from __future__ import annotations

import pytest

from dadkhah.pipelines.importing.headers import FIELDS, Columns
from dadkhah.pipelines.importing.normalize import RowNormalizer

ALL = Columns(by_field={f: f for f in FIELDS})
PLACE_KEYS = ("city", "city_from", "prison", "burial_place")


def norm(**fields: str) -> tuple[dict[str, object], list[str]]:
    out, problems = RowNormalizer(columns=ALL, file="f.csv")(
        2, {"full_name": "Ali Tabesh", **fields}
    )
    return out, [p.code for p in problems]


def places(out: dict[str, object]) -> tuple[object, ...]:
    return tuple(out.get(k) for k in PLACE_KEYS)


@pytest.mark.parametrize(
    ("city", "expected"),
    [
        ("Evin", ("city:tehran", "prison", "prison:evin", None)),
        ("Gohardasht", ("city:karaj", "prison", "prison:gohardasht", None)),
        ("Evin Prison", ("city:tehran", "prison", "prison:evin", None)),
        ("prison d'Evin", ("city:tehran", "prison", "prison:evin", None)),
        ("Zendan-e Evin", ("city:tehran", "prison", "prison:evin", None)),
        ("زندان اوین", ("city:tehran", "prison", "prison:evin", None)),
        ("Evin, Tehran", ("city:tehran", None, "prison:evin", None)),
        ("Tehran (Evin)", ("city:tehran", None, "prison:evin", None)),
        ("Evin prison, Tehran", ("city:tehran", None, "prison:evin", None)),
        ("زندان اوین تهران", ("city:tehran", None, "prison:evin", None)),
        ("Khavaran", ("city:tehran", "burial_place", None, "cemetery:khavaran")),
        ("Chiraz", ("city:shiraz", None, None, None)),
        ("Machhad", ("city:mashhad", None, None, None)),
    ],
)
def test_a_prison_in_the_city_column_gives_the_prison_and_its_city(
    city: str, expected: tuple[object, ...]
) -> None:
    out, problems = norm(city=city)
    assert places(out) == expected
    assert problems == [] and "flags" not in out


def test_a_column_that_mixes_prisons_and_cities_is_read_value_by_value() -> None:
    normalizer = RowNormalizer(columns=ALL, file="f.csv")
    got = [
        places(normalizer(n, {"full_name": "Ali Tabesh", "city": value})[0])
        for n, value in enumerate(["Evin", "Mashhad", "Gohardasht", "Vakilabad, Mashhad"], 2)
    ]
    assert got == [
        ("city:tehran", "prison", "prison:evin", None),
        ("city:mashhad", None, None, None),
        ("city:karaj", "prison", "prison:gohardasht", None),
        ("city:mashhad", None, "prison:vakilabad", None),
    ]


def test_the_prison_column_is_kept_and_a_disagreement_flagged() -> None:
    out, problems = norm(city="Evin", prison="Gohardasht")
    assert places(out) == ("city:tehran", "prison", "prison:gohardasht", None)
    assert out["flags"] == ["place_conflict:city"]
    assert problems == ["place_conflict"]


def test_a_prison_named_in_both_columns_agrees() -> None:
    out, problems = norm(city="Evin", prison="زندان اوین")
    assert places(out) == ("city:tehran", "prison", "prison:evin", None)
    assert problems == []


def test_a_value_whose_places_disagree_is_flagged() -> None:
    out, problems = norm(city="Evin, Mashhad")
    assert places(out) == ("city:mashhad", None, "prison:evin", None)
    assert (out["flags"], problems) == (["place_conflict:city"], ["place_conflict"])


def test_a_prison_column_may_name_the_city_too() -> None:
    out, problems = norm(prison="Evin, Tehran")
    assert places(out) == ("city:tehran", "prison", "prison:evin", None)
    assert problems == []


def test_an_unknown_part_leaves_the_value_unknown() -> None:
    out, problems = norm(city="Evin, Atlantis")
    assert places(out) == (None, None, None, None)
    assert (out["flags"], problems) == (["place_unknown:city"], ["place_unknown"])


@pytest.mark.parametrize(
    ("fields", "ward", "key", "prison"),
    [
        ({"prison": "Evin", "ward": "بند ۲۰۹"}, "بند ۲۰۹", "209", "prison:evin"),
        ({"prison": "Evin", "ward": "Ward 209"}, "Ward 209", "209", "prison:evin"),
        ({"city": "Gohardasht", "ward": "Salon 3"}, "Salon 3", "3", "prison:gohardasht"),
    ],
)
def test_a_ward_is_kept_with_its_key_and_its_prison(
    fields: dict[str, str], ward: str, key: str, prison: str
) -> None:
    out, problems = norm(**fields)
    assert (out["ward"], out["ward_key"], out["ward_prison"]) == (ward, key, prison)
    assert problems == []


def test_a_ward_without_a_prison_is_kept_and_flagged() -> None:
    out, problems = norm(city="Tehran", ward="Ward 209")
    assert (out["ward"], out["ward_key"], out.get("ward_prison")) == ("Ward 209", "209", None)
    assert (out["flags"], problems) == (["ward_without_prison:ward"], ["ward_without_prison"])


@pytest.mark.parametrize(
    ("prison", "expected"),
    [
        ("Tabriz", ("city:tabriz", "prison", "prison:tabriz-central", None)),
        ("تبریز", ("city:tabriz", "prison", "prison:tabriz-central", None)),
        ("Dezful", ("city:dezful", "prison", "prison:dezful", None)),
        ("Kermanshah", ("city:kermanshah", "prison", "prison:dizelabad", None)),
    ],
)
def test_a_city_in_the_prison_column_is_its_one_prison(
    prison: str, expected: tuple[object, ...]
) -> None:
    out, problems = norm(prison=prison)
    assert places(out) == expected
    assert problems == []


def test_a_city_with_several_prisons_in_the_prison_column_stays_unknown() -> None:
    out, problems = norm(prison="Tehran")
    assert places(out) == (None, None, None, None)
    assert problems == ["place_unknown"]


@pytest.mark.parametrize("field", ["city", "prison", "burial_place"])
@pytest.mark.parametrize("value", ["نامعلوم", "?", "Unknown", "inconnu", "N.C.", "نا\u200cمعلوم"])
def test_a_place_written_as_unknown_is_not_given_and_not_flagged(field: str, value: str) -> None:
    out, problems = norm(**{field: value})
    assert places(out) == (None, None, None, None)
    assert (out.get("flags"), problems) == (None, [])
