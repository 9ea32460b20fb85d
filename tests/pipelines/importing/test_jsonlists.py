"""The JSON reader on ijson: values as written, limits before memory, errors that say where."""

from __future__ import annotations

from pathlib import Path

import pytest

from dadkhah.pipelines.importing.readers import Limits, SourceRow, open_table
from dadkhah.pipelines.importing.validate import ImportFileError


def read(tmp_path: Path, text: str, suffix: str = ".json", **limits: int) -> list[SourceRow]:
    path = tmp_path / f"l{suffix}"
    path.write_text(text, encoding="utf-8")
    table = open_table(path, limits=Limits(**limits))
    try:
        return list(table.rows)
    finally:
        table.close()


def refused(tmp_path: Path, text: str, suffix: str = ".json", **limits: int) -> ImportFileError:
    with pytest.raises(ImportFileError) as info:
        read(tmp_path, text, suffix, **limits)
    return info.value


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_a_lone_surrogate_and_a_big_integer_come_back_as_written(
    tmp_path: Path, suffix: str
) -> None:
    # yajl2_c would give "?" and "integer overflow" here: the reason for the Python backend.
    record = '{"full_name": "Ali \\ud800", "id": 123456789012345678901234567890, "x": 1.5e3}'
    text = f"[{record}]" if suffix == ".json" else record + "\n"
    (row,) = read(tmp_path, text, suffix)
    assert row.values == {
        "full_name": "Ali \ud800",
        "id": 123456789012345678901234567890,
        "x": 1500.0,
    }


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_nesting_is_refused_just_past_the_limit(tmp_path: Path, suffix: str) -> None:
    def record(depth: int) -> str:
        return '{"a": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}"

    wrap = "[{}]" if suffix == ".json" else "{}\n"
    (row,) = read(tmp_path, wrap.format(record(4)), suffix, max_json_depth=4)
    assert row.problems[0].code == "value_nested"
    error = refused(tmp_path, wrap.format(record(5)), suffix, max_json_depth=4)
    assert (error.problem.code, error.problem.row) == ("json_too_deep", 1)


def test_one_endless_string_is_refused_without_being_read_whole(tmp_path: Path) -> None:
    text = '[{"a": 1}, {"full_name": "' + "x" * 100_000 + '"}]'
    error = refused(tmp_path, text, max_record_chars=1_000, read_chunk_chars=64)
    assert (error.problem.code, error.problem.row) == ("record_too_long", 2)
    assert "1,000 characters" in str(error)


def test_a_record_longer_than_the_limit_is_refused_and_one_at_the_limit_is_read(
    tmp_path: Path,
) -> None:
    # Content counts: each string with its quotes, each key with quotes and colon, braces.
    record = '{"a": "' + "x" * 90 + '"}'  # 2 + (1 + 3) + (90 + 3) + 1 = 100
    assert len(read(tmp_path, f"[{record}]", max_record_chars=100)) == 1
    error = refused(tmp_path, f"[{record}]", max_record_chars=99)
    assert error.problem.code == "record_too_long"


@pytest.mark.parametrize(
    ("text", "row", "detail"),
    [
        ('[{"a": 1}, {"a": 2}', 2, "the array is not closed"),
        ('[{"a": 1}] x', None, "text after the closing ]"),
        ('[{"a": 1} {"a": 2}]', 1, "unexpected '{' at character 11, after item 1"),
        ('[{"a": 1}, {"a": tru}]', 2, "in item 2"),
        ('[{"a": "\\x"}]', 1, "Invalid \\escape"),
        (
            '[{"a": "ab\x01"}]',
            1,
            "Invalid control character (in a string, 3 characters after its opening quote)",
        ),
        ('[{"a": 1e400}]', 1, "unexpected '1e400' at character 8, in item 1"),
        ('[{"a": 1}, "text"]', 2, "item 2 is a str"),
        ("[[1]]", 1, "item 1 is a list"),
    ],
)
def test_a_broken_array_names_the_item_and_what_is_wrong(
    tmp_path: Path, text: str, row: int | None, detail: str
) -> None:
    error = refused(tmp_path, text)
    assert error.problem.row == row
    assert detail in str(error)


def test_a_repeated_key_is_a_problem_of_its_row(tmp_path: Path) -> None:
    (row,) = read(tmp_path, '[{"a": 1, "a": 2}]')
    assert row.values == {"a": 2}
    assert [(p.code, p.column) for p in row.problems] == [("key_duplicate", "a")]


def test_rows_before_a_broken_item_are_read_first(tmp_path: Path) -> None:
    path = tmp_path / "l.json"
    path.write_text('[{"a": 1}, {"a": 2}, {"a": ]', encoding="utf-8")
    table = open_table(path, limits=Limits(read_chunk_chars=1 << 20))
    got = []
    with pytest.raises(ImportFileError) as info:
        for row in table.rows:
            got.append(row.values)
    table.close()
    assert got == [{"a": 1}, {"a": 2}]
    assert info.value.problem.row == 3


def test_two_values_on_one_line_are_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, '{"a": 1}\n{"a": 2} {"a": 3}\n', ".jsonl")
    assert (error.problem.code, error.problem.row) == ("json_invalid", 2)
    assert "on line 2" in str(error)
