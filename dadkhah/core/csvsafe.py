"""The one CSV writer of the project: every cell a spreadsheet would run as a formula is defused.

Every CSV that dadkhah writes is meant to be opened by people, often in a spreadsheet
program, and some of its cells come from lists, files and forms nobody here controls.
A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read by Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(…)``,
``+1+cmd|' /C calc'!A0``, ``@SUM(1)``), so it is written with a leading apostrophe,
as OWASP recommends ("CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection).
The apostrophe is what a spreadsheet itself shows for "text that looks like a formula".

Numbers (int, float) are written as they are: ``-2`` is a number, not a formula, and
the counts tables must stay readable by the code that writes them. Only text is defused.

A test (tests/core/test_csvsafe.py) checks that no other module calls ``csv.writer`` or
``csv.DictWriter``: a new CSV file goes through :func:`writer` or :func:`dict_writer`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

FORMULA_START = frozenset("=+-@\t\r")


def defuse_cell(value: Any) -> Any:
    """The cell as a spreadsheet will not evaluate it: text starting a formula gets a quote.

    Args:
        value: Any cell; None, numbers and dates pass unchanged (csv writes them as text
            that no spreadsheet reads as a formula).

    Returns:
        ``value``, or ``"'" + value`` when it is text that starts with = + - @ tab or CR.
    """
    if type(value) is str:
        return "'" + value if value and value[0] in FORMULA_START else value
    if isinstance(value, str):  # a str subclass (e.g. a lazy or marked-safe string)
        return defuse_cell(str(value))
    return value


def defuse_row(row: Iterable[Any]) -> list[Any]:
    """Every cell of ``row`` defused (see :func:`defuse_cell`)."""
    return [defuse_cell(v) for v in row]


class SafeWriter:
    """``csv.writer`` with every row defused; same ``writerow``/``writerows`` interface."""

    def __init__(self, fh: IO[str], **fmtparams: Any) -> None:
        self._w = csv.writer(fh, **fmtparams)

    def writerow(self, row: Iterable[Any]) -> Any:
        """Write one row, text cells defused."""
        return self._w.writerow(defuse_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        """Write many rows, text cells defused."""
        self._w.writerows(defuse_row(r) for r in rows)


class SafeDictWriter:
    """``csv.DictWriter`` with every value and header defused."""

    def __init__(self, fh: IO[str], fieldnames: Sequence[str], **fmtparams: Any) -> None:
        self.fieldnames = list(fieldnames)
        self._w = csv.DictWriter(fh, fieldnames=self.fieldnames, **fmtparams)

    def writeheader(self) -> Any:
        """Write the header row, defused like any other row."""
        return self._w.writerow({f: defuse_cell(f) for f in self.fieldnames})

    def writerow(self, row: Mapping[str, Any]) -> Any:
        """Write one mapping, its values defused."""
        return self._w.writerow({k: defuse_cell(v) for k, v in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Write many mappings, their values defused."""
        for row in rows:
            self.writerow(row)


def writer(fh: IO[str], **fmtparams: Any) -> SafeWriter:
    """A CSV writer on ``fh`` (opened with ``newline=""``) that defuses formulas."""
    return SafeWriter(fh, **fmtparams)


def dict_writer(fh: IO[str], fieldnames: Sequence[str], **fmtparams: Any) -> SafeDictWriter:
    """A CSV dict writer on ``fh`` (opened with ``newline=""``) that defuses formulas."""
    return SafeDictWriter(fh, fieldnames, **fmtparams)
