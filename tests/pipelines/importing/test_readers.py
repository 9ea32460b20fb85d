"""Every format and encoding reads to the same rows; hostile input stays data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadkhah.pipelines.importing.lexicon import read_header
from dadkhah.pipelines.importing.prepare import dry_run, prepare
from dadkhah.pipelines.importing.readers import (
    Limits,
    detect_encoding,
    open_table,
    sniff_delimiter,
)
from dadkhah.pipelines.importing.validate import ImportFileError

DATA = Path(__file__).resolve().parents[2] / "data" / "import"

LATIN = ["good_utf8.csv", "good_utf8_bom.csv", "good_semicolon.csv", "good.tsv", "good.xlsx",
         "good.ods", "good.json", "good.jsonl"]  # fmt: skip
PERSIAN = ["good_fa_utf8.csv", "good_fa_utf16.csv", "good_fa_utf16le_nobom.csv",
           "good_fa_cp1256.csv", "good_fa_cp1256_semicolon.csv"]  # fmt: skip


def _rows(name: str, **kwargs: object) -> list[tuple[str, dict[str, object]]]:
    prep = prepare(DATA / name, **kwargs)  # type: ignore[arg-type]
    return [(r.record_id, r.normalized) for r in prep.rows()]


@pytest.mark.parametrize(
    ("name", "fmt", "encoding", "delimiter"),
    [
        ("good_utf8.csv", "csv", "utf-8", ","),
        ("good_utf8_bom.csv", "csv", "utf-8-sig", ","),
        ("good_semicolon.csv", "csv", "utf-8", ";"),
        ("good.tsv", "tsv", "utf-8", "\t"),
        ("good.xlsx", "xlsx", None, None),
        ("good.ods", "ods", None, None),
        ("good.json", "json", "utf-8", None),
        ("good.jsonl", "jsonl", "utf-8", None),
        ("good_fa_utf16.csv", "csv", "utf-16", ","),
        ("good_fa_utf16le_nobom.csv", "csv", "utf-16-le", ","),
        ("good_fa_cp1256.csv", "csv", "cp1256", ","),
        ("good_fa_cp1256_semicolon.csv", "csv", "cp1256", ";"),
    ],
)
def test_format_encoding_and_delimiter_are_detected(
    name: str, fmt: str, encoding: str | None, delimiter: str | None
) -> None:
    table = open_table(DATA / name)
    try:
        assert (table.format, table.encoding, table.delimiter) == (fmt, encoding, delimiter)
        assert len(list(table.rows)) == 3
    finally:
        table.close()


@pytest.mark.parametrize("name", LATIN[1:])
def test_every_latin_format_gives_the_same_records(name: str) -> None:
    assert _rows(name) == _rows(LATIN[0])


@pytest.mark.parametrize("name", PERSIAN[1:])
def test_every_persian_encoding_gives_the_same_names(name: str) -> None:
    def keys(rows: list[tuple[str, dict[str, object]]]) -> list[tuple[object, ...]]:
        return [
            (rid, n.get("given_key"), n.get("family_key"), n.get("father_key"), n.get("city"))
            for rid, n in rows
        ]

    assert keys(_rows(name)) == keys(_rows(PERSIAN[0]))


def test_raw_values_are_kept_exactly_as_read() -> None:
    rows = list(prepare(DATA / "good_fa_utf8.csv").rows())
    assert rows[0].raw["نام خانوادگی"] == "درویش\u200cزاده"  # ZWNJ kept
    assert rows[0].raw["سال تولد"] == "۱۳۴۱"  # Persian digits kept
    assert rows[0].normalized["birth_year"] == [1962, 1963]


def test_a_workbook_keeps_numbers_as_numbers_and_formula_text_as_text() -> None:
    rows = list(prepare(DATA / "good.xlsx").rows())
    assert rows[0].raw["birth_year"] == 1962
    # A cell that merely starts with "=" is text: kept, never evaluated.
    assert rows[2].raw["given_name"] == '=HYPERLINK("http://x")'


@pytest.mark.parametrize("name", LATIN)
def test_a_value_that_looks_like_a_formula_is_kept_as_text(name: str) -> None:
    rows = list(prepare(DATA / name).rows())
    assert rows[2].raw["given_name"] == '=HYPERLINK("http://x")'
    assert rows[2].normalized["given_name"] == '=HYPERLINK("http://x")'


def test_an_ods_sheet_padded_to_a_million_rows_reads_quickly() -> None:
    # good.ods ends with a row repeated 1,048,000 times and 1,024 empty columns.
    table = open_table(DATA / "good.ods")
    assert [r.number for r in table.rows] == [2, 3, 4]
    table.close()


def test_the_mapping_names_the_sheet() -> None:
    from dadkhah.pipelines.importing.headers import Mapping

    report = dry_run(DATA / "good.ods", source="s", mapping=Mapping(sheet="other"))
    assert report.sheet == "other"
    assert [p.code for p in report.problems if p.fatal] == ["no_name_column"]


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        (b"name,city\nAli,Tehran\nReza,Karaj\n", "utf-8"),
        ("نام,شهر\nعلی,تهران\n".encode(), "utf-8"),
        ("نام,شهر\nعلي,تهران\nرضا,کرج\n".encode("cp1256"), "cp1256"),
        ("name\nJosé Müller\nRézaï\n".encode("cp1252"), "cp1252"),
        # German: its umlauts read as Windows-1256 would be Arabic letters inside
        # Latin words ("Mّller"), which no Persian text has.
        (
            "Nachname;Vorname;Gefängnis\nMüller;Jürgen;Evin\nSchäfer;Björn;Gohardascht\n".encode(
                "cp1252"
            ),
            "cp1252",
        ),
        ("Nom;Prénom\nKarimi;Ali\nSaberi;Hélène\n".encode("cp1252"), "cp1252"),
        ("شماره;نام\n1;علي رضايي\n2;Ali Rezai\n".encode("cp1256"), "cp1256"),
        ("نام\n".encode("utf-16"), "utf-16"),
        ("\ufeffname\n".encode(), "utf-8-sig"),
    ],
    ids=[
        "ascii",
        "utf8-fa",
        "cp1256",
        "cp1252",
        "cp1252-de",
        "cp1252-fr",
        "cp1256-mixed",
        "utf16-bom",
        "utf8-bom",
    ],
)
def test_encodings_are_told_apart(sample: bytes, expected: str) -> None:
    assert detect_encoding(sample, complete=True, name="x.csv") == expected


def test_bytes_that_fit_neither_code_page_are_refused_as_unsure() -> None:
    # Arabic-script words and accented Latin words in one file: one code page is wrong.
    sample = "نام\nعلي\n".encode("cp1256") + "Müller Schäfer Jürgen\n".encode("cp1252")
    with pytest.raises(ImportFileError) as info:
        detect_encoding(sample, complete=True, name="x.csv")
    assert info.value.problem.code == "encoding_unsure"
    assert "neither clearly Windows-1256 nor Windows-1252" in str(info.value)


def test_a_cut_multibyte_character_at_the_sample_end_is_still_utf8() -> None:
    sample = "نام\nعلی".encode()[:-1]
    assert detect_encoding(sample, complete=False, name="x.csv") == "utf-8"


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2,5;3\n", ";"),
        ("a\tb\n1\t2\n", "\t"),
        ("a|b\n1|2\n", "|"),
        ('name,notes\n"Tabesh, Ali","x; y"\n', ","),
        ("name\nAli\n", ","),
    ],
)
def test_the_delimiter_is_sniffed(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


def test_a_json_array_is_read_in_small_chunks_exactly_as_in_one(tmp_path: Path) -> None:
    small = Limits(read_chunk_chars=7)
    assert [r.raw for r in prepare(DATA / "good.json", limits=small).rows()] == [
        r.raw for r in prepare(DATA / "good.json").rows()
    ]


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20),
)
records = st.lists(
    st.dictionaries(
        # Keys that name no field: a key read as a field with doubt may rightly stop the
        # import (test_assistant.py); this is about the reader giving back what it read.
        st.text(min_size=1, max_size=8).filter(
            lambda k: k.strip() == k and not read_header(k).scores
        ),
        scalars,
        max_size=4,
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=40, deadline=None)
@given(records=records, chunk=st.integers(1, 64))
def test_json_records_come_back_as_written(
    tmp_path_factory: pytest.TempPathFactory, records: list[dict[str, object]], chunk: int
) -> None:
    folder = tmp_path_factory.mktemp("json")
    rows = [{"full_name": f"Name {i}", **r} for i, r in enumerate(records)]
    path = folder / "l.json"
    path.write_text(
        json.dumps(rows, ensure_ascii=False, indent=chunk % 3 or None), encoding="utf-8"
    )
    got = [r.raw for r in prepare(path, limits=Limits(read_chunk_chars=chunk)).rows()]
    assert got == rows


@settings(max_examples=40, deadline=None)
@given(
    cells=st.lists(
        st.lists(
            st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12),
            min_size=2,
            max_size=2,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_csv_cells_come_back_as_written(
    tmp_path_factory: pytest.TempPathFactory, cells: list[list[str]]
) -> None:
    import csv
    import io

    rows = [[f"n{i}", *c] for i, c in enumerate(cells) if any(x.strip() for x in c) or True]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["record_id", "full_name", "notes"])
    w.writerows(rows)
    path = tmp_path_factory.mktemp("csv") / "l.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    got = [[r.raw["record_id"], r.raw["full_name"], r.raw["notes"]] for r in prepare(path).rows()]
    assert got == rows


def test_a_file_that_is_not_what_its_name_says_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes((DATA / "good.xlsx").read_bytes())
    with pytest.raises(ImportFileError) as info:
        open_table(path)
    assert "zip archive named like a text file" in str(info.value)


def test_an_unknown_extension_is_read_by_its_content(tmp_path: Path) -> None:
    path = tmp_path / "list.data"
    path.write_bytes((DATA / "good.ods").read_bytes())
    table = open_table(path)
    assert table.format == "ods"
    table.close()


@pytest.mark.parametrize("name", ["good_fa_cp1256.csv", "warnings.csv", "good.jsonl", "dup_id.csv"])
def test_rows_normalized_in_worker_processes_equal_those_normalized_here(name: str) -> None:
    def collect(workers: int) -> list[tuple[object, ...]]:
        prep = prepare(DATA / name)
        prep.start_workers(workers)
        return [
            (
                r.number,
                r.record_id,
                r.raw_json,
                r.normalized_json,
                [p.message() for p in r.problems],
            )
            for r in prep.rows()
        ]

    assert collect(2) == collect(0)
