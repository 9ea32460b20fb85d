"""The generator's own tables: name parts, places, groups and weeks of 1988.

Kept apart from the normalizers' tables on purpose: data generated from the
normalizers' own spellings would make every linkage test circular. Names are
common given names combined with family names built from word roots and the
usual suffixes (../shared/docs/PERSIAN-NAMES-AND-DATES.md), so no generated
person is a real one; a denylist keeps the family names of known officials and
public figures out altogether. Proportions are rough orders of magnitude for a
realistic shape (Tehran largest, a first wave of PMOI prisoners from late
July, a second wave of leftists from late August 1988), not estimates.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class Name(NamedTuple):
    """A name part: Persian spelling, Latin spellings (the usual one first), weight."""

    fa: str
    latin: tuple[str, ...]
    weight: float


def _n(fa: str, latin: str, weight: float = 1.0) -> Name:
    return Name(fa, tuple(latin.split("|")), weight)


# Given names, most common first; weights are relative popularity in the cohort
# born 1945-1970. Latin spellings: the usual one first, then the traditions the
# field notes list (Hossein / Hosein / Hussein; Ghasem / Qasem / Kassem …).
MALE_GIVEN: tuple[Name, ...] = (
    _n("محمد", "Mohammad|Mohamad|Muhammad|Mohammed", 9),
    _n("علی", "Ali|Aly", 8),
    _n("حسین", "Hossein|Hosein|Hussein|Husain|Hosseyn", 7),
    _n("حسن", "Hassan|Hasan", 5),
    _n("رضا", "Reza|Rez'a", 5),
    _n("مهدی", "Mehdi|Mahdi|Mehdy", 4),
    _n("احمد", "Ahmad|Ahmed", 4),
    _n("مصطفی", "Mostafa|Mustafa|Moustafa", 3),
    _n("جعفر", "Jafar|Ja'far|Jaafar|Djafar", 3),
    _n("قاسم", "Ghasem|Qasem|Kassem|Qassem", 2.5),
    _n("کاظم", "Kazem|Kazim|Kasem", 2.5),
    _n("محسن", "Mohsen|Muhsin|Mohssen", 3),
    _n("مجید", "Majid|Madjid|Majeed", 3),
    _n("حمید", "Hamid|Hameed", 3),
    _n("سعید", "Saeed|Saeid|Said|Sa'id", 3),
    _n("مسعود", "Masoud|Massoud|Mas'ud|Masood", 3),
    _n("بهروز", "Behrouz|Behruz|Behrooz", 2),
    _n("فرهاد", "Farhad|Farhaad", 2),
    _n("بهمن", "Bahman", 1.5),
    _n("بیژن", "Bijan|Bizhan|Bejan", 1.5),
    _n("منصور", "Mansour|Mansur|Mansoor", 1.5),
    _n("جمشید", "Jamshid|Djamshid", 1.2),
    _n("کامران", "Kamran|Kamraan", 1.2),
    _n("هوشنگ", "Houshang|Hushang|Hooshang", 1.2),
    _n("ناصر", "Nasser|Naser|Nasir", 2),
    _n("اکبر", "Akbar", 2),
    _n("اصغر", "Asghar|Asqar", 2),
    _n("ابراهیم", "Ebrahim|Ibrahim|Ebrahem", 2),
    _n("اسماعیل", "Esmaeil|Esmail|Ismail|Esma'il", 2),
    _n("یوسف", "Yousef|Yusuf|Yousof|Youssef", 1.5),
    _n("یعقوب", "Yaghoub|Yaqub|Yaghoob", 1),
    _n("موسی", "Mousa|Musa|Moussa", 1.2),
    _n("عباس", "Abbas|Abas", 2.5),
    _n("ابوالفضل", "Abolfazl|Abulfazl|Abol-Fazl", 1.5),
    _n("صادق", "Sadegh|Sadeq|Sadiq", 1.5),
    _n("باقر", "Bagher|Baqer|Baqir", 1.2),
    _n("تقی", "Taghi|Taqi", 1),
    _n("کریم", "Karim|Kareem", 1.5),
    _n("رحیم", "Rahim|Raheem", 1.5),
    _n("ایرج", "Iraj|Eraj", 1.2),
    _n("پرویز", "Parviz|Parwiz|Parvez", 1.5),
    _n("داریوش", "Dariush|Darioush|Daryoush", 1.2),
    _n("سیاوش", "Siavash|Siavosh|Siyavash", 1.2),
    _n("کیومرث", "Kiumars|Kioumars|Kiomars", 0.8),
    _n("فریدون", "Fereydoun|Fereidoon|Freydun", 1),
    _n("شهرام", "Shahram|Shahraam", 1.2),
    _n("شاهرخ", "Shahrokh|Shahrukh", 0.8),
    _n("رستم", "Rostam|Rustam", 0.6),
    _n("جواد", "Javad|Jawad", 2),
    _n("امیر", "Amir|Ameer", 1.5),
    _n("هادی", "Hadi|Haadi", 1.2),
    _n("نادر", "Nader|Nadir", 1.2),
    _n("مهرداد", "Mehrdad|Mehrdaad", 1),
    _n("کورش", "Kourosh|Kurosh|Koorosh", 0.8),
    _n("ایوب", "Ayoub|Ayyub|Ayub", 0.8),
    _n("نعمت", "Nemat|Ne'mat|Nematollah", 0.6),
    _n("عزت", "Ezzat|Ezat", 0.6),
    _n("منوچهر", "Manouchehr|Manuchehr|Manoochehr", 0.8),
    _n("اسد", "Asad|Assad", 0.6),
    _n("خسرو", "Khosrow|Khosro|Khusraw", 1),
    _n("غلام", "Gholam|Qolam|Gholaam", 0.4),
    _n("یدالله", "Yadollah|Yadullah|Yadolah", 0.8),
    _n("حبیب", "Habib|Habeeb", 1),
    _n("مرتضی", "Morteza|Mortaza|Murtaza", 1.5),
    _n("نوید", "Navid|Naveed", 0.5),
)

# Compound given names, written joined, spaced, hyphenated or with a ZWNJ;
# fellow prisoners often remember one part (Reza for Mohammad-Reza).
COMPOUND_GIVEN: tuple[tuple[str, str, float], ...] = (
    ("محمد", "رضا", 4),
    ("محمد", "علی", 3),
    ("محمد", "حسین", 2.5),
    ("محمد", "تقی", 1),
    ("محمد", "جواد", 1),
    ("محمد", "مهدی", 1),
    ("غلام", "حسین", 2.5),
    ("غلام", "رضا", 2),
    ("علی", "اکبر", 2.5),
    ("علی", "اصغر", 2.5),
    ("علی", "رضا", 2),
    ("امیر", "حسین", 1),
    ("حسن", "علی", 0.5),
)

FEMALE_GIVEN: tuple[Name, ...] = (
    _n("فاطمه", "Fatemeh|Fatima|Fateme|Fatemah", 6),
    _n("زهرا", "Zahra|Zahraa", 5),
    _n("مریم", "Maryam|Mariam", 5),
    _n("اشرف", "Ashraf", 2),
    _n("شهین", "Shahin|Shaheen", 1.5),
    _n("پروین", "Parvin|Parveen", 2),
    _n("منیژه", "Manijeh|Manizheh|Manije", 1.5),
    _n("ژاله", "Jaleh|Zhaleh|Jhaleh", 1.5),
    _n("سهیلا", "Soheila|Soheyla|Sohaila", 2),
    _n("فرشته", "Fereshteh|Fereshte", 2),
    _n("نسرین", "Nasrin|Nasreen", 2),
    _n("زهره", "Zohreh|Zohre|Zohra", 2),
    _n("معصومه", "Masoumeh|Masumeh|Ma'sumeh", 2.5),
    _n("طاهره", "Tahereh|Tahere|Tahira", 1.5),
    _n("اعظم", "Azam|A'zam|Aazam", 1.5),
    _n("مهین", "Mahin|Maheen", 1.2),
    _n("شیرین", "Shirin|Shireen", 1.5),
    _n("رویا", "Roya|Roia", 1.2),
    _n("لیلا", "Leila|Leyla|Layla", 1.5),
    _n("ناهید", "Nahid|Naheed", 1.5),
    _n("منیره", "Monireh|Monire|Munira", 1.2),
    _n("فریبا", "Fariba|Fareeba", 1.2),
    _n("سیمین", "Simin|Simeen", 1),
    _n("مهناز", "Mahnaz|Mahnaaz", 1.2),
    _n("اکرم", "Akram", 1.2),
    _n("سکینه", "Sakineh|Sakine|Sakina", 1),
    _n("راضیه", "Razieh|Raziye|Raziyeh", 1),
    _n("مینا", "Mina|Meena", 1),
    _n("آذر", "Azar|Aazar", 1.2),
    _n("گیتی", "Giti|Geeti", 0.8),
    _n("هما", "Homa|Huma", 1),
    _n("شهلا", "Shahla|Shahlaa", 1),
)

# Roots of constructed family names and the suffixes the field notes list.
FAMILY_ROOTS: tuple[Name, ...] = (
    _n("محمد", "Mohammad|Mohamad|Mohammed", 6),
    _n("احمد", "Ahmad|Ahmed", 4),
    _n("حسین", "Hossein|Hosein|Husain", 5),
    _n("کریم", "Karim|Kareem", 3),
    _n("رحیم", "Rahim|Raheem", 3),
    _n("جعفر", "Jafar|Ja'far|Jaafar", 3),
    _n("قاسم", "Ghasem|Qasem|Ghassem|Kassem", 3),
    _n("کاظم", "Kazem|Kazim", 3),
    _n("باقر", "Bagher|Baqer", 1.5),
    _n("صادق", "Sadegh|Sadeq", 1.5),
    _n("رستم", "Rostam|Rustam", 1),
    _n("بهرام", "Bahram|Bahraam", 1.5),
    _n("تهران", "Tehran|Teheran", 2),
    _n("شیراز", "Shiraz|Shiraaz", 2),
    _n("تبریز", "Tabriz|Tabrez", 2),
    _n("اصفهان", "Esfahan|Isfahan|Esfehan", 2),
    _n("کاشان", "Kashan|Kaashan", 1.5),
    _n("یزد", "Yazd|Yezd", 1.5),
    _n("کرمان", "Kerman|Kirman", 1.5),
    _n("زنجان", "Zanjan|Zenjan", 1),
    _n("قزوین", "Ghazvin|Qazvin|Kazvin", 1),
    _n("همدان", "Hamadan|Hamedan", 1),
    _n("خراسان", "Khorasan|Khurasan", 1),
    _n("امین", "Amin|Ameen", 3),
    _n("صالح", "Saleh|Salih", 2.5),
    _n("اکبر", "Akbar", 3),
    _n("اصغر", "Asghar|Asqar", 2),
    _n("عباس", "Abbas|Abas", 3),
    _n("جلال", "Jalal|Djalal", 1.5),
    _n("کمال", "Kamal|Kamaal", 1.5),
    _n("نظر", "Nazar|Nazer", 2),
    _n("غفار", "Ghaffar|Ghafar|Qaffar", 1.5),
    _n("ستار", "Sattar|Satar", 1.2),
    _n("نصر", "Nasr|Nasar", 1),
    _n("سفر", "Safar|Saffar", 1.5),
    _n("حیدر", "Heydar|Heidar|Haidar", 2.5),
    _n("مراد", "Morad|Murad|Moraad", 2.5),
    _n("سلطان", "Soltan|Sultan", 2),
    _n("درویش", "Darvish|Darwish", 1.5),
    _n("فرج", "Faraj|Farrag", 1.2),
    _n("رمضان", "Ramezan|Ramazan|Ramadan", 2),
    _n("شریف", "Sharif|Shareef", 2),
    _n("رحمان", "Rahman|Rahmaan", 2),
    _n("دهقان", "Dehghan|Dehqan", 2),
    _n("آهنگر", "Ahangar|Aahangar", 1),
    _n("عطار", "Attar|Atar", 1),
    _n("زارع", "Zare|Zare'|Zareh", 2),
    _n("قربان", "Ghorban|Qorban|Ghurban", 2),
    _n("یزدان", "Yazdan|Yazdaan", 1.5),
    _n("اسکندر", "Eskandar|Iskandar|Skandar", 1.2),
    _n("توکل", "Tavakol|Tavakkol", 1.5),
    _n("صدر", "Sadr|Sadar", 0.8),
    _n("زند", "Zand", 0.8),
    _n("آزاد", "Azad|Aazad", 1),
    _n("نیک", "Nik|Neek", 1.2),
    _n("بختیار", "Bakhtiar|Bakhtiyar", 1),
    _n("کیان", "Kian|Kiyan", 1),
    _n("بهار", "Bahar|Bahaar", 0.8),
    _n("جهان", "Jahan|Djahan", 1),
    _n("کرد", "Kord|Kurd", 1),
    _n("لر", "Lor|Lur", 0.6),
    _n("طاهر", "Taher|Tahir", 1.5),
    _n("ناصر", "Naser|Nasser", 1.5),
)

# (Persian suffix, Latin spellings, weight, attach with ZWNJ/space sometimes).
FAMILY_SUFFIXES: tuple[tuple[str, tuple[str, ...], float, bool], ...] = (
    ("ی", ("i", "ee", "y"), 8.0, False),
    ("زاده", ("zadeh", "zade", "-zadeh", " Zadeh"), 2.5, True),
    ("پور", ("pour", "pur", "poor"), 2.0, True),
    ("نژاد", ("nejad", "nezhad", "nejhad", "nijad"), 1.5, True),
    ("فر", ("far", "-far"), 1.0, True),
    ("یان", ("ian", "yan"), 1.0, False),
    ("لو", ("loo", "lu", "lou"), 0.5, False),
)

# Family names (Latin, lower case, any tradition) that must never be generated:
# those of officials named in reports on 1988 and of well-known public figures.
FAMILY_DENYLIST: frozenset[str] = frozenset(
    {
        "raisi",
        "raeesi",
        "nayyeri",
        "nayeri",
        "eshraghi",
        "pourmohammadi",
        "mohammadpour",
        "shoushtari",
        "shushtari",
        "nouri",
        "noury",
        "khomeini",
        "khamenei",
        "montazeri",
        "fallahian",
        "mohseni",
        "ejei",
        "lajevardi",
        "mousavi",
        "rafsanjani",
        "ardebili",
        "moghiseh",
        "nasserian",
        "naserian",
        "bazargan",
        "farhadi",
        "gilani",
        "razini",
        "marashi",
        "reyshahri",
    }
)

# Whole names that must never appear (tests check every generated spelling).
FULL_NAME_DENYLIST: tuple[str, ...] = (
    "Ebrahim Raisi",
    "Hossein-Ali Nayyeri",
    "Morteza Eshraghi",
    "Mostafa Pourmohammadi",
    "Esmaeil Shoushtari",
    "Hamid Noury",
    "Hossein-Ali Montazeri",
    "Ali Fallahian",
    "Asadollah Lajevardi",
    "Mohammad Moghiseh",
)


class City(NamedTuple):
    """A city with the prisons where prisoners were held and killed in 1988."""

    key: str
    en: str
    fa: str
    old_names: tuple[str, ...]  # Latin: former names and other spellings
    old_names_fa: tuple[str, ...]
    lat: float
    lon: float
    weight: float  # share of victims, relative
    left_share: float  # share of second-wave (leftist) prisoners
    kurdish: bool  # Kurdish parties among the leftists
    documentation: float  # how well families and groups documented it (logit shift)


# The 32 cities in the order of size of the toll (rough); coordinates at city precision.
CITIES: tuple[City, ...] = (
    City("tehran", "Tehran", "تهران", ("Teheran",), (), 35.69, 51.39, 40, 0.28, False, 0.8),
    City("mashhad", "Mashhad", "مشهد", ("Meshed", "Mashad"), (), 36.30, 59.60, 5, 0.15, False, 0.2),
    City(
        "kermanshah",
        "Kermanshah",
        "کرمانشاه",
        ("Bakhtaran", "Kermanshahan"),
        ("باختران",),
        34.31,
        47.07,
        4,
        0.30,
        True,
        -0.1,
    ),
    City("shiraz", "Shiraz", "شیراز", ("Shiraaz",), (), 29.59, 52.58, 5, 0.2, False, 0.3),
    City(
        "isfahan",
        "Isfahan",
        "اصفهان",
        ("Esfahan", "Ispahan"),
        (),
        32.65,
        51.67,
        5,
        0.18,
        False,
        0.3,
    ),
    City("rasht", "Rasht", "رشت", ("Resht",), (), 37.28, 49.58, 4.5, 0.3, False, 0.3),
    City("tabriz", "Tabriz", "تبریز", ("Tauris",), (), 38.08, 46.29, 4, 0.25, False, 0.1),
    City("ahvaz", "Ahvaz", "اهواز", ("Ahwaz",), (), 31.32, 48.67, 4, 0.15, False, 0.0),
    City("dezful", "Dezful", "دزفول", ("Dizful",), (), 32.38, 48.40, 2.5, 0.12, False, -0.2),
    City(
        "urmia",
        "Urmia",
        "ارومیه",
        ("Orumiyeh", "Rezaiyeh", "Urumieh"),
        ("رضائیه",),
        37.55,
        45.08,
        2,
        0.4,
        True,
        -0.3,
    ),
    City("hamadan", "Hamadan", "همدان", ("Hamedan",), (), 34.80, 48.51, 2.5, 0.15, False, 0.0),
    City("qazvin", "Qazvin", "قزوین", ("Ghazvin", "Kazvin"), (), 36.27, 50.00, 2, 0.2, False, 0.0),
    City("zanjan", "Zanjan", "زنجان", ("Zenjan",), (), 36.68, 48.48, 1.5, 0.2, False, -0.1),
    City("arak", "Arak", "اراک", ("Sultanabad",), (), 34.09, 49.69, 1.5, 0.2, False, -0.1),
    City(
        "khorramabad",
        "Khorramabad",
        "خرم‌آباد",
        ("Khoramabad",),
        (),
        33.49,
        48.36,
        1.5,
        0.1,
        False,
        -0.3,
    ),
    City("sari", "Sari", "ساری", ("Saari",), (), 36.57, 53.06, 1.5, 0.3, False, 0.0),
    City("semnan", "Semnan", "سمنان", ("Simnan",), (), 35.58, 53.39, 0.8, 0.2, False, -0.2),
    City("qom", "Qom", "قم", ("Ghom", "Qum"), (), 34.64, 50.88, 0.8, 0.1, False, -0.3),
    City("yazd", "Yazd", "یزد", ("Yezd",), (), 31.90, 54.37, 0.8, 0.15, False, -0.2),
    City("kerman", "Kerman", "کرمان", ("Kirman",), (), 30.28, 57.08, 1.2, 0.15, False, -0.2),
    City("zahedan", "Zahedan", "زاهدان", ("Zahidan",), (), 29.50, 60.86, 0.8, 0.1, False, -0.6),
    City(
        "sanandaj",
        "Sanandaj",
        "سنندج",
        ("Senneh", "Sanandadj"),
        (),
        35.31,
        47.00,
        2,
        0.55,
        True,
        -0.3,
    ),
    City("ilam", "Ilam", "ایلام", ("Eelam",), (), 33.64, 46.42, 0.6, 0.2, True, -0.6),
    City("ardabil", "Ardabil", "اردبیل", ("Ardebil",), (), 38.25, 48.30, 0.8, 0.15, False, -0.3),
    City(
        "gorgan", "Gorgan", "گرگان", ("Gurgan", "Astarabad"), (), 36.84, 54.43, 1, 0.35, False, -0.1
    ),
    City("babol", "Babol", "بابل", ("Barfrush",), (), 36.54, 52.68, 1, 0.25, False, -0.1),
    City("lahijan", "Lahijan", "لاهیجان", ("Lahidjan",), (), 37.21, 50.00, 0.6, 0.3, False, -0.2),
    City(
        "masjed-soleyman",
        "Masjed Soleyman",
        "مسجدسلیمان",
        ("Masjed-e Soleyman", "Masjid Sulaiman"),
        ("مسجد سلیمان",),
        31.94,
        49.30,
        0.6,
        0.25,
        False,
        -0.5,
    ),
    City(
        "bandar-abbas",
        "Bandar Abbas",
        "بندرعباس",
        ("Bandar-e Abbas",),
        ("بندر عباس",),
        27.18,
        56.27,
        0.6,
        0.15,
        False,
        -0.5,
    ),
    City(
        "bushehr",
        "Bushehr",
        "بوشهر",
        ("Bushire", "Bouchehr"),
        (),
        28.97,
        50.84,
        0.5,
        0.15,
        False,
        -0.5,
    ),
    City(
        "shahrekord",
        "Shahr-e Kord",
        "شهرکرد",
        ("Shahrekord",),
        ("شهر کرد",),
        32.33,
        50.86,
        0.4,
        0.1,
        False,
        -0.6,
    ),
    City("yasuj", "Yasuj", "یاسوج", ("Yasouj",), (), 30.67, 51.59, 0.3, 0.1, False, -0.7),
)


class Prison(NamedTuple):
    """A prison; the first name is the usual one, the others former or informal."""

    key: str
    city: str
    en: tuple[str, ...]
    fa: tuple[str, ...]
    weight: float  # share of the city's victims held there
    survivors: float  # how many survivors' recollections come from it (logit shift)


def _prison(city: City) -> Prison:
    return Prison(
        f"{city.key}-prison",
        city.key,
        (f"{city.en} central prison", f"{city.en} prison"),
        (f"زندان مرکزی {city.fa}", f"زندان {city.fa}"),
        1.0,
        -1.5,
    )


_NAMED_PRISONS: dict[str, tuple[Prison, ...]] = {
    "tehran": (
        Prison(
            "evin",
            "tehran",
            ("Evin", "Evin prison", "Evin House of Detention"),
            ("اوین", "زندان اوین"),
            0.4,
            1.0,
        ),
        Prison(
            "gohardasht",
            "tehran",
            ("Gohardasht", "Rajaei Shahr", "Rajai-Shahr prison", "Gohar Dasht"),
            ("گوهردشت", "رجایی‌شهر", "زندان گوهردشت"),
            0.6,
            1.3,
        ),
    ),
    "mashhad": (
        Prison(
            "vakilabad",
            "mashhad",
            ("Vakilabad", "Vakil Abad"),
            ("وکیل‌آباد", "زندان وکیل‌آباد"),
            1,
            0.0,
        ),
    ),
    "kermanshah": (
        Prison(
            "dizelabad",
            "kermanshah",
            ("Dizelabad", "Dizel Abad"),
            ("دیزل‌آباد", "زندان دیزل‌آباد"),
            1,
            -0.2,
        ),
    ),
    "shiraz": (
        Prison(
            "adelabad", "shiraz", ("Adelabad", "Adel Abad"), ("عادل‌آباد", "زندان عادل‌آباد"), 1, 0.0
        ),
    ),
    "isfahan": (
        Prison(
            "dastgerd", "isfahan", ("Dastgerd", "Dastgird"), ("دستگرد", "زندان دستگرد"), 1, -0.3
        ),
    ),
    "rasht": (
        Prison("lakan", "rasht", ("Lakan", "Lakan prison"), ("لاکان", "زندان لاکان"), 1, -0.2),
    ),
    "qazvin": (
        Prison(
            "choubindar",
            "qazvin",
            ("Choubindar", "Chubindar"),
            ("چوبیندر", "زندان چوبیندر"),
            1,
            -1.0,
        ),
    ),
}


def _prisons() -> tuple[Prison, ...]:
    out: list[Prison] = []
    for city in CITIES:
        out.extend(_NAMED_PRISONS.get(city.key, (_prison(city),)))
    return tuple(out)


PRISONS: tuple[Prison, ...] = _prisons()


class GraveSite(NamedTuple):
    """A burial place: a cemetery section or an unmarked site near a city."""

    key: str
    city: str
    en: tuple[str, ...]
    fa: tuple[str, ...]
    dlat: float  # offset from the city centre, degrees
    dlon: float
    weight: float  # share of the city's buried victims
    fate: str  # what became of it: "intact", or the year and kind of destruction


def _site(city: City) -> GraveSite:
    return GraveSite(
        f"{city.key}-site",
        city.key,
        (f"unmarked site near {city.en}", f"{city.en} unmarked graves"),
        (f"گورهای بی‌نام {city.fa}", f"گورستان بی‌نشان {city.fa}"),
        0.05,
        -0.04,
        1.0,
        "intact",
    )


_NAMED_SITES: dict[str, tuple[GraveSite, ...]] = {
    "tehran": (
        GraveSite(
            "khavaran",
            "tehran",
            ("Khavaran", "Khavaran cemetery", "Lanatabad"),
            ("خاوران", "گورستان خاوران", "لعنت‌آباد"),
            -0.05,
            0.13,
            0.8,
            "2008:bulldozed",
        ),
        GraveSite(
            "behesht-zahra",
            "tehran",
            ("Behesht-e Zahra", "Behesht Zahra"),
            ("بهشت زهرا", "بهشت‌زهرا"),
            -0.14,
            -0.03,
            0.2,
            "2014:built_over",
        ),
    ),
    "mashhad": (
        GraveSite(
            "behesht-reza",
            "mashhad",
            ("Behesht-e Reza",),
            ("بهشت رضا",),
            0.02,
            0.08,
            1,
            "2017:concreted",
        ),
    ),
}

# Sites that are destroyed in the synthetic world besides the named ones
# (the field: at least seven sites bulldozed, concreted or built over, 2003-2017).
SITE_DESTRUCTION: dict[str, str] = {
    "tabriz-site": "2003:damaged",
    "rasht-site": "2006:bulldozed",
    "ahvaz-site": "2011:built_over",
    "sanandaj-site": "2016:concreted",
    "shiraz-site": "2009:bulldozed",
}


def _grave_sites() -> tuple[GraveSite, ...]:
    out: list[GraveSite] = []
    for city in CITIES:
        for site in _NAMED_SITES.get(city.key, (_site(city),)):
            fate = SITE_DESTRUCTION.get(site.key, site.fate)
            out.append(site._replace(fate=fate))
    return tuple(out)


GRAVE_SITES: tuple[GraveSite, ...] = _grave_sites()


class Affiliation(NamedTuple):
    """A political group, its wave in 1988 and how lists spell it."""

    key: str
    group: str  # "pmoi", "left" or "kurdish": the strata of coverage
    fa: tuple[str, ...]
    latin: tuple[str, ...]
    left_weight: float  # share among second-wave prisoners outside Kurdish cities
    kurdish_weight: float  # share among second-wave prisoners in Kurdish cities


AFFILIATIONS: tuple[Affiliation, ...] = (
    Affiliation(
        "pmoi",
        "pmoi",
        ("مجاهدین", "سازمان مجاهدین خلق", "مجاهدین خلق", "هوادار مجاهدین", "منافقین"),
        ("PMOI", "MEK", "Mojahedin", "Mojahedeen", "Mujahedin-e Khalq", "MKO", "PMOI supporter"),
        0.0,
        0.0,
    ),
    Affiliation(
        "fadaian-minority",
        "left",
        ("فداییان اقلیت", "چریک‌های فدایی خلق (اقلیت)", "اقلیت"),
        ("Fadaiyan (Minority)", "Fedaian Minority", "OIPF (Minority)", "Fadaian-e Khalq Aqaliyat"),
        0.25,
        0.05,
    ),
    Affiliation(
        "fadaian-majority",
        "left",
        ("فداییان اکثریت", "سازمان فداییان خلق (اکثریت)", "اکثریت"),
        ("Fadaiyan (Majority)", "Fedaian Majority", "OIPFG (Majority)"),
        0.1,
        0.03,
    ),
    Affiliation(
        "tudeh", "left", ("حزب توده", "توده"), ("Tudeh", "Tudeh Party", "Hezb-e Tudeh"), 0.28, 0.05
    ),
    Affiliation(
        "rah-e-kargar",
        "left",
        ("راه کارگر", "سازمان راه کارگر"),
        ("Rah-e Kargar", "Rahe Kargar", "Workers' Way"),
        0.12,
        0.02,
    ),
    Affiliation("peykar", "left", ("پیکار", "سازمان پیکار"), ("Peykar", "Paykar"), 0.12, 0.02),
    Affiliation(
        "union-of-communists",
        "left",
        ("اتحادیه کمونیست‌ها", "سربداران"),
        ("Union of Communists", "Ettehadieh Komonistha", "Sarbedaran"),
        0.08,
        0.0,
    ),
    Affiliation(
        "komala", "kurdish", ("کومله", "سازمان کومله"), ("Komala", "Komeleh", "Komalah"), 0.03, 0.5
    ),
    Affiliation(
        "kdpi",
        "kurdish",
        ("حزب دموکرات کردستان", "دموکرات", "حدکا"),
        ("KDPI", "PDKI", "Kurdish Democratic Party", "Democrat Party of Kurdistan"),
        0.02,
        0.33,
    ),
)

PMOI = 0  # index of the first-wave group in AFFILIATIONS

# Weeks of 1988 (Mondays) and the share of each wave executed that week. The
# first wave begins in the last days of Tir 1367 (27-28 July 1988), the second
# at the end of Mordad (26 August); executions end in early Mehr.
WEEKS_1988: tuple[tuple[dt.date, float, float], ...] = (
    (dt.date(1988, 7, 25), 0.14, 0.0),
    (dt.date(1988, 8, 1), 0.30, 0.0),
    (dt.date(1988, 8, 8), 0.24, 0.0),
    (dt.date(1988, 8, 15), 0.15, 0.0),
    (dt.date(1988, 8, 22), 0.09, 0.04),
    (dt.date(1988, 8, 29), 0.05, 0.22),
    (dt.date(1988, 9, 5), 0.03, 0.25),
    (dt.date(1988, 9, 12), 0.0, 0.18),
    (dt.date(1988, 9, 19), 0.0, 0.13),
    (dt.date(1988, 9, 26), 0.0, 0.10),
    (dt.date(1988, 10, 3), 0.0, 0.08),
)
FIRST_WAVE_START = dt.date(1988, 7, 27)
SECOND_WAVE_START = dt.date(1988, 8, 26)
LAST_EXECUTION = dt.date(1988, 10, 7)

# Year of arrest (most after June 1981; the Tudeh party in 1983) by wave.
ARREST_YEARS: tuple[tuple[int, float, float], ...] = (
    (1980, 0.02, 0.03),
    (1981, 0.42, 0.18),
    (1982, 0.24, 0.2),
    (1983, 0.11, 0.3),
    (1984, 0.07, 0.1),
    (1985, 0.05, 0.07),
    (1986, 0.04, 0.06),
    (1987, 0.03, 0.04),
    (1988, 0.02, 0.02),
)

# Fates: the victims of the case; "disappeared" have no known date of death.
FATES: tuple[tuple[str, float], ...] = (
    ("executed", 0.93),
    ("died_in_custody", 0.02),
    ("disappeared", 0.05),
)

HONORIFICS_FA = ("سید", "سید", "سیّد")
HONORIFICS_LATIN = ("Seyed", "Sayyed", "Seyyed", "Sayed", "S.")

JALALI_MONTHS_FA = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
JALALI_MONTHS_LATIN = (
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
)
