"""Place values as outside lists write them: a prison alone, a prison with its city, wards."""

from __future__ import annotations

import pytest

from dadkhah.core.places import Gazetteer, PlaceReading, ward_key


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def parts(r: PlaceReading) -> tuple[str | None, str | None, str | None, str | None]:
    return (
        r.city.id if r.city is not None else None,
        r.prison.id if r.prison is not None else None,
        r.burial.id if r.burial is not None else None,
        r.city_from,
    )


@pytest.mark.parametrize(
    ("text", "city", "prison", "burial", "city_from"),
    [
        # A prison or cemetery alone: the place and its city.
        ("Evin", "city:tehran", "prison:evin", None, "prison"),
        ("Gohardasht", "city:karaj", "prison:gohardasht", None, "prison"),
        ("Evin Prison", "city:tehran", "prison:evin", None, "prison"),
        ("prison d'Evin", "city:tehran", "prison:evin", None, "prison"),
        ("Prison centrale de Tabriz", "city:tabriz", "prison:tabriz-central", None, "prison"),
        ("Zendan-e Evin", "city:tehran", "prison:evin", None, "prison"),
        ("زندان اوین", "city:tehran", "prison:evin", None, "prison"),
        ("Khavaran", "city:tehran", None, "cemetery:khavaran", "burial_place"),
        ("cimetière de Khavaran", "city:tehran", None, "cemetery:khavaran", "burial_place"),
        # A prison and its city, in any order and punctuation.
        ("Evin, Tehran", "city:tehran", "prison:evin", None, None),
        ("Tehran (Evin)", "city:tehran", "prison:evin", None, None),
        ("Evin prison, Tehran", "city:tehran", "prison:evin", None, None),
        ("Evin prison Tehran", "city:tehran", "prison:evin", None, None),
        ("Tehran Evin", "city:tehran", "prison:evin", None, None),
        ("زندان اوین تهران", "city:tehran", "prison:evin", None, None),
        ("زندان اوین، تهران", "city:tehran", "prison:evin", None, None),
        ("Lakan - Rasht", "city:rasht", "prison:lakan", None, None),
        ("Dastgerd (Isfahan)", "city:isfahan", "prison:dastgerd", None, None),
        ("زندان وکیل آباد مشهد", "city:mashhad", "prison:vakilabad", None, None),
        ("Evin, prison", "city:tehran", "prison:evin", None, "prison"),  # a kind word alone
        # Gohardasht is at Karaj, in Tehran province in 1988: "Tehran" agrees.
        ("Gohardasht, Tehran", "city:tehran", "prison:gohardasht", None, None),
        ("Tehran", "city:tehran", None, None, None),
        ("Téhéran", "city:tehran", None, None, None),
        ("Tehran prison", "city:tehran", None, None, None),  # Evin or Qasr: the city only
    ],
)
def test_a_place_value_gives_its_city_prison_and_burial_place(
    gazetteer: Gazetteer,
    text: str,
    city: str | None,
    prison: str | None,
    burial: str | None,
    city_from: str | None,
) -> None:
    reading = gazetteer.read(text)
    assert reading.found, text
    assert parts(reading) == (city, prison, burial, city_from)
    assert (reading.conflict, reading.by_key) == ("", False)


@pytest.mark.parametrize(
    ("text", "conflict"),
    [
        ("Evin, Mashhad", "Evin Prison is not in Mashhad"),
        ("Evin / Gohardasht", "two places of one kind: Evin Prison, Gohardasht Prison"),
        ("Tehran, Shiraz", "two places of one kind: Tehran, Shiraz"),
        ("Khavaran (Tabriz)", "Khavaran is not in Tabriz"),
    ],
)
def test_places_that_disagree_are_read_and_the_conflict_said(
    gazetteer: Gazetteer, text: str, conflict: str
) -> None:
    reading = gazetteer.read(text)
    assert reading.found and reading.conflict == conflict


@pytest.mark.parametrize("text", ["Atlantis", "Evin, Atlantis", "", "  ", "prison"])
def test_a_value_with_an_unknown_part_is_not_found(gazetteer: Gazetteer, text: str) -> None:
    reading = gazetteer.read(text)
    assert not reading.found
    assert parts(reading) == (None, None, None, None)


# Spellings added for outside lists (French, transliterations, Persian with and
# without "زندان"): each finds its place by name, not only by the loose key.
NEW_NAMES = [
    ("Téhéran", "city:tehran"), ("Tihran", "city:tehran"),
    ("Machhad", "city:mashhad"), ("Machad", "city:mashhad"), ("Mechhed", "city:mashhad"),
    ("Méched", "city:mashhad"), ("Espahan", "city:isfahan"), ("Ispahan", "city:isfahan"),
    ("Chiraz", "city:shiraz"), ("Schiras", "city:shiraz"), ("Tebriz", "city:tabriz"),
    ("Tauris", "city:tabriz"), ("Kermanchah", "city:kermanshah"),
    ("Kermânchâh", "city:kermanshah"), ("Racht", "city:rasht"), ("Recht", "city:rasht"),
    ("Ahvâz", "city:ahvaz"), ("Ahouaz", "city:ahvaz"), ("Ahwaz", "city:ahvaz"),
    ("Ourmia", "city:urmia"), ("Orumiye", "city:urmia"), ("Urumia", "city:urmia"),
    ("Rezaieh", "city:urmia"), ("Hamadân", "city:hamadan"), ("Hamadhan", "city:hamadan"),
    ("Hamedan", "city:hamadan"), ("Zandjan", "city:zanjan"), ("Zenjan", "city:zanjan"),
    ("Zendjan", "city:zanjan"), ("Qoum", "city:qom"), ("Ghoum", "city:qom"),
    ("Ghom", "city:qom"), ("Sanandadj", "city:sanandaj"), ("Qazwin", "city:qazvin"),
    ("Kachan", "city:kashan"), ("Bender Abbas", "city:bandar-abbas"),
    ("Boroujerd", "city:borujerd"), ("Bouroudjerd", "city:borujerd"),
    ("Nichapour", "city:neyshabur"), ("Birdjand", "city:birjand"),
    ("Bojnourd", "city:bojnurd"), ("Bodjnourd", "city:bojnurd"), ("Yasouj", "city:yasuj"),
    ("Yassouj", "city:yasuj"), ("Khoi", "city:khoy"), ("Khoï", "city:khoy"),
    ("Evine", "prison:evin"), ("اوین", "prison:evin"), ("Gohardacht", "prison:gohardasht"),
    ("Gawhardasht", "prison:gohardasht"), ("Radjaï Chahr", "prison:gohardasht"),
    ("Radjai Shahr", "prison:gohardasht"), ("Rajai Shahr", "prison:gohardasht"),
    ("زندان گوهردشت", "prison:gohardasht"), ("گوهردشت", "prison:gohardasht"),
    ("Ghezel Hessar", "prison:ghezel-hesar"), ("Qezel Hessar", "prison:ghezel-hesar"),
    ("Qizil Hisar", "prison:ghezel-hesar"), ("زندان قزلحصار", "prison:ghezel-hesar"),
    ("Dieselabad", "prison:dizelabad"), ("Dastguerd", "prison:dastgerd"),
    ("Tabriz Central", "prison:tabriz-central"), ("Sepydar", "prison:sepidar"),
    ("کارون", "prison:karun"), ("Komiteh Moshtarak", "prison:komiteh-moshtarak"),
    ("Joint Committee", "prison:komiteh-moshtarak"), ("کمیته مشترک", "prison:komiteh-moshtarak"),
    ("Towhid Prison", "prison:komiteh-moshtarak"), ("زندان توحید", "prison:komiteh-moshtarak"),
    ("قبرستان خاوران", "cemetery:khavaran"), ("Behechte Zahra", "cemetery:behesht-e-zahra"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "place_id"), NEW_NAMES)
def test_outside_spellings_find_their_place_by_name(
    gazetteer: Gazetteer, text: str, place_id: str
) -> None:
    match = gazetteer.lookup(text)
    assert match is not None, text
    assert (match.place.id, match.method in ("name", "historic")) == (place_id, True)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("بند ۲۰۹", "209"),
        ("Ward 209", "209"),
        ("ward 0209", "209"),
        ("Band-e 209", "209"),
        ("209", "209"),
        ("٢٠٩", "209"),
        ("Salon 3", "3"),
        ("سالن ۳", "3"),
        ("Block No. 3", "3"),
        ("Amuzeshgah", "AMUZWGH"),
        ("آموزشگاه", "AMUZWGH"),
        ("Ward 209 (women)", "209-VMN"),
        ("ward", ""),
    ],
)
def test_a_ward_key_is_its_number_whatever_the_script(text: str, key: str) -> None:
    assert ward_key(text) == key
