"""JSON and JSON Lines lists, read with ijson: one record at a time, depth and size bounded.

Every input is hostile. The file is decoded (UTF-8, or UTF-16/32 with a BOM)
chunk by chunk and pushed into ijson's parser; records are built here from its
events, so nesting is refused when it passes ``max_json_depth`` and a record when
its content passes ``max_record_chars``, before anything deeper or longer is held.
One token that never ends (a string of gigabytes) produces no event at all, so
the characters pushed since the last record ended are bounded too.

The backend is ijson's pure-Python one, chosen over its faster yajl2_c backend
(checked with ijson 3.6.0): yajl turns an escaped lone surrogate ("\\ud800")
into "?" without a word, where the import must see it and refuse the value
(tests/web/sources/test_hostile_import.py), and yajl refuses integers past 64
bits that a list may hold (an identity number). The Python backend reads
strings with the standard library's ``json.decoder.scanstring``, numbers as
Python ints and floats, and refuses NaN and Infinity (RFC 8259 §6), as
``json.loads`` read them before.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import ijson

from dadkhah.pipelines.importing.readers import (
    ENCODING_NAMES,
    Limits,
    ReadOptions,
    SourceRow,
    Table,
    Value,
    _label,
    detect_encoding,
    text_encoding,
)
from dadkhah.pipelines.importing.validate import ImportFileError, Problem, fail, problem

_BACKEND = ijson.get_backend("python")
# Errors ijson's Python backend raises: its own, and scanstring's JSONDecodeError (a bad
# escape, a control character in a string), which it lets through.
_PARSE_ERRORS = (ijson.JSONError, ValueError)
_SYMBOL = re.compile(r"^Unexpected symbol (?P<symbol>.*) at (?P<pos>\d+)$")
_NOT_NUMBERS = ("'N'", "'I'", "'-'", "'-I'")


def open_json(path: Path, fmt: str, options: ReadOptions, limits: Limits) -> Table:
    """Open a JSON array of records, or JSON Lines (also when a ``.json`` file starts with {)."""
    name = _label(path)
    raw = open(path, "rb", buffering=0)
    try:
        sample = raw.read(limits.sample_bytes)
        complete = len(sample) < limits.sample_bytes
        if options.encoding is not None:
            enc = text_encoding(options.encoding, name)
        else:
            # RFC 8259 §8.1: JSON text is UTF-8; a BOM-marked UTF-16 file is read too.
            enc = detect_encoding(sample, complete=complete, name=name)
            if enc not in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"):
                raise fail("encoding_undecodable", name, detail="UTF-8 (JSON must be UTF-8)")
        if enc == "utf-8" and sample.startswith(codecs.BOM_UTF8):
            enc = "utf-8-sig"
        raw.seek(0)
        stream = io.TextIOWrapper(
            io.BufferedReader(raw, buffer_size=1 << 20), encoding=enc, errors="strict", newline=""
        )
    except BaseException:
        raw.close()
        raise
    table = Table(path=path, format=fmt, rows=iter(()), headers=[], encoding=enc)
    table._position = lambda: os.lseek(raw.fileno(), 0, os.SEEK_CUR) if not raw.closed else 0
    table._closers.append(stream.close)
    try:
        first = _peek_char(stream, name, enc)
    except BaseException:
        table.close()  # a refused file leaves no descriptor open (found by tests/fuzz)
        raise
    if first == "":
        stream.close()
        raise fail("file_empty", name, detail="only white space")
    if fmt == "json" and first == "{":
        fmt = table.format = "jsonl"  # one object per line, named .json
    if fmt == "json" and first != "[":
        stream.close()
        raise fail("json_not_records", name, detail=f"it starts with {first!r}, not [")
    rows = _array_rows if fmt == "json" else _lines_rows
    table.rows = _guard_decode(rows(stream, table, limits), name, enc)
    return table


def _peek_char(stream: io.TextIOWrapper, name: str, enc: str) -> str:
    try:
        text = stream.read(4096)
    except UnicodeDecodeError as exc:
        raise fail("encoding_undecodable", name, detail=ENCODING_NAMES.get(enc, enc)) from exc
    stripped = text.lstrip()
    stream.seek(0)
    return stripped[:1]


def _guard_decode(rows: Iterator[SourceRow], name: str, enc: str) -> Iterator[SourceRow]:
    number = 0
    try:
        for row in rows:
            number = row.number
            yield row
    except UnicodeDecodeError as exc:
        raise fail(
            "encoding_undecodable",
            name,
            detail=f"{ENCODING_NAMES.get(enc, enc)} (after record {number})",
        ) from exc


def _what_is_wrong(exc: Exception) -> str:
    """ijson's message in the import's words: the symbol and its character, counted from 1."""
    if isinstance(exc, json.JSONDecodeError):
        # Raised by scanstring inside one string token: its position counts from the quote.
        what = exc.msg.removesuffix(" at")
        return f"{what} (in a string, {exc.pos} characters after its opening quote)"
    text = str(exc)
    found = _SYMBOL.match(text)
    if found is None:
        return text[:1].lower() + text[1:]
    symbol, pos = found["symbol"], int(found["pos"]) + 1
    if symbol in _NOT_NUMBERS:
        return f"unexpected {symbol} at character {pos:,}: NaN and Infinity are not JSON numbers"
    return f"unexpected {symbol[:40]} at character {pos:,}"


class _Record:
    """One item of the list built from ijson events, refused past the depth or size limit."""

    __slots__ = ("duplicates", "keys", "limits", "name", "number", "size", "stack", "value")

    def __init__(self, number: int, name: str, limits: Limits) -> None:
        self.number = number
        self.name = name
        self.limits = limits
        self.stack: list[dict[str, Any] | list[Any]] = []
        self.keys: list[str] = []  # the pending key of each open object
        self.size = 0  # characters of content: tokens, quotes and separators, not white space
        self.value: Any = None
        self.duplicates: list[str] = []

    def add(self, event: str, value: Any) -> bool:
        """Take one event; True when the item is complete."""
        if event == "map_key":
            self.keys[-1] = value
            self._grow(len(value) + 3)
            return False
        if event == "end_map" or event == "end_array":
            self.stack.pop()
            if event == "end_map":
                self.keys.pop()
            self._grow(1)
            return not self.stack
        if event == "start_map" or event == "start_array":
            if not self.stack and event == "start_array":
                raise self._not_a_record("list")
            if len(self.stack) >= self.limits.max_json_depth:
                raise fail(
                    "json_too_deep",
                    self.name,
                    row=self.number,
                    detail=str(self.limits.max_json_depth),
                )
            container: dict[str, Any] | list[Any] = {} if event == "start_map" else []
            self._put(container)
            self.stack.append(container)
            if event == "start_map":
                self.keys.append("")
            self._grow(2)
            return False
        if not self.stack:
            raise self._not_a_record("null" if value is None else type(value).__name__)
        self._put(value)
        self._grow(len(value) + 3 if isinstance(value, str) else len(str(value)) + 1)
        return False

    def _put(self, item: Any) -> None:
        if not self.stack:
            self.value = item
            return
        parent = self.stack[-1]
        if isinstance(parent, list):
            parent.append(item)
            return
        key = self.keys[-1]
        if len(self.stack) == 1 and key in parent:
            # Marked, not lost: the row turns this into a key_duplicate problem.
            self.duplicates.append(key)
        parent[key] = item

    def _grow(self, chars: int) -> None:
        self.size += chars
        if self.size > self.limits.max_record_chars:
            raise _too_long(self.name, self.number, self.limits)

    def _not_a_record(self, kind: str) -> ImportFileError:
        detail = f"item {self.number} is a {kind}"
        return fail("json_not_records", self.name, row=self.number, detail=detail)


def _too_long(name: str, number: int, limits: Limits) -> ImportFileError:
    detail = f"{limits.max_record_chars:,} characters"
    return fail("record_too_long", name, row=number, detail=detail)


def _record_row(record: _Record, table: Table, limits: Limits) -> SourceRow:
    name, number, obj = record.name, record.number, record.value
    found: list[Problem] = []
    for key in record.duplicates:
        found.append(problem("key_duplicate", name, row=number, column=key, detail=repr(key)))
    values: dict[str, Value] = {}
    for key, value in obj.items():
        header = key.strip() or "column"
        if isinstance(value, dict | list):
            kind = "an object" if isinstance(value, dict) else "a list"
            found.append(problem("value_nested", name, row=number, column=header, detail=kind))
            value = json.dumps(value, ensure_ascii=False)
        values[header] = value
        if header not in table.seen_headers:
            table.seen_headers.add(header)
            table.headers.append(header)
            if len(table.headers) > limits.max_columns:
                raise fail("too_many_columns", name, row=number, detail=f"{len(table.headers):,}")
    return SourceRow(number, values, found)


def _array_rows(stream: IO[str], table: Table, limits: Limits) -> Iterator[SourceRow]:
    """Objects of a top-level array, pushed into ijson a chunk at a time."""
    events = ijson.sendable_list()
    parser = _BACKEND.basic_parse_coro(events, use_float=True)
    try:
        yield from _array_items(stream, table, limits, parser, events)
    finally:
        # A parser left suspended would raise "incomplete" when collected; end it now.
        with contextlib.suppress(*_PARSE_ERRORS):
            parser.close()


def _array_items(
    stream: IO[str], table: Table, limits: Limits, parser: Any, events: list[Any]
) -> Iterator[SourceRow]:
    name = _label(table.path)
    chunk = limits.read_chunk_chars
    opened = closed = False
    record: _Record | None = None
    number = 0
    pending = 0  # characters pushed since the chunk in which the last item ended
    while True:
        text = stream.read(chunk)
        error: Exception | None = None
        try:
            if text:
                parser.send(text.encode("utf-8"))
            else:
                parser.close()
        except _PARSE_ERRORS as exc:
            error = exc  # the events before it are good: their items come first
        for event, value in events:
            if not opened:
                opened = True  # the "[" checked by the caller
                continue
            if record is None:
                if event == "end_array":
                    closed = True
                    continue
                number += 1
                if number > limits.max_rows:
                    raise fail("too_many_rows", name, detail=f"{limits.max_rows:,}")
                record = _Record(number, name, limits)
            if record.add(event, value):
                yield _record_row(record, table, limits)
                record = None
                pending = 0
        del events[:]
        if error is not None:
            raise _invalid(error, name, number, record, closed, at_end=not text) from error
        if not text:
            return
        pending += len(text)
        # An item never ends inside one token; the chunk it began in is the slack.
        if pending > limits.max_record_chars + chunk:
            raise _too_long(name, number if record is not None else number + 1, limits)


def _invalid(
    exc: Exception, name: str, number: int, record: _Record | None, closed: bool, *, at_end: bool
) -> ImportFileError:
    if closed:
        return fail("json_invalid", name, detail="text after the closing ]")
    if at_end and isinstance(exc, ijson.IncompleteJSONError):
        return fail("json_invalid", name, row=number or None, detail="the array is not closed")
    where = f"in item {number}" if record is not None else f"after item {number}"
    if number == 0:
        where = "before the first item"
    return fail("json_invalid", name, row=number or None, detail=f"{_what_is_wrong(exc)}, {where}")


def _lines_rows(stream: IO[str], table: Table, limits: Limits) -> Iterator[SourceRow]:
    """One object per line; blank lines are skipped."""
    name = _label(table.path)
    number = 0
    while True:
        line = stream.readline(limits.max_record_chars + 1)
        if line == "":
            return
        number += 1
        if len(line) > limits.max_record_chars and not line.endswith("\n"):
            raise _too_long(name, number, limits)
        if not line.strip():
            continue
        if number > limits.max_rows:
            raise fail("too_many_rows", name, detail=f"{limits.max_rows:,}")
        record = _Record(number, name, limits)
        events = ijson.sendable_list()
        error: Exception | None = None
        try:
            parser = _BACKEND.basic_parse_coro(events, use_float=True)
            parser.send(line.encode("utf-8"))
            parser.close()
        except _PARSE_ERRORS as exc:
            error = exc
        done = False
        for event, value in events:
            done = record.add(event, value)
        if error is not None:
            detail = f"{_what_is_wrong(error)}, on line {number}"
            raise fail("json_invalid", name, row=number, detail=detail) from error
        if not done:  # ijson has seen the whole line: an unfinished value is an error there
            raise fail("json_invalid", name, row=number, detail=f"incomplete, on line {number}")
        yield _record_row(record, table, limits)
