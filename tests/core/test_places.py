"""Tests for the gazetteer: cities, prisons and cemeteries in both scripts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadkhah.core.places import Gazetteer, place_key

# The cities of the 1988 context the overlay must cover.
CITIES_1988 = [
    "Tehran", "Karaj", "Mashhad", "Isfahan", "Shiraz", "Tabriz", "Kermanshah", "Rasht",
    "Ahvaz", "Dezful", "Urmia", "Hamadan", "Qazvin", "Zanjan", "Arak", "Khorramabad",
    "Sari", "Gorgan", "Semnan", "Babol", "Qom", "Kashan", "Yazd", "Kerman", "Bandar Abbas",
    "Bushehr", "Zahedan", "Sanandaj", "Ilam", "Ardabil", "Masjed Soleyman", "Lahijan",
]  # fmt: skip


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize("name", CITIES_1988)
def test_every_1988_city_has_persian_name_coordinates_and_both_provinces(gazetteer, name):
    match = gazetteer.lookup(name, kind="city")
    assert match is not None
    city = match.place
    assert city.source == "overlay"
    assert city.name_fa
    assert city.lat is not None and 24 < city.lat < 40
    assert city.lon is not None and 44 < city.lon < 64
    assert city.province_now is not None and city.province_1988 is not None
    assert gazetteer.province(city.province_now).fa
    assert gazetteer.province(city.province_1988).en
    # and the Persian name finds the same city
    by_fa = gazetteer.lookup(city.name_fa)
    assert by_fa is not None and by_fa.place.id == city.id


@pytest.mark.parametrize(
    ("text", "place_id", "method"),
    [
        ("Evin", "prison:evin", "name"),
        ("Evin Prison", "prison:evin", "name"),
        ("evin prison", "prison:evin", "name"),
        ("زندان اوین", "prison:evin", "name"),
        ("زندان اوين", "prison:evin", "name"),  # Arabic yeh
        ("Zendan-e Evin", "prison:evin", "name"),
        ("Gohardasht", "prison:gohardasht", "name"),
        ("Rajaei Shahr", "prison:gohardasht", "historic"),
        ("Rajai-Shahr", "prison:gohardasht", "historic"),
        ("رجایی‌شهر", "prison:gohardasht", "historic"),
        ("رجائی شهر", "prison:gohardasht", "historic"),
        ("Ghezel Hesar", "prison:ghezel-hesar", "name"),
        ("Qezel-Hesar", "prison:ghezel-hesar", "name"),
        ("Vakilabad", "prison:vakilabad", "name"),
        ("Vakil Abad", "prison:vakilabad", "name"),
        ("Dizelabad", "prison:dizelabad", "name"),
        ("Adelabad", "prison:adelabad", "name"),
        ("Dastgerd", "prison:dastgerd", "name"),
        ("Lakan", "prison:lakan", "name"),
        ("Tabriz Central Prison", "prison:tabriz-central", "name"),
        ("Sepidar", "prison:sepidar", "name"),
        ("Kermanshah prison", "prison:dizelabad", "name"),  # the city's one prison
        ("Dezful prison", "prison:dezful", "name"),  # a generic entry
        ("Khavaran", "cemetery:khavaran", "name"),
        ("خاوران", "cemetery:khavaran", "name"),
        ("Lanatabad", "cemetery:khavaran", "historic"),
        ("Behesht-e Zahra", "cemetery:behesht-e-zahra", "name"),
        ("Behesht Zahra", "cemetery:behesht-e-zahra", "name"),
        ("بهشت زهرا", "cemetery:behesht-e-zahra", "name"),
        ("Vadi-e Rahmat", "cemetery:vadi-e-rahmat", "name"),
        ("Behesht-e Reza", "cemetery:behesht-e-reza", "name"),
        ("Bakhtaran", "city:kermanshah", "historic"),
        ("باختران", "city:kermanshah", "historic"),
        ("Rezaiyeh", "city:urmia", "historic"),
        ("Orumiyeh", "city:urmia", "name"),
        ("ارومیه", "city:urmia", "name"),
        ("TEHRAN", "city:tehran", "name"),
        ("Tehrān", "city:tehran", "name"),
        ("Esfahan", "city:isfahan", "name"),
        ("Chiraz", "city:shiraz", "name"),  # French spellings
        ("Recht", "city:rasht", "name"),
        ("Masjed-e Soleyman", "city:masjed-soleyman", "name"),
        ("Bandar Pahlavi", "city:bandar-anzali", "historic"),
        ("Tehran prison", "city:tehran", "city_of"),  # Evin or Qasr: only the city is sure
        ("Rajai-Shahr prison", "prison:gohardasht", "historic"),
        ("Dezful central prison", "prison:dezful", "name"),
        ("زندان مرکزی دزفول", "prison:dezful", "name"),
        ("Ahvaz central prison", "city:ahvaz", "city_of"),  # Sepidar or Karun
        ("unmarked graves near Shiraz", "city:shiraz", "city_of"),
        ("گورهای بی‌نام رشت", "city:rasht", "city_of"),
        ("Evin House of Detention", "prison:evin", "name"),
    ],
)
def test_lookup_finds_places_in_both_scripts_and_by_former_names(gazetteer, text, place_id, method):
    match = gazetteer.lookup(text)
    assert match is not None, text
    assert (match.place.id, match.method) == (place_id, method)


def test_every_place_the_synthetic_case_writes_is_found(gazetteer):
    from dadkhah.core.synth.tables import CITIES, GRAVE_SITES, PRISONS

    city_id = {}
    for c in CITIES:
        ids = set()
        for name in (c.en, c.fa, *c.old_names, *c.old_names_fa):
            match = gazetteer.lookup(name)
            assert match is not None and match.place.kind == "city", name
            ids.add(match.place.id)
        assert len(ids) == 1, c.en  # every spelling finds the same city
        city_id[c.key] = ids.pop()
    for p in (*PRISONS, *GRAVE_SITES):
        for name in (*p.en, *p.fa):
            match = gazetteer.lookup(name)
            assert match is not None and match.method != "key", name
            # Same province of 1988 (the generator puts Gohardasht under Tehran,
            # the gazetteer in Karaj, then in Tehran province).
            city = gazetteer.get(city_id[p.city])
            assert match.place.province_1988 == city.province_1988, name


def test_every_place_the_second_generator_writes_is_found(gazetteer):
    # An unknown spelling leaves a record without a province, and the province
    # is what blocking pairs a survivors' list on (issue 10: Chiraz and Recht).
    from dadkhah.core.listgen.stock import PLACES

    for city_fa, city_latin, prison_fa, prison_latin in PLACES:
        cities = {gazetteer.lookup(name) for name in (city_fa, *city_latin)}
        assert None not in cities, city_latin
        assert len({m.place.id for m in cities if m is not None}) == 1, city_latin
        for name in (prison_fa, *prison_latin):
            match = gazetteer.lookup(name)
            assert match is not None and match.place.kind == "prison", name


def test_gohardasht_is_in_karaj_then_tehran_province_now_alborz(gazetteer):
    prison = gazetteer.get("prison:gohardasht")
    assert prison.parent == "city:karaj"
    assert prison.precision == "city"
    assert prison.province_1988 == "tehran"
    assert prison.province_now == "alborz"
    assert (prison.lat, prison.lon) == (
        gazetteer.get("city:karaj").lat,
        gazetteer.get("city:karaj").lon,
    )


def test_kermanshah_was_in_bakhtaran_province_in_1988(gazetteer):
    city = gazetteer.get("city:kermanshah")
    assert (city.province_1988, city.province_now) == ("bakhtaran", "kermanshah")
    assert gazetteer.province("bakhtaran").fa == "باختران"


def test_there_are_31_provinces_now_and_24_in_1988(gazetteer):
    assert len(gazetteer.provinces()) == 31
    assert len(gazetteer.provinces(year="1988")) == 24


def test_other_geonames_cities_are_found_with_their_persian_name(gazetteer):
    match = gazetteer.lookup("ساوه")
    assert match is not None
    assert match.place.source == "geonames"
    assert match.place.name_en == "Sāveh"
    assert match.place.province_now == "markazi"


def test_kind_restricts_the_lookup(gazetteer):
    assert gazetteer.lookup("Evin", kind="city") is None
    match = gazetteer.lookup("Tabriz", kind="city")
    assert match is not None and match.place.id == "city:tabriz"


def test_every_prison_and_cemetery_sits_in_a_known_city(gazetteer):
    for place in (*gazetteer.places("prison"), *gazetteer.places("cemetery")):
        assert place.parent is not None
        assert gazetteer.get(place.parent).kind == "city"
        assert place.lat is not None


def test_ids_are_unique_and_stable(gazetteer):
    ids = [p.id for p in gazetteer.places()]
    assert len(ids) == len(set(ids))
    assert {"city:tehran", "prison:evin", "prison:gohardasht", "cemetery:khavaran"} <= set(ids)


def test_unknown_places_are_kept_as_text_and_flagged(gazetteer):
    resolution = gazetteer.resolve("Zendan-e Nowhere-Abad")
    assert resolution.match is None
    assert resolution.flagged
    assert resolution.text == "Zendan-e Nowhere-Abad"
    assert not gazetteer.resolve("  ").flagged


def test_names_property_groups_the_names(gazetteer):
    names = gazetteer.get("prison:gohardasht").names
    assert names["en"] == "Gohardasht Prison"
    assert "Rajaei Shahr" in names["historic"]


def test_the_attribution_names_geonames(gazetteer):
    assert "GeoNames" in gazetteer.attribution
    assert "CC BY" in gazetteer.attribution


@settings(max_examples=50)
@given(st.sampled_from(["Evin", "Rajaei Shahr", "Behesht-e Zahra", "Bakhtaran", "Karaj"]))
def test_lookup_ignores_case_and_spacing(gazetteer, name):
    plain = gazetteer.lookup(name)
    varied = gazetteer.lookup("  " + name.upper().replace(" ", "-") + " ")
    assert plain is not None and varied is not None
    assert plain.place.id == varied.place.id


@given(st.text())
def test_place_key_is_idempotent_on_normalized_text(text):
    key = place_key(text)
    assert place_key(key) == key.replace(" ", "")
