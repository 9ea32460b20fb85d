"""Headers as outside lists write them: camelCase and snake_case keys, script
qualifiers, colloquial Persian, Swedish and Azeri/Turkish one-word headers."""

from __future__ import annotations

import pytest

from dadkhah.pipelines.importing.header_words import words
from dadkhah.pipelines.importing.lexicon import read_header


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("victimFirstName", ("victim", "first", "name")),
        ("yearOfBirth", ("year", "birth")),
        ("IDNumber", ("id", "number")),
        ("dod2", ("dod", "2")),
        ("surname_latin", ("surname", "latin")),
        ("father_forename", ("father", "forename")),
    ],
)
def test_camel_and_snake_case_keys_split_into_words(header: str, expected: tuple[str, ...]) -> None:
    assert words(header) == expected


@pytest.mark.parametrize(
    ("header", "field", "score"),
    [
        ("victimFirstName", "given_name", 0.9),
        ("victimLastName", "family_name", 0.9),
        ("fatherName", "father_name", 1.0),
        ("yearOfBirth", "birth_year", 1.0),
        ("ageAtDeath", "age", 1.0),
        ("executionDate", "death_date", 1.0),
        ("burialPlace", "burial_place", 1.0),
        ("politicalGroup", "affiliation", 1.0),
        ("surname_latin", "family_name", 1.0),
        ("surname_fa", "family_name", 1.0),
        ("forename_fa", "given_name", 1.0),
        ("name_en", "full_name", 1.0),
        ("father_forename", "father_name", 0.9),
        ("dod_greg", "death_date", 1.0),
        ("Nom (English)", "family_name", 1.0),
    ],
)
def test_keys_and_script_qualifiers_read_as_their_field(
    header: str, field: str, score: float
) -> None:
    assert read_header(header).best() == (field, score)


def test_a_script_word_that_is_part_of_a_phrase_stays() -> None:
    assert read_header("né en").best() == ("birth_year", 1.0)


def test_greg_is_the_gregorian_calendar() -> None:
    assert read_header("dod_greg").calendar == "gregorian"
    assert read_header("dod_jalali").calendar == "jalali"


def test_a_submission_time_is_a_note_on_the_record() -> None:
    reading = read_header("submittedAt")
    assert reading.scores == {}
    assert reading.unheld == "a note on the record itself (when or how it was made)"


@pytest.mark.parametrize(
    ("header", "field", "score"),
    [
        # Colloquial Persian
        ("اسم بابا", "father_name", 1.0),
        ("بابا", "father_name", 1.0),
        ("کجا", "city", 0.55),
        ("ش", "record_id", 0.5),
        ("زندان/بند", "prison", 0.9),
        # Swedish
        ("Gripen", "arrest_date", 1.0),
        ("Gripen (datum)", "arrest_date", 1.0),
        ("Arresterad", "arrest_date", 1.0),
        ("Avrättad", "death_date", 1.0),
        ("Avrättades", "death_date", 1.0),
        ("Gravplats", "burial_place", 1.0),
        ("Begravd", "burial_place", 1.0),
        ("Anmärkning", "notes", 1.0),
        ("Anmärkningar", "notes", 1.0),
        ("Född", "birth_year", 1.0),
        # Azeri and Turkish
        ("Sıra", "record_id", 1.0),
        ("Sıra №", "record_id", 1.0),
        ("Atasının adı", "father_name", 1.0),
        ("Ata adı", "father_name", 1.0),
        ("Cinsi", "sex", 1.0),
        ("Cins", "sex", 1.0),
        ("Həbsxana", "prison", 1.0),
        ("Dəfn yeri", "burial_place", 1.0),
        ("Yaşı", "age", 1.0),
        ("Qeydlər", "notes", 1.0),
        ("Not", "notes", 1.0),
        ("Tam adı", "full_name", 1.0),
        ("Təvəllüdü", "birth_year", 1.0),
        ("Cinsiyeti", "sex", 1.0),
        ("Edam olunduğu tarix", "death_date", 1.0),
        ("Həbs olunduğu tarix", "arrest_date", 0.9),
        ("Dəfn olunduğu yer", "burial_place", 0.9),
        ("Född år", "birth_year", 1.0),
        ("Avrättningsplats", "city", 1.0),
        ("Övrigt", "notes", 1.0),
        ("Geschl.", "sex", 1.0),
        ("نام پدرش", "father_name", 1.0),
        ("پدرش", "father_name", 1.0),
    ],
)
def test_outside_one_word_headers(header: str, field: str, score: float) -> None:
    assert read_header(header).best() == (field, score)


def test_prison_and_ward_in_one_header_read_as_the_prison() -> None:
    scores = read_header("زندان/بند").scores
    assert scores["prison"] == 0.9
    assert scores["ward"] == 0.7
