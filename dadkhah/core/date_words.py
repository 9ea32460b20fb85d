"""The words of written dates, by language: months, seasons, parts, markers, fillers.

Lists of the executed are kept in Persian, Arabic, Kurdish, Azeri and the
languages of exile (English, French, German, Swedish, Dutch …). Each table
maps a word, folded by `date_key`, to what it says; `dadkhah.core.dates`
reads a date's words through these tables only. A word counts only inside a
date that has a year (a bare "Mai" or "Ende" is no date).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

from dadkhah.core.script import fold

_V = TypeVar("_V")

# Kurdish (Sorani) letters as a Persian keyboard writes them: many lists type
# گەلاوێژ as گلاویژ or گه‌لاویژ. ە (ae) is already ه in `fold`.
_KURDISH_LETTERS = str.maketrans({"ێ": "ی", "ۆ": "و", "ڕ": "ر", "ڵ": "ل", "ڤ": "و"})


def date_key(text: str) -> str:
    """Fold a date text for the word tables: `fold`, then Kurdish letters to Persian ones.

    Args:
        text: A word or a whole date text.

    Returns:
        The folded text (``گەلاوێژ`` → ``گهلاویژ``, ``März`` → ``marz``).
    """
    return fold(text).translate(_KURDISH_LETTERS)


def _months(rows: Iterable[tuple[str, ...]]) -> dict[str, int]:
    """Index the names of month 1, 2 … 12 (one row each, in order) by their keys."""
    table: dict[str, int] = {}
    for num, names in enumerate(rows, start=1):
        for name in names:
            table[date_key(name).replace(" ", "")] = num
    return table


def _keyed(table: dict[str, _V]) -> dict[str, _V]:
    return {date_key(k): v for k, v in table.items()}


def _keys(words: Iterable[str]) -> set[str]:
    return {date_key(w) for w in words}


# --------------------------------------------------------------------------
# The Jalali months.

_JALALI_PERSIAN = (
    ("farvardin", "farwardin", "farvardeen", "farvadin", "فروردین"),
    ("ordibehesht", "ordibehest", "ordibehisht", "ordibeheshte", "urdibihisht", "اردیبهشت"),
    ("khordad", "khurdad", "khordaad", "xordad", "خرداد"),
    ("tir", "teer", "تیر"),
    ("mordad", "amordad", "mordaad", "amordaad", "murdad", "mourdad", "مرداد", "امرداد"),
    ("shahrivar", "shahriwar", "shahriver", "shahrever", "sharivar", "shahrewar", "شهریور"),
    ("mehr", "mihr", "meher", "مهر"),
    ("aban", "abaan", "aaban", "آبان", "ابان"),
    ("azar", "aazar", "adhar", "azaar", "آذر", "اذر"),
    ("dey", "dei", "دی"),
    ("bahman", "bahmann", "بهمن"),
    ("esfand", "isfand", "esfandmah", "esfend", "esphand", "asfand", "اسفند"),
)
# The Kurdish solar months (Sorani), the Jalali months under Kurdish names:
# خاکەلێوە begins on Nowruz as Farvardin does. بانەمەڕ is Ordibehesht in
# Iranian Kurdistan, گوڵان in Iraqi Kurdistan.
_JALALI_KURDISH = (
    ("خاکەلێوە",),
    ("گوڵان", "بانەمەڕ"),
    ("جۆزەردان",),
    ("پووشپەڕ", "پوشپەڕ"),
    ("گەلاوێژ",),
    ("خەرمانان",),
    ("ڕەزبەر",),
    ("گەڵاڕێزان", "خەزەڵوەر"),
    ("سەرماوەز",),
    ("بەفرانبار",),
    ("ڕێبەندان",),
    ("ڕەشەمە",),
)
# Typed on a Persian keyboard, the short vowel ە inside a word is often left out
# (گلاویژ, خرمانان): each name is also read without it.
_JALALI_KURDISH_BARE = tuple(
    tuple(re.sub("\u06d5(?=.)", "", n) for n in row) for row in _JALALI_KURDISH
)
JALALI_MONTHS: dict[str, int] = {
    **_months(_JALALI_PERSIAN),
    **_months(_JALALI_KURDISH),
    **_months(_JALALI_KURDISH_BARE),
}

# --------------------------------------------------------------------------
# The Gregorian months.

_GREGORIAN_ROWS = (
    # English, French, German, and Persian script
    ("january", "jan", "janvier", "janv", "januar", "jänner", "ژانویه", "جانویه", "جنوری"),
    ("february", "feb", "fevrier", "fevr", "fev", "februar", "feber", "فوریه", "فبریه", "فبروری"),
    ("march", "mar", "mars", "marz", "mrz", "maerz", "مارس", "مارچ"),
    ("april", "apr", "avril", "avr", "آوریل", "آپریل", "اوریل", "اپریل"),
    ("may", "mai", "مه", "می"),
    ("june", "jun", "juin", "juni", "ژوئن", "جون"),
    ("july", "jul", "juillet", "juil", "juill", "juli", "ژوئیه", "ژوییه", "جولای"),
    ("august", "aug", "aout", "aou", "اوت", "آگوست", "اگوست", "آگست", "اگست"),
    ("september", "sep", "sept", "septembre", "سپتامبر", "سپتمبر"),
    ("october", "oct", "octobre", "oktober", "okt", "اکتبر", "اکتوبر"),
    ("november", "nov", "novembre", "نوامبر", "نومبر"),
    ("december", "dec", "decembre", "dezember", "dez", "دسامبر", "دسمبر"),
)
# Arabic: the Levantine and Iraqi (Syriac) names, then the Egyptian and Gulf
# ones. آذار is March, not the Jalali آذر (Azar); آب is August (in Persian
# only a word for water, never a month); تموز is July, not the Jalali تیر.
_GREGORIAN_ARABIC = (
    ("كانون الثاني", "كانون ثاني", "يناير"),
    ("شباط", "فبراير"),
    ("آذار", "اذار", "مارس"),
    ("نيسان", "أبريل", "إبريل", "ابريل"),
    ("أيار", "مايو"),
    ("حزيران", "يونيو", "يونيه"),
    ("تموز", "يوليو", "يوليه"),
    ("آب", "أغسطس", "اغسطس"),
    ("أيلول", "سبتمبر"),
    ("تشرين الأول", "تشرين اول", "أكتوبر"),
    ("تشرين الثاني", "تشرين ثاني", "نوفمبر"),
    ("كانون الأول", "كانون اول", "ديسمبر"),
)
# Kurdish: the Iraqi Gregorian names in Sorani, and the Kurmanji (Latin) months.
_GREGORIAN_KURDISH = (
    ("کانوونی دووەم", "کانونی دووەم", "çile"),
    ("شوبات", "sibat"),
    ("ئادار", "adar"),
    ("nîsan",),
    ("ئایار", "gulan"),
    ("حوزەیران", "hezîran"),
    ("تەممووز", "تەمموز", "tîrmeh"),
    ("ئاب", "tebax"),
    ("ئەیلوول", "ئەیلول", "îlon"),
    ("تشرینی یەکەم", "cotmeh"),
    ("تشرینی دووەم", "mijdar"),
    ("کانوونی یەکەم", "کانونی یەکەم", "berfanbar"),
)
# Swedish, Dutch, Spanish, Italian, Turkish, Azeri (Latin).
_GREGORIAN_OTHER = (
    ("januari", "enero", "gennaio", "ocak", "yanvar"),
    ("februari", "febrero", "febbraio", "şubat", "fevral"),
    ("maart", "marzo", "mart"),
    ("abril", "aprile", "nisan", "aprel"),
    ("maj", "mei", "mayo", "maggio", "mayıs"),
    ("junio", "giugno", "haziran", "iyun"),
    ("julio", "luglio", "temmuz", "iyul"),
    ("augusti", "augustus", "agosto", "ağustos", "avqust"),
    ("septiembre", "setiembre", "settembre", "eylül", "sentyabr"),
    ("octubre", "ottobre", "ekim", "oktyabr"),
    ("noviembre", "kasım", "noyabr"),
    ("diciembre", "dicembre", "aralık", "dekabr"),
)
GREGORIAN_MONTHS: dict[str, int] = {
    **_months(_GREGORIAN_ROWS),
    **_months(_GREGORIAN_ARABIC),
    **_months(_GREGORIAN_KURDISH),
    **_months(_GREGORIAN_OTHER),
}

# Month names of two words ("تشرين الأول"), joined before a text is split into
# words: each is looked up as one word (with a Kurdish ezafe ی: کانوونی دووەمی).
_PHRASES = sorted(
    (date_key(n) for row in (*_GREGORIAN_ARABIC, *_GREGORIAN_KURDISH) for n in row if " " in n),
    key=len,
    reverse=True,
)
MONTH_PHRASES = re.compile(
    r"(?<!\S)(?:"
    + "|".join(r"\s+".join(map(re.escape, p.split())) for p in _PHRASES)
    + r")ی?(?!\S)"
)

# --------------------------------------------------------------------------
# Seasons (1 spring … 4 winter), parts of a month or year, calendar markers.

# The Persian seasons, in Persian script or transliterated, are those of the
# Jalali year: they settle a two-digit year's calendar ("tabestan 67").
JALALI_SEASONS: dict[str, int] = {
    "بهار": 1, "تابستان": 2, "پاییز": 3, "زمستان": 4,
    "bahar": 1, "tabestan": 2, "taabestan": 2, "paeez": 3, "paiz": 3, "paeiz": 3, "payiz": 3,
    "pa'iz": 3, "zemestan": 4, "zemestaan": 4,
}  # fmt: skip
_OTHER_SEASONS: dict[str, int] = {
    "spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4,
    "printemps": 1, "été": 2, "automne": 3, "hiver": 4,
    # Arabic, with and without the article
    "ربيع": 1, "الربيع": 1, "صيف": 2, "الصيف": 2, "خريف": 3, "الخريف": 3,
    "شتاء": 4, "الشتاء": 4, "شتا": 4,
    # Kurdish (Sorani); the ezafe ی (هاوینی ١٩٨٨) is read off
    "بەهار": 1, "هاوین": 2, "زستان": 4,
    # German, Swedish (and its definite forms), Dutch
    "frühling": 1, "frühjahr": 1, "sommer": 2, "herbst": 3,
    "vår": 1, "våren": 1, "sommar": 2, "sommaren": 2, "höst": 3, "hösten": 3, "vinter": 4,
    "vintern": 4, "lente": 1, "voorjaar": 1, "zomer": 2, "herfst": 3, "najaar": 3,
    # Spanish, Italian, Turkish and Azeri
    "primavera": 1, "verano": 2, "otoño": 3, "invierno": 4, "estate": 2, "autunno": 3,
    "inverno": 4, "ilkbahar": 1, "yaz": 2, "yazı": 2, "yazın": 2, "yazında": 2, "sonbahar": 3, "kış": 4, "qış": 4,
}  # fmt: skip
SEASONS: dict[str, int] = {**_keyed(_OTHER_SEASONS), **JALALI_SEASONS}

# early / mid / late, of a month (days 1–10, 11–20, 21–end) or of a year (its thirds).
_PART_WORDS: dict[str, tuple[str, ...]] = {
    "early": (
        "early", "beginning", "start", "اوایل", "اول", "ابتدای", "ابتدا",
        "debut", "avayel", "avael", "avayele", "ebteda", "ebtedaye",  # French, transliterated
        "بداية", "بدايات", "مطلع",  # Arabic (أوائل folds to the Persian اوایل)
        "سەرەتا",  # Kurdish (سەرەتای)
        "anfang", "början", "begin", "principios", "comienzos", "inizio", "başı", "başları",
    ),
    "mid": (
        "mid", "middle", "اواسط", "وسط", "نیمه",
        "mi", "milieu", "avaset", "avasete", "nime", "nimeh",
        "منتصف",  # Arabic (أواسط folds to اواسط)
        "ناوەڕاست",  # Kurdish (ناوەڕاستی)
        "mitte", "mitten", "half", "midden", "mediados", "metà", "ortası", "ortaları",
    ),
    "late": (
        "late", "end", "اواخر", "آخر", "پایان",
        "fin", "avakher", "avakhere", "akhar", "akhare", "payan",
        "نهاية", "اخر",  # Arabic (أواخر folds to اواخر)
        "کۆتا", "کۆتایی",  # Kurdish
        "ende", "slutet", "eind", "einde", "finales", "fines", "fine", "sonu", "sonları",
    ),
}  # fmt: skip
PARTS: dict[str, str] = {date_key(w): part for part, words in _PART_WORDS.items() for w in words}
JALALI_MARKS = {"sh", "ap", "solar", "hijri", "shamsi", "ش", "هش", "شمسی", "هجری", "jalali"}
JALALI_MARKS |= _keys(("خورشیدی", "هەتاوی"))  # Persian and Kurdish: solar
GREGORIAN_MARKS = _keys(("ad", "ce", "gregorian", "م", "میلادی", "زایینی"))
LUNAR_MARKS = {"ah", "ق", "هق", "قمری", "lunar"}

APPROX = {"circa", "ca", "c", "about", "around", "approx", "approximately", "roughly"}
APPROX |= {"حدود", "حدودا", "تقریبا", "درحدود", "~", "vers", "environ"}
APPROX |= _keys(
    (
        "حوالي", "حوالى", "نحو", "قرابة",  # Arabic
        "نزیکەی", "نزیکە",  # Kurdish
        "etwa", "ungefähr", "um", "gegen", "zirka",  # German
        "omkring", "cirka", "rond", "ongeveer", "omstreeks",  # Swedish, Dutch
        "hacia", "alrededor", "aprox", "aproximadamente", "intorno", "verso",  # Spanish, Italian
        "civarı", "yaklaşık",  # Turkish
    )
)  # fmt: skip
FILLERS = {
    "of", "the", "on", "in", "year", "month", "day", "st", "nd", "rd", "th", "ام", "م",
    "سال", "ماه", "روز", "در", "ه", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
    "شنبه", "یکشنبه", "دوشنبه", "سه", "چهارشنبه", "پنجشنبه", "جمعه",
    "le", "la", "l", "d", "du", "de", "des", "en", "a",  # French
    "e", "ye", "sal", "mah",  # Persian transliterated: the ezafe (-e), year, month
    "ی",  # the ezafe written apart (نیمه ی)
}  # fmt: skip
FILLERS |= _keys(
    (
        "في", "عام", "العام", "سنة", "شهر", "يوم", "خلال", "من", "تاريخ", "بتاريخ",  # Arabic
        "ساڵ", "مانگ", "ڕۆژ", "لە", "وەرز",  # Kurdish
        "im", "am", "der", "des", "den", "dem", "jahr", "jahres", "monat", "tag",  # German
        "i", "av", "år", "under", "van", "het", "jaar",  # Swedish, Dutch
        "del", "el", "di", "nel", "il", "anno", "yılı", "ayı", "ili",  # Spanish … Azeri
        # Azeri and Turkish ordinal suffixes, joined to the year ("1988-ci il avqust")
        "ci", "cı", "cu", "cü", "nci", "ncı", "ncu", "ncü", "inci", "ıncı", "uncu", "üncü",
        "ilin", "yılın",  # "of the year"
    )
)  # fmt: skip
FILLERS |= APPROX
OPEN_ENDED = {"before", "after", "since", "قبل", "بعد", "پیش"}
OPEN_ENDED |= _keys(("منذ", "دوای", "vor", "nach", "seit"))

# "A or B" (Mordad or Shahrivar, مرداد یا شهریور, ou) is read as the range holding both.
RANGE_WORDS = re.compile(
    r"\s+(?:to|until|till|through|and|or|-|تا|الی|حتی|او|و|یا|یان|a|au|et|ou|bis|und|oder"
    r"|och|eller|en|tot|y|o|al|hasta|e|fino|veya)\s+|\s*[–—]\s*"
)
RANGE_STARTS = re.compile(
    r"^(?:between|from|بین|ما بین|مابین|له نیوان|نیوان|از|entre|de|du|zwischen|zw\s*\.?"
    r"|von|vom|mellan|tussen|tra|fra|desde)\s+"
)

KNOWN_WORDS: frozenset[str] = frozenset(
    (
        *JALALI_MONTHS, *GREGORIAN_MONTHS, *SEASONS, *PARTS, *JALALI_MARKS, *GREGORIAN_MARKS,
        *LUNAR_MARKS, *FILLERS, *OPEN_ENDED,
    )
)  # fmt: skip
