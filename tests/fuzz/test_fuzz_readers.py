"""Every import reader, fed arbitrary or mutated bytes, reads or refuses with a clear error.

The property (issue 12, "Hardening"): whatever the bytes, `open_table` and the whole
preparation either give rows or raise the project's own `InputError` (an
`ImportFileError` naming the file and what to do) — never another exception, never a
hang (the profile's deadline), and nothing is written beside the file or in the
working folder.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import json
import os
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dadkhah.core.errors import InputError
from dadkhah.pipelines.importing.headers import parse_mapping
from dadkhah.pipelines.importing.prepare import prepare
from dadkhah.pipelines.importing.readers import (
    DEFAULT_LIMITS,
    Limits,
    ReadOptions,
    open_table,
)
from dadkhah.pipelines.importing.validate import ImportFileError
from tests.fuzz import fuzz_settings
from tests.fuzz.mutate import mutated

DATA = Path(__file__).resolve().parents[1] / "data" / "import"
SUFFIXES = [".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson", ".xlsx", ".ods"]
HEADERS = ["record_id", "given_name", "family_name", "father_name", "birth_year", "city"]
# Small limits reach the limit checks (cell, record, columns, depth, chunking) quickly.
SMALL = Limits(
    max_unzipped_bytes=200_000,
    max_zip_entries=40,
    max_json_depth=4,
    max_record_chars=400,
    max_cell_chars=60,
    max_columns=12,
    max_rows=40,
    sample_bytes=64,
    read_chunk_chars=16,
)
limits = st.sampled_from([DEFAULT_LIMITS, SMALL])
cells = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12)
persian = st.sampled_from(["کاوه", "شیرین", "مهر‌آبادی", "تهران", "۱۳۴۴", "1367/05/10", ""])
records = st.lists(
    st.fixed_dictionaries({h: cells | persian for h in HEADERS}), min_size=0, max_size=6
)


def _listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def _open_descriptors() -> int:
    """How many files this process holds open (-1 where /proc is absent)."""
    try:
        return len(os.listdir("/proc/self/fd"))
    except OSError:
        return -1


def read_everything(data: bytes, suffix: str, limit: Limits, options: ReadOptions | None) -> None:
    """Write ``data`` to a fresh folder, read it both ways; nothing written, nothing left open."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "in").mkdir()
        (root / "cwd").mkdir()
        path = root / "in" / f"list{suffix}"
        path.write_bytes(data)
        before = _listing(root)
        fds = _open_descriptors()
        with contextlib.chdir(root / "cwd"), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ResourceWarning)
            try:
                table = open_table(path, options=options, limits=limit)
                try:
                    for _row in table.rows:
                        pass
                finally:
                    table.close()
            except InputError as exc:
                assert str(exc), "an import error must say what is wrong"
            try:
                prep = prepare(path, limits=limit)
                try:
                    for _prepared in prep.rows():
                        pass
                finally:
                    prep.close()
            except InputError as exc:
                assert str(exc)
            if fds < 0 or _open_descriptors() != fds:
                gc.collect()  # a file left open is closed here, with a ResourceWarning
        leaked = [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]
        assert not leaked, "a refused file was left open"
        assert _listing(root) == before, "the readers wrote beside the file"


def _csv_bytes(rows: list[dict[str, str]], delimiter: str, encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows([r[h] for h in HEADERS] for r in rows)
    return out.getvalue().encode(encoding, errors="replace")


@fuzz_settings()
@given(data=st.binary(max_size=2048), suffix=st.sampled_from(SUFFIXES), limit=limits)
@example(data=b"\x00\x01", suffix=".csv", limit=DEFAULT_LIMITS)
def test_arbitrary_bytes_read_or_fail_clearly(data: bytes, suffix: str, limit: Limits) -> None:
    read_everything(data, suffix, limit, None)


@fuzz_settings()
@given(
    rows=records,
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1256"]),
    suffix=st.sampled_from([".csv", ".tsv", ".txt"]),
    limit=limits,
    edit=st.data(),
)
def test_mutated_delimited_text_reads_or_fails_clearly(
    rows: list[dict[str, str]],
    delimiter: str,
    encoding: str,
    suffix: str,
    limit: Limits,
    edit: st.DataObject,
) -> None:
    data = edit.draw(mutated(_csv_bytes(rows, delimiter, encoding)))
    read_everything(data, suffix, limit, None)


@fuzz_settings()
@given(
    rows=records,
    lines=st.booleans(),
    limit=limits,
    edit=st.data(),
)
def test_mutated_json_reads_or_fails_clearly(
    rows: list[dict[str, str]], lines: bool, limit: Limits, edit: st.DataObject
) -> None:
    if lines:
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    else:
        text = json.dumps(rows, ensure_ascii=False, indent=1)
    data = edit.draw(mutated(text.encode("utf-8")))
    read_everything(data, ".jsonl" if lines else ".json", limit, None)


def test_json_nested_past_the_recursion_limit_fails_clearly() -> None:
    read_everything(b"[" + b"[" * 100_000 + b"]" * 100_001, ".json", DEFAULT_LIMITS, None)
    read_everything(b'{"a":' * 100_000 + b"1" + b"}" * 100_000, ".jsonl", DEFAULT_LIMITS, None)


def _repack(source: Path, edit: st.DataObject) -> bytes:
    """The workbook with one part's XML mutated, a part dropped or a part added."""
    with zipfile.ZipFile(source) as zf:
        parts = [(info.filename, zf.read(info)) for info in zf.infolist()]
    op = edit.draw(st.sampled_from(["mutate", "mutate", "mutate", "drop", "add"]))
    at = edit.draw(st.integers(0, len(parts) - 1))
    if op == "mutate":
        parts[at] = (parts[at][0], edit.draw(mutated(parts[at][1])))
    elif op == "drop":
        del parts[at]
    else:
        parts.append((edit.draw(st.sampled_from([p for p, _ in parts])), b"<x/>"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate names added on purpose
        for name, body in parts:
            zf.writestr(name, body)
    return out.getvalue()


WORKBOOKS = ["good.xlsx", "good.ods", "formula.xlsx", "formula_cached.ods", "entities.ods"]


@fuzz_settings()
@given(
    name=st.sampled_from(WORKBOOKS),
    structured=st.booleans(),
    limit=limits,
    sheet=st.none() | st.text(max_size=8),
    edit=st.data(),
)
def test_mutated_workbooks_read_or_fail_clearly(
    name: str, structured: bool, limit: Limits, sheet: str | None, edit: st.DataObject
) -> None:
    source = DATA / name
    data = _repack(source, edit) if structured else edit.draw(mutated(source.read_bytes()))
    read_everything(data, source.suffix, limit, ReadOptions(sheet=sheet))


@fuzz_settings()
@given(
    encoding=st.sampled_from(["rot13", "base64", "hex", "zlib", "uu", "punycode", "idna", "utf-7"])
    | st.text(max_size=12),
    delimiter=st.text(min_size=1, max_size=1),
    data=st.binary(max_size=256),
)
@example(encoding="rot13", delimiter=",", data=b"a,b\n1,2\n")
@example(encoding="punycode", delimiter=",", data=b"given_name,x\n1,2\n")
def test_any_mapping_encoding_and_delimiter_read_or_fail_clearly(
    encoding: str, delimiter: str, data: bytes
) -> None:
    try:
        mapping = parse_mapping({"encoding": encoding, "delimiter": delimiter}, name="map.toml")
    except InputError:
        return
    read_everything(data or b"x", ".csv", DEFAULT_LIMITS, mapping.read_options())


def _rezip(source: Path, part: str, change: Callable[[bytes], bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info)
            zout.writestr(info.filename, change(body) if info.filename == part else body)
    return out.getvalue()


def _flip_inside(data: bytes, part: str) -> bytes:
    """Flip a byte in the middle of ``part``'s compressed data (its CRC no longer matches)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(part)
    head = 30 + len(info.filename.encode()) + len(info.extra)
    at = info.header_offset + head + info.compress_size // 2
    return data[:at] + bytes([data[at] ^ 0x55]) + data[at + 1 :]


def _read_all(path: Path) -> None:
    """Open a table and read every row, closing it whatever happens."""
    table = open_table(path)
    try:
        list(table.rows)
    finally:
        table.close()


@pytest.mark.parametrize(
    ("name", "part"), [("good.ods", "content.xml"), ("good.xlsx", "xl/worksheets/sheet1.xml")]
)
def test_damaged_part_found_while_streaming_is_a_clear_error(name: str, part: str) -> None:
    data = _flip_inside((DATA / name).read_bytes(), part)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        with pytest.raises(ImportFileError) as caught:
            _read_all(path)
    assert caught.value.problem.code == "zip_invalid"


@pytest.mark.parametrize("count", ["x", "0", "-3"])
def test_ods_repeat_count_that_is_no_positive_number_is_a_clear_error(count: str) -> None:
    data = _rezip(
        DATA / "good.ods",
        "content.xml",
        lambda xml: xml.replace(
            b"<table:table-row",
            f'<table:table-row table:number-rows-repeated="{count}"'.encode(),
            1,
        ),
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "good.ods"
        path.write_bytes(data)
        with pytest.raises(ImportFileError, match="repeat count"):
            _read_all(path)


@pytest.mark.parametrize(
    ("name", "part"),
    [("good.ods", "content.xml"), ("good.xlsx", "xl/worksheets/sheet1.xml"),
     ("good.xlsx", "xl/workbook.xml")],
)  # fmt: skip
def test_xml_declaring_an_unknown_encoding_is_a_clear_error(name: str, part: str) -> None:
    data = _rezip(
        DATA / name,
        part,
        lambda xml: b'<?xml version="1.0" encoding="TTF-8"?>' + xml.split(b"?>", 1)[-1],
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        with pytest.raises(ImportFileError) as caught:
            _read_all(path)
    assert caught.value.problem.code == "zip_invalid"
