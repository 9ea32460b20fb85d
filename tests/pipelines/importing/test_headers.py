"""Column recognition: canonical, English and Persian headers, and mapping files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dadkhah.pipelines.importing.assistant import assess
from dadkhah.pipelines.importing.header_words import words
from dadkhah.pipelines.importing.headers import (
    FIELDS,
    ColumnResolver,
    Mapping,
    load_mapping,
    parse_mapping,
    recognize,
)
from dadkhah.pipelines.importing.heads import FIELD_OF, HEADS, QUALIFIERS, UNHELD_OF, heads_table
from dadkhah.pipelines.importing.lexicon import PHRASES, lexicon_table, read_header
from dadkhah.pipelines.importing.prepare import dry_run
from dadkhah.pipelines.importing.readers import SourceRow
from dadkhah.pipelines.importing.validate import ImportFileError

DATA = Path(__file__).resolve().parents[2] / "data" / "import"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        *[(f, f) for f in FIELDS],
        ("Full Name", "full_name"),
        ("FAMILY_NAME", "family_name"),
        ("Father's name", "father_name"),
        ("Date of execution", "death_date"),
        ("  Surname ", "family_name"),
        ("نام", "given_name"),
        ("نام خانوادگی", "family_name"),
        ("نام‌خانوادگی", "family_name"),  # ZWNJ
        ("نامخانوادگی", "family_name"),
        ("نام خانوادگي", "family_name"),  # Arabic yeh
        ("نام پدر", "father_name"),
        ("تاريخ تولد", "birth_date"),
        ("تاریخ اعدام", "death_date"),
        ("شهر", "city"),
        ("زندان", "prison"),
        ("ردیف", "record_id"),
        ("شناسه", "record_id"),
        ("سازمان", "affiliation"),
        ("گرايش سياسي", "affiliation"),
        ("محل دفن", "burial_place"),
        ("توضیحات", "notes"),
        ("جنسیت", "sex"),
        ("سن", "age"),
        ("shoe size", None),
        ("", None),
    ],
)
def test_headers_are_recognized(header: str, field: str | None) -> None:
    assert recognize(header) == field


def test_a_mapping_wins_over_a_recognized_header() -> None:
    mapping = Mapping(columns={"full_name": "Victim"})
    columns = ColumnResolver(mapping, file="f.csv").add_all(["full_name", "Victim"])
    assert columns.by_field["full_name"] == "Victim"
    assert columns.unused == ["full_name"]


def test_a_mapping_matches_headers_whatever_their_spacing_and_case() -> None:
    mapping = Mapping(columns={"full_name": "Name of Victim"})
    columns = ColumnResolver(mapping, file="f.csv").add_all([" name  of victim"])
    assert columns.by_field == {"full_name": " name  of victim"}


def test_a_mapping_file_reads_a_list_with_its_own_headers() -> None:
    report = dry_run(
        DATA / "custom_headers.csv", source="s", mapping=load_mapping(DATA / "custom_mapping.toml")
    )
    assert report.columns == {
        "record_id": "No.",
        "full_name": "Name of victim",
        "death_date": "Executed on",
        "prison": "Detained at",
    }
    assert report.records_imported == 2
    assert not report.has_fatal
    second = report.sample[1]["normalized"]
    assert (second["given_name"], second["family_name"], second["name_order"]) == (
        "Shirin",
        "Mehrabanpour",
        "family_first",
    )


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"colums": {}}, "unknown key 'colums'"),
        ({"columns": {"shoe": "x"}}, "'shoe' is not a field"),
        ({"columns": {"full_name": ""}}, "must be a column's header"),
        ({"columns": "full_name"}, "[columns] must be a table"),
        ({"delimiter": ";;"}, "one character"),
        ({"calendar": "julian"}, "jalali or gregorian"),
        ({"encoding": "klingon"}, "unknown encoding 'klingon'"),
        ({"sheet": 3}, "sheet must be text"),
    ],
)
def test_a_wrong_mapping_is_refused_with_the_reason(data: dict[str, object], fragment: str) -> None:
    with pytest.raises(ImportFileError) as info:
        parse_mapping(data, name="m.toml")
    assert fragment in str(info.value)
    assert str(info.value).startswith("m.toml")


def test_the_mapping_can_name_the_encoding_and_delimiter() -> None:
    mapping = parse_mapping({"encoding": "cp1256", "delimiter": ";"}, name="m.toml")
    report = dry_run(DATA / "good_fa_cp1256_semicolon.csv", source="s", mapping=mapping)
    assert (report.encoding, report.delimiter) == ("cp1256", ";")
    assert report.records_imported == 3


# One table per family of headers people write (issue 16): the field each is read as.
HEADER_FAMILIES = {
    "english abbreviations": [
        ("fname", "given_name"), ("lname", "family_name"), ("fn", "given_name"),
        ("ln", "family_name"), ("First name", "given_name"), ("Forename", "given_name"),
        ("Given name", "given_name"), ("Last name", "family_name"), ("Surname", "family_name"),
        ("Family name", "family_name"), ("DOB", "birth_date"), ("D.O.B.", "birth_date"),
        ("DOD", "death_date"), ("YOB", "birth_year"), ("YOD", "death_date"),
        ("Born", "birth_year"), ("Died", "death_date"), ("Executed", "death_date"),
        ("Killed", "death_date"), ("Date executed", "death_date"), ("Ref", "record_id"),
        ("Ref.", "record_id"), ("No.", "record_id"), ("Nr", "record_id"), ("#", "record_id"),
        ("ID", "record_id"), ("Code", "record_id"), ("Serial", "record_id"),
        ("Case no", "record_id"), ("Reference", "record_id"), ("Record no", "record_id"),
        ("Son/daughter of", "father_name"), ("M/F", "sex"), ("Held at", "prison"),
        ("Ward", "ward"), ("Block", "ward"), ("Hall", "ward"), ("Section", "ward"),
        ("Surnme", "family_name"),  # a typo, one edit away
    ],
    "french": [
        ("Nom", "family_name"), ("Prénom", "given_name"), ("Nom de famille", "family_name"),
        ("Nom du père", "father_name"), ("Date de naissance", "birth_date"),
        ("Né en", "birth_year"), ("Date de décès", "death_date"),
        ("Date d'exécution", "death_date"), ("Exécuté le", "death_date"),
        ("Ville", "city"), ("Lieu", "city"), ("Prison", "prison"), ("Quartier", "ward"),
        ("Organisation", "affiliation"), ("Appartenance", "affiliation"), ("Âge", "age"),
        ("Sexe", "sex"), ("Remarques", "notes"), ("N°", "record_id"), ("Numéro", "record_id"),
        ("Réf", "record_id"), ("Nom complet", "full_name"), ("Tendance", "affiliation"),
    ],
    "transliterated persian": [
        ("nam", "given_name"), ("nam-e khanevadegi", "family_name"),
        ("nam_khanevadegi", "family_name"), ("nam-e pedar", "father_name"),
        ("nam_pedar", "father_name"), ("shahr", "city"), ("zendan", "prison"),
        ("tarikh-e edam", "death_date"), ("tarikh_edam", "death_date"),
        ("sal-e tavallod", "birth_year"), ("sal_tavallod", "birth_year"), ("sen", "age"),
        ("band", "ward"), ("sazman", "affiliation"), ("radif", "record_id"),
    ],
    "persian with arabic letters": [
        ("نام و نام خانوادگي", "full_name"), ("تاريخ تولد", "birth_date"),
        ("تاريخ اعدام", "death_date"), ("شماره", "record_id"), ("كد", "record_id"),
        ("گرايش سياسي", "affiliation"), ("بند", "ward"), ("سالن", "ward"),
        ("محل اعدام", "city"), ("جنسيت", "sex"), ("تاريخ شهادة", "death_date"),
        ("آرامگاه", "burial_place"), ("أرامگاه", "burial_place"),
    ],
    "brackets": [
        ("Date of death (Jalali)", "death_date"), ("Age [years]", "age"),
        ("سال تولد (شمسی)", "birth_year"), ("Year of birth (Gregorian)", "birth_year"),
        ("Ref #", "record_id"), ("Name (as written)", "full_name"),
        ("Place (city or prison)", "city"), ("Notes (source)", "notes"),
        ("Surname (if known)", "family_name"),
    ],
    "alternatives": [
        ("Province / city", "city"), ("Source / comments", "notes"),
        ("Surname | نام خانوادگی", "family_name"), ("S/N", "record_id"),
        ("Buried at", "burial_place"), ("زادروز", "birth_date"),
    ],
}  # fmt: skip
FAMILY_CASES = [(family, h, f) for family, cases in HEADER_FAMILIES.items() for h, f in cases]


@pytest.mark.parametrize(
    ("family", "header", "field"), FAMILY_CASES, ids=[f"{c[0]}:{c[1]}" for c in FAMILY_CASES]
)
def test_headers_as_people_write_them_are_recognized(family: str, header: str, field: str) -> None:
    assert recognize(header) == field


@pytest.mark.parametrize(
    ("header", "calendar"),
    [
        ("Date of death (Jalali)", "jalali"),
        ("سال تولد (شمسی)", "jalali"),
        ("تاریخ اعدام (ه.ش)", "jalali"),
        ("Year of birth (Gregorian)", "gregorian"),
        ("Date of death (AD)", "gregorian"),
        ("تاریخ تولد (میلادی)", "gregorian"),
        ("Date of death", None),
        ("Date (Jalali or Gregorian)", None),
    ],
)
def test_a_header_names_its_calendar(header: str, calendar: str | None) -> None:
    assert read_header(header).calendar == calendar


@pytest.mark.parametrize(
    ("header", "scores"),
    [
        ("Date of death", {"death_date": 1.0, "arrest_date": 0.28, "birth_date": 0.28}),
        ("Arrest and execution", {"arrest_date": 0.6, "death_date": 0.6}),  # two phrases: ask
        ("date", {"death_date": 0.5, "arrest_date": 0.35, "birth_date": 0.35}),
        ("Surnme", {"family_name": 0.75}),
        ("shoe size", {}),
    ],
)
def test_headers_are_scored_by_the_rule_the_docs_give(
    header: str, scores: dict[str, float]
) -> None:
    assert read_header(header).scores == scores


def test_the_docs_list_every_header_of_the_lexicon() -> None:
    docs = (DATA.parents[2] / "docs" / "methodology" / "import.md").read_text(encoding="utf-8")
    assert lexicon_table() in docs


def test_every_field_has_lexicon_entries_and_no_other() -> None:
    assert tuple(PHRASES) == FIELDS


@pytest.mark.parametrize(
    ("columns", "fragment", "column"),
    [
        ({"given_name": "Name", "family_name": "Name"}, "columns.given_name and "
         "columns.family_name both name the column 'Name'", "Name"),
        ({"full_name": "Victim", "notes": " victim "}, "columns.full_name and columns.notes "
         "both name the column 'victim'", "victim"),
    ],
)  # fmt: skip
def test_a_mapping_that_maps_one_column_twice_is_refused(
    columns: dict[str, str], fragment: str, column: str
) -> None:
    with pytest.raises(ImportFileError) as info:
        parse_mapping({"columns": columns}, name="m.toml")
    assert fragment in str(info.value)
    assert info.value.problem.column == column


@pytest.mark.parametrize(
    ("calendars", "fragment"),
    [
        ({"city": "jalali"}, "calendars.city: a calendar is for birth_date"),
        ({"death_date": "julian"}, "calendars.death_date must be jalali or gregorian"),
        ("jalali", "[calendars] must be a table"),
    ],
)
def test_a_wrong_calendars_table_is_refused(calendars: object, fragment: str) -> None:
    with pytest.raises(ImportFileError) as info:
        parse_mapping({"calendars": calendars}, name="m.toml")
    assert fragment in str(info.value)


def test_a_mapping_gives_a_calendar_per_column() -> None:
    mapping = parse_mapping({"calendars": {"death_date": "jalali"}}, name="m.toml")
    assert mapping.calendars == {"death_date": "jalali"}


# Headers read as a head and qualifiers (issue 16, `heads`): the field, and the
# column's status in an assess() of a small file whose values fit the tempting
# field. None: a column dadkhah holds no field for, kept in raw, never asked about.
SAMPLE_VALUES = {
    "record_id": ["A-17", "A-18", "A-19", "A-20", "A-21"],
    "name": ["Reza", "Maryam", "Hamid", "Nasrin", "Javad"],
    "birth_date": ["1340/01/02", "1962-03-01", "1339/11/20", "1960-07-15", "1341/05/05"],
    "birth_year": ["1340", "1339", "1962", "1345", "1341"],
    "age": ["25", "31", "22", "40", "28"],
    "arrest_date": ["1360/06/30", "1981-09-01", "1361/02/10", "1982-05-05", "1363/01/01"],
    "death_date": ["1367/05/10", "1988-08-01", "Mordad 1367", "1367/06/02", "1988-09"],
    "death_year": ["1367", "1988", "1367", "1988", "1367"],
    "city": ["Tehran", "Mashhad", "Shiraz", "Tabriz", "Rasht"],
    "prison": ["Evin", "Gohardasht", "Evin", "Qezel Hesar", "Dizel Abad"],
    "cemetery": ["Khavaran", "Behesht-e Zahra", "Khavaran", "Khavaran", "Behesht-e Zahra"],
    "group": ["PMOI", "Fadaian", "Tudeh", "Peykar", "Komala"],
    "words": ["teacher", "student", "worker", "nurse", "engineer"],
    "sex": ["m", "f", "m", "m", "f"],
}
COMPOSED_HEADERS = [
    # The probe of the issue.
    ("Place of Birth", None, "city"),
    ("محل تولد", None, "city"),
    ("Mother's name", None, "name"),
    ("نام مادر", None, "name"),
    ("Place of death", "city", "city"),
    ("Age when executed", "age", "age"),
    ("Date arrested", "arrest_date", "arrest_date"),
    ("Victim ID", "record_id", "record_id"),
    ("Surname/Family name", "family_name", "name"),
    ("Date of trial", None, "arrest_date"),
    ("Birthplace", None, "city"),
    ("Hometown", None, "city"),
    ("Occupation", None, "words"),
    ("Religion", None, "words"),
    ("Province", None, "city"),
    ("شغل", None, "words"),
    ("استان", None, "city"),
    # English.
    ("Death place", "city", "city"),
    ("Victim's given name", "given_name", "name"),
    ("Victim's surname", "family_name", "name"),
    ("Father's first name", "father_name", "name"),
    ("Name of the prisoner", "full_name", "name"),
    ("Year executed", "death_date", "death_year"),
    ("Date of detention", "arrest_date", "arrest_date"),
    ("Birth year of victim", "birth_year", "birth_year"),
    ("Burial location", "burial_place", "cemetery"),
    ("Prison of execution", "prison", "prison"),
    ("Victim's age", "age", "age"),
    ("Prisoner number", "record_id", "record_id"),
    ("Name of organisation", "affiliation", "group"),
    ("Cause of death", None, "words"),
    ("Number of children", None, "age"),
    ("Marital status", None, "words"),
    ("Brother's name", None, "name"),
    ("Father's occupation", None, "words"),
    ("Father's date of birth", None, "birth_date"),
    ("Age at arrest", None, "age"),
    ("Date released", None, "arrest_date"),
    ("Source", None, "words"),
    ("Case ID", "record_id", "record_id"),
    ("Reference no.", "record_id", "record_id"),
    ("Grave location", "burial_place", "cemetery"),
    ("Name of executed", "full_name", "name"),
    ("Group affiliation", "affiliation", "group"),
    ("Date added", None, "arrest_date"),
    ("Place of residence", None, "city"),
    ("Town of origin", None, "city"),
    ("No. of children", None, "age"),
    # French.
    ("Lieu de décès", "city", "city"),
    ("Prénom du père", "father_name", "name"),
    ("Nom de la victime", "full_name", "name"),
    ("Prénom de la victime", "given_name", "name"),
    ("Année d'exécution", "death_date", "death_year"),
    ("Nom de la mère", None, "name"),
    ("Prénom de l'épouse", None, "name"),
    ("Date d'inhumation", None, "death_date"),
    ("Lieu d'arrestation", None, "city"),
    ("Âge lors de l'arrestation", None, "age"),
    ("Nationalité", None, "words"),
    ("Situation familiale", None, "words"),
    # Persian.
    ("سال اعدام", "death_date", "death_year"),
    ("محل فوت", "city", "city"),
    ("مکان اعدام", "city", "city"),
    ("نام شهید", "full_name", "name"),
    ("نام خانوادگی شهید", "family_name", "name"),
    ("نام و نام‌خانوادگی زندانی", "full_name", "name"),
    ("تاریخ محاکمه", None, "arrest_date"),
    ("تاریخ آزادی", None, "arrest_date"),
    ("نام همسر", None, "name"),
    ("محل دستگیری", None, "city"),
    ("سن هنگام دستگیری", None, "age"),
    ("تحصیلات", None, "words"),
    ("مذهب", None, "words"),
    ("وضعیت تأهل", None, "words"),
    ("عکس", None, "words"),
    # Transliterated.
    ("sal-e edam", "death_date", "death_year"),
    ("mahal-e fot", "city", "city"),
    ("sen hengam-e edam", "age", "age"),
    ("esm-e shahid", "full_name", "name"),
    ("mahal-e tavallod", None, "city"),
    ("nam-e madar", None, "name"),
    ("tarikh-e mohakeme", None, "arrest_date"),
    ("shoghl", None, "words"),
]


@pytest.mark.parametrize(("header", "field", "values"), COMPOSED_HEADERS)
def test_headers_are_read_by_their_head_and_qualifier(
    header: str, field: str | None, values: str
) -> None:
    rows = [
        SourceRow(number=i + 2, values={header: value}, problems=[])
        for i, value in enumerate(SAMPLE_VALUES[values])
    ]
    column = assess([header], rows, file="f.csv").columns[0]
    assert (recognize(header), column.field, column.status) == (
        field,
        field,
        "unused" if field is None else "sure",
    )
    if field is None:
        assert column.reason.startswith("Kept in raw only: the header names ")
        assert column.reason.endswith("; dadkhah holds no field for it.")
        assert read_header(header).scores == {}


# Headers in the languages of the diaspora's lists (issue 16): Arabic (Ahvazi and
# Iraqi organisations), Sorani Kurdish, German, and, fewer, Spanish, Dutch,
# Swedish, Turkish and Azeri. Read as COMPOSED_HEADERS are.
LANGUAGE_HEADERS = [
    # Arabic (Modern Standard, as Ahvazi and Iraqi organisations write).
    ("الرقم", "record_id", "record_id"),
    ("الرقم التسلسلي", "record_id", "record_id"),
    ("ت", "record_id", "record_id"),
    ("الاسم الكامل", "full_name", "name"),
    ("الاسم الثلاثي", "full_name", "name"),
    ("الاسم والنسب", "full_name", "name"),
    ("الاسم الأول", "given_name", "name"),
    ("اللقب", "family_name", "name"),
    ("اسم العائلة", "family_name", "name"),
    ("الكنية", "family_name", "name"),
    ("اسم الأب", "father_name", "name"),
    ("اسم الوالد", "father_name", "name"),
    ("اسم الأم", None, "name"),
    ("الجنس", "sex", "sex"),
    ("تاريخ الميلاد", "birth_date", "birth_date"),
    ("تاريخ الولادة", "birth_date", "birth_date"),
    ("سنة الميلاد", "birth_year", "birth_year"),
    ("المواليد", "birth_year", "birth_year"),
    ("العمر", "age", "age"),
    ("السن", "age", "age"),
    ("تاريخ الاعتقال", "arrest_date", "arrest_date"),
    ("تاريخ الإعتقال", "arrest_date", "arrest_date"),
    ("تاريخ الإعدام", "death_date", "death_date"),
    ("تاريخ الاستشهاد", "death_date", "death_date"),
    ("تاريخ الوفاة", "death_date", "death_date"),
    ("سنة الإعدام", "death_date", "death_year"),
    ("المدينة", "city", "city"),
    ("مكان الإعدام", "city", "city"),
    ("محل الإعدام", "city", "city"),
    ("مكان الوفاة", "city", "city"),
    ("السجن", "prison", "prison"),
    ("مكان الاحتجاز", "prison", "prison"),
    ("المعتقل", "prison", "prison"),  # the place of detention
    ("اسم المعتقل", "full_name", "name"),  # the detainee's name
    ("اسم الشهيد", "full_name", "name"),
    ("الانتماء السياسي", "affiliation", "group"),
    ("التنظيم", "affiliation", "group"),
    ("الحزب", "affiliation", "group"),
    ("مكان الدفن", "burial_place", "cemetery"),
    ("المقبرة", "burial_place", "cemetery"),
    ("ملاحظات", "notes", "words"),
    ("المهنة", None, "words"),
    ("مكان الولادة", None, "city"),
    ("الجنسية", None, "words"),
    # Kurdish (Sorani, in Arabic letters).
    ("ژمارە", "record_id", "record_id"),
    ("ناو", "full_name", "name"),
    ("ناوی یەکەم", "given_name", "name"),
    ("نازناو", "family_name", "name"),
    ("ناوی بنەماڵە", "family_name", "name"),
    ("ناوی باوک", "father_name", "name"),
    ("ناوی شەهید", "full_name", "name"),
    ("ناوی دایک", None, "name"),
    ("ڕەگەز", "sex", "sex"),
    ("رەگەز", "sex", "sex"),  # typed without a Kurdish keyboard
    ("ساڵی لەدایکبوون", "birth_year", "birth_year"),
    ("ڕێکەوتی لەدایکبوون", "birth_date", "birth_date"),
    ("تەمەن", "age", "age"),
    ("ڕێکەوتی گیران", "arrest_date", "arrest_date"),
    ("ڕێکەوتی لەسێدارەدان", "death_date", "death_date"),
    ("ڕێکەوتی شەهیدبوون", "death_date", "death_date"),
    ("ساڵی لەسێدارەدان", "death_date", "death_year"),
    ("شار", "city", "city"),
    ("شوێنی لەسێدارەدان", "city", "city"),
    ("زیندان", "prison", "prison"),
    ("ڕێکخراو", "affiliation", "group"),
    ("لایەنی سیاسی", "affiliation", "group"),
    ("شوێنی ناشتن", "burial_place", "cemetery"),
    ("تێبینی", "notes", "words"),
    ("پیشە", None, "words"),
    ("شوێنی لەدایکبوون", None, "city"),
    # German.
    ("Lfd. Nr.", "record_id", "record_id"),
    ("laufende Nummer", "record_id", "record_id"),
    ("Vollständiger Name", "full_name", "name"),
    ("Vorname", "given_name", "name"),
    ("Nachname", "family_name", "name"),
    ("Familienname", "family_name", "name"),
    ("Zuname", "family_name", "name"),
    ("Name des Vaters", "father_name", "name"),
    ("Vatersname", "father_name", "name"),
    ("Vorname des Vaters", "father_name", "name"),
    ("Name der Mutter", None, "name"),
    ("Geschlecht", "sex", "sex"),
    ("Geburtsdatum", "birth_date", "birth_date"),
    ("Geburtsjahr", "birth_year", "birth_year"),
    ("geb.", "birth_year", "birth_year"),
    ("Jahrgang", "birth_year", "birth_year"),
    ("Alter", "age", "age"),
    ("Verhaftungsdatum", "arrest_date", "arrest_date"),
    ("Festnahme", "arrest_date", "arrest_date"),
    ("verhaftet am", "arrest_date", "arrest_date"),
    ("Datum der Festnahme", "arrest_date", "arrest_date"),
    ("Name des Opfers", "full_name", "name"),
    ("Hinrichtungsdatum", "death_date", "death_date"),
    ("Todesdatum", "death_date", "death_date"),
    ("hingerichtet am", "death_date", "death_date"),
    ("Datum der Hinrichtung", "death_date", "death_date"),
    ("Jahr der Hinrichtung", "death_date", "death_year"),
    ("Ort", "city", "city"),
    ("Stadt", "city", "city"),
    ("Hinrichtungsort", "city", "city"),
    ("Ort der Hinrichtung", "city", "city"),
    ("Gefängnis", "prison", "prison"),
    ("Haftanstalt", "prison", "prison"),
    ("Trakt", "ward", "words"),
    ("Politische Zugehörigkeit", "affiliation", "group"),
    ("Partei", "affiliation", "group"),
    ("Grabstätte", "burial_place", "cemetery"),
    ("Friedhof", "burial_place", "cemetery"),
    ("Bemerkungen", "notes", "words"),
    ("Hinweise", "notes", "words"),
    ("Beruf", None, "words"),
    ("Geburtsort", None, "city"),
    ("Quelle", None, "words"),
    ("Datum der Verhandlung", None, "arrest_date"),
    # Spanish.
    ("Nombre", "full_name", "name"),
    ("Apellidos", "family_name", "name"),
    ("Nombre del padre", "father_name", "name"),
    ("Fecha de nacimiento", "birth_date", "birth_date"),
    ("Fecha de ejecución", "death_date", "death_date"),
    ("Ciudad", "city", "city"),
    ("Cárcel", "prison", "prison"),
    ("Organización", "affiliation", "group"),
    ("Observaciones", "notes", "words"),
    ("Nombre de la madre", None, "name"),
    # Dutch.
    ("Voornaam", "given_name", "name"),
    ("Achternaam", "family_name", "name"),
    ("Naam vader", "father_name", "name"),
    ("Geboortedatum", "birth_date", "birth_date"),
    ("Datum executie", "death_date", "death_date"),
    ("Stad", "city", "city"),
    ("Gevangenis", "prison", "prison"),
    ("Naam moeder", None, "name"),
    # Swedish.
    ("Förnamn", "given_name", "name"),
    ("Efternamn", "family_name", "name"),
    ("Faderns namn", "father_name", "name"),
    ("Födelsedatum", "birth_date", "birth_date"),
    ("Avrättningsdatum", "death_date", "death_date"),
    ("Fängelse", "prison", "prison"),
    ("Moderns namn", None, "name"),
    # Turkish and Azeri.
    ("Ad", "given_name", "name"),
    ("Soyadı", "family_name", "name"),
    ("Adı Soyadı", "full_name", "name"),
    ("Baba adı", "father_name", "name"),
    ("Doğum tarihi", "birth_date", "birth_date"),
    ("İdam tarihi", "death_date", "death_date"),
    ("Şehir", "city", "city"),
    ("Cezaevi", "prison", "prison"),
    ("Zindan", "prison", "prison"),
    ("Örgüt", "affiliation", "group"),
    ("Anne adı", None, "name"),
]


@pytest.mark.parametrize(("header", "field", "values"), LANGUAGE_HEADERS)
def test_headers_in_the_languages_of_the_diaspora_are_read(
    header: str, field: str | None, values: str
) -> None:
    test_headers_are_read_by_their_head_and_qualifier(header, field, values)


@pytest.mark.parametrize(
    ("header", "unheld"),
    [
        ("اسم الأم", "a mother's name"),
        ("المهنة", "an occupation"),
        ("الجنسية", "a nationality"),
        ("ناوی دایک", "a mother's name"),
        ("Name der Mutter", "a mother's name"),
        ("Geburtsort", "a place of birth"),
        ("Quelle", "a source"),
        ("Beruf", "an occupation"),
        ("Datum der Verhandlung", "a date of trial"),
        ("Anne adı", "a mother's name"),
    ],
)
def test_a_column_in_another_language_says_what_it_holds(header: str, unheld: str) -> None:
    assert read_header(header).unheld == unheld


@pytest.mark.parametrize(
    ("header", "words_of"),
    [
        ("الاسم", ("اسم",)),  # the article ال
        ("تاريخ الإعدام", ("تاریخ", "اعدام")),  # the article, ي and إ folded
        ("العائلة", ("عایله",)),  # ئ and ة folded
        ("الف", ("الف",)),  # too short to hold the article
        ("رەگەز", ("رهگهز",)),  # ە folded
        ("ڕێکەوتی گیران", ("ریکهوتی", "گیران")),  # ڕ ێ read as ر ی
        ("Name des Vaters", ("name", "vaters")),
        ("Nombre y apellidos", ("nombre", "apellidos")),
    ],
)
def test_header_words_drop_the_arabic_article_and_fold_kurdish_letters(
    header: str, words_of: tuple[str, ...]
) -> None:
    assert words(header) == words_of


def _fields(headers: list[str], rows: list[list[str]]) -> list[tuple[str | None, str]]:
    reading = assess(
        headers,
        [
            SourceRow(number=i + 2, values=dict(zip(headers, row, strict=True)), problems=[])
            for i, row in enumerate(rows)
        ],
        file="f.csv",
    )
    return [(c.field, c.status) for c in reading.columns]


PARTS = [["Tabesh", "Ali"], ["Karimi", "Reza"], ["Nouri", "Sara"], ["Amini", "Hamid"]]
FULL = [["Ali Tabesh", "Tabesh"], ["Reza Karimi", "Karimi"], ["Sara Nouri", "Nouri"]]


@pytest.mark.parametrize(
    ("headers", "rows", "fields"),
    [
        # German, Dutch, Swedish: "Name, Vorname": the name is the family name.
        (["Name", "Vorname"], PARTS, ["family_name", "given_name"]),
        (["Naam", "Voornaam"], PARTS, ["family_name", "given_name"]),
        (["Namn", "Förnamn"], PARTS, ["family_name", "given_name"]),
        # Arabic, Spanish, English: "الاسم، اللقب": the name is the given name.
        (["الاسم", "اللقب"], PARTS, ["given_name", "family_name"]),
        (["Nombre", "Apellidos"], PARTS, ["given_name", "family_name"]),
        (["Name", "Surname"], PARTS, ["given_name", "family_name"]),
        # Its values hold the surname's: a full name.
        (["Name", "Surname"], FULL, ["full_name", "family_name"]),
        # Both parts have columns, or neither: the name is the full name.
        (["Name", "Vorname", "Nachname"], [[*r, "x"] for r in PARTS],
         ["full_name", "given_name", "family_name"]),
        (["Name", "Stadt"], [["Ali Tabesh", "Tehran"], ["Reza Karimi", "Shiraz"]],
         ["full_name", "city"]),
    ],
)  # fmt: skip
def test_a_bare_name_beside_one_part_of_a_name_is_the_other_part(
    headers: list[str], rows: list[list[str]], fields: list[str | None]
) -> None:
    got = _fields(headers, rows)
    assert [f for f, _status in got] == fields
    assert [status for f, status in got if f is not None] == ["sure"] * len(
        [f for f in fields if f is not None]
    )


@pytest.mark.parametrize(
    ("header", "field", "calendar"),
    [
        ("Ad", "given_name", None),  # Turkish: the first name, not Anno Domini
        ("Ad Soyad", "full_name", None),
        ("Ad (AD)", "given_name", "gregorian"),  # a note in brackets still names one
        ("Date of death AD", "death_date", "gregorian"),
    ],
)
def test_the_turkish_name_ad_names_no_calendar(
    header: str, field: str, calendar: str | None
) -> None:
    reading = read_header(header)
    assert (reading.best()[0], reading.calendar) == (field, calendar)


@pytest.mark.parametrize(
    ("header", "unheld"),
    [
        ("Mother's name", "a mother's name"),
        ("Place of birth", "a place of birth"),
        ("Date of trial", "a date of trial"),
        ("Age at arrest", "an age at arrest (dadkhah's age is the age at death)"),
        ("Father's date of birth", "a father's date of birth"),
        ("Father's occupation", "a father's occupation"),
        ("Spouse", "the victim's spouse"),
        ("Released", "a release"),
        ("استان", "a province"),
        ("Province / city", None),  # an alternative names a field: it wins
        ("Place of death", None),
    ],
)
def test_a_column_dadkhah_holds_no_field_for_says_what_it_holds(
    header: str, unheld: str | None
) -> None:
    assert read_header(header).unheld == unheld


@pytest.mark.parametrize(
    ("header", "scores"),
    [
        ("Place of death", {"city": 0.9}),  # every word understood
        ("Date of death or disappearance", {"death_date": 0.8, "arrest_date": 0.28,
                                            "birth_date": 0.28}),  # one word left out
        ("Year born", {"birth_year": 0.9, "birth_date": 0.48}),  # one fact, two precisions
        ("Date of death", {"death_date": 1.0, "arrest_date": 0.28, "birth_date": 0.28}),
    ],
)  # fmt: skip
def test_a_head_and_qualifier_reading_is_scored_by_the_rule_the_docs_give(
    header: str, scores: dict[str, float]
) -> None:
    assert read_header(header).scores == scores


NOT_OURS = [
    "Mother's name", "نام مادر", "Place of birth", "محل تولد", "Date of trial", "Occupation",
    "شغل", "Religion", "Ethnicity", "Province", "استان", "Birthplace", "زادگاه", "Hometown",
    "Marital status", "Children", "Photo", "Link", "Source", "Sentence", "Age at arrest",
    "Cause of death", "Nom de la mère", "Date de libération",
]  # fmt: skip


def test_columns_dadkhah_holds_no_field_for_never_ask_or_stop_an_import(tmp_path: Path) -> None:
    headers = ["Full name", "Date of death", *NOT_OURS]
    rows = [
        ["Reza Karimi", "1367/05/10", *["1367/05/01"] * len(NOT_OURS)],
        ["Ali Nouri", "1988-08-01", *["Tehran"] * len(NOT_OURS)],
        ["Sara Amini", "Mordad 1367", *["Zahra"] * len(NOT_OURS)],
    ]
    reading = assess(
        headers,
        [SourceRow(number=i + 2, values=dict(zip(headers, r, strict=True)), problems=[])
         for i, r in enumerate(rows)],
        file="f.csv",
    )  # fmt: skip
    assert [(c.field, c.status) for c in reading.columns] == [
        ("full_name", "sure"), ("death_date", "sure"), *[(None, "unused")] * len(NOT_OURS)
    ]  # fmt: skip
    assert reading.questions == ()
    assert reading.error() is None
    assert reading.doubtful() == []
    path = tmp_path / "l.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([headers, *rows])
    report = dry_run(path, source="s")
    assert report.records_imported == 3
    assert not report.has_fatal
    assert report.unused_columns == NOT_OURS
    assert report.problem_counts == {"ids_generated": 1, "column_unused": len(NOT_OURS)}


def test_every_head_and_qualifier_pair_gives_a_field_of_the_import() -> None:
    assert set(FIELD_OF.values()) <= set(FIELDS)
    assert set(FIELD_OF) & set(UNHELD_OF) == set()
    assert {head for head, _q in (*FIELD_OF, *UNHELD_OF)} <= set(HEADS)
    assert {q for _h, q in (*FIELD_OF, *UNHELD_OF)} <= {"", *QUALIFIERS}


def test_the_docs_list_every_head_qualifier_and_column_we_do_not_hold() -> None:
    docs = (DATA.parents[2] / "docs" / "methodology" / "import.md").read_text(encoding="utf-8")
    assert heads_table() in docs
