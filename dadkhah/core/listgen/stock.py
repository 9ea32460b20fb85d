"""The second generator's stock: names, places and groups with their spellings by tradition.

Written from the field notes (shared/docs/PERSIAN-NAMES-AND-DATES.md), not from
`dadkhah.core.synth`: a linker tuned on one generator's habits is checked on
another's. Every name here is a common Persian word or name; a person is a
random combination of them, so no generated person is a real one, and every
family name is checked against the project's denylist of officials' names
(`dadkhah.core.synth.catalogue.denied`).

Spellings follow three traditions the field notes name: an English-style one
(Hossein, Ghasem, Shahrokh), an Arabic-style one (Hussein, Qasem, Mohammed)
and a French-style one (Hossein, Ghassem, Chahrokh, Djavad).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "AFFILIATIONS",
    "FAMILY_ROOTS",
    "FAMILY_SUFFIXES",
    "FEMALE_GIVEN",
    "MALE_GIVEN",
    "PLACES",
    "STYLES",
    "Name",
    "romanize",
]

STYLES = ("english", "arabic", "french")


@dataclass(frozen=True)
class Name:
    """A name with its Persian form and an English-style spelling.

    Attributes:
        fa: The Persian written form.
        en: The English-style Latin spelling.
        arabic: An Arabic-style spelling where rules do not give it.
        french: A French-style spelling where rules do not give it.
    """

    fa: str
    en: str
    arabic: str | None = None
    french: str | None = None


MALE_GIVEN: tuple[Name, ...] = (
    Name("محمد", "Mohammad", "Mohammed", "Mohamad"),
    Name("حسین", "Hossein", "Hussein", "Hossein"),
    Name("علی", "Ali"),
    Name("رضا", "Reza", "Ridha", "Reza"),
    Name("مهدی", "Mehdi", "Mahdi", "Mehdi"),
    Name("حسن", "Hassan", "Hasan", "Hassan"),
    Name("جعفر", "Jafar", "Ja'far", "Djafar"),
    Name("قاسم", "Ghasem", "Qasem", "Ghassem"),
    Name("شاهرخ", "Shahrokh", "Shahrukh", "Chahrokh"),
    Name("بهروز", "Behrouz", "Bahruz", "Behrouz"),
    Name("فرهاد", "Farhad"),
    Name("مسعود", "Masoud", "Mas'ud", "Massoud"),
    Name("مجید", "Majid"),
    Name("ناصر", "Naser", "Nasser", "Nasser"),
    Name("کاظم", "Kazem", "Kadhim", "Kazem"),
    Name("جواد", "Javad", "Jawad", "Djavad"),
    Name("منصور", "Mansour", "Mansur", "Mansour"),
    Name("رحیم", "Rahim"),
    Name("اکبر", "Akbar"),
    Name("داوود", "Davoud", "Dawud", "Davoud"),
    Name("یوسف", "Yousef", "Yusuf", "Youssef"),
    Name("محمود", "Mahmoud", "Mahmud", "Mahmoud"),
    Name("حمید", "Hamid"),
    Name("سعید", "Saeed", "Sa'id", "Saïd"),
    Name("بیژن", "Bijan", "Bizhan", "Bijan"),
    Name("کریم", "Karim"),
    Name("صادق", "Sadegh", "Sadiq", "Sadegh"),
    Name("منوچهر", "Manouchehr", "Manuchihr", "Manoutchehr"),
    Name("خسرو", "Khosrow", "Khusraw", "Khosro"),
    Name("پرویز", "Parviz", "Parwiz", "Parviz"),
    Name("هوشنگ", "Houshang", "Hushang", "Houchang"),
    Name("غلامحسین", "Gholam-Hossein", "Ghulam Hussein", "Gholam Hossein"),
    Name("محمدرضا", "Mohammad-Reza", "Mohammed Ridha", "Mohamad Reza"),
    Name("علی‌اکبر", "Ali-Akbar", "Ali Akbar", "Aliakbar"),
)

FEMALE_GIVEN: tuple[Name, ...] = (
    Name("فاطمه", "Fatemeh", "Fatima", "Fatemeh"),
    Name("زهرا", "Zahra"),
    Name("مریم", "Maryam", "Maryam", "Mariam"),
    Name("ژاله", "Jaleh", "Zhaleh", "Jhaleh"),
    Name("شهین", "Shahin", "Shahin", "Chahine"),
    Name("منیژه", "Manijeh", "Manizha", "Manijeh"),
    Name("پروین", "Parvin", "Parwin", "Parvine"),
    Name("اشرف", "Ashraf"),
    Name("سیمین", "Simin"),
    Name("رقیه", "Roghieh", "Ruqayya", "Roghieh"),
)

# Family names are roots with suffixes (field notes, "Names"): -i, -zadeh,
# -pour, -nejad, -far, -ian, -loo. The root words are common nouns, places
# and given names; combinations with the project's denylist are skipped.
FAMILY_ROOTS: tuple[Name, ...] = (
    Name("کاظم", "Kazem", "Kadhim", "Kazem"),
    Name("باقر", "Bagher", "Baqir", "Bagher"),
    Name("نیک", "Nik"),
    Name("صادق", "Sadegh", "Sadiq", "Sadegh"),
    Name("امیر", "Amir"),
    Name("رحیم", "Rahim"),
    Name("کریم", "Karim"),
    Name("عسگر", "Asgar", "Askar", "Asgar"),
    Name("گلشن", "Golshan", "Gulshan", "Golchan"),
    Name("رستم", "Rostam", "Rustam", "Rostam"),
    Name("توکل", "Tavakol", "Tawakkul", "Tavakol"),
    Name("درخش", "Derakhsh", "Dirakhsh", "Derakhch"),
    Name("فرزان", "Farzan"),
    Name("شیر", "Shir", "Shir", "Chir"),
    Name("بهار", "Bahar"),
    Name("آذر", "Azar", "Adhar", "Azar"),
    Name("جهان", "Jahan", "Jahan", "Djahan"),
    Name("قربان", "Ghorban", "Qurban", "Ghorban"),
    Name("یزدان", "Yazdan"),
    Name("کوه", "Kouh", "Kuh", "Kouh"),
    Name("سپهر", "Sepehr", "Sipihr", "Sepehr"),
    Name("مهر", "Mehr", "Mihr", "Mehr"),
    Name("زرین", "Zarrin", "Zarin", "Zarrine"),
    Name("شکوه", "Shokouh", "Shukuh", "Chokouh"),
    Name("حیدر", "Heydar", "Haidar", "Heydar"),
    Name("ملک", "Malek", "Malik", "Malek"),
    Name("تقی", "Taghi", "Taqi", "Taghi"),
    Name("یعقوب", "Yaghoub", "Ya'qub", "Yaghoub"),
    Name("خلیل", "Khalil"),
    Name("نوروز", "Nowrouz", "Nawruz", "Norouz"),
)

FAMILY_SUFFIXES: tuple[Name, ...] = (
    Name("ی", "i"),
    Name("زاده", "zadeh", "zada", "zadeh"),
    Name("پور", "pour", "pur", "pour"),
    Name("نژاد", "nejad", "nizhad", "nejad"),
    Name("فر", "far"),
    Name("یان", "ian", "yan", "iane"),
    Name("لو", "loo", "lu", "lou"),
)

# Cities with the prisons of 1988 (field notes, "Lists"), each with its
# other names: (city fa, city Latin spellings, prison fa, prison Latin spellings).
PLACES: tuple[tuple[str, tuple[str, ...], str, tuple[str, ...]], ...] = (
    ("تهران", ("Tehran", "Teheran"), "اوین", ("Evin",)),
    ("کرج", ("Karaj",), "گوهردشت", ("Gohardasht", "Rajaei Shahr")),
    ("مشهد", ("Mashhad", "Meshed"), "وکیل‌آباد", ("Vakilabad", "Vakil Abad")),
    ("کرمانشاه", ("Kermanshah", "Bakhtaran"), "دیزل‌آباد", ("Dizelabad", "Dizel Abad")),
    ("شیراز", ("Shiraz", "Chiraz"), "عادل‌آباد", ("Adelabad", "Adel Abad")),
    ("اصفهان", ("Isfahan", "Esfahan", "Ispahan"), "دستگرد", ("Dastgerd",)),
    ("رشت", ("Rasht", "Recht"), "لاکان", ("Lakan",)),
)

# Groups and their spellings (field notes, "Lists").
AFFILIATIONS: tuple[tuple[str, ...], ...] = (
    ("مجاهدین", "PMOI", "MEK", "Mojahedin", "Mojahedeen", "Mujahidin"),
    ("فداییان اکثریت", "Fadaiyan Majority", "Fedaian (Majority)"),
    ("فداییان اقلیت", "Fadaiyan Minority", "Fedaian (Minority)"),
    ("حزب توده", "Tudeh", "Tudeh Party"),
    ("راه کارگر", "Rah-e Kargar", "Rahe Kargar"),
    ("پیکار", "Peykar", "Paykar"),
    ("کومله", "Komala", "Komaleh"),
)

# Rules that carry an English-style spelling into the other traditions where
# the stock gives none (applied in order, on lower-case text).
_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "arabic": (("gh", "q"), ("ou", "u"), ("ee", "i"), ("v", "w"), ("eh", "a"), ("e", "i")),
    "french": (("sh", "ch"), ("j", "dj"), ("ou", "ou"), ("u", "ou"), ("ee", "i")),
}


def _apply_rules(text: str, style: str) -> str:
    out = text.lower()
    for old, new in _RULES.get(style, ()):
        out = out.replace(old, new)
    out = re.sub("ooo+", "ou", out).replace("oou", "ou")
    return "-".join(part.capitalize() for part in out.split("-"))


def romanize(name: Name, style: str) -> str:
    """A name's Latin spelling in one tradition ("english", "arabic" or "french")."""
    if style == "english":
        return name.en
    given = name.arabic if style == "arabic" else name.french if style == "french" else None
    if given is not None:
        return given
    if style not in STYLES:
        raise ValueError(f"unknown romanization style {style!r}; use one of {', '.join(STYLES)}")
    return _apply_rules(name.en, style)
