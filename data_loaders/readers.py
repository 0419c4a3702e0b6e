"""Uploaded bytes to a raw table of text cells, numbered the way Excel numbers rows.

The format comes from the bytes, never from the file name: an xlsx is a zip holding
`xl/workbook.xml`; anything else that decodes as text is read as csv. Images, PDFs, programs,
other zips, old .xls, password-protected and hostile workbooks (see guards.py) are refused with
a Norwegian message saying what to do. Cells are kept as stripped-or-not text (no type guessing here); blank cells
are NA. Row `i` of `RawTable.cells` is Excel row `first_row + i`.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import fastexcel
import numpy as np
import pandas as pd

from data_loaders import guards
from data_loaders.issues import CORRUPT, EMPTY_FILE, ENCRYPTED, NOT_SPREADSHEET, Issue, LoadError

HEAD_ROWS = 30  # the header row must lie within the first 30 rows
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # declared size of all parts of an xlsx (zip-bomb guard)
DELIMITERS = (";", ",", "\t", "|")  # preference order when two fit equally well
DELIMITER_NAMES = {";": ";", ",": ",", "\t": "tab", "|": "|"}

XLSX, CSV = "xlsx", "csv"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

SAVE_AS_XLSX = "Åpne filen i Excel og lagre den som Excel-arbeidsbok (.xlsx), eller som CSV."
UPLOAD_SPREADSHEET = "Last opp en Excel-fil (.xlsx) eller en CSV-fil."

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


@dataclass(frozen=True)
class RawTable:
    """All cells of one sheet (or one csv from its header line) as text or NA."""

    cells: pd.DataFrame  # columns 0..n-1, values str or NA
    first_row: int  # Excel row number of cells.iloc[0]
    sheet: str | None  # xlsx sheet name; None for csv
    dialect: str  # "xlsx", "csv (;, Windows-1252)", ...
    # csv only: number of fields in the header line; a line with non-empty fields beyond it
    # is an error (an unquoted decimal comma in a comma-separated file, typically).
    fixed_width: int | None = None

    def head(self, n: int = HEAD_ROWS) -> list[list[str | None]]:
        """The first n rows as lists of cells (None for blank)."""
        top = self.cells.iloc[:n]
        return [[_cell(v) for v in row] for row in top.itertuples(index=False, name=None)]

    @property
    def is_blank(self) -> bool:
        if self.cells.empty:
            return True
        return not any(_nonblank(self.cells[c]).any() for c in self.cells.columns)


def _cell(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    text = str(value)
    return text if text.strip() else None


def _nonblank(col: pd.Series) -> pd.Series:
    """True where a cell holds something other than whitespace."""
    if col.dtype == object:
        col = col.astype("str")
    return col.notna() & (col.str.strip() != "")


def fail(file: str, code: str, text: str, sheet: str | None = None) -> LoadError:
    return LoadError((Issue(code, text, file, sheet),))


# --------------------------------------------------------------------------------------------
# Format detection
# --------------------------------------------------------------------------------------------
def detect_format(name: str, data: bytes) -> str:
    """'xlsx' or 'csv' from the bytes; raises LoadError for everything we cannot read."""
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

    `n_rows` reads only the first rows of each sheet (to tell what kind of file it is).
    """
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
    if not sheet.width:
        return pd.DataFrame()
    batch, errors = sheet.to_arrow_with_errors()
    frame = batch.to_pandas()
    for err in errors.errors if errors else ():
        m = _ERROR_DETAIL.search(err.detail)
        row, col = err.position
        frame.iat[row, col] = _EXCEL_ERRORS.get(m[1], f"#{m[1]}") if m else "#FEIL"
    return frame


# --------------------------------------------------------------------------------------------
# csv
# --------------------------------------------------------------------------------------------
def decode_text(name: str, data: bytes) -> tuple[str, str]:
    """Text and a label for its encoding: UTF-8 (with/without BOM), UTF-16 or Windows-1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "UTF-8 med BOM"
        except UnicodeDecodeError as e:
            raise fail(
                name,
                CORRUPT,
                f"Filen sier at den er UTF-8, men har ugyldige tegn (byte {e.start + 4}). "
                "Lagre den på nytt som «CSV UTF-8».",
            ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or guards.looks_utf16(data):
        try:
            return guards.decode_utf16(data), "UTF-16"
        except UnicodeDecodeError:
            raise fail(name, CORRUPT, "Filen har ugyldige tegn for UTF-16.") from None
    if b"\x00" in data[:65536]:
        raise fail(
            name,
            NOT_SPREADSHEET,
            f"Filen er ikke et regneark eller en tekstfil. {UPLOAD_SPREADSHEET}",
        )
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return guards.not_mac_roman(name, data.decode("cp1252")), "Windows-1252"
    except UnicodeDecodeError:
        code, text = guards.undecodable(data)
        raise fail(
            name, code, text or f"Filen er ikke et regneark eller en tekstfil. {UPLOAD_SPREADSHEET}"
        ) from None


def sniff_delimiter(lines: Sequence[str]) -> str:
    """The delimiter giving the most lines with the same field count (title lines aside).

    Each candidate splits the non-blank lines; lines with one field (titles) do not vote. The
    winner has the most lines sharing its most common field count, then the larger count.
    """
    best, best_score = DELIMITERS[0], (0, 0)
    for delim in DELIMITERS:
        counts: dict[int, int] = {}
        for record in csv.reader(lines, delimiter=delim):
            n = len(record)
            if n > 1 and any(c.strip() for c in record):
                counts[n] = counts.get(n, 0) + 1
        if not counts:
            continue
        width, freq = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if (freq, width) > best_score:
            best, best_score = delim, (freq, width)
    return best


_SEP_HINT = re.compile(r"^\s*sep=(.)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class _CsvHead:
    """A decoded csv and its first HEAD_ROWS records, before the body is parsed."""

    text: str
    encoding: str  # label: "UTF-8", "Windows-1252", ...
    lines: list[str]  # the first 400 lines
    skip_lines: int  # 1 when the file starts with Excel's "sep=;" line
    delim: str
    records: list[list[str | None]]  # the first rows as cells (None for blank)
    starts: list[int]  # line (after skip_lines) on which each record starts

    @property
    def dialect(self) -> str:
        return f"csv ({DELIMITER_NAMES[self.delim]}, {self.encoding})"


def _csv_head(name: str, data: bytes) -> _CsvHead:
    text, encoding = decode_text(name, data)
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")  # old Mac line ends
    if not text.strip():
        raise fail(name, EMPTY_FILE, "Filen er tom: den har ingen celler med innhold.")

    stream = io.StringIO(text)  # lines split on \n only, as the csv parser splits them
    lines = list(itertools.islice(stream, 400))
    delim = None
    skip_lines = 0
    hint = _SEP_HINT.match(lines[0]) if lines else None
    if hint and hint[1] in DELIMITERS:  # Excel's "sep=;" line is not shown as a row
        delim, skip_lines = hint[1], 1
    if delim is None:
        delim = sniff_delimiter([ln for ln in lines[skip_lines : skip_lines + 60] if ln.strip()])

    # The first rows as records (a quoted field may span lines), and the line each starts on.
    reader = csv.reader(iter(lines[skip_lines:]), delimiter=delim)
    records: list[list[str | None]] = []
    starts: list[int] = []
    try:
        while len(records) < HEAD_ROWS:
            starts.append(reader.line_num)
            record = next(reader)
            records.append([c if c.strip() else None for c in record])
    except (StopIteration, csv.Error):
        starts = starts[: len(records)]
    return _CsvHead(text, encoding, lines, skip_lines, delim, records, starts)


def csv_table(
    name: str, data: bytes, header_at: Callable[[list[list[str | None]]], int | None]
) -> RawTable:
    """The csv from its header line on (or from the top when no header is found).

    `header_at` gets the first rows as cell lists and returns the index of the header row.
    """
    head = _csv_head(name, data)
    records, delim = head.records, head.delim
    k = header_at(records)
    first_line = head.skip_lines + (head.starts[k] if k is not None else 0)
    body = head.text[sum(len(ln) for ln in head.lines[:first_line]) :]
    width = len(records[k]) if k is not None else max((len(r) for r in records), default=1)
    try:
        frame = _read_csv(body, delim, width)
    except (pd.errors.ParserError, pd.errors.ParserWarning):  # a line is wider: widen
        width = max(ln.count(delim) for ln in body.split("\n")) + 1
        try:
            frame = _read_csv(body, delim, width)
        except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as e:
            raise fail(name, CORRUPT, f"CSV-filen kan ikke leses: {e}.") from None
    fixed = len(records[k]) if k is not None else None
    return RawTable(frame, (k or 0) + 1, None, head.dialect, fixed)


def _read_csv(body: str, delim: str, width: int) -> pd.DataFrame:
    """All records as text; a line with more than `width` fields raises.

    index_col=False stops pandas from turning extra leading fields into an index; the warning
    it gives instead of an error when the first line is the wider one is made an error.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", pd.errors.ParserWarning)
        return pd.read_csv(
            io.StringIO(body),
            sep=delim,
            header=None,
            names=range(max(width, 1)),
            index_col=False,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            quotechar='"',
            engine="c",
        )


def head_tables(name: str, data: bytes) -> list[RawTable]:
    """The first HEAD_ROWS rows of every visible sheet, or of the csv (to tell its kind)."""
    if detect_format(name, data) == CSV:
        head = _csv_head(name, data)
        width = max((len(r) for r in head.records), default=0)
        rows = [r + [None] * (width - len(r)) for r in head.records]
        return [RawTable(pd.DataFrame(rows, dtype=object), 1, None, head.dialect)]
    return list(xlsx_tables(name, data, n_rows=HEAD_ROWS))
