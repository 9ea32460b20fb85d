"""The scored lexicon of column headers: how strongly a header names each field.

Lists come from NGOs, families, archives and survivors, in English, French,
Persian (in Persian letters, typed on Arabic keyboards, or transliterated),
Arabic, Sorani Kurdish, German, Spanish, Dutch, Swedish, Turkish and Azeri,
and in every abbreviation. Each field has *phrases* (a whole header that names it:
"date of death", "DOD", "تاریخ اعدام", "tarikh-e edam") and a few *weak terms*
(a word that hints at it: "date"). A header is folded (`header_key`: case,
accents, ZWNJ and Arabic letter variants do not matter), split into words with
little words dropped ("of", "de", "-e"), and scored against every field:

- the whole header is a phrase: 1.0;
- a phrase of several words stands inside a longer header: 0.6 + 0.3 × the
  share of the header's words it covers; a phrase of one word: 0.45 + 0.3 × share;
- a weak term: its weight (× 0.8 inside a longer header);
- a word one edit away from a lexicon word of five letters or more (a typo:
  "Surnmae" is not, "Surnme" is) counts as that word, and the score is × 0.75;
- a header of alternatives ("Province / city", "Name / نام") scores as its
  best alternative, × 0.9.

Text in brackets is a note, not part of the name ("Age [years]", "Place (city
or prison)"); a calendar named anywhere in the header ("(Jalali)", "شمسی",
"Gregorian", "میلادی") is recorded as the column's calendar hint.

A header no phrase names whole is also read as a head and qualifiers
(`heads`: "Place of death" is city, "Mother's name" a column dadkhah holds
no field for, `HeaderReading.unheld`); `_compose` merges the two readings.
docs/methodology/import.md lists every phrase; a test checks they agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from dadkhah.core.script import fold
from dadkhah.pipelines.importing.header_words import (
    KEEP_IN_PHRASE,
    SCRIPT_WORDS,
    STOPWORDS,
    WORD,
    words,
)
from dadkhah.pipelines.importing.heads import compose

# Phrases per field: each, as a whole header, names the field (score 1.0).
PHRASES: Final[dict[str, tuple[str, ...]]] = {
    "record_id": (
        "record_id", "id", "record", "record id", "record no", "record number", "no", "no.", "nr", "num",
        "number", "#", "serial", "serial no", "serial number", "s/n", "sr no", "sl no", "ref", "ref.", "ref no",
        "reference", "case no", "case number", "code", "n°", "numéro", "réf", "référence",
        "ردیف", "شناسه", "شماره", "شماره ردیف", "کد", "کد ثبت", "شماره پرونده",
        "radif", "shomare", "shenase",
        # Arabic, Kurdish (Sorani), German
        "الرقم", "رقم", "الرقم التسلسلي", "التسلسل", "تسلسل", "ت", "ژمارە", "ژ",
        "lfd. nr.", "lfd nr", "laufende nummer", "laufende nr.", "nummer",
        # Turkish and Azeri ("Sıra", "Sıra №"); Persian typed in a hurry: see WEAK ("ش")
        "sıra", "sıra no", "sıra nömrəsi",
    ),
    "full_name": (
        "full_name", "name", "full name", "names", "victim", "victim name", "name of victim",
        "person", "name as written", "first and last name", "nom complet", "nom et prénom",
        "nom prénom", "prénom et nom", "prénom nom", "nom et prénoms",
        "نام و نام خانوادگی", "نام کامل", "اسم", "اسم و فامیل", "نام و نشان",
        "nam va nam khanevadegi", "nam o nam khanevadegi", "esm",
        "الاسم", "الاسم الكامل", "الاسم الثلاثي", "الاسم الرباعي", "الاسم والنسب",
        "ناو", "ناوی تەواو", "ناوی سیانی", "ناو و نازناو",
        "vollständiger name", "vor- und nachname", "name und vorname", "vorname und name",
        "nombre", "nombre completo", "nombre y apellidos", "nombres y apellidos",
        "naam", "volledige naam", "namn", "fullständigt namn",
        "ad soyad", "adı soyadı", "ad soyadı", "adı ve soyadı", "isim", "isim soyisim", "tam adı",
        "tam ad",
    ),
    "given_name": (
        "given_name", "given", "given name", "first name", "firstname", "first", "forename",
        "fname", "fn", "prénom", "prénoms", "نام", "اسم کوچک", "nam", "name kuchak",
        "الاسم الأول", "ناوی یەکەم", "vorname", "vornamen", "rufname", "voornaam", "voornamen",
        "förnamn", "ad", "adı",
    ),
    "family_name": (
        "family_name", "family", "family name", "last name", "lastname", "last", "surname",
        "lname", "ln", "nom", "nom de famille", "نام خانوادگی", "فامیل", "فامیلی", "نام فامیل",
        "شهرت", "nam khanevadegi", "nam-e khanevadegi", "khanevadegi", "famil", "shohrat",
        "اللقب", "الكنية", "اسم العائلة", "العائلة", "النسبة", "نازناو", "ناوی بنەماڵە", "بنەماڵە",
        "پاشناو", "nachname", "familienname", "zuname", "apellido", "apellidos", "achternaam",
        "familienaam", "efternamn", "soyad", "soyadı", "soyisim",
    ),
    "father_name": (
        "father_name", "father", "father name", "father's name", "fathers name",
        "name of father", "son of", "daughter of", "son/daughter of", "child of",
        "nom du père", "père", "fils de", "fille de", "filiation", "نام پدر", "اسم پدر", "پدر", "فرزند",
        "nam pedar", "nam-e pedar", "esm-e pedar", "pedar", "farzand",
        "اسم الأب", "اسم الوالد", "الأب", "الوالد", "ناوی باوک", "باوک", "name des vaters",
        "vatersname", "vater", "vorname des vaters", "nombre del padre", "padre", "naam vader",
        "naam van de vader", "vader", "faderns namn", "fadersnamn", "baba adı", "baba ismi",
        "baba",
        # Colloquial Persian (bābā: dad), Azeri and Turkish
        "اسم بابا", "نام بابا", "بابا", "اسم باباش", "اسم پدرش", "نام پدرش", "پدرش", "atasının adı", "ata adı", "atası",
    ),
    "sex": (
        "sex", "gender", "m/f", "sexe", "genre", "جنس", "جنسیت", "jens", "jensiat",
        "الجنس", "ڕەگەز", "geschlecht", "sexo", "kön", "cinsiyet", "cinsiyyət", "cinsi", "cins",
        "cinsiyeti", "geschl.",
    ),
    "birth_year": (
        "birth_year", "year of birth", "birth year", "born", "born in", "birth", "yob",
        "né en", "née en", "né(e) en", "année de naissance", "naissance",
        "سال تولد", "متولد", "تولد", "sal-e tavallod", "sal tavallod", "tavallod", "motevalled",
        "سنة الميلاد", "سنة الولادة", "المواليد", "مواليد", "ساڵی لەدایکبوون", "geburtsjahr",
        "jahrgang", "geb.", "geboren", "año de nacimiento", "geboortejaar", "födelseår",
        "doğum yılı", "doğum ili", "född år", "təvəllüd", "təvəllüdü", "född", "födelseår och ort",
    ),
    "birth_date": (
        "birth_date", "date of birth", "dob", "d.o.b.", "birthday", "birth date",
        "date de naissance", "né le", "née le", "تاریخ تولد", "زادروز", "tarikh-e tavallod",
        "tarikh tavallod",
        "تاريخ الميلاد", "تاريخ الولادة", "ڕێکەوتی لەدایکبوون", "بەرواری لەدایکبوون",
        "geburtsdatum", "geburtstag", "fecha de nacimiento", "geboortedatum",
        "födelsedatum", "doğum tarihi", "doğum tarixi",
    ),
    "age": (
        "age", "age at death", "age at execution", "aged", "âge", "âge au décès",
        "سن", "سن هنگام اعدام", "sen", "senn",
        "العمر", "السن", "تەمەن", "alter", "lebensalter", "edad", "leeftijd", "ålder", "yaş",
        "yaşı",
    ),
    "arrest_date": (
        "arrest_date", "arrested", "date of arrest", "arrest date", "arrest",
        "date d'arrestation", "arrestation", "arrêté le", "تاریخ دستگیری", "تاریخ بازداشت",
        "تاریخ دستگیر", "سال دستگیری", "سال بازداشت", "tarikh-e dastgiri", "dastgiri",
        "tarikh-e bazdasht", "bazdasht",
        "تاريخ الاعتقال", "الاعتقال", "تاريخ القبض", "ڕێکەوتی گیران", "گیران", "verhaftungsdatum",
        "festnahme", "festnahmedatum", "verhaftet am", "verhaftet", "verhaftung",
        "datum der verhaftung", "festgenommen am", "fecha de detención", "fecha de arresto",
        "datum arrestatie", "arrestatiedatum", "arresteringsdatum", "tutuklama tarihi",
        "həbs tarixi",
        "gripen", "gripen datum", "arresterad", "arresterades", "gripande",
    ),
    "death_date": (
        "death_date", "date of death", "death date", "dod", "d.o.d.", "yod", "year of death",
        "died", "death", "executed", "executed on", "date executed", "date of execution",
        "execution date", "execution", "killed", "date killed", "date de décès", "décès",
        "décédé le", "date d'exécution", "exécuté le", "exécuté", "exécution", "date de la mort",
        "تاریخ اعدام", "تاریخ فوت", "تاریخ مرگ", "تاریخ شهادت", "تاریخ جانباختن", "تاریخ قتل",
        "tarikh-e edam", "tarikh edam", "edam", "tarikh-e shahadat", "tarikh-e fot",
        "تاريخ الإعدام", "تاريخ الاستشهاد", "تاريخ الوفاة", "ڕێکەوتی لەسێدارەدان",
        "ڕێکەوتی شەهیدبوون", "hinrichtungsdatum", "todesdatum", "hingerichtet am",
        "datum der hinrichtung", "hingerichtet", "hinrichtung", "todestag", "sterbedatum",
        "fecha de ejecución", "fecha de muerte", "fecha de fallecimiento", "datum executie",
        "executiedatum", "overlijdensdatum", "avrättningsdatum", "dödsdatum", "idam tarihi",
        "ölüm tarihi", "edam tarixi",
        "avrättad", "avrättades", "avrättning", "avrättad datum",
        "idam edildiği tarih", "edam olunduğu tarix",
    ),
    "city": (
        "city", "place", "town", "city of execution", "place of execution", "location",
        "ville", "lieu", "lieu d'exécution", "localité", "شهر", "محل", "محل اعدام",
        "شهر محل اعدام", "shahr", "mahal", "mahal-e edam",
        "المدينة", "مدينة", "مكان الإعدام", "محل الإعدام", "مكان الوفاة", "شار",
        "شوێنی لەسێدارەدان", "ort", "stadt", "hinrichtungsort", "ort der hinrichtung", "ciudad",
        "lugar", "lugar de ejecución", "stad", "plaats", "şehir", "şəhər", "avrättningsplats",
        "avrättningsort",
    ),
    "prison": (
        "prison", "prison name", "jail", "detained at", "held at", "place of detention",
        "lieu de détention", "زندان", "محل زندان", "نام زندان", "زندان محل اعدام", "zendan",
        "السجن", "مكان الاحتجاز", "المعتقل", "زیندان", "gefängnis", "haftanstalt", "haftort",
        "prisión", "cárcel", "gevangenis", "fängelse", "cezaevi", "zindan", "hapishane", "həbsxana",
    ),
    "affiliation": (
        "affiliation", "organization", "organisation", "group", "party",
        "political affiliation", "political group", "tendency", "tendance", "appartenance",
        "appartenance politique", "parti", "organisation politique", "سازمان", "گروه", "گرایش",
        "گرایش سیاسی", "وابستگی", "وابستگی سیاسی", "وابستگی سازمانی", "هواداری", "تشکیلات",
        "جریان سیاسی", "اتهام", "sazman", "gerayesh", "vabastegi", "havadari",
        "الانتماء", "الانتماء السياسي", "التنظيم", "الحزب", "ڕێکخراو", "لایەنی سیاسی", "حیزب",
        "zugehörigkeit", "politische zugehörigkeit", "partei", "parteizugehörigkeit", "gruppe",
        "organización", "partido", "afiliación", "organisatie", "partij", "örgüt", "təşkilat",
    ),
    "burial_place": (
        "burial_place", "burial", "burial site", "burial place", "grave", "cemetery",
        "place of burial", "buried", "buried at", "buried in", "lieu d'inhumation", "sépulture", "cimetière", "tombe",
        "محل دفن", "آرامگاه", "مزار", "گورستان", "محل خاکسپاری", "mahal-e dafn", "aramgah",
        "mazar",
        "مكان الدفن", "المقبرة", "شوێنی ناشتن", "گۆڕستان", "grabstätte", "begräbnisort",
        "friedhof", "grab", "grabstelle", "lugar de entierro", "cementerio", "begraafplaats",
        "mezar", "mezarlık", "defin yeri", "dəfn yeri", "gravplats", "begravd", "begravningsplats",
    ),
    "notes": (
        "notes", "note", "comment", "comments", "remarks", "remark", "description",
        "remarques", "remarque", "observations", "commentaire", "commentaires",
        "توضیحات", "یادداشت", "ملاحظات", "توضیح", "tozihat", "yaddasht",
        "ملاحظات", "تێبینی", "تێبینییەکان", "bemerkungen", "bemerkung", "anmerkungen",
        "anmerkung", "hinweise", "hinweis", "kommentar", "observaciones", "notas", "comentarios",
        "opmerkingen", "opmerking", "anteckningar", "kommentarer", "notlar", "açıklama", "qeyd",
        "qeydlər", "qeydler", "anmärkning", "anmärkningar", "not", "övrigt",
    ),
    "ward": (
        "ward", "block", "cell block", "section", "hall", "quartier", "band", "بند", "سالن",
        "بند زندان",
        "القاطع", "الجناح", "trakt", "abteilung",
    ),
}  # fmt: skip

# Weak terms: a word that hints at a field without naming it (weight as a whole header).
WEAK: Final[dict[str, tuple[tuple[str, float], ...]]] = {
    "death_date": (
        ("date", 0.5), ("تاریخ", 0.5), ("tarikh", 0.5), ("year", 0.3), ("datum", 0.5),
        ("fecha", 0.5), ("tarih", 0.5), ("ڕێکەوت", 0.5),
    ),
    "arrest_date": (
        ("date", 0.35), ("تاریخ", 0.35), ("tarikh", 0.35), ("datum", 0.35), ("fecha", 0.35),
        ("tarih", 0.35), ("ڕێکەوت", 0.35),
    ),
    "birth_date": (
        ("date", 0.35), ("تاریخ", 0.35), ("tarikh", 0.35), ("born", 0.6), ("datum", 0.35),
        ("fecha", 0.35), ("tarih", 0.35), ("ڕێکەوت", 0.35), ("geb.", 0.6), ("geboren", 0.6),
    ),
    "birth_year": (
        ("year", 0.35), ("سال", 0.35), ("sal", 0.35), ("année", 0.35), ("jahr", 0.35),
        ("سنة", 0.35),
    ),
    "full_name": (("nom", 0.4),),
    # Persian typed in a hurry: "ش" for شماره (number), "کجا" (where) for the place.
    "record_id": (("ش", 0.5),),
    "city": (("کجا", 0.55),),
}  # fmt: skip

# Calendar words (anywhere in a header, in brackets or not) -> the column's calendar.
CALENDAR_WORDS: Final[dict[str, str]] = {
    **dict.fromkeys(
        ("jalali", "shamsi", "solar", "khorshidi", "شمسی", "جلالی", "خورشیدی", "هش"),
        "jalali",
    ),
    **dict.fromkeys(
        ("gregorian", "greg", "grégorien", "miladi", "میلادی", "ad"), "gregorian"
    ),
}  # fmt: skip
# "hijri shamsi" is Jalali; "hijri" alone (the lunar calendar) is not read as a hint.
_HIJRI = "hijri"

EXACT: Final = 1.0
FUZZY_FACTOR: Final = 0.75
ALTERNATIVE_FACTOR: Final = 0.9  # one of the alternatives of "A / B" names the field
COMPOSED_MARGIN: Final = 0.2  # a head-and-qualifier reading leads the fields it leaves aside
MIN_FUZZY_LENGTH: Final = 5

_ALTERNATIVES = re.compile(r"[/|]")
_BRACKETS = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]|\{([^}]*)\}")


@dataclass(frozen=True)
class HeaderReading:
    """What a header alone says: a score per field, and the calendar it names."""

    scores: dict[str, float]  # field -> 0..1 (fields not named are absent)
    how: dict[str, str]  # field -> how it matched ("the whole header", "a typo of …")
    calendar: str | None
    note: str  # the text in brackets, if any
    # What the column holds where it is known but not dadkhah's ("a mother's name",
    # "an occupation"; `heads`): then scores is empty, and the column is never asked about.
    unheld: str | None = None

    def best(self) -> tuple[str | None, float]:
        if not self.scores:
            return None, 0.0
        name = max(self.scores, key=lambda f: (self.scores[f], -_ORDER[f]))
        return name, self.scores[name]


def split_header(header: str) -> tuple[str, str]:
    """(the header without its bracketed notes, the notes)."""
    notes = [next(g for g in m.groups() if g is not None) for m in _BRACKETS.finditer(header)]
    main = _BRACKETS.sub(" ", header).strip()
    return (main or " ".join(notes)), " ".join(notes).strip()


def calendar_hint(header: str) -> str | None:
    """The calendar a header names ("Date of death (Jalali)" -> "jalali"), or None."""
    found = {
        CALENDAR_WORDS[w]
        for w in WORD.findall(fold(header).lower().replace(".", ""))
        if w in CALENDAR_WORDS
    }
    if len(found) == 1:
        return found.pop()
    return None


@lru_cache(maxsize=1)
def _tables() -> tuple[
    dict[tuple[str, ...], str],
    dict[str, list[tuple[tuple[str, ...], str]]],
    frozenset[str],
]:
    """(exact phrase words -> field, first word -> [(phrase words, field)], vocabulary)."""
    exact: dict[tuple[str, ...], str] = {}
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    vocabulary: set[str] = set()
    for name, phrases in PHRASES.items():
        for phrase in phrases:
            key = words(phrase, keep=KEEP_IN_PHRASE)
            if not key:
                raise ValueError(f"phrase {phrase!r} of {name} has no word")
            if exact.get(key, name) != name:
                raise ValueError(f"header {phrase!r} would mean {exact[key]} and {name}")
            exact[key] = name
            by_first.setdefault(key[0], []).append((key, name))
            vocabulary.update(key)
    return exact, by_first, frozenset(vocabulary)


@lru_cache(maxsize=1)
def _joined() -> dict[str, str]:
    """Each phrase with its words run together ("نامخانوادگی", "lastname") -> field."""
    out: dict[str, str] = {}
    for key, name in _tables()[0].items():
        out.setdefault("".join(key), name)
    return out


def _edit1(a: str, b: str) -> bool:
    """Whether a and b differ by one insertion, deletion, substitution or swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _corrected(
    tokens: tuple[str, ...], vocabulary: frozenset[str]
) -> tuple[tuple[str, ...], list[str]]:
    """The words with typos of lexicon words corrected, and the corrections made."""
    out, fixes = [], []
    for token in tokens:
        if token in vocabulary or len(token) < MIN_FUZZY_LENGTH:
            out.append(token)
            continue
        near = sorted(w for w in vocabulary if len(w) >= MIN_FUZZY_LENGTH and _edit1(token, w))
        if len(near) == 1:
            out.append(near[0])
            fixes.append(f"{token!r} read as {near[0]!r}")
        else:
            out.append(token)
    return tuple(out), fixes


def _contains(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(tokens[i : i + n] == phrase for i in range(len(tokens) - n + 1))


@lru_cache(maxsize=4096)
def read_header(header: str) -> HeaderReading:
    """Score one header against every field (see the module's docstring)."""
    exact, by_first, vocabulary = _tables()
    main, note = split_header(header)
    raw = words(main, keep=KEEP_IN_PHRASE)
    if raw in exact and set(raw) & set(CALENDAR_WORDS):
        # A calendar word that is part of a header's name (Turkish "Ad", "Ad Soyad":
        # the name, not Anno Domini) names no calendar; a note in brackets still may.
        calendar = calendar_hint(note)
    else:
        calendar = calendar_hint(header)
    calendar_words = {w for w, c in CALENDAR_WORDS.items() if c == calendar}
    raw = tuple(w for w in raw if w not in calendar_words and w != _HIJRI) or raw
    if raw not in exact:  # "surname_latin", "nam (فارسی)": the script is not the field
        raw = tuple(w for w in raw if w not in SCRIPT_WORDS) or raw
    scores: dict[str, float] = {}
    how: dict[str, str] = {}

    def put(name: str, score: float, why: str) -> None:
        if score > scores.get(name, 0.0):
            scores[name] = round(score, 3)
            how[name] = why

    for tokens, factor, fixes in _variants(raw, vocabulary):
        typo = f" ({', '.join(fixes)})" if fixes else ""
        found = exact.get(tokens) or _joined().get("".join(tokens))
        if found is not None:
            put(found, EXACT * factor, f"the header is a usual name for {found}{typo}")
        content = tuple(w for w in tokens if w not in STOPWORDS)
        if not content:
            continue
        for start in set(tokens):
            for phrase, name in by_first.get(start, ()):
                if phrase == tokens or not _contains(tokens, phrase):
                    continue
                share = len([w for w in phrase if w not in STOPWORDS]) / len(content)
                base = 0.6 if len(phrase) > 1 else 0.45
                put(name, (base + 0.3 * min(share, 1.0)) * factor,
                    f"the header holds {' '.join(phrase)!r}, a name for {name}{typo}")  # fmt: skip
        for name, terms in WEAK.items():
            for term, weight in terms:
                key = words(term)
                if not key or key[0] not in tokens:
                    continue
                score = weight if tokens == key else weight * 0.8
                put(name, score * factor, f"the header holds {term!r}, a weak hint of {name}{typo}")
    unheld = _compose(tuple(w for w in raw if w not in STOPWORDS), scores, how)
    parts = [p for p in _ALTERNATIVES.split(main) if words(p)]
    if len(parts) > 1:
        # "Province / city", "Name / نام": each alternative is read as a header.
        for part in parts:
            alone = read_header(part)
            unheld = unheld or alone.unheld
            for name, score in alone.scores.items():
                put(name, score * ALTERNATIVE_FACTOR, f"{alone.how[name]} (of {part.strip()!r})")
        if "prison" in scores and "ward" in scores:  # "زندان/بند": the prison, with its ward
            scores["ward"] = round(min(scores["ward"], scores["prison"] - COMPOSED_MARGIN), 3)
    if scores:
        unheld = None  # a field named by any part wins over a column dadkhah does not hold
    return HeaderReading(scores=scores, how=how, calendar=calendar, note=note, unheld=unheld)


def _compose(tokens: tuple[str, ...], scores: dict[str, float], how: dict[str, str]) -> str | None:
    """Merge the head-and-qualifier reading (`heads.compose`) into the lexicon's scores.

    A whole-header phrase (1.0) is kept as it is. Otherwise a reading that names
    a field sets that field's score (at least the phrase's), and the fields the
    header only touched in passing ("Victim ID": full_name for "victim") are
    dropped, or kept below it by `COMPOSED_MARGIN` where a word was left out
    (a birth year's birth date, one fact at two precisions, is always kept).
    A column dadkhah holds no field for gets no score at all; what it holds is
    returned, for the reason.
    """
    composed = compose(tokens)
    if composed is None or max(scores.values(), default=0.0) >= EXACT:
        return None
    if composed.field is None:
        scores.clear()
        how.clear()
        return composed.what
    name = composed.field
    twin = _SAME_FACT.get(name)
    kept = dict(scores) if composed.unknown else {n: s for n, s in scores.items() if n == twin}
    kept.pop(name, None)
    ceiling = composed.score - COMPOSED_MARGIN
    score = max(composed.score, scores.get(name, 0.0))
    why = f"the header reads as {composed.what}, which is {name}"
    if score > composed.score:  # a phrase of the lexicon says more
        why = how[name]
    others = {n: (min(s, ceiling), how[n]) for n, s in kept.items() if min(s, ceiling) > 0}
    scores.clear()
    how.clear()
    scores[name], how[name] = score, why
    for n, (s, w) in others.items():
        scores[n], how[n] = round(s, 3), w
    return None


def _variants(
    tokens: tuple[str, ...], vocabulary: frozenset[str]
) -> list[tuple[tuple[str, ...], float, list[str]]]:
    """The header's words as written (× 1), and with typos corrected (× FUZZY_FACTOR)."""
    out: list[tuple[tuple[str, ...], float, list[str]]] = [(tokens, 1.0, [])]
    fixed, fixes = _corrected(tokens, vocabulary)
    if fixes:
        out.append((fixed, FUZZY_FACTOR, fixes))
    return out


_ORDER: Final = {name: i for i, name in enumerate(PHRASES)}
_SAME_FACT: Final = {"birth_year": "birth_date", "birth_date": "birth_year"}


def lexicon_table() -> str:
    """The lexicon as the Markdown table of docs/methodology/import.md (a test compares them)."""
    rows = [
        "| field | headers (each a whole header, score 1.0) | weak terms (score) |",
        "|---|---|---|",
    ]
    for name, phrases in PHRASES.items():
        shown = ", ".join(f"`{p}`" for p in phrases)
        weak = ", ".join(f"`{t}` ({w:g})" for t, w in WEAK.get(name, ()))
        rows.append(f"| {name} | {shown} | {weak} |")
    return "\n".join(rows)
