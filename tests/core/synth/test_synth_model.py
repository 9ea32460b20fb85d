"""The population and capture models: shapes, proportions, and the randomness budget."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadkhah.cli.synth import synth_command
from dadkhah.core.synth.lists import (
    ALL_LISTS,
    DEFAULT_LISTS,
    RANDOMS_PER_RECORD,
    capture_probability,
)
from dadkhah.core.synth.population import NO_DATE, generate_population
from dadkhah.core.synth.tables import AFFILIATIONS, CITIES, PMOI, PRISONS

DOC = Path(__file__).resolve().parents[3] / "docs" / "methodology" / "synthetic-case.md"


@pytest.fixture(scope="module")
def pop():  # type: ignore[no-untyped-def]
    return generate_population(50_000, np.random.default_rng(11))


def test_tehran_holds_about_two_fifths_and_gohardasht_more_than_evin(pop) -> None:  # type: ignore[no-untyped-def]
    tehran = [c.key for c in CITIES].index("tehran")
    share = (pop.city == tehran).mean()
    assert 0.35 < share < 0.45
    keys = [p.key for p in PRISONS]
    assert (pop.prison == keys.index("gohardasht")).sum() > (pop.prison == keys.index("evin")).sum()


def test_the_first_wave_is_pmoi_and_most_victims_are_in_it(pop) -> None:  # type: ignore[no-untyped-def]
    assert 0.7 < (pop.affiliation == PMOI).mean() < 0.85
    kurdish = {i for i, a in enumerate(AFFILIATIONS) if a.group == "kurdish"}
    sanandaj = [c.key for c in CITIES].index("sanandaj")
    in_kurdish_city = np.isin(pop.affiliation[pop.city == sanandaj], list(kurdish)).mean()
    assert in_kurdish_city > 0.3 > np.isin(pop.affiliation, list(kurdish)).mean()


def test_dates_follow_each_other(pop) -> None:  # type: ignore[no-untyped-def]
    known = pop.death != NO_DATE
    assert (pop.birth < pop.arrest).all()
    assert (pop.arrest[known] < pop.death[known]).all()
    told = pop.notified != NO_DATE
    assert (pop.notified[told] > pop.death[told]).all()


@settings(max_examples=20, deadline=None)
@given(n=st.integers(1, 300), seed=st.integers(0, 2**32 - 1))
def test_every_column_has_one_value_per_person(n: int, seed: int) -> None:
    p = generate_population(n, np.random.default_rng(seed))
    for name in (
        "female",
        "given",
        "family",
        "father",
        "birth",
        "arrest",
        "death",
        "city",
        "prison",
        "affiliation",
    ):
        assert getattr(p, name).shape == (n,)
    assert ((p.sibling_group == -1) | (p.sibling_group < n)).all()


@pytest.mark.parametrize("spec", DEFAULT_LISTS, ids=[s.name for s in DEFAULT_LISTS])
def test_capture_probabilities_are_probabilities_that_vary_by_stratum(pop, spec) -> None:  # type: ignore[no-untyped-def]
    p = capture_probability(spec, pop)
    assert ((p > 0) & (p < 1)).all()
    by_city = [p[pop.city == c].mean() for c in range(len(CITIES)) if (pop.city == c).any()]
    assert max(by_city) - min(by_city) > 0.01


@pytest.mark.parametrize("spec", list(ALL_LISTS.values()), ids=list(ALL_LISTS))
def test_no_builder_draws_more_random_numbers_than_a_record_gets(pop, spec) -> None:  # type: ignore[no-untyped-def]
    most = 0
    cols = pop.columns(np.arange(3000))
    for i in range(3000):
        draws = iter(np.random.default_rng(i).random(200).tolist())
        count = 0

        def nx() -> float:
            nonlocal count
            count += 1
            return next(draws)

        row = spec.builder(cols, i, nx)
        assert len(row) == len(spec.headers) - 1
        most = max(most, count)
    assert most < RANDOMS_PER_RECORD


def test_the_methodology_names_every_list_mode_and_option() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in ALL_LISTS:
        assert f"`{name}`" in text
    for param in synth_command.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--"):
                assert f"`{opt}`" in text, opt
    for mode in ("full", "csv", "bulk"):
        assert f"`{mode}`" in text
