"""Reading and checking count tables: every bad input gets a sentence that says what to fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dadkhah.core.estimation.table import (
    MAX_LISTS,
    CountsTable,
    EstimationInputError,
    counts_csv_has_strata,
    read_counts_csv,
    read_stratified_counts_csv,
    tables_by_stratum,
)
from tests.conftest import shared_data


def _write(tmp_path: Path, text: str, name: str = "counts.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_kosovo_table_reads_with_its_lists_and_total() -> None:
    table = read_counts_csv(shared_data("mse", "kosovo_1999_4lists.csv"))
    assert table.lists == ("EXH", "ABA", "OSCE", "HRW")
    assert table.documented == 4400
    assert table.patterns.shape == (15, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "is empty"),
        ("A,B,count\n", "no rows"),
        ("A,B,total\n1,0,3\n", "not 'count'"),
        ("A,B,count\n1,2,3\n", "row 2, column 'B': '2' is not 0 or 1"),
        ("A,B,count\n1,0,3\n1,x,3\n", "row 3, column 'B'"),
        ("A,B,count\n1,0,-3\n", "row 2, column 'count': '-3' is not a whole number"),
        ("A,B,count\n1,0,2.5\n", "'2.5' is not a whole number"),
        ("A,B,count\n1,0,many\n", "'many' is not a whole number"),
        ("A,B,count\n1,0\n", "row 2: 2 values for 3 columns"),
        ("A,A,count\n1,0,3\n", "appears twice"),
        ("A,B,count\n0,0,3\n", "0 on every list"),
        ("A,B,count\n0,1,0\n1,0,0\n", "every count is 0"),
        ("count\n3\n", "no list columns"),
        ("stratum,A,B,count\nx,1,0,3\n", "stratified"),
    ],
)
def test_bad_input_is_refused_with_the_place_and_the_fix(
    tmp_path: Path, text: str, expected: str
) -> None:
    with pytest.raises(EstimationInputError) as info:
        read_counts_csv(_write(tmp_path, text))
    assert expected in str(info.value)
    assert "counts.csv" in str(info.value)


def test_more_than_25_lists_is_refused(tmp_path: Path) -> None:
    names = [f"L{i}" for i in range(MAX_LISTS + 1)]
    row = ["1"] + ["0"] * MAX_LISTS
    text = ",".join([*names, "count"]) + "\n" + ",".join([*row, "4"]) + "\n"
    with pytest.raises(EstimationInputError, match="26 lists; at most 25"):
        read_counts_csv(_write(tmp_path, text))


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(EstimationInputError, match="no such file"):
        read_counts_csv(tmp_path / "absent.csv")


def test_repeated_patterns_are_merged_and_zero_rows_dropped(tmp_path: Path) -> None:
    table = read_counts_csv(_write(tmp_path, "A,B,count\n1,0,3\n0,1,0\n1,0,2\n1,1,1\n"))
    assert table.patterns.tolist() == [[1, 1], [1, 0]]
    assert table.counts.tolist() == [1, 5]


def test_a_byte_order_mark_and_spaces_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffA, B ,count\n1, 1 ,2\n".encode())
    assert read_counts_csv(path).lists == ("A", "B")


def test_stratified_tables_split_by_stratum_and_keep_zero_rows_out() -> None:
    path = shared_data("mse", "upstate_ny_spina_bifida_3lists_by_ethnicity.csv")
    assert counts_csv_has_strata(path)
    tables = read_stratified_counts_csv(path)
    assert list(tables) == ["caucasian", "afro-american", "other"]
    assert sum(t.documented for t in tables.values()) == 621
    assert tables["other"].documented == 2


def test_full_cells_hold_every_observable_pattern_with_zeros() -> None:
    table = CountsTable.from_arrays(["A", "B", "C"], [[1, 0, 0], [1, 1, 1]], [5, 2])
    cells, counts = table.full_cells()
    assert cells.shape == (7, 3)
    assert cells[0].tolist() == [0, 0, 1] and cells[-1].tolist() == [1, 1, 1]
    assert counts.tolist() == [0, 0, 0, 5, 0, 0, 2]


def test_memberships_tabulate_people_by_their_lists() -> None:
    people = [{"A"}, {"A", "B"}, {"B"}, {"A", "B"}, {"C", "A"}]
    table = CountsTable.from_memberships(["A", "B", "C"], people)
    assert table.documented == 5
    assert table.list_sizes() == {"A": 4, "B": 3, "C": 1}
    assert table.on_several_lists() == 3


def test_memberships_naming_an_unknown_list_are_refused() -> None:
    with pytest.raises(EstimationInputError, match="person 2 is on list 'Z'"):
        CountsTable.from_memberships(["A", "B"], [{"A"}, {"Z"}])


def test_people_are_grouped_into_one_table_per_stratum() -> None:
    rows = [("Evin", {"A"}), ("Gohardasht", {"A", "B"}), ("Evin", {"A", "B"}), ("Evin", {"B"})]
    tables = tables_by_stratum(["A", "B"], rows)
    assert {k: v.documented for k, v in tables.items()} == {"Evin": 3, "Gohardasht": 1}


def test_empty_lists_are_dropped_with_their_names() -> None:
    table = CountsTable.from_arrays(["A", "B", "C"], [[1, 0, 0], [1, 1, 0]], [5, 2])
    used, dropped = table.without_empty_lists()
    assert used.lists == ("A", "B") and dropped == ["C"]
    assert used.documented == 7


patterns = st.integers(min_value=2, max_value=6).flatmap(
    lambda j: st.tuples(
        st.just(j),
        st.lists(
            st.tuples(
                st.lists(st.integers(0, 1), min_size=j, max_size=j).filter(any),
                st.integers(0, 500),
            ),
            min_size=1,
            max_size=20,
        ),
    )
)


@settings(max_examples=60, deadline=None)
@given(patterns)
def test_a_table_written_as_csv_reads_back_the_same(tmp_path_factory, data) -> None:  # type: ignore[no-untyped-def]
    j, rows = data
    lists = [f"L{i}" for i in range(j)]
    table = CountsTable.from_arrays(lists, [r for r, _ in rows], [c for _, c in rows])
    if table.documented == 0:
        return
    path = tmp_path_factory.mktemp("rt") / "t.csv"
    path.write_text(table.to_csv(), encoding="utf-8")
    again = read_counts_csv(path)
    assert again.lists == table.lists
    assert np.array_equal(again.patterns, table.patterns)
    assert np.array_equal(again.counts, table.counts)
    assert again.sha256() == table.sha256()
    assert again.documented == sum(c for _, c in rows)
