"""Write the import test fixtures: good files per format and encoding, one bad file per problem.

Every person here is fictional. Run from the repository root to regenerate:

    .venv/bin/python tests/data/import/make_fixtures.py

The outputs are committed; the binary ones (XLSX, ODS, zips) are written
with fixed zip times so that regenerating gives the same bytes.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXED = (1988, 9, 1, 0, 0, 0)

HEADERS = [
    "record_id",
    "given_name",
    "family_name",
    "father_name",
    "birth_year",
    "death_date",
    "city",
    "prison",
]
ROWS = [
    ["1", "Kaveh", "Darvishzadeh", "Nader", "1962", "1988-08-01", "Tehran", "Evin"],
    ["2", "Shirin", "Mehrabanpour", "Ahmad", "1344", "1367/05/10", "Mashhad", "Vakilabad"],
    ["3", '=HYPERLINK("http://x")', "Tabesh", "", "", "Mordad 1367", "Tehran", "Gohardasht"],
]
FA_HEADERS = ["ردیف", "نام", "نام خانوادگی", "نام پدر", "سال تولد", "تاریخ اعدام", "شهر", "زندان"]
FA_ROWS = [
    ["1", "کاوه", "درویش‌زاده", "نادر", "۱۳۴۱", "۱۳۶۷/۰۵/۱۰", "تهران", "اوین"],
    ["2", "شیرین", "مهربان‌پور", "احمد", "۱۳۴۴", "مرداد ۱۳۶۷", "مشهد", "وکیل‌آباد"],
    ["3", "علیرضا", "تابش", "حسین", "", "شهریور ۱۳۶۷", "تهران", "گوهردشت"],
]


def csv_text(headers: list[str], rows: list[list[str]], delim: str = ",") -> str:
    import csv

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, lineterminator="\r\n")
    w.writerow(headers)
    w.writerows(rows)
    return buf.getvalue()


def write(name: str, data: bytes | str, encoding: str = "utf-8") -> None:
    path = HERE / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))


def rezip(
    path: Path, replace: dict[str, bytes] | None = None, extra: dict[str, bytes] | None = None
) -> None:
    """Rewrite a zip with fixed times, optionally replacing or adding members."""
    replace = replace or {}
    with zipfile.ZipFile(path) as zf:
        members = [(i.filename, zf.read(i.filename), i.compress_type) for i in zf.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data, ctype in members:
            info = zipfile.ZipInfo(name, FIXED)
            info.compress_type = ctype
            zf.writestr(info, replace.get(name, data))
        for name, data in (extra or {}).items():
            info = zipfile.ZipInfo(name, FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    path.write_bytes(out.getvalue())


def xlsx(
    name: str, headers: list[str], rows: list[list[object]], *, formulas: bool = False
) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "victims"
    ws.append(headers)
    for row in rows:
        ws.append(row)
    if not formulas:  # text that looks like a formula stays text, as a spreadsheet saves it
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    wb.create_sheet("notes").append(["nothing here"])
    path = HERE / name
    wb.save(path)
    rezip(path, replace={"docProps/core.xml": _core_xml()})
    return path


def _core_xml() -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>fixtures</dc:creator></cp:coreProperties>'
    )


ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:spreadsheet>"
)
ODS_TAIL = "</office:spreadsheet></office:body></office:document-content>"


def ods_cell(value: object) -> str:
    from xml.sax.saxutils import escape, quoteattr

    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, int):
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    if isinstance(value, tuple):  # ("formula", cached or None)
        formula, cached = value
        if cached is None:
            return f"<table:table-cell table:formula={quoteattr(formula)}/>"
        return (
            f'<table:table-cell table:formula={quoteattr(formula)} office:value-type="string">'
            f"<text:p>{escape(cached)}</text:p></table:table-cell>"
        )
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def ods(name: str, sheets: dict[str, list[list[object]]], *, prolog: str = "") -> None:
    body = []
    for sheet, rows in sheets.items():
        body.append(f'<table:table table:name="{sheet}">')
        for row in rows:
            body.append(
                "<table:table-row>" + "".join(ods_cell(v) for v in row) + "</table:table-row>"
            )
        # A spreadsheet program pads the sheet to its edge with repeated empty rows.
        body.append(
            '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        )
        body.append("</table:table>")
    content = ODS_HEAD + "".join(body) + ODS_TAIL
    if prolog:
        content = content.replace(
            '<?xml version="1.0" encoding="UTF-8"?>\n',
            '<?xml version="1.0" encoding="UTF-8"?>\n' + prolog,
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        info = zipfile.ZipInfo("mimetype", FIXED)
        zf.writestr(info, "application/vnd.oasis.opendocument.spreadsheet")
        info = zipfile.ZipInfo("content.xml", FIXED)
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, content.encode("utf-8"))
    (HERE / name).write_bytes(out.getvalue())


def main() -> None:
    text = csv_text(HEADERS, ROWS)
    # --- good files: one per format and per encoding -------------------------------
    write("good_utf8.csv", text)
    write("good_utf8_bom.csv", codecs.BOM_UTF8 + text.encode("utf-8"))
    write("good_semicolon.csv", csv_text(HEADERS, ROWS, ";"))
    write("good.tsv", csv_text(HEADERS, ROWS, "\t"))
    fa = csv_text(FA_HEADERS, FA_ROWS)
    write("good_fa_utf8.csv", fa)
    write("good_fa_utf16.csv", fa.encode("utf-16"))  # with BOM
    write("good_fa_utf16le_nobom.csv", fa.encode("utf-16-le"))
    # Windows-1256 has no Persian digits, ی or ZWNJ-free forms of every word: as
    # typed on an Arabic keyboard (ي, ASCII digits).
    cp = fa.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹ی", "0123456789ي"))
    write("good_fa_cp1256.csv", cp.encode("cp1256"))
    write(
        "good_fa_cp1256_semicolon.csv",
        csv_text(FA_HEADERS, FA_ROWS, ";")
        .translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹ی", "0123456789ي"))
        .encode("cp1256"),
    )
    import json

    objs = [dict(zip(HEADERS, r, strict=True)) for r in ROWS]
    write("good.json", json.dumps(objs, ensure_ascii=False, indent=1))
    write("good.jsonl", "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs))
    xlsx(
        "good.xlsx",
        HEADERS,
        [
            [int(c) if c.isdigit() and i == 4 else (c or None) for i, c in enumerate(r)]
            for r in ROWS
        ],
    )
    ods(
        "good.ods",
        {"victims": [HEADERS, *[[c or None for c in r] for r in ROWS]], "other": [["x"]]},
    )
    write(
        "custom_headers.csv",
        csv_text(
            ["No.", "Name of victim", "Executed on", "Detained at"],
            [
                ["a1", "Kaveh Darvishzadeh", "1988-08-01", "Evin"],
                ["a2", "Mehrabanpour, Shirin", "Mordad 1367", "Vakilabad"],
            ],
        ),
    )
    write(
        "custom_mapping.toml",
        '# Columns of custom_headers.csv\ncalendar = "gregorian"\n\n[columns]\nrecord_id = "No."\n'
        'full_name = "Name of victim"\ndeath_date = "Executed on"\nprison = "Detained at"\n',
    )
    # --- bad files: one per catalogue entry ------------------------------------------
    write("empty.csv", b"")
    write("blank.csv", "\r\n  \r\n,,\r\n")
    write("header_only.csv", "record_id,full_name\r\n")
    write(
        "export_two_sources.csv",
        "\ufeffrecord_id,source,source_version,source_record_id,row_number,raw.No.,raw.Name\r\n"
        "1,list-a,1,1,2,1,Kaveh Darvishzadeh\r\n2,list-b,1,1,2,1,Shirin Mehrabanpour\r\n",
    )
    write("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    write("broken.xlsx", b"PK\x03\x04" + b"this is not really a zip" * 10)
    write(
        "not_utf8.csv",
        b"full_name\r\nAli\r\n" + "Rézaï\r\n".encode("cp1252") + b"x" * 100 + b"\r\n",
    )
    write("unsure.csv", b"name,city\r\n" + bytes(range(0x80, 0x100)) + b",x\r\n")
    write("binary.csv", b"name\x00\x01\x02\x00\x00\x00\x07\x00\x00\x00\x00\xff\x00")
    write("dup_header.csv", "full_name,city,city\r\nAli Tabesh,Tehran,Tehran\r\n")
    write("ambiguous.csv", "full_name,Name,city\r\nAli Tabesh,Ali Tabesh,Tehran\r\n")
    write("no_name.csv", "record_id,city,prison\r\n1,Tehran,Evin\r\n")
    write(
        "row_too_long.csv", "record_id,full_name\r\n1,Ali Tabesh\r\n2,Reza Tabesh,Tehran,Evin\r\n"
    )
    write(
        "dup_id.csv",
        "record_id,full_name\r\n7,Ali Tabesh\r\n8,Reza Tabesh\r\n7,Kaveh Darvishzadeh\r\n",
    )
    write("empty_id.csv", "record_id,full_name\r\n1,Ali Tabesh\r\n,Reza Tabesh\r\n")
    write("long_id.csv", "record_id,full_name\r\n" + "x" * 101 + ",Ali Tabesh\r\n")
    write("no_id.csv", "full_name,city\r\nAli Tabesh,Tehran\r\nReza Tabesh,Tabriz\r\n")
    write("unused_column.csv", "full_name,shoe size\r\nAli Tabesh,42\r\n")
    write(
        "places.csv",
        "full_name,city,prison,ward\r\n"
        "Ali Tabesh,Evin,Gohardasht,\r\n"
        "Reza Tabesh,Tehran,,Ward 209\r\n",
    )
    write(
        "warnings.csv",
        csv_text(
            [
                "record_id",
                "full_name",
                "sex",
                "birth_year",
                "age",
                "death_date",
                "city",
                "affiliation",
            ],
            [
                ["1", "Ali Tabesh", "x", "1985", "", "the day after", "Atlantis", "Ninjas"],
                ["2", "", "m", "next year", "old", "", "", ""],
            ],
        ),
    )
    write("invalid.json", '[{"full_name": "Ali Tabesh"},, {"full_name": "Reza"}]')
    write("nan.json", '[{"full_name": "Ali Tabesh", "age": NaN}]')
    write("not_records.json", "[1, 2]")
    write("not_array.json", '"full_name"')
    write("deep.json", '[{"full_name": "Ali", "x": ' + "[" * 40 + "]" * 40 + "}]")
    write(
        "nested.json",
        '[{"record_id": "1", "full_name": "Ali Tabesh", "aliases": ["Ali", "A. T."]}]',
    )
    write(
        "dup_key.jsonl",
        '{"record_id": "1", "full_name": "Ali Tabesh", "full_name": "Reza Tabesh"}\n',
    )
    write("long_record.jsonl", '{"full_name": "' + "a" * 3000 + '"}\n')
    # Escapes of what is not text (a lone surrogate, NUL), spelled as a hostile file would.
    write(
        "hostile_text.json",
        '[\n{"record_id": "1", "full_name": "Ali \\ud800 Tabesh"},\n'
        '{"record_id": "2", "full_name": "Reza\\u0000 Karimi"},\n'
        '{"record_id": "3", "full_name": "Hassan Ahmadi"}\n]\n',
    )
    write("bidi.csv", "record_id,full_name\r\n1,\u202eHassan Ahmadi\r\n2,Reza Karimi\r\n")
    xlsx(
        "formula.xlsx",
        ["record_id", "full_name", "age"],
        [["1", "Ali Tabesh", "=20+5"], ["2", "Reza Tabesh", 30]],
        formulas=True,
    )
    # The same workbook with the value a spreadsheet program would have saved.
    cached = HERE / "formula_cached.xlsx"
    cached.write_bytes((HERE / "formula.xlsx").read_bytes())
    with zipfile.ZipFile(cached) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    rezip(
        cached,
        replace={
            "xl/worksheets/sheet1.xml": sheet.replace(
                b"<f>20+5</f><v></v>", b"<f>20+5</f><v>25</v>"
            ).replace(b"<f>20+5</f><v />", b"<f>20+5</f><v>25</v>")
        },
    )
    ods(
        "formula.ods",
        {"s": [["record_id", "full_name", "age"], ["1", "Ali Tabesh", ("of:=20+5", None)]]},
    )
    ods(
        "formula_cached.ods",
        {"s": [["record_id", "full_name", "age"], ["1", "Ali Tabesh", ("of:=20+5", "25")]]},
    )
    ods(
        "entities.ods",
        {"s": [["full_name"], ["&lol;"]]},
        prolog='<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n',
    )
    # A zip bomb: a 20 MB part of zeros packed into about 20 KB.
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("[Content_Types].xml", FIXED), b"<Types/>")
        info = zipfile.ZipInfo("xl/workbook.xml", FIXED)
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, b"\x00" * (20 * 1024 * 1024))
    write("bomb.xlsx", bomb.getvalue())
    write(
        "bad_mapping.toml",
        '[columns]\nfull_name = "Name"\nshoe_size = "Shoes"\n',
    )
    write("missing_column_mapping.toml", '[columns]\nfull_name = "Victim"\n')
    write("not_toml.toml", "[columns\nfull_name = ")


if __name__ == "__main__":
    main()
