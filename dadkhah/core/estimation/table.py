"""Capture-history count tables: the input of every estimator, read and checked once.

A table says, for each pattern of appearances on J lists, how many distinct
people have exactly that pattern. The all-zero pattern (people on no list) is
never observed; estimating it is the whole point.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from dadkhah.core import csvsafe
from dadkhah.core.errors import InputError

#: The most lists a table may have: the log-linear table has 2^J - 1 cells and
#: the issue caps J at 25 (33 million cells would be past any real use).
MAX_LISTS = 25

COUNT_COLUMN = "count"
STRATUM_COLUMN = "stratum"


class EstimationInputError(InputError):
    """A table cannot be estimated as given (too few lists, no overlap, bad values)."""


@dataclass(frozen=True, eq=False)
class CountsTable:
    """Observed capture-pattern counts over named lists.

    Attributes:
        lists: list names, one per column of ``patterns``.
        patterns: (M, J) array of 0/1, one distinct non-empty pattern per row.
        counts: (M,) array of positive counts, people with that pattern.
    """

    lists: tuple[str, ...]
    patterns: NDArray[np.uint8]
    counts: NDArray[np.int64]

    @classmethod
    def from_arrays(
        cls,
        lists: Sequence[str],
        patterns: NDArray[np.integer] | Sequence[Sequence[int]],
        counts: NDArray[np.integer] | Sequence[int],
        *,
        where: str = "the table",
    ) -> CountsTable:
        """Build a table, merging repeated patterns and dropping zero counts.

        Args:
            lists: list names (distinct, non-empty).
            patterns: rows of 0/1, one column per list.
            counts: non-negative whole numbers, one per row.
            where: how to name the input in error messages (a file name).

        Raises:
            EstimationInputError: on values that are not 0/1, negative counts,
                a positive count on the all-zero pattern, repeated list names,
                or more than ``MAX_LISTS`` lists.
        """
        names = tuple(str(name) for name in lists)
        _check_list_names(names, where)
        pat = np.asarray(patterns, dtype=np.int64)
        cnt = np.asarray(counts, dtype=np.int64)
        if pat.ndim != 2 or pat.shape[1] != len(names) or cnt.shape != (pat.shape[0],):
            raise EstimationInputError(
                f"{where}: patterns must be a table with one column per list "
                f"({len(names)}) and one count per row."
            )
        if pat.size and not np.isin(pat, (0, 1)).all():
            raise EstimationInputError(f"{where}: pattern values must be 0 or 1.")
        if (cnt < 0).any():
            raise EstimationInputError(f"{where}: counts must not be negative.")
        empty = pat.sum(axis=1) == 0
        if (cnt[empty] > 0).any():
            raise EstimationInputError(
                f"{where}: a row with 0 on every list has a positive count; nobody can be "
                "documented without appearing on a list. Remove that row."
            )
        keep = (cnt > 0) & ~empty
        pat, cnt = pat[keep], cnt[keep]
        merged: dict[tuple[int, ...], int] = {}
        for row, c in zip(pat.tolist(), cnt.tolist(), strict=True):
            key = tuple(row)
            merged[key] = merged.get(key, 0) + int(c)
        # Canonical order: patterns read as binary numbers, first list most
        # significant, largest first (the order of ../shared/data/mse).
        keys = sorted(merged, reverse=True)
        out_pat = np.array(keys, dtype=np.uint8).reshape(len(keys), len(names))
        out_cnt = np.array([merged[k] for k in keys], dtype=np.int64)
        return cls(lists=names, patterns=out_pat, counts=out_cnt)

    @classmethod
    def from_memberships(
        cls, lists: Sequence[str], memberships: Iterable[Collection[str]]
    ) -> CountsTable:
        """Tabulate people given, for each, the names of the lists they appear on.

        Args:
            lists: every list name, in column order.
            memberships: one collection of list names per person (a linked
                person's sources).

        Raises:
            EstimationInputError: when a person names an unknown list.
        """
        index = {name: j for j, name in enumerate(lists)}
        tally: dict[tuple[int, ...], int] = {}
        for person, names in enumerate(memberships):
            row = [0] * len(lists)
            for name in names:
                if name not in index:
                    raise EstimationInputError(
                        f"person {person + 1} is on list {name!r}, which is not one of "
                        f"the lists given ({', '.join(lists)})."
                    )
                row[index[name]] = 1
            key = tuple(row)
            tally[key] = tally.get(key, 0) + 1
        return cls.from_arrays(
            lists,
            np.array(list(tally), dtype=np.int64).reshape(len(tally), len(lists)),
            list(tally.values()),
        )

    @property
    def n_lists(self) -> int:
        """J, the number of lists."""
        return len(self.lists)

    @property
    def documented(self) -> int:
        """n, the number of distinct people on at least one list."""
        return int(self.counts.sum())

    def list_sizes(self) -> dict[str, int]:
        """People on each list."""
        sizes = (self.patterns.astype(np.int64) * self.counts[:, None]).sum(axis=0)
        return {name: int(s) for name, s in zip(self.lists, sizes, strict=True)}

    def on_several_lists(self) -> int:
        """People who appear on two lists or more (the overlap)."""
        return int(self.counts[self.patterns.sum(axis=1) >= 2].sum())

    def pair_overlaps(self) -> dict[tuple[str, str], int]:
        """People on both lists, for every pair of lists."""
        x = self.patterns.astype(np.int64)
        both = (x * self.counts[:, None]).T @ x
        return {
            (self.lists[a], self.lists[b]): int(both[a, b])
            for a in range(self.n_lists)
            for b in range(a + 1, self.n_lists)
        }

    def without_empty_lists(self) -> tuple[CountsTable, list[str]]:
        """The table without lists that record nobody, and the names dropped."""
        sizes = self.list_sizes()
        keep = [j for j, name in enumerate(self.lists) if sizes[name] > 0]
        dropped = [name for name in self.lists if sizes[name] == 0]
        if not dropped:
            return self, []
        table = CountsTable.from_arrays(
            [self.lists[j] for j in keep], self.patterns[:, keep], self.counts
        )
        return table, dropped

    def full_cells(self) -> tuple[NDArray[np.uint8], NDArray[np.int64]]:
        """All 2^J - 1 observable cells, zeros included (for log-linear models).

        Returns:
            (patterns, counts): patterns in binary order with the first list as
            the most significant bit, from 00..01 to 11..11.
        """
        j = self.n_lists
        codes = np.arange(1, 2**j, dtype=np.int64)
        shifts = np.arange(j - 1, -1, -1, dtype=np.int64)
        cells = ((codes[:, None] >> shifts[None, :]) & 1).astype(np.uint8)
        counts = np.zeros(codes.shape[0], dtype=np.int64)
        own = (self.patterns.astype(np.int64) << shifts[None, :]).sum(axis=1)
        np.add.at(counts, own - 1, self.counts)
        return cells, counts

    def sha256(self) -> str:
        """A digest of the table's content (lists, patterns, counts), for citing it."""
        payload = {
            "lists": list(self.lists),
            "rows": [
                [*map(int, row), int(c)]
                for row, c in zip(self.patterns.tolist(), self.counts.tolist(), strict=True)
            ],
        }
        text = json.dumps(payload, separators=(",", ":"), sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def to_csv(self) -> str:
        """The table in the CSV format it is read from."""
        buf = io.StringIO()
        writer = csvsafe.writer(buf, lineterminator="\n")
        writer.writerow([*self.lists, COUNT_COLUMN])
        for row, c in zip(self.patterns.tolist(), self.counts.tolist(), strict=True):
            writer.writerow([*row, c])
        return buf.getvalue()


def tables_by_stratum(
    lists: Sequence[str], people: Iterable[tuple[str, Collection[str]]]
) -> dict[str, CountsTable]:
    """Tabulate linked people by stratum.

    Args:
        lists: every list name, in column order.
        people: (stratum, names of the lists the person is on), one per person.

    Returns:
        One table per stratum, strata in first-seen order.
    """
    grouped: dict[str, list[Collection[str]]] = {}
    for stratum, names in people:
        grouped.setdefault(stratum, []).append(names)
    return {s: CountsTable.from_memberships(lists, m) for s, m in grouped.items()}


def _check_list_names(names: tuple[str, ...], where: str) -> None:
    if len(names) > MAX_LISTS:
        raise EstimationInputError(
            f"{where} has {len(names)} lists; at most {MAX_LISTS} are supported. "
            "Merge small or closely related lists, or estimate by stratum."
        )
    if any(name.strip() == "" for name in names):
        raise EstimationInputError(f"{where}: a list column has no name; name every column.")
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise EstimationInputError(
                f"{where}: the list name {name!r} appears twice; give each list its own column."
            )
        seen.add(name)


def counts_csv_has_strata(path: Path) -> bool:
    """Whether the file's first column is ``stratum``."""
    header = _read_rows(path)[0] if path.stat().st_size else []
    return bool(header) and header[0].strip().lower() == STRATUM_COLUMN


def read_counts_csv(path: Path) -> CountsTable:
    """Read a counts table: one 0/1 column per list, then ``count``.

    Raises:
        EstimationInputError: with the file, row and column of the first problem.
    """
    strata = _parse(path, stratified=False)
    return strata[""]


def read_stratified_counts_csv(path: Path) -> dict[str, CountsTable]:
    """Read a counts table whose first column is ``stratum``.

    Raises:
        EstimationInputError: with the file, row and column of the first problem.
    """
    return _parse(path, stratified=True)


def _read_rows(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise EstimationInputError(f"{path}: no such file.") from exc
    except UnicodeDecodeError as exc:
        raise EstimationInputError(f"{path}: not UTF-8 text; save it as CSV in UTF-8.") from exc
    return [row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]


def _parse(path: Path, *, stratified: bool) -> dict[str, CountsTable]:
    name = path.name
    rows = _read_rows(path)
    if not rows:
        raise EstimationInputError(
            f"{name} is empty: expected a header with one 0/1 column per list and a "
            f"last column '{COUNT_COLUMN}', then one row per pattern."
        )
    header = [h.strip() for h in rows[0]]
    if not header or header[-1].lower() != COUNT_COLUMN:
        raise EstimationInputError(
            f"{name}: the last column is {header[-1]!r}, not '{COUNT_COLUMN}'; the format is "
            f"one 0/1 column per list, then '{COUNT_COLUMN}'."
        )
    has_stratum = header[0].lower() == STRATUM_COLUMN
    if has_stratum and not stratified:
        raise EstimationInputError(
            f"{name}: the first column is '{STRATUM_COLUMN}'; read it as a stratified table."
        )
    if stratified and not has_stratum:
        raise EstimationInputError(
            f"{name}: a stratified table needs '{STRATUM_COLUMN}' as its first column."
        )
    first = 1 if has_stratum else 0
    lists = header[first:-1]
    if not lists:
        raise EstimationInputError(f"{name}: there are no list columns before '{COUNT_COLUMN}'.")
    _check_list_names(tuple(lists), name)
    if len(rows) == 1:
        raise EstimationInputError(f"{name} has a header but no rows of counts.")
    grouped: dict[str, tuple[list[list[int]], list[int]]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise EstimationInputError(
                f"{name}, row {number}: {len(row)} values for {len(header)} columns."
            )
        stratum = row[0].strip() if has_stratum else ""
        if has_stratum and stratum == "":
            raise EstimationInputError(f"{name}, row {number}: the stratum is empty.")
        pattern: list[int] = []
        for column, value in zip(lists, row[first:-1], strict=True):
            v = value.strip()
            if v not in ("0", "1"):
                raise EstimationInputError(
                    f"{name}, row {number}, column {column!r}: {value!r} is not 0 or 1; a list "
                    "column holds 1 (on the list) or 0 (not on it)."
                )
            pattern.append(int(v))
        count = _parse_count(row[-1], name, number)
        if count > 0 and sum(pattern) == 0:
            raise EstimationInputError(
                f"{name}, row {number}: the pattern is 0 on every list but its count is "
                f"{count}; nobody is documented without a list. Remove the row."
            )
        pats, cnts = grouped.setdefault(stratum, ([], []))
        pats.append(pattern)
        cnts.append(count)
    tables: dict[str, CountsTable] = {}
    for stratum, (pats, cnts) in grouped.items():
        where = f"{name}, stratum {stratum!r}" if has_stratum else name
        tables[stratum] = CountsTable.from_arrays(
            lists, np.array(pats, dtype=np.int64), cnts, where=where
        )
    if sum(t.documented for t in tables.values()) == 0:
        raise EstimationInputError(f"{name}: every count is 0; there is nobody to estimate from.")
    return tables


def _parse_count(value: str, name: str, number: int) -> int:
    v = value.strip()
    try:
        count = int(v)
    except ValueError:
        count = -1
        try:
            as_float = float(v)
        except ValueError:
            as_float = float("nan")
        if as_float.is_integer() and as_float >= 0:
            count = int(as_float)
    if count < 0:
        raise EstimationInputError(
            f"{name}, row {number}, column '{COUNT_COLUMN}': {value!r} is not a whole number "
            "of people (0 or more)."
        )
    return count
