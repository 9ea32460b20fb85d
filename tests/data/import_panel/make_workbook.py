"""Write 10_archive_register.xlsx, the import panel's workbook, from the literal rows below.

An archive's register kept in a spreadsheet: its headers are none of those
the panel's other conventions use, dates are partly date cells and partly
text, birth years partly numbers. Every person here is fictional. Run from
the repository root to regenerate (same bytes every time):

    .venv/bin/python tests/data/import_panel/make_workbook.py
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAME = "10_archive_register.xlsx"
FIXED = (1988, 9, 1, 0, 0, 0)

HEADERS = [
    "S/N",
    "Victim's full name",
    "Son/daughter of",
    "Sex",
    "Year born",
    "Arrested",
    "Date executed",
    "Province / city",
    "Held in",
    "Political tendency",
    "Buried at",
    "Source / comments",
]

D = dt.datetime  # a date cell, as a spreadsheet stores one

ROWS: list[list[object]] = [
    [1, "Ali Rezaei", "Hossein", "M", 1960, "1981", D(1988, 8, 10), "Tehran", "Evin", "Mojahedin", "Khavaran", "Register vol. 2, p. 14"],
    [2, "Hassan Karimi", "Abbas", "M", 1958, "Sept 1981", "Aug-88", "Alborz / Karaj", "Gohardasht", "PMOI", "", ""],
    [3, "Maryam Ahmadi", "Ebrahim", "F", 1965, D(1982, 3, 5), D(1988, 7, 30), "Tehran", "Evin", "Mojahedin", "unknown", "family visit 1989"],
    [4, "Mehdi Moradi", "Ali", "M", "c.1962", "1360", "summer 88", "Khorasan / Mashhad", "Vakilabad", "Mojahedin", "Behesht-e Reza", ""],
    [5, "Nasser Jafari", "", "M", 1959, "1983", "1988", "Fars / Shiraz", "Adelabad", "Tudeh", "", "Register vol. 1, p. 3"],
    [6, "Shirin Sadeghi", "Reza", "F", 1966, "Jan 1982", D(1988, 8, 1), "Tehran", "Evin", "Mojahedin", "", ""],
    [7, "Hamid Kazemi", "Javad", "M", "?", "?", "?", "Tehran", "Evin", "Peykar", "", "nothing more known"],
    [8, "Bahram Ebrahimi", "Asghar", "M", 1957, "1982", D(1988, 7, 27), "Isfahan", "Dastgerd", "Mojahedin", "", ""],
    [9, "Farhad Ghasemi", "Mohammad", "M", 1961, "1981", "early Aug 1988", "Alborz / Karaj", "Gohardasht", "Rah-e Kargar", "Khavaran", ""],
    [10, "Parviz Nouri", "Gholam", "M", 1950, "1983", D(1988, 9, 1), "Tehran", "Evin", "Tudeh", "Khavaran", "Register vol. 2, p. 20"],
    [11, "Mahin Amini", "Hassan", "F", 1963, "1362", "Aug-88", "Gilan / Rasht", "Lakan", "Mojahedin", "", ""],
    [12, "Kourosh Zamani", "Rasoul", "M", 1963, "1982", D(1988, 9, 5), "East Azerbaijan / Tabriz", "Tabriz", "Fedaian (Majority)", "", ""],
    [13, "Javad Bagheri", "Karim", "M", 1960, "1981", "Aug-88", "Khuzestan / Ahvaz", "Karun", "Mojahedin", "", ""],
    [14, "Mansour Sharifi", "Ahmad", "M", 1955, "1983", D(1988, 9, 1), "Alborz / Karaj", "Gohardasht", "Komala", "", ""],
    [15, "Zahra Yousefi", "Reza", "F", 1967, "1982", D(1988, 7, 28), "Tehran", "Evin", "Mojahedin", "", ""],
    [16, "Majid Heydari", "Yadollah", "M", 1962, "Nov 1981", D(1988, 7, 30), "Tehran", "Evin", "Mojahedin", "Khavaran", ""],
    [17, "Mostafa Mousavi", "Jalal", "M", 1959, "1981", "Aug-88", "Tehran", "Evin", "Mojahedin", "", ""],
    [18, "Hossein Asadi", "", "M", "", "", "1988", "Khuzestan / Dezful", "", "Mojahedin", "", "name from a cellmate"],
    [19, "Ahmad Tavakoli", "Mohammad Ali", "M", 1958, "1360", D(1988, 9, 3), "Alborz / Karaj", "Gohardasht", "Peykar", "", ""],
    [20, "Abbas Rostami", "Ghorban", "M", 1960, "1982", "late summer 1988", "Hamadan", "", "Mojahedin", "", ""],
    [21, "Fereydoun Salehi", "Nasrollah", "M", 1949, "1983", "Sep-88", "Tehran", "Evin", "Tudeh", "Khavaran", ""],
    [22, "Parvaneh Najafi", "Ali", "F", 1964, "1981", D(1988, 8, 5), "Tehran", "Evin", "Mojahedin", "", ""],
    [23, "Manouchehr Hashemi", "Aziz", "M", 1954, "1982", "n/k", "Fars / Shiraz", "Adelabad", "Fedaian (Minority)", "", ""],
    [24, "Siamak Abbasi", "Habib", "M", 1961, "1982", "Aug-88", "Lorestan / Khorramabad", "", "Mojahedin", "", ""],
    [25, "Jamshid Soltani", "Esmail", "M", 1956, "1983", D(1988, 8, 14), "Alborz / Karaj", "Gohardasht", "Rah-e Kargar", "Khavaran", ""],
    [26, "Roya Farahani", "Mehdi", "F", 1964, "1981", D(1988, 8, 1), "Tehran", "Evin", "Mojahedin", "", ""],
    [27, "Qasem Ansari", "Ali", "M", 1960, "1982", "Aug-88", "Kermanshah", "Dizelabad", "Mojahedin", "", ""],
    [28, "Saeed Golzari", "Morteza", "M", 1963, "1981", "Jul-88", "Tehran", "Evin", "Mojahedin", "", "also vol. 1, p. 9"],
]  # fmt: skip


def _core_xml() -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        b'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
    )


def main() -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "register"
    ws.append(HEADERS)
    for row in ROWS:
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "dd/mm/yyyy"
    buffer = io.BytesIO()
    wb.save(buffer)
    # Fixed times and properties, so that regenerating gives the same bytes.
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            data = _core_xml() if item.filename == "docProps/core.xml" else src.read(item)
            dst.writestr(info, data)
    path = HERE / NAME
    path.write_bytes(out.getvalue())
    return path


if __name__ == "__main__":
    print(main())
