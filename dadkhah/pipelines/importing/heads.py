"""The head-and-qualifier reading of a header: what kind of value it holds, whose, of which event.

The lexicon (`lexicon`) knows whole headers. Headers it has not seen are
often made of parts it knows: a *head* (the kind of value: a name, a date, a
place, an age …) and *qualifiers* (whose: the victim, the father, the mother …;
of which event: birth, death, arrest, burial, trial …), in any order: "Place
of death", "Death place", "Date arrested", "Age when executed", "Prénom du
père", "Lieu de décès", Persian ezafe "محل تولد", "nam-e madar". `compose`
reads a header's words (`header_words.words`) this way and gives a field by
`FIELD_OF`, or says that the column holds something known that dadkhah keeps
no field for (`UNHELD_OF`: a mother's name, a place of birth, a date of
trial; `NOT_HELD`: an occupation, a religion, a province …). Such a column is
kept in raw, with that reason, and is never asked about.
`lexicon.read_header` merges this reading with its phrases.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from dadkhah.pipelines.importing.header_words import words

# Heads: the kind of value a column holds.
HEADS: Final[dict[str, tuple[str, ...]]] = {
    "name": (
        "name", "names", "nom", "noms", "نام", "اسم", "nam", "esm",
        # Arabic (the article ال is dropped: الاسم is اسم), Kurdish, German, Spanish,
        # Dutch, Swedish, Turkish and Azeri.
        "ناو", "ناوی", "nombre", "naam", "namn", "ad", "adı", "isim", "ismi",
    ),
    "given name": (
        "given name", "first name", "firstname", "forename", "prénom", "prénoms", "اسم کوچک",
        "nam kuchak",
        "الاسم الأول", "ناوی یەکەم", "vorname", "vornamen", "voornaam", "förnamn",
    ),
    "family name": (
        "family name", "last name", "lastname", "surname", "nom de famille", "نام خانوادگی",
        "نام فامیل", "فامیل", "فامیلی", "khanevadegi", "nam khanevadegi", "famil",
        "maiden name", "nom de jeune fille",
        "اللقب", "الكنية", "اسم العائلة", "العائلة", "النسبة", "نازناو", "ناوی بنەماڵە", "پاشناو",
        "nachname", "familienname", "zuname", "apellido", "apellidos", "achternaam",
        "familienaam", "efternamn", "soyad", "soyadı", "soyisim",
    ),
    "date": (
        "date", "dates", "تاریخ", "tarikh",
        "ڕێکەوت", "ڕێکەوتی", "بەروار", "بەرواری", "datum", "fecha", "tarih", "tarihi", "tarix",
        "tarixi",
    ),
    "year": (
        "year", "année", "سال", "sal",
        "سنة", "ساڵ", "ساڵی", "jahr", "año", "jaar", "yıl", "yılı",
    ),
    "place": (
        "place", "location", "site", "lieu", "localité", "city", "town", "ville", "محل", "مکان",
        "شهر", "mahal", "makan", "shahr",
        "المدينة", "شار", "شاری", "شوێن", "شوێنی", "ort", "stadt", "ciudad", "lugar", "stad",
        "plaats", "şehir", "şəhər", "yer", "yeri",
    ),
    "prison": (
        "prison", "jail", "زندان", "zendan",
        "السجن", "زیندان", "gefängnis", "haftanstalt", "prisión", "cárcel",
        "gevangenis", "fängelse", "cezaevi", "zindan", "hapishane", "həbsxana",
    ),
    "id": (
        "id", "no", "number", "num", "nr", "numéro", "code", "ref", "reference", "référence",
        "serial", "شماره", "کد", "شناسه", "shomare", "shenase",
        "الرقم", "تسلسل", "الرقم التسلسلي", "ژمارە", "nummer", "lfd nr", "laufende nummer",
        "número", "numara", "sıra",
    ),
    "age": (
        "age", "aged", "âge", "سن", "sen", "senn",
        "العمر", "تەمەن", "alter", "edad", "leeftijd", "ålder", "yaş", "yaşı",
    ),
    "sex": (
        "sex", "gender", "sexe", "genre", "جنس", "جنسیت", "jens", "jensiat",
        "ڕەگەز", "geschlecht", "sexo", "kön", "cinsiyet", "cinsiyyət", "cins", "cinsi", "cinsiyeti",
    ),
    "group": (
        "group", "organisation", "organization", "party", "affiliation", "tendency", "parti",
        "tendance", "سازمان", "گروه", "تشکیلات", "گرایش", "sazman", "gerayesh",
        "الانتماء", "الانتماء السياسي", "التنظيم", "الحزب", "ڕێکخراو", "لایەنی سیاسی", "حیزب",
        "zugehörigkeit", "partei", "gruppe", "organización", "partido", "organisatie", "partij",
        "örgüt", "təşkilat",
    ),
    "notes": (
        "notes", "note", "comment", "comments", "remarks", "remarques", "observations",
        "توضیحات", "یادداشت", "tozihat",
        "ملاحظات", "تێبینی", "bemerkungen", "anmerkungen", "hinweise", "observaciones",
        "opmerkingen", "anteckningar", "notlar", "qeyd", "qeydlər", "anmärkning",
        "anmärkningar",
    ),
    "ward": (
        "ward", "block", "hall", "section", "quartier", "band", "بند", "سالن",
        "القاطع", "الجناح", "trakt", "abteilung",
    ),
}  # fmt: skip

# Qualifiers: whose value it is (the subject, a relative) or of which event.
QUALIFIERS: Final[dict[str, tuple[str, ...]]] = {
    "subject": (
        "victim", "victims", "person", "prisoner", "detainee", "individual", "martyr",
        "victime", "défunt", "défunte", "prisonnier", "prisonnière", "détenu", "détenue",
        "شهید", "زندانی", "قربانی", "جانباخته", "shahid", "zendani", "case", "dossier",
        "پرونده", "parvande",
        "الضحية", "السجين", "المعتقل", "شەهید", "opfer", "opfers", "häftling", "häftlings",
        "víctima", "slachtoffer",
    ),
    "father": (
        "father", "père", "پدر", "pedar",
        "الأب", "الوالد", "باوک", "vater", "vaters", "padre", "vader", "fader", "faderns",
        "fadern", "baba", "babası", "بابا", "ata", "atası", "atasının", "پدرش",
    ),
    "mother": (
        "mother", "mère", "مادر", "madar",
        "الأم", "الوالدة", "دایک", "mutter", "madre", "moeder", "moder", "moderns",
        "anne", "annesi", "ana",
    ),
    "spouse": (
        "spouse", "wife", "husband", "partner", "épouse", "époux", "conjoint", "conjointe",
        "همسر", "hamsar",
        "الزوج", "الزوجة", "هاوسەر", "ehefrau", "ehemann", "ehepartner", "esposa", "esposo",
        "echtgenoot", "echtgenote", "maka", "hustru",
    ),
    "child": (
        "child", "son", "daughter", "enfant", "fils", "fille", "فرزند", "پسر", "دختر",
        "farzand", "pesar", "dokhtar",
        "الابن", "البنت", "کوڕ", "کچ", "sohn", "tochter", "hijo", "hija", "zoon", "dochter",
        "oğlu", "kızı",
    ),
    "sibling": (
        "sibling", "brother", "sister", "frère", "sœur", "برادر", "خواهر", "baradar", "khahar",
        "الأخ", "الأخت", "برا", "خوشک", "bruder", "schwester", "hermano", "hermana", "broer",
        "zus", "bror", "syster", "kardeş",
    ),
    "birth": (
        "birth", "born", "origin", "naissance", "né", "née", "origine", "تولد", "tavallod",
        "الميلاد", "الولادة", "لەدایکبوون", "لە دایکبوون", "لەدایک بوون", "لە دایک بوون",
        "geburt", "geboren", "nacimiento", "geboorte", "födelse", "doğum", "född",
    ),
    "death": (
        "death", "died", "dead", "execution", "executed", "killing", "killed", "martyrdom",
        "décès", "décédé", "mort", "exécution", "exécuté", "exécutée", "اعدام", "فوت", "مرگ",
        "شهادت", "جانباختن", "قتل", "edam", "fot", "marg", "shahadat",
        "الإعدام", "الاستشهاد", "الوفاة", "لەسێدارەدان", "لە سێدارەدان", "سێدارەدان",
        "شەهیدبوون", "شەهید بوون", "کوژران", "مردن", "tod", "todes", "hinrichtung", "hingerichtet",
        "exekution", "ejecución", "ejecutado", "muerte", "fallecimiento", "executie", "dood",
        "overlijden", "avrättning", "avrättad", "död", "idam", "ölüm", "avrättades",
    ),
    "arrest": (
        "arrest", "arrested", "capture", "captured", "arrestation", "arrêté", "arrêtée",
        "دستگیری", "بازداشت", "dastgiri", "bazdasht",
        "الاعتقال", "القبض", "گیران", "گیرا", "دەستگیرکردن", "verhaftung", "verhaftet",
        "festnahme", "festgenommen", "detención", "arresto", "arrestatie", "gearresteerd",
        "gripande", "gripen", "arrestering", "tutuklama", "tutuklanma", "həbs", "arresterad",
    ),
    "detention": (
        "detention", "detained", "held", "imprisonment", "imprisoned", "incarceration",
        "détention", "incarcération", "حبس", "habs",
        "الاحتجاز", "haft", "inhaftierung", "gözaltı",
    ),
    "burial": (
        "burial", "buried", "grave", "tomb", "cemetery", "inhumation", "inhumé", "enterrement",
        "tombe", "cimetière", "دفن", "خاکسپاری", "تدفین", "مزار", "گورستان", "dafn",
        "khaksepari",
        "الدفن", "المقبرة", "ناشتن", "گۆڕستان", "beerdigung", "bestattung", "begraben", "beerdigt",
        "friedhof", "grab", "entierro", "cementerio", "begrafenis", "begraafplaats", "begravning",
        "defin", "mezar", "mezarlık", "dəfn", "begravd", "gravplats",
    ),
    "trial": (
        "trial", "tried", "court", "procès", "jugement", "محاکمه", "دادگاه", "mohakeme",
        "mohakemeh", "dadgah",
        "المحاكمة", "دادگا", "prozess", "verhandlung", "gerichtsverhandlung", "gericht", "juicio", "proces", "rättegång",
        "mahkeme",
    ),
    "release": (
        "release", "released", "libération", "libéré", "آزادی", "azadi",
        "الإفراج", "ئازادکردن", "freilassung", "libertad", "vrijlating", "frigivning", "tahliye",
    ),
    "sentence": (
        "sentence", "sentenced", "verdict", "condamnation", "peine", "حکم", "hokm",
        "الحكم", "urteil", "sentencia", "vonnis", "dom", "hüküm",
    ),
    "residence": (
        "residence", "resident", "domicile", "résidence", "سکونت", "اقامت", "sokunat",
        "السكن", "الإقامة", "wohnort", "wohnsitz", "domicilio", "woonplaats", "bostad",
        "ikamet",
    ),
    "record": (
        "recorded", "added", "updated", "last updated", "modified", "entered", "interview",
        "interviewed", "registration", "registered", "enregistrement", "ثبت", "مصاحبه", "sabt",
        "submitted", "submission", "created", "timestamp",
    ),
}  # fmt: skip
NAME_KINDS: Final = frozenset({"name", "given name", "family name"})
RELATIVES: Final = ("father", "mother", "spouse", "child", "sibling")
EVENTS: Final = (
    "birth", "death", "arrest", "detention", "burial", "trial", "release", "sentence",
    "residence", "record",
)  # fmt: skip

# Words that join a head to its qualifier and say nothing themselves ("age WHEN executed").
FILLERS: Final = (
    "when", "time", "upon", "his", "her", "their", "au", "aux", "à", "lors", "moment", "par",
    "ou", "هنگام", "زمان", "در", "به", "از", "و", "یا", "hengam", "zaman", "dar",
    # Azeri and Turkish "that was done" ("Edam olunduğu tarix", "İdam edildiği tarih")
    "olunduğu", "olunub", "edildiği", "olduğu",
)  # fmt: skip

# Heads that are plainly not dadkhah's fields: the column is kept in raw, never asked about.
NOT_HELD: Final[dict[str, tuple[str, ...]]] = {
    "an occupation": (
        "occupation", "job", "profession", "métier", "emploi", "شغل", "پیشه", "حرفه", "shoghl",
        "المهنة", "beruf", "ocupación", "profesión", "beroep", "yrke", "meslek", "peşə",
    ),
    "an education": (
        "education", "studies", "diploma", "degree", "études", "تحصیلات", "مدرک تحصیلی",
        "tahsilat",
        "التحصيل الدراسي", "ausbildung", "bildung", "estudios", "opleiding", "utbildning",
        "eğitim", "təhsil",
    ),
    "a religion": (
        "religion", "faith", "confession", "دین", "مذهب", "din", "mazhab",
        "الدين", "المذهب", "konfession", "religión", "godsdienst", "dini",
    ),
    "an ethnicity": (
        "ethnicity", "ethnic group", "ethnic origin", "ethnie", "origine ethnique", "قومیت",
        "qowmiyat",
        "القومية", "ethnische zugehörigkeit", "etnia", "etniciteit", "etnicitet", "etnik köken",
    ),
    "a nationality": (
        "nationality", "citizenship", "nationalité", "ملیت", "تابعیت", "meliyat",
        "الجنسية", "staatsangehörigkeit", "nationalität", "nacionalidad", "nationaliteit",
        "nationalitet", "uyruk", "vətəndaşlıq",
    ),
    "a province": (
        "province", "region", "région", "استان", "ostan",
        "المحافظة", "پارێزگا", "provinz", "bundesland", "provincia", "provincie", "provins",
        "eyalet",
    ),
    "a place of birth": (
        "birthplace", "hometown", "home town", "ville natale", "زادگاه", "zadgah",
        "geburtsort", "lugar de nacimiento", "geboorteplaats", "födelseort", "doğum yeri",
    ),
    "a marital status": (
        "marital status", "civil status", "état civil", "situation familiale",
        "situation matrimoniale", "وضعیت تاهل", "تاهل", "taahol",
        "الحالة الاجتماعية", "familienstand", "estado civil", "burgerlijke staat",
        "civilstånd", "medeni hal",
    ),
    "children": (
        "children", "number of children", "no. of children", "enfants", "nombre d'enfants",
        "فرزندان",
        "تعداد فرزندان", "farzandan",
        "الأولاد", "عدد الأولاد", "kinder", "anzahl der kinder", "hijos", "kinderen", "barn",
        "çocuklar",
    ),
    "a photo": (
        "photo", "photos", "photograph", "picture", "image", "عکس", "تصویر", "aks",
        "الصورة", "وێنە", "foto", "bild", "fotografía", "afbeelding", "fotoğraf", "şəkil",
    ),
    "a link": (
        "link", "links", "url", "website", "web page", "lien", "لینک", "پیوند",
        "الرابط", "enlace", "länk", "bağlantı",
    ),
    "a source": (
        "source", "sources", "منبع", "منابع", "manba",
        "المصدر", "المصادر", "سەرچاوە", "quelle", "quellen", "fuente", "fuentes", "bron",
        "bronnen", "källa", "källor", "kaynak", "mənbə",
    ),
    "a cause of death": (
        "cause", "cause of death", "cause du décès", "علت", "علت مرگ",
        "سبب الوفاة", "todesursache", "causa de muerte", "doodsoorzaak", "dödsorsak",
        "ölüm nedeni",
    ),
    "an address": (
        "address", "adresse", "آدرس", "نشانی",
        "العنوان", "ناونیشان", "anschrift", "dirección", "adres",
    ),
    "a phone number": (
        "phone", "telephone", "phone number", "téléphone", "numéro de téléphone", "تلفن",
        "شماره تلفن",
        "الهاتف", "telefon", "teléfono", "telefoon", "telefonnummer",
    ),
}  # fmt: skip

# (head, qualifier) -> field; "" is no qualifier or the subject ("Victim's date of birth").
FIELD_OF: Final[dict[tuple[str, str], str]] = {
    ("name", ""): "full_name",
    ("given name", ""): "given_name",
    ("family name", ""): "family_name",
    ("name", "death"): "full_name",  # "Name of the executed"
    ("name", "father"): "father_name",
    ("given name", "father"): "father_name",
    ("date", "birth"): "birth_date",
    ("year", "birth"): "birth_year",
    ("age", ""): "age",
    ("age", "death"): "age",
    ("date", "arrest"): "arrest_date",
    ("year", "arrest"): "arrest_date",
    ("date", "detention"): "arrest_date",
    ("year", "detention"): "arrest_date",
    ("date", "death"): "death_date",
    ("year", "death"): "death_date",
    ("place", ""): "city",
    ("place", "death"): "city",
    ("prison", ""): "prison",
    ("prison", "death"): "prison",
    ("prison", "arrest"): "prison",
    ("prison", "detention"): "prison",
    ("place", "detention"): "prison",
    ("group", ""): "affiliation",
    ("place", "burial"): "burial_place",
    ("name", "burial"): "burial_place",  # "Cemetery name"
    ("id", ""): "record_id",
    ("sex", ""): "sex",
    ("notes", ""): "notes",
    ("ward", ""): "ward",
}

# (head, qualifier) -> what the column holds, which dadkhah keeps no field for.
# A head with a relative other than the father's name (`RELATIVES`) is one too:
# "a mother's name", "a father's date of birth".
UNHELD_OF: Final[dict[tuple[str, str], str]] = {
    **{("date", e): f"a date of {e}" for e in ("burial", "trial", "release", "sentence")},
    **{("year", e): f"a year of {e}" for e in ("burial", "trial", "release", "sentence")},
    **{
        ("place", e): f"a place of {e}"
        for e in ("birth", "arrest", "trial", "release", "residence")
    },
    ("date", "record"): "a date the record was made or changed",
    ("year", "record"): "a date the record was made or changed",
    # The age dadkhah holds is the age at death: it gives the birth year from the death date.
    **{
        ("age", e): f"an age at {e} (dadkhah's age is the age at death)"
        for e in ("arrest", "detention", "trial", "sentence")
    },
}
# An event alone, with no head, that dadkhah keeps nothing of ("Trial", "Released").
EVENTS_NOT_HELD: Final = {
    "trial": "a trial",
    "release": "a release",
    "sentence": "a sentence",
    "residence": "a place of residence",
    "record": "a note on the record itself (when or how it was made)",
}

UNKNOWN_FACTOR: Final = 0.1  # the score falls this much for each word the reading leaves out
COMPOSED: Final = 0.9  # a head and a qualifier that map to a field, every word understood
MAX_UNKNOWN: Final = 1  # words a reading may leave out (more: no reading)

_HEAD_NAMES: Final = {
    "name": "name", "given name": "given name", "family name": "family name", "date": "date",
    "year": "year", "place": "place", "prison": "prison", "id": "number", "age": "age",
    "sex": "sex", "group": "group", "notes": "notes", "ward": "ward",
}  # fmt: skip


@dataclass(frozen=True)
class Composition:
    """A header read as a head and qualifiers."""

    field: str | None  # None: a known column that dadkhah holds no field for
    score: float  # 0..1; 0 when field is None
    what: str  # what the column holds, in words ("a date of arrest", "a mother's name")
    unknown: int  # words of the header the reading leaves out


@lru_cache(maxsize=1)
def _units() -> dict[tuple[str, ...], tuple[str, str]]:
    """Folded words of each entry -> (role, kind); role is head, qualifier, not_held, filler."""
    out: dict[tuple[str, ...], tuple[str, str]] = {}
    tables = (("head", HEADS), ("qualifier", QUALIFIERS), ("not_held", NOT_HELD))
    for role, table in tables:
        for kind, forms in table.items():
            for form in forms:
                key = words(form)
                if not key:
                    raise ValueError(f"{form!r} ({role} {kind}) has no word")
                if out.get(key, (role, kind)) != (role, kind):
                    raise ValueError(f"{form!r} would be {out[key]} and {(role, kind)}")
                out[key] = (role, kind)
    for form in FILLERS:
        out.setdefault(words(form) or (form,), ("filler", ""))
    return out


def parse(tokens: tuple[str, ...]) -> tuple[list[tuple[str, str, int]], int]:
    """(role, kind, words) of each part of a header's words, longest first, and the words left."""
    units = _units()
    longest = max(len(k) for k in units)
    found: list[tuple[str, str, int]] = []
    unknown = i = 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            unit = units.get(tokens[i : i + n])
            if unit is not None:
                if unit[0] != "filler":
                    found.append((*unit, n))
                i += n
                break
        else:
            unknown += 1
            i += 1
    return found, unknown


def _article(text: str) -> str:
    return ("an " if text[0] in "aeiou" else "a ") + text


def compose(tokens: tuple[str, ...]) -> Composition | None:
    """A header's words read as a head and qualifiers, or None where they do not read so.

    None when the words hold no head or qualifier, hold two heads or two
    events, leave out more than `MAX_UNKNOWN` words, or are one head alone
    (the lexicon reads "Date" and "Name" by itself).
    """
    found, unknown = parse(tokens)
    if not found or unknown > MAX_UNKNOWN:
        return None
    heads = {kind for role, kind, _n in found if role == "head"}
    head_words = sum(n for role, _kind, n in found if role == "head")
    qualifiers = {kind for role, kind, _n in found if role == "qualifier"}
    not_held = [kind for role, kind, _n in found if role == "not_held"]
    named = False
    if len(heads & NAME_KINDS) > 1:  # "نام و نام خانوادگی", "Surname and name": the full name
        heads = (heads - NAME_KINDS) | {"name"}
        named = True
    if "name" in heads and len(heads) > 1:  # "Name of prison", "نام شهر": the other head
        heads.discard("name")
        named = True
    if heads == {"place", "prison"}:  # "Prison (place of detention)"
        heads = {"prison"}
    if heads == {"date", "year"}:
        heads = {"date"}
    relatives = [q for q in RELATIVES if q in qualifiers]
    events = [e for e in EVENTS if e in qualifiers]
    if not_held:
        if heads - {"name"}:
            return None  # "Province / city": the lexicon reads its alternatives
        what = not_held[0]
        if relatives:
            what = f"a {relatives[0]}'s {what.split(' ', 1)[1] if ' ' in what else what}"
        return Composition(None, 0.0, what, unknown)
    if len(heads) > 1 or len(relatives) > 1 or len(events) > 1:
        return None
    if not heads:
        # "Father", "Son of", "Fille de" alone name the father (the lexicon's); "Mother" does not.
        if relatives and relatives[0] not in ("father", "child") and not events:
            return Composition(None, 0.0, f"the victim's {relatives[0]}", unknown)
        if events and events[0] in EVENTS_NOT_HELD and not relatives:
            return Composition(None, 0.0, EVENTS_NOT_HELD[events[0]], unknown)
        return None
    head = heads.pop()
    event = events[0] if events else ""
    if relatives:
        relative = relatives[0]
        if relative == "father" and not event and head in ("name", "given name"):
            return _field("father_name", f"a father's {_HEAD_NAMES[head]}", unknown)
        of = f" of {event}" if event else ""
        return Composition(None, 0.0, f"a {relative}'s {_HEAD_NAMES[head]}{of}", unknown)
    if not qualifiers and not named and head_words < 2:
        return None  # one head word alone: the lexicon's ("Reference no." is two)
    unheld = UNHELD_OF.get((head, event))
    if unheld is not None:
        return Composition(None, 0.0, unheld, unknown)
    name = FIELD_OF.get((head, event))
    if name is None:
        return None
    of = (" at " if head == "age" else " of ") + event if event else ""
    whose = "the victim's " if "subject" in qualifiers else ""
    shown = f"{whose}{_HEAD_NAMES[head]}" if whose else _article(_HEAD_NAMES[head])
    return _field(name, f"{shown}{of}", unknown)


def _field(name: str, what: str, unknown: int) -> Composition:
    return Composition(name, round(COMPOSED - UNKNOWN_FACTOR * unknown, 3), what, unknown)


def heads_table() -> str:
    """The heads, qualifiers and their fields as the Markdown of docs/methodology/import.md."""
    rows = ["| part | kind | words |", "|---|---|---|"]
    for role, table in (("head", HEADS), ("qualifier", QUALIFIERS)):
        for kind, forms in table.items():
            rows.append(f"| {role} | {kind} | {', '.join(f'`{f}`' for f in forms)} |")
    rows += ["", "| head | qualifier | field |", "|---|---|---|"]
    for (head, qualifier), name in FIELD_OF.items():
        rows.append(f"| {head} | {qualifier or '(none, or the victim)'} | {name} |")
    for (head, qualifier), what in UNHELD_OF.items():
        rows.append(f"| {head} | {qualifier} | none: {what} |")
    rows.append("| any | mother, spouse, child, sibling (or father, but for his name) | none |")
    rows.append("| (none) | mother, spouse, sibling | none |")
    for event, what in EVENTS_NOT_HELD.items():
        rows.append(f"| (none) | {event} | none: {what} |")
    rows += ["", "| not dadkhah's field | headers |", "|---|---|"]
    for what, forms in NOT_HELD.items():
        rows.append(f"| {what} | {', '.join(f'`{f}`' for f in forms)} |")
    return "\n".join(rows)
