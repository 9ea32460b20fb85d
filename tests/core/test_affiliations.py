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


# Lists kept abroad: French, German, Dutch, Swedish, Spanish, Arabic and Sorani
# Kurdish spellings, and the abbreviations exile lists use (issue 16).
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Moudjahidine du peuple", "pmoi"),
        ("OMPI", "pmoi"),
        ("Organisation des Moudjahidine du peuple d'Iran", "pmoi"),
        ("Modjahedin", "pmoi"),
        ("Volksmodschahedin", "pmoi"),
        ("Volksmudschahedin Iran", "pmoi"),
        ("Volksmujahedin", "pmoi"),
        ("Folkets mujahedin", "pmoi"),
        ("Muyahidín del Pueblo", "pmoi"),
        ("Mojahedines del Pueblo", "pmoi"),
        ("مجاهدي خلق", "pmoi"),
        ("منظمة مجاهدي خلق", "pmoi"),
        ("موجاهیدینی خەلق", "pmoi"),
        ("MEK", "pmoi"),
        ("NCRI", "pmoi"),
        ("CNRI", "pmoi"),
        ("Conseil national de la résistance iranienne", "pmoi"),
        ("Nationaler Widerstandsrat Iran", "pmoi"),
        ("شورای ملی مقاومت", "pmoi"),
        ("المجلس الوطني للمقاومة الإيرانية", "pmoi"),
        ("Armée de libération nationale", "pmoi"),
        ("ارتش آزادیبخش ملی", "pmoi"),
        ("Toudeh", "tudeh"),
        ("Parti Toudeh", "tudeh"),
        ("Tudeh-Partei", "tudeh"),
        ("Tudehpartiet", "tudeh"),
        ("Partido Tudeh", "tudeh"),
        ("حزب توده", "tudeh"),
        ("Fédayins", "fadaiyan"),
        ("Volksfedajin", "fadaiyan"),
        ("Folkets fedajin", "fadaiyan"),
        ("Fedayines del Pueblo", "fadaiyan"),
        ("فدائيي خلق", "fadaiyan"),
        ("OIPF", "fadaiyan"),
        ("Fedayins du peuple (majorité)", "fadaiyan-majority"),
        ("Volksfedajin (Mehrheit)", "fadaiyan-majority"),
        ("فدائيي خلق الأكثرية", "fadaiyan-majority"),
        ("Volksfedajin (Minderheit)", "fadaiyan-minority"),
        ("Fedayines (minoría)", "fadaiyan-minority"),
        ("OIPFG", "fadaiyan-guerrillas"),
        ("Organisation des guérilleros fedayins du peuple iranien", "fadaiyan-guerrillas"),
        ("Volksfedajin-Guerilla", "fadaiyan-guerrillas"),
        ("Rah-e Kargar (travailleurs révolutionnaires)", "rah-e-kargar"),
        ("Peykar-organisatie", "peykar"),
        ("کۆمەڵە", "komala"),
        ("کۆمەڵەی شۆڕشگێڕی زەحمەتکێشانی کوردستانی ئێران", "komala"),
        ("Komalah", "komala"),
        ("حیزبی دیموکراتی کوردستانی ئێران", "kdpi"),
        ("KDP-I", "kdpi"),
        ("PDKI", "kdpi"),
        ("Parti démocratique du Kurdistan d'Iran", "kdpi"),
        ("Demokratische Partei Kurdistans-Iran", "kdpi"),
        ("Partido Democrático del Kurdistán Iraní", "kdpi"),
        ("الحزب الديمقراطي الكردستاني الإيراني", "kdpi"),
        ("Sahand", "cpi"),
        ("Ettehad-e Mobarezan-e Komonist", "cpi"),
        ("Parti communiste d'Iran", "cpi"),
        ("حزب کۆمۆنیستی ئێران", "cpi"),
        ("Ettehadieh Komonistha / Sarbedaran", "uic"),
        ("Union des communistes iraniens", "uic"),
        ("Hezb-e Ranjbaran", "ranjbaran"),
        ("Arman-e Mostazafin", "arman"),
        ("سازمان آرمان مستضعفین", "arman"),
        ("Khalq-e Arab", "khalq-e-arab"),
        ("Sazman-e Siasi-ye Khalq-e Arab", "khalq-e-arab"),
        ("Organisation politique du peuple arabe", "khalq-e-arab"),
        ("المنظمة السياسية للشعب العربي", "khalq-e-arab"),
        ("Jebhe-ye Mottahed-e Baluch", "baluch"),
        ("Baloch", "baluch"),
        ("سازمان دموکراتیک مردم بلوچ", "baluch"),
        ("inconnu", "unknown"),
        ("unbekannt", "unknown"),
        ("desconocido", "unknown"),
        ("مجهول", "unknown"),
        ("نەزانراو", "unknown"),
        ("aucune", "none"),
        ("keine", "none"),
    ],
)
def test_normalize_affiliation_reads_lists_kept_abroad(text, code):
    affiliation = normalize_affiliation(text)
    assert affiliation.code == code
    assert affiliation.text == text
    assert affiliation.sympathizer is False


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("sympathisant des Moudjahidine", "pmoi"),
        ("Sympathisant der Volksmodschahedin", "pmoi"),
        ("Sympathisantin der Tudeh-Partei", "tudeh"),
        ("simpatizante de los Fedayines", "fadaiyan"),
        ("متعاطف مع مجاهدي خلق", "pmoi"),
        ("مناصر حزب توده", "tudeh"),
        ("لایەنگری کۆمەڵە", "komala"),
        ("لایەنگر حیزبی دیموکرات", "kdpi"),
        ("sympatisör till Folkets mujahedin", "pmoi"),
    ],
)
def test_sympathizer_words_of_other_languages_set_the_flag(text, code):
    affiliation = normalize_affiliation(text)
    assert affiliation.code == code
    assert affiliation.sympathizer is True


@pytest.mark.parametrize(
    "text",
    [
        "Tabriz",
        "Ahvaz",
        "Sanandaj",
        "Zahedan",
        "Kurdistan",
        "Ali Rezaei",
        "Sahand Karimi",
        "Arman Moradi",
        "National Resistance Movement of Iran",
        "Fedayins de l'Islam",
        "Moudjahidine de la révolution islamique",
        "KDP",
    ],
)
def test_places_people_and_other_groups_stay_unrecognized(text):
    affiliation = normalize_affiliation(text)
    assert affiliation.code == "unrecognized"
    assert affiliation.recognized is False


@pytest.mark.parametrize(
    ("code", "family", "wave"),
    [
        ("arman", "other", None),
        ("khalq-e-arab", "regional", None),
        ("baluch", "regional", None),
    ],
)
def test_groups_whose_wave_is_not_established_have_none(code, family, wave):
    assert AFFILIATIONS[code].family == family
    assert AFFILIATIONS[code].wave is wave
