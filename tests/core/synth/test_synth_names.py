"""Names are fictional: built from parts, never a denylisted official's, written many ways."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dadkhah.core.synth.catalogue import ZWNJ, catalogue, denied
from dadkhah.core.synth.tables import FAMILY_DENYLIST, FULL_NAME_DENYLIST
from tests.core.synth.readers import as_text, lists_toml, read_list


def _key(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def test_no_family_name_spelling_is_denylisted() -> None:
    for entry in catalogue().family:
        for spelling in entry.latin:
            assert _key(spelling) not in FAMILY_DENYLIST, spelling
            assert not denied(spelling)


@pytest.mark.parametrize("name", ["Raisi", "Pour-Mohammadi", "Nayyeri", "Eshraghi", "Shoushtari"])
def test_the_denylist_catches_officials_family_names_in_any_punctuation(name: str) -> None:
    assert denied(name)


def test_no_denylisted_name_appears_in_any_generated_list(small_case: Path) -> None:
    families = [_key(n.split()[-1]) for n in FULL_NAME_DENYLIST]
    for entry in lists_toml(small_case)["lists"]:
        _, records = read_list(small_case, entry)
        for record in records:
            for value in record.values():
                text = _key(as_text(value))
                assert not any(fam in text for fam in families), (entry["name"], value)


def test_compound_given_names_are_written_joined_spaced_with_zwnj_and_hyphenated() -> None:
    entry = next(g for g in catalogue().given if g.latin[0] == "Mohammad-Reza")
    assert entry.fa == ("محمدرضا", "محمد رضا", "محمد" + ZWNJ + "رضا", "محمد-رضا")
    assert {"Mohammadreza", "Mohammad Reza"} <= set(entry.latin)
    assert entry.short_fa == "رضا" and entry.short_latin[0] == "Reza"


def test_family_names_carry_the_suffixes_and_their_spellings() -> None:
    latin = {s for f in catalogue().family for s in f.latin}
    assert {
        "Ghasemi",
        "Qasemi",
        "Kazemzadeh",
        "Kazemzade",
        "Jafarnejad",
        "Jafarnezhad",
        "Rahimpour",
        "Rahimpur",
    } <= latin
    zadeh = next(f for f in catalogue().family if f.latin[0] == "Kazemzadeh")
    assert "کاظم" + ZWNJ + "زاده" in zadeh.fa


def test_a_given_name_is_never_mistaken_for_the_family_name_built_on_it() -> None:
    given = {g.latin[0] for g in catalogue().given}
    family = {f.latin[0] for f in catalogue().family}
    assert "Mohammad" in given and "Mohammadi" in family and "Mohammad" not in family


def test_the_large_name_stock_denies_the_same_names_and_keeps_the_standard_draws() -> None:
    from dadkhah.core.synth.catalogue import family_entry, family_stock

    names, p = family_stock("large")
    standard = catalogue().family
    assert names[: len(standard)] == standard
    assert len(names) > 20 * len(standard)
    assert p.sum() == pytest.approx(1.0)
    assert p[len(standard) :].sum() == pytest.approx(0.6)
    for entry in names[len(standard) :]:
        assert not any(denied(spelling) for spelling in entry.latin), entry.latin
    assert family_entry(len(standard) + 5) is names[len(standard) + 5]
    assert family_stock("standard")[0] is standard


def test_a_large_stock_population_has_far_more_family_names() -> None:
    import numpy as np

    from dadkhah.core.errors import InputError
    from dadkhah.core.synth.population import PopulationParams, generate_population

    def distinct(stock: str) -> int:
        pop = generate_population(
            20_000, np.random.default_rng(1), PopulationParams(name_stock=stock)
        )
        return len(set(pop.family.tolist()))

    assert distinct("large") > 5 * distinct("standard")
    with pytest.raises(InputError, match="name stock"):
        PopulationParams(name_stock="huge")
