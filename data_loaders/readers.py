"""Uploaded bytes to a raw table of text cells, numbered the way Excel numbers rows.

The format comes from the bytes, never from the file name: an xlsx is a zip holding
`xl/workbook.xml`; anything else that decodes as text is read as csv. Images, PDFs, programs,
other zips, old .xls, password-protected and hostile workbooks (see guards.py) are refused with
a Norwegian message saying what to do. Cells are kept as text as written (no type guessing
here); blank cells are NA. Row `i` of `RawTable.cells` is Excel row `first_row + i`. The csv
half is in csv_reader.py, the table and the read-once cache in raw.py.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

from data_loaders import guards, raw
from data_loaders.csv_reader import (  # noqa: F401  (re-exported: the csv half of reading)
    DELIMITER_NAMES,
    DELIMITERS,
    csv_table,
    decode_text,
    head_table,
    sniff_delimiter,
)
from data_loaders.issues import CORRUPT, EMPTY_FILE, ENCRYPTED, NOT_SPREADSHEET
from data_loaders.raw import (  # noqa: F401  (re-exported: every loader reads these here)
    HEAD_ROWS,
    UPLOAD_SPREADSHEET,
    RawTable,
    fail,
    read_once,
    shared,
)

if TYPE_CHECKING:
    import fastexcel
    import pandas as pd

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # declared size of all parts of an xlsx (zip-bomb guard)

XLSX, CSV = "xlsx", "csv"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

SAVE_AS_XLSX = "Åpne filen i Excel og lagre den som Excel-arbeidsbok (.xlsx), eller som CSV."

# Signatures of common non-spreadsheet files, so the message can say what the file is.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "et PNG-bilde"),
    (b"\xff\xd8\xff", "et JPEG-bilde"),
    (b"GIF8", "et GIF-bilde"),
    (b"%PDF", "en PDF-fil"),
    (b"MZ", "et program (.exe)"),
    (b"\x7fELF", "et program"),
    (b"\x1f\x8b", "en komprimert fil (gzip)"),
    (b"Rar!", "en komprimert fil (RAR)"),
    (b"7z\xbc\xaf\x27\x1c", "en komprimert fil (7-Zip)"),
)


# --------------------------------------------------------------------------------------------
# Format detection
# --------------------------------------------------------------------------------------------
def detect_format(name: str, data: bytes) -> str:
    """'xlsx' or 'csv' from the bytes; raises LoadError for everything we cannot read."""
    return shared("format", data, lambda: _detect_format(name, data))


def _detect_format(name: str, data: bytes) -> str:
    if not data:
        raise fail(name, EMPTY_FILE, "Filen er tom (0 byte).")
    guards.check_size(name, len(data))
    if data.startswith(OLE2_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise fail(
                name,
                ENCRYPTED,
                "Filen er passordbeskyttet. Lagre den uten passord i Excel og last opp på nytt.",
            )
        raise fail(
            name,
            NOT_SPREADSHEET,
            "Filen er i det gamle Excel-formatet (.xls) eller et annet eldre Office-format, "
            f"som ikke kan leses her. {SAVE_AS_XLSX}",
        )
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        return _check_zip(name, data)
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise fail(
                name,
                NOT_SPREADSHEET,
                f"Filen er ikke et regneark, men {what}. {UPLOAD_SPREADSHEET}",
            )
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<html", b"<!doctype html", b"<table")) or (
        head.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head
    ):
        raise fail(
            name,
            NOT_SPREADSHEET,
            "Filen er en nettside (HTML) eller XML-regneark, selv om den kan hete .xls. "
            + SAVE_AS_XLSX,
        )
    return CSV


def _check_zip(name: str, data: bytes) -> str:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise fail(
            name,
            CORRUPT,
            "Filen er skadet og kan ikke åpnes (ufullstendig eller ødelagt zip/xlsx). "
            "Åpne den i Excel, lagre på nytt og last opp igjen.",
        ) from None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        if "xl/workbook.bin" in names:
            what = "en binær Excel-arbeidsbok (.xlsb)"
        elif "content.xml" in names:
            what = "et OpenDocument-dokument (.ods)"
        elif "word/document.xml" in names:
            what = "et Word-dokument"
        elif "ppt/presentation.xml" in names:
            what = "en PowerPoint-presentasjon"
        else:
            what = "en zip-fil som ikke er et Excel-regneark"
        raise fail(name, NOT_SPREADSHEET, f"Filen er {what}. {SAVE_AS_XLSX}")
    declared = sum(i.file_size for i in infos)
    if declared > MAX_UNCOMPRESSED:
        raise fail(
            name,
            CORRUPT,
            f"Filen pakker seg ut til {declared // 1024 // 1024} MB, mer enn grensen på "
            f"{MAX_UNCOMPRESSED // 1024 // 1024} MB. Den er enten skadet eller altfor stor; "
            "del den opp eller fjern overflødige ark.",
        )
    guards.scan_xlsx(name, data, zf, MAX_UNCOMPRESSED)  # real sizes, DTDs, cell counts
    return XLSX


# --------------------------------------------------------------------------------------------
# xlsx
# --------------------------------------------------------------------------------------------
def xlsx_tables(name: str, data: bytes, n_rows: int | None = None) -> Iterator[RawTable]:
    """Every visible sheet, in workbook order, all cells as text (Excel row i = frame row i-1).

    `n_rows` reads only the first rows of each sheet (to tell what kind of file it is); inside
    read_once() every sheet is read whole, once, and kept for the loader.
    """
    if raw.reading_once():
        yield from shared("xlsx", data, lambda: list(_xlsx_tables(name, data, None)))
    else:
        yield from _xlsx_tables(name, data, n_rows)


def _xlsx_tables(name: str, data: bytes, n_rows: int | None) -> Iterator[RawTable]:
    import fastexcel

    try:
        reader = fastexcel.read_excel(data)
        sheet_names = reader.sheet_names
    except fastexcel.FastExcelError:
        raise fail(
            name,
            CORRUPT,
            "Excel-filen er skadet og kan ikke leses. Åpne den i Excel og lagre på nytt.",
        ) from None
    for idx, sheet_name in enumerate(sheet_names):
        try:
            sheet = reader.load_sheet(
                idx, header_row=None, skip_rows=0, n_rows=n_rows, dtypes="string"
            )
            if sheet.visible != "visible":
                continue
            frame = _sheet_frame(sheet)
        except fastexcel.FastExcelError:
            raise fail(
                name,
                CORRUPT,
                "Arket er skadet og kan ikke leses. Åpne filen i Excel og lagre på nytt.",
                sheet_name,
            ) from None
        frame.columns = range(frame.shape[1])
        yield RawTable(frame, 1, sheet_name, XLSX)


_EXCEL_ERRORS = {
    "Div0": "#DIV/0!", "NA": "#N/A", "Value": "#VALUE!", "Ref": "#REF!", "Name": "#NAME?",
    "Num": "#NUM!", "Null": "#NULL!", "GettingData": "#GETTING_DATA",
}  # fmt: skip
_ERROR_DETAIL = re.compile(r"Error\((\w+)\)")


def _sheet_frame(sheet: fastexcel.ExcelSheet) -> pd.DataFrame:
    """The sheet's cells as text; Excel error cells (#DIV/0!, #N/A) keep their error text."""
    import pandas as pd

    if not sheet.width:
        return pd.DataFrame()
    batch, errors = sheet.to_arrow_with_errors()
    frame = batch.to_pandas()
    for err in errors.errors if errors else ():
        m = _ERROR_DETAIL.search(err.detail)
        row, col = err.position
        frame.iat[row, col] = _EXCEL_ERRORS.get(m[1], f"#{m[1]}") if m else "#FEIL"
    return frame


def head_tables(name: str, data: bytes) -> list[RawTable]:
    """The first HEAD_ROWS rows of every visible sheet, or of the csv (to tell its kind)."""
    if detect_format(name, data) == CSV:
        return [head_table(name, data)]
    return list(xlsx_tables(name, data, n_rows=HEAD_ROWS))
