"""Tests for coding political affiliations from the ways lists write them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dadkhah.core.affiliations import AFFILIATIONS, normalize_affiliation


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("PMOI", "pmoi"),
        ("MEK", "pmoi"),
        ("MKO", "pmoi"),
        ("Mojahedin", "pmoi"),
        ("Mojahedeen", "pmoi"),
        ("Mujahedin-e Khalq", "pmoi"),
        ("People's Mojahedin Organization of Iran", "pmoi"),
        ("مجاهدین", "pmoi"),
        ("مجاهدين خلق", "pmoi"),  # Arabic yeh
        ("سازمان مجاهدین خلق ایران", "pmoi"),
        ("monafeghin", "pmoi"),
        ("Monafeqin", "pmoi"),
        ("منافقین", "pmoi"),
        ("Fadaiyan Majority", "fadaiyan-majority"),
        ("Fedaian (Majority)", "fadaiyan-majority"),
        ("Fedayeen-e Khalq - Aksariyat", "fadaiyan-majority"),
        ("فدائیان خلق اکثریت", "fadaiyan-majority"),
        ("اکثریت", "fadaiyan-majority"),
        ("Fadaiyan-e Khalq (Minority)", "fadaiyan-minority"),
        ("Aqaliyat", "fadaiyan-minority"),
        ("فداییان اقلیت", "fadaiyan-minority"),
        ("Cherik-haye Fadai Khalq", "fadaiyan-guerrillas"),
        ("چریک‌های فدایی خلق", "fadaiyan-guerrillas"),
        ("Fadaiyan", "fadaiyan"),
        ("Fedaian", "fadaiyan"),
        ("Tudeh", "tudeh"),
        ("Toudeh Party", "tudeh"),
        ("حزب توده ایران", "tudeh"),
        ("Rah-e Kargar", "rah-e-kargar"),
        ("Rahe Kargar", "rah-e-kargar"),
        ("راه کارگر", "rah-e-kargar"),
        ("Peykar", "peykar"),
        ("Paykar", "peykar"),
        ("سازمان پیکار در راه آزادی طبقه کارگر", "peykar"),
        ("Komala", "komala"),
        ("Komeleh", "komala"),
        ("کومله", "komala"),
        ("KDPI", "kdpi"),
        ("PDKI", "kdpi"),
        ("Democratic Party of Iranian Kurdistan", "kdpi"),
        ("حزب دموکرات کردستان ایران", "kdpi"),
        ("Union of Iranian Communists", "uic"),
        ("Ettehadieh Komonistha", "uic"),
        ("Workers' Way", "rah-e-kargar"),
        ("Kurdish Democratic Party", "kdpi"),
        ("دموکرات", "kdpi"),
        ("Sarbedaran", "uic"),
        ("Communist Party of Iran", "cpi"),
        ("Ranjbaran", "ranjbaran"),
        ("leftist", "left"),
        ("چپ", "left"),
        ("none", "none"),
        ("مستقل", "none"),
        ("unknown", "unknown"),
        ("نامعلوم", "unknown"),
        ("?", "unknown"),
        ("", "unknown"),
    ],
)
def test_normalize_affiliation_maps_spellings_to_one_code(text, code):
    affiliation = normalize_affiliation(text)
    assert affiliation.code == code
    assert affiliation.text == text
    assert affiliation.recognized


@pytest.mark.parametrize(
    ("code", "wave"),
    [("pmoi", 1), ("tudeh", 2), ("fadaiyan-majority", 2), ("peykar", 2), ("kdpi", None)],
)
def test_affiliation_says_its_wave(code, wave):
    assert AFFILIATIONS[code].wave == wave


def test_sympathizer_is_a_flag_not_a_different_code():
    member = normalize_affiliation("Mojahedin")
    supporter = normalize_affiliation("هوادار مجاهدین")
    assert supporter.code == member.code == "pmoi"
    assert supporter.sympathizer and not member.sympathizer
    assert normalize_affiliation("supporter of Tudeh").sympathizer


@pytest.mark.parametrize(
    "text", ["Fadaiyan-e Eslam", "Mojahedin-e Enqelab-e Eslami", "Some Local Group"]
)
def test_unknown_organisations_are_kept_as_text_and_flagged(text):
    affiliation = normalize_affiliation(text)
    assert affiliation.code == "unrecognized"
    assert not affiliation.recognized
    assert affiliation.text == affiliation.label_en == text
    assert affiliation.wave is None


def test_every_code_has_both_labels():
    for code, affiliation in AFFILIATIONS.items():
        assert affiliation.code == code
        assert affiliation.label_en and affiliation.label_fa


@given(st.text())
def test_normalize_affiliation_never_fails_and_keeps_the_text(text):
    affiliation = normalize_affiliation(text)
    assert affiliation.text == text
    assert affiliation.code in AFFILIATIONS or affiliation.code == "unrecognized"
