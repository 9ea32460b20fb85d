"""Streaming readers for the list formats: CSV/TSV, XLSX, ODS, JSON and JSON Lines.

Every input is hostile. Readers stream (memory stays bounded whatever the
file's size), never evaluate a formula (a cell's saved value is read, or the
cell is refused), check a workbook's zip directory for size and compression
ratio *before* unpacking anything, parse XML with defusedxml (no DTDs, no
entities), bound JSON nesting and the length of one record, and hand every
value on as data: nothing read here is ever executed or interpolated.

A reader yields `SourceRow`s: the row number a person sees in the file (the
spreadsheet row; for CSV the header is row 1; for a JSON array the position
of the object; for JSON Lines the line), the values keyed by header, and the
problems found in that row. A problem with the file as a whole raises
`ImportFileError`.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from dadkhah.pipelines.importing.validate import Problem, fail, problem

Value = str | int | float | bool | None


@dataclass(frozen=True)
class Limits:
    """What the import accepts (docs/methodology/import.md, "Limits")."""

    max_file_bytes: int = 4 * 1024**3
    max_unzipped_bytes: int = 1024**3  # XLSX/ODS: all parts together, unpacked
    max_zip_ratio: float = 100.0  # unpacked/packed, for a part over ratio_floor_bytes
    ratio_floor_bytes: int = 1024**2
    max_zip_entries: int = 10_000
    max_json_depth: int = 16
    max_record_chars: int = 1024**2  # one JSON record, one JSON line
    max_cell_chars: int = 100_000
    max_columns: int = 1_000
    max_rows: int = 50_000_000
    sample_bytes: int = 256 * 1024  # read to tell the encoding and the delimiter
    read_chunk_chars: int = 1024**2  # JSON text decoded at a time


DEFAULT_LIMITS = Limits()

FORMATS = ("csv", "tsv", "xlsx", "ods", "json", "jsonl")
_EXTENSIONS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".ods": "ods",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_REFUSED = {
    ".xls": "old binary Excel (.xls)",
    ".xlsb": "binary Excel (.xlsb)",
    ".numbers": "Numbers",
}
DELIMITERS = (",", "\t", ";", "|")
# A cell beyond the header (a rejected row only) is kept under this name + its column number.
EXTRA_PREFIX = "\x00extra column "


def value_text(value: Value) -> str:
    """A raw value as text for the normalizers and the column reader (the raw value is kept).

    None is empty, a boolean is true/false, a whole float (a spreadsheet's 1340.0)
    loses its ".0", anything else is its text without surrounding spaces.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


@dataclass(slots=True)
class SourceRow:
    """One row of the file: its number, its values by header, its problems."""

    number: int
    values: dict[str, Value]
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ReadOptions:
    """What a mapping file may say about how to read the file."""

    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


@dataclass
class Table:
    """An opened list: how it was read, its header, and its rows (read once)."""

    path: Path
    format: str
    rows: Iterator[SourceRow]
    headers: list[str]  # grows while a JSON file is read
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    total_bytes: int = 0
    seen_headers: set[str] = field(default_factory=set)
    _position: Any = None
    _closers: list[Any] = field(default_factory=list)

    def position(self) -> int | None:
        """Bytes of the file consumed so far (for a progress bar), or None where unknown."""
        return int(self._position()) if self._position is not None else None

    def close(self) -> None:
        for closer in reversed(self._closers):
            closer()
        self._closers.clear()


def _label(path: Path) -> str:
    return path.name


def check_regular_file(path: Path, limits: Limits) -> int:
    """Size of ``path`` if it is a regular file under the size limit, else ImportFileError."""
    name = _label(path)
    try:
        st = os.lstat(path)
    except OSError as exc:
        raise fail("file_unreadable", name, detail=exc.strerror or "no such file") from exc
    if stat.S_ISLNK(st.st_mode):
        raise fail("file_unreadable", name, detail="it is a symbolic link")
    if not stat.S_ISREG(st.st_mode):
        raise fail("file_unreadable", name, detail="it is not a regular file")
    if st.st_size > limits.max_file_bytes:
        raise fail(
            "file_too_large",
            name,
            detail=f"{st.st_size:,} bytes (limit {limits.max_file_bytes:,})",
        )
    if st.st_size == 0:
        raise fail("file_empty", name, detail="0 bytes")
    return st.st_size


def detect_format(path: Path) -> str:
    """The format from the extension, checked against the first bytes."""
    name = _label(path)
    ext = path.suffix.lower()
    if ext in _REFUSED:
        raise fail("format_unsupported", name, detail=_REFUSED[ext])
    with open(path, "rb") as fh:
        head = fh.read(8)
    is_zip = head.startswith(b"PK\x03\x04")
    fmt = _EXTENSIONS.get(ext)
    if fmt in ("xlsx", "ods") and not is_zip:
        raise fail("zip_invalid", name, detail=fmt.upper())
    if fmt is None:
        if is_zip:
            fmt = _zip_kind(path)
        elif head.startswith(b"\xd0\xcf\x11\xe0"):
            raise fail("format_unsupported", name, detail="old binary Office file")
        else:
            fmt = "csv"
    elif fmt in ("csv", "tsv", "json", "jsonl") and is_zip:
        raise fail("format_unsupported", name, detail="a zip archive named like a text file")
    return fmt


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "mimetype" in names and zf.getinfo("mimetype").file_size < 200:
                if b"opendocument.spreadsheet" in zf.read("mimetype"):
                    return "ods"
            if "xl/workbook.xml" in names:
                return "xlsx"
    # Reading "mimetype" unpacks it: damaged bytes show as a CRC or deflate error, an
    # unknown method (NotImplementedError) or an encryption flag (RuntimeError).
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise fail("zip_invalid", _label(path), detail="zip") from exc
    raise fail("format_unsupported", _label(path), detail="a zip archive that is no workbook")


def open_table(
    path: Path,
    *,
    options: ReadOptions | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Table:
    """Open a list file for streaming.

    Args:
        path: The file.
        options: Encoding, delimiter and sheet from a mapping file (all optional).
        limits: Size, ratio, depth and length limits.

    Returns:
        A Table whose ``rows`` iterator yields each non-blank row once.

    Raises:
        ImportFileError: The file cannot be imported at all (the problem says why).
    """
    path = Path(path)
    options = options or ReadOptions()
    size = check_regular_file(path, limits)
    fmt = detect_format(path)
    if fmt in ("csv", "tsv"):
        table = _open_csv(path, fmt, options, limits)
    elif fmt == "xlsx":
        from dadkhah.pipelines.importing.workbooks import open_xlsx

        table = open_xlsx(path, options, limits)
    elif fmt == "ods":
        from dadkhah.pipelines.importing.workbooks import open_ods

        table = open_ods(path, options, limits)
    else:
        from dadkhah.pipelines.importing.jsonlists import open_json

        table = open_json(path, fmt, options, limits)
    table.total_bytes = size
    return table


# --- text encodings -----------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32": "UTF-32",
    "cp1256": "Windows-1256",
    "cp1252": "Windows-1252",
}


def _arabic_share(text: str) -> float:
    """Share of the non-ASCII characters that are Arabic-script letters or ZWNJ."""
    high = [ch for ch in text if ord(ch) > 0x7F]
    if not high:
        return 0.0
    arabic = sum(1 for ch in high if "\u0600" <= ch <= "\u06ff" or ch in "\u200c\u200d")
    return arabic / len(high)


_WORD = re.compile(r"[^\W\d_]+(?:[\u200c\u200d][^\W\d_]+)*")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def _high_letters_in_latin_words(text: str) -> float:
    """Share of the non-ASCII letters that sit inside a word with ASCII letters.

    The test that tells the two code pages apart. Western text read as
    Windows-1252 has its accented letters inside Latin words ("Müller",
    "Téhéran"); the same bytes read as Windows-1256 put Arabic letters inside
    Latin words ("Mّller"), which no Persian or Arabic text does. Persian read
    as Windows-1256 has whole words of Arabic letters.
    """
    inside = high = 0
    for word in _WORD.findall(text):
        letters = sum(1 for ch in word if ord(ch) > 0x7F)
        high += letters
        if letters and _ASCII_LETTER.search(word):
            inside += letters
    return inside / high if high else 0.0


def _code_page(sample: bytes) -> tuple[str | None, str]:
    """Windows-1256 or -1252 when the decoded text confirms one and not the other."""
    as_1256 = sample.decode("cp1256", errors="replace")
    as_1252 = sample.decode("cp1252", errors="replace")
    share = _arabic_share(as_1256)
    mixed_1256 = _high_letters_in_latin_words(as_1256)
    mixed_1252 = _high_letters_in_latin_words(as_1252)
    arabic = share >= 0.8 and mixed_1256 <= 0.2
    western = share <= 0.05 or (mixed_1252 >= 0.8 and mixed_1256 >= 0.8)
    said = (
        f"read as Windows-1256, {share:.0%} of its letters are Arabic-script and "
        f"{mixed_1256:.0%} of them sit inside Latin words"
    )
    if arabic and not western:
        return "cp1256", said
    if western and not arabic:
        return "cp1252", said
    return None, said


def detect_encoding(sample: bytes, *, complete: bool, name: str) -> str:
    """The encoding of a text file from its first bytes.

    In order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without a mark
    (NUL bytes at every other position); strict UTF-8 (plain ASCII is UTF-8);
    then Windows-1256 or Windows-1252, when the decoded text confirms one and
    not the other (`_code_page`): read as 1256, mostly Arabic-script letters in
    words of their own; read as 1252, accented letters inside Latin words (or no
    Arabic-script letter at all). Anything else is refused as unsure rather
    than guessed: a wrong code page silently turns every name into other letters.

    Args:
        sample: The first bytes of the file.
        complete: True when the sample is the whole file.
        name: The file name, for messages.

    Raises:
        ImportFileError: encoding_unsure.
    """
    for bom, enc in _BOMS:
        if sample.startswith(bom):
            return enc
    if b"\x00" in sample:
        pairs = len(sample) // 2 or 1
        even = sample[0::2].count(0) / pairs
        odd = sample[1::2].count(0) / pairs
        if odd > 0.1 and even < 0.01:
            return "utf-16-le"
        if even > 0.1 and odd < 0.01:
            return "utf-16-be"
        raise fail("encoding_unsure", name, detail="it holds NUL bytes: a binary file?")
    try:
        codecs.getincrementaldecoder("utf-8")("strict").decode(sample, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    found, said = _code_page(sample)
    if found is not None:
        return found
    raise fail(
        "encoding_unsure",
        name,
        detail=f"not UTF-8, and neither clearly Windows-1256 nor Windows-1252 ({said})",
    )


def locate_decode_error(path: Path, encoding: str) -> str:
    """Say where a file first stops being valid in ``encoding`` ("UTF-8 (line 3, byte 2)")."""
    label = ENCODING_NAMES.get(encoding, encoding)
    if codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")):
        return label
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, start=1):
            try:
                line.decode(encoding)
            except UnicodeDecodeError as exc:
                if number == 1 and encoding == "utf-8-sig":
                    continue
                return f"{label} (line {number}, byte {exc.start + 1} of the line)"
            except UnicodeError:  # punycode and idna say no position
                return f"{label} (line {number})"
    return label


def text_encoding(enc: str, name: str) -> str:
    """The codec name of ``enc`` when it decodes bytes to text (a mapping's ``encoding``).

    ``codecs.lookup`` also finds bytes-to-bytes codecs (rot13, base64, zlib …) that
    cannot decode a file to text; ``str.encode`` refuses those with a LookupError.

    Raises:
        ImportFileError: ``enc`` is no text encoding (``mapping_invalid``).
    """
    try:
        codec = codecs.lookup(enc).name
        "".encode(codec)
    except (LookupError, ValueError) as exc:  # ValueError: a NUL in the name
        raise fail(
            "mapping_invalid", name, detail=f"unknown encoding {enc!r} (or not a text encoding)"
        ) from exc
    return codec


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most, most consistent, columns.

    csv.Sniffer guesses from character frequencies and is easily fooled by
    commas inside names; here each candidate parses the lines for real and the
    one whose rows most often have the header's width (over 1) wins, the
    wider header breaking ties. A one-column file gets ",".
    """
    lines = text.splitlines(keepends=True)
    if len(lines) > 1:
        lines = lines[:-1]  # the last line of a sample may be cut
    lines = [ln for ln in lines[:200] if ln.strip()]
    best, best_score = ",", (0.0, 1)
    for delim in DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO("".join(lines)), delimiter=delim))
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        same = sum(1 for r in rows if len(r) == width) / len(rows)
        score = (same, width)
        if score > best_score:
            best, best_score = delim, score
    return best


# --- CSV / TSV ------------------------------------------------------------------------


def _open_csv(path: Path, fmt: str, options: ReadOptions, limits: Limits) -> Table:
    name = _label(path)
    raw = open(path, "rb", buffering=0)
    try:
        sample = raw.read(limits.sample_bytes)
        complete = len(sample) < limits.sample_bytes
        if options.encoding is not None:
            enc = text_encoding(options.encoding, name)
            if enc == "utf-8" and sample.startswith(codecs.BOM_UTF8):
                enc = "utf-8-sig"
        else:
            enc = detect_encoding(sample, complete=complete, name=name)
        try:
            text = codecs.getincrementaldecoder(enc)("strict").decode(sample, final=complete)
        except UnicodeError as exc:  # punycode and idna raise a bare UnicodeError
            raise fail("encoding_undecodable", name, detail=locate_decode_error(path, enc)) from exc
        if options.delimiter is not None:
            delimiter = options.delimiter
        elif fmt == "tsv":
            delimiter = "\t"
        else:
            delimiter = sniff_delimiter(text)
        raw.seek(0)
        stream = io.TextIOWrapper(
            io.BufferedReader(raw, buffer_size=1 << 20), encoding=enc, errors="strict", newline=""
        )
    except BaseException:
        raw.close()
        raise
    table = Table(
        path=path,
        format="tsv" if delimiter == "\t" else "csv",
        rows=iter(()),
        headers=[],
        encoding=enc,
        delimiter=delimiter,
    )
    table._position = lambda: os.lseek(raw.fileno(), 0, os.SEEK_CUR) if not raw.closed else 0
    table._closers.append(stream.close)
    table.rows = _csv_rows(stream, table, limits)  # type: ignore[assignment]
    try:
        read_header(table, limits)
    except BaseException:
        table.close()  # a refused file leaves no descriptor open (found by tests/fuzz)
        raise
    return table


def _csv_rows(stream: IO[str], table: Table, limits: Limits) -> Iterator[list[str]]:
    """Rows of cells; decode and parse errors become file problems."""
    name = _label(table.path)
    reader = csv.reader(stream, delimiter=table.delimiter or ",", strict=False)
    old_limit = csv.field_size_limit(limits.max_cell_chars)
    try:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except UnicodeError as exc:  # UnicodeDecodeError, or bare from punycode/idna
                raise fail(
                    "encoding_undecodable",
                    name,
                    detail=locate_decode_error(table.path, table.encoding or "utf-8"),
                ) from exc
            except csv.Error as exc:
                if "field larger" in str(exc):
                    raise fail(
                        "cell_too_long",
                        name,
                        detail=f"{limits.max_cell_chars:,} characters (line {reader.line_num})",
                    ) from exc
                raise fail(
                    "format_unsupported", name, row=reader.line_num, detail=str(exc)
                ) from exc
            yield cells
    finally:
        csv.field_size_limit(old_limit)


def _blank(cells: list[Any] | tuple[Any, ...]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def make_headers(cells: list[Any], *, file: str, row: int, limits: Limits) -> list[str]:
    """Header names from the header row's cells.

    Trailing empty cells are dropped; an empty header in the middle is named
    ``column N``. Names are stripped of surrounding spaces (and a stray BOM).

    Raises:
        ImportFileError: duplicate names, or too many columns.
    """
    while cells and (cells[-1] is None or str(cells[-1]).strip() == ""):
        cells = cells[:-1]
    if len(cells) > limits.max_columns:
        raise fail("too_many_columns", file, row=row, detail=f"{len(cells):,}")
    headers: list[str] = []
    seen: set[str] = set()
    for i, cell in enumerate(cells, start=1):
        text = "" if cell is None else str(cell).replace("\ufeff", "").strip()
        header = text or f"column {i}"
        if header in seen:
            raise fail("header_duplicate", file, row=row, column=header, detail=repr(header))
        seen.add(header)
        headers.append(header)
    return headers


def read_header(table: Table, limits: Limits) -> None:
    """Take the first non-blank row of ``table.rows`` (cells) as the header; yield SourceRows."""
    cells_iter: Iterator[list[str]] = table.rows  # type: ignore[assignment]
    name = _label(table.path)
    number = 0
    for cells in cells_iter:
        number += 1
        if not _blank(cells):
            table.headers = make_headers(cells, file=name, row=number, limits=limits)
            break
    else:
        raise fail("file_empty", name, detail="no header row")
    table.rows = _tabular_rows(cells_iter, table.headers, number, name)


def _tabular_rows(
    cells_iter: Iterator[list[Any]], headers: list[str], number: int, name: str
) -> Iterator[SourceRow]:
    """SourceRows from rows of cells under a header (CSV: row = record index + 1)."""
    width = len(headers)
    for cells in cells_iter:
        number += 1
        if not "".join(cells).strip():  # CSV cells are text: a blank row joins to nothing
            continue
        found: list[Problem] = []
        extra_cells: list[str] = []
        if len(cells) > width:
            extra = cells[width:]
            if not _blank(extra):
                found.append(
                    problem(
                        "row_too_long",
                        name,
                        row=number,
                        value=next(str(c) for c in extra if c not in (None, "")),
                        detail=f"{len(cells)} cells but the header has {width}",
                    )
                )
                extra_cells = extra  # kept for the rejected-rows file
            cells = cells[:width]
        values: dict[str, Value] = dict(zip(headers, cells, strict=False))
        if len(cells) < width:
            for h in headers[len(cells) :]:
                values[h] = ""
        for i, cell in enumerate(extra_cells, start=width + 1):
            values[f"{EXTRA_PREFIX}{i}"] = cell
        yield SourceRow(number, values, found)


# --- shared by the workbook readers --------------------------------------------------------


def cell_value(value: Any) -> Value:
    """A workbook cell as a raw value: text, number and boolean kept; dates as ISO text."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)
