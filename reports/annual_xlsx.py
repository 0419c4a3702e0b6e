"""The AMU/HMS annual report as an Excel workbook (.xlsx), laid out from `AnnualReport`.

Sheets: «Forside» (scope, suppression rule, sources, sheet list, «Slik har vi regnet»),
«Tekst» (the sections' paragraphs and free text) and one sheet per table. Numbers stay number
cells with Excel number formats (the reader's Excel shows the decimal comma); hidden figures
are text. All text goes in with `write_string`, so nothing a user typed can become a formula.
The same report gives the same bytes (fixed document dates).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from decimal import Decimal

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from core.formatting import (
    HIDDEN_PRIMARY,
    HIDDEN_SECONDARY,
    fmt_number,
    fmt_percent,
    fmt_pp,
)
from metrics.report_model import (
    DATE,
    INT,
    NUMBER,
    PERCENT,
    PP,
    TEXT,
    AnnualReport,
    Cell,
    Hidden,
    ReportTable,
)

COVER, TEXT_SHEET = "Forside", "Tekst"
MAX_SHEET_NAME = 31
MIN_WIDTH, MAX_WIDTH = 8, 60
TEXT_WIDTH = 100  # the «Tekst» sheet's single column
LINE_HEIGHT = 15  # points per line of 11 pt text
NUM_FORMATS = {
    INT: "#,##0",
    NUMBER: "#,##0.0",
    PERCENT: "0.0 %",
    PP: '+0.0" pp";-0.0" pp";0.0" pp"',
    DATE: "dd.mm.yyyy",
}
DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
SOURCE_KINDS = {
    "sykefravaer": "Sykefravær",
    "avvik": "Avvik",
    "vernerunde": "Vernerunde",
    "vedtak": "Vedtak",
}
_SHEET_CHARS = str.maketrans(
    {"[": "(", "]": ")", ":": " ", "*": " ", "?": " ", "/": "-", "\\": "-"}
)
_RESERVED = {"history"}  # Excel keeps this name for itself
OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


def annual_xlsx(report: AnnualReport) -> bytes:
    """The annual report as .xlsx bytes: Forside, Tekst (when there is text), one sheet a table."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, OPTIONS)
    workbook.set_properties(
        {
            "title": report.title,
            "subject": "Årsrapport",
            "author": "HMS-dashboard",
            "company": report.organisation,
            "created": dt.datetime.combine(report.generated, dt.time()),
        }
    )
    fmt = _Formats(workbook)
    taken = {COVER.lower(), TEXT_SHEET.lower()}
    names = [sheet_name(t.sheet or t.title, taken) for t in report.tables]
    has_text = any(s.paragraphs or (s.free_text or "").strip() for s in report.sections)
    _cover(workbook.add_worksheet(COVER), report, names, has_text, fmt)
    if has_text:
        _text_sheet(workbook.add_worksheet(TEXT_SHEET), report, names, fmt)
    for table, name in zip(report.tables, names, strict=True):
        _table_sheet(workbook.add_worksheet(name), table, fmt)
    workbook.close()
    return buffer.getvalue()


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A legal, unique Excel sheet name (≤ 31 chars, no []:*?/\\); records it in `taken`."""
    base = re.sub(r"[\x00-\x1f\x7f]", " ", wanted).translate(_SHEET_CHARS)
    base = re.sub(r"\s+", " ", base).strip().strip("'").strip() or "Tabell"
    name, n = _fit(base, ""), 1
    while name.lower() in taken or name.lower() in _RESERVED:
        n += 1
        name = _fit(base, f" ({n})")
    taken.add(name.lower())
    return name


def _fit(base: str, suffix: str) -> str:
    head = base[: MAX_SHEET_NAME - len(suffix)].rstrip().rstrip("'").rstrip() or "Tabell"
    return head + suffix


class _Formats:
    """The workbook's cell formats, made once and shared by the sheets."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple, Format] = {}
        self.title = self.get(bold=True, font_size=14)
        self.heading = self.get(bold=True, font_size=12)
        self.bold = self.get(bold=True)
        self.header = self.get(bold=True, bottom=1, bg_color="#E7E6E6", valign="top")
        self.wrap = self.get(text_wrap=True, valign="top")
        self.note = self.get(text_wrap=True, valign="top", italic=True)
        self.hidden = self.get(italic=True, font_color="#7F7F7F", align="right")
        self.date = self.get(num_format=NUM_FORMATS[DATE], align="left")
        self.datetime = self.get(num_format=DATETIME_FORMAT, align="left")
        self.year = self.get(num_format="0", align="left")
        self.link = self.get(font_color="#0563C1", underline=1)

    def get(self, **props) -> Format:
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self._workbook.add_format(props)
        return self._cache[key]

    def cell(self, kind: str, wrap: bool) -> Format:
        if kind in NUM_FORMATS:
            return self.get(num_format=NUM_FORMATS[kind])
        return self.wrap if wrap else self.get(valign="top")


# --- Forside -----------------------------------------------------------------------------

_COVER_WIDTHS = [24, 14, 40, 18, 28]  # label/import id, type, file, imported, by


def _cover(ws: Worksheet, report: AnnualReport, names: list[str], has_text: bool, fmt) -> None:
    widths = list(_COVER_WIDTHS)
    longest = max((len(s.file_name) for s in report.sources), default=0)
    widths[2] = _clamp(longest + 2, 20, MAX_WIDTH)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    span = sum(widths[1:])

    ws.write_string(0, 0, report.title, fmt.title)
    row = 2
    facts = [
        ("Virksomhet", report.organisation),
        ("Omfang", f"{report.scope} ({report.scope_level})"),
    ]
    for label, value in facts:
        ws.write_string(row, 0, label, fmt.bold)
        _merged_text(ws, row, 1, len(widths) - 1, value, span, fmt.wrap)
        row += 1
    ws.write_string(row, 0, "År", fmt.bold)
    ws.write_number(row, 1, report.year, fmt.year)
    ws.write_string(row + 1, 0, "Laget", fmt.bold)
    ws.write_datetime(row + 1, 1, report.generated, fmt.date)
    row += 2
    ws.write_string(row, 0, "Skjerming", fmt.bold)
    _merged_text(ws, row, 1, len(widths) - 1, suppression_rule(report.threshold), span, fmt.wrap)
    row += 2

    ws.write_string(row, 0, "Kilder", fmt.heading)
    row += 1
    if report.sources:
        headers = ("Import-id", "Type", "Filnavn", "Importert", "Importert av")
        for col, header in enumerate(headers):
            ws.write_string(row, col, header, fmt.header)
        for source in report.sources:
            row += 1
            ws.write_number(row, 0, source.import_id, fmt.year)
            ws.write_string(row, 1, SOURCE_KINDS.get(source.kind, source.kind))
            ws.write_string(row, 2, source.file_name)
            ws.write_datetime(row, 3, source.imported_at, fmt.datetime)
            ws.write_string(row, 4, source.imported_by)
    else:
        ws.write_string(row, 0, "Ingen importerte filer ligger til grunn for tallene.")
    row += 2

    ws.write_string(row, 0, "Innhold", fmt.heading)
    row += 1
    ws.write_string(row, 0, "Ark", fmt.header)
    ws.merge_range(row, 1, row, len(widths) - 1, "", fmt.header)
    ws.write_string(row, 1, "Innhold", fmt.header)
    sheets = [(COVER, "Om rapporten, kilder og beregninger")]
    if has_text:
        sheets.append((TEXT_SHEET, "Tekst fra seksjonene"))
    sheets += [(name, table.title) for name, table in zip(names, report.tables, strict=True)]
    for name, title in sheets:
        row += 1
        target = "internal:'" + name.replace("'", "''") + "'!A1"
        ws.write_url(row, 0, target, fmt.link, string=name)
        _merged_text(ws, row, 1, len(widths) - 1, title, span, fmt.wrap)
    row += 2

    if report.method:
        ws.write_string(row, 0, "Slik har vi regnet", fmt.heading)
        for line in report.method:
            row += 1
            _merged_text(ws, row, 0, len(widths) - 1, line, sum(widths), fmt.wrap)
    ws.activate()


def suppression_rule(threshold: int) -> str:
    """The sentence on the cover that says which figures are hidden and how they read."""
    primary = HIDDEN_PRIMARY.format(threshold=threshold)
    return (
        f"Tall for grupper med færre enn {threshold} personer vises ikke, men står som "
        f"«{primary}». Der et skjult tall ellers kunne regnes ut fra de andre, er også en "
        f"celle til skjult: «{HIDDEN_SECONDARY}»."
    )


def _merged_text(ws: Worksheet, row: int, first: int, last: int, text: str, width: int, fmt):
    """Wrapped text across columns first..last; Excel does not size merged rows, so we do."""
    if last > first:
        ws.merge_range(row, first, row, last, "", fmt)
    ws.write_string(row, first, text, fmt)
    lines = _line_count(text, width)
    if lines > 1:
        ws.set_row(row, LINE_HEIGHT * lines)


def _line_count(text: str, width: int) -> int:
    usable = max(1, int(width * 0.9))  # proportional fonts run wider than the width unit
    return sum(max(1, math.ceil(len(part) / usable)) for part in text.splitlines() or [""])


# --- Tekst -------------------------------------------------------------------------------


def _text_sheet(ws: Worksheet, report: AnnualReport, names: list[str], fmt) -> None:
    ws.set_column(0, 0, TEXT_WIDTH)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.write_string(0, 0, report.title, fmt.title)
    sheet_of = dict(zip((t.key for t in report.tables), names, strict=True))
    row = 2
    for section in report.sections:
        free = _paragraphs(section.free_text)
        if not (section.paragraphs or free):
            continue
        ws.write_string(row, 0, section.title, fmt.heading)
        for text in (*section.paragraphs, *free):
            row += 1
            ws.write_string(row, 0, text, fmt.wrap)
        for table in section.tables:
            row += 1
            ws.write_string(row, 0, f"Tabell: {table.title} (arket «{sheet_of[table.key]}»)")
        row += 2


def _paragraphs(text: str | None) -> list[str]:
    """Free text split at blank lines; the words themselves are left exactly as typed."""
    if not text or not text.strip():
        return []
    parts = re.split(r"\r?\n[ \t]*\r?\n", text)
    return [p for p in parts if p.strip()]


# --- Table sheets ------------------------------------------------------------------------


def _table_sheet(ws: Worksheet, table: ReportTable, fmt) -> None:
    ncols = len(table.columns)
    ws.write_string(0, 0, table.title, fmt.title)
    if ncols == 0:
        return
    widths = _column_widths(table)
    wraps = [c.kind == TEXT and w >= MAX_WIDTH for c, w in zip(table.columns, widths, strict=True)]
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)

    header_row = 1
    if table.note:
        _merged_text(ws, 1, 0, ncols - 1, table.note, sum(widths), fmt.note)
        header_row = 2
    for col, column in enumerate(table.columns):
        ws.write_string(header_row, col, column.name, fmt.header)
    row = header_row
    for cells in table.rows:
        row += 1
        for col, value in enumerate(cells):
            kind = table.columns[col].kind if col < ncols else TEXT
            wrap = wraps[col] if col < ncols else False
            _write_cell(ws, row, col, value, kind, wrap, fmt)

    ws.freeze_panes(header_row + 1, 1)
    ws.autofilter(header_row, 0, row, ncols - 1)
    ws.repeat_rows(header_row)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)


def _write_cell(ws: Worksheet, row: int, col: int, value: Cell, kind: str, wrap: bool, fmt):
    if value is None:
        return
    if isinstance(value, Hidden):
        ws.write_string(row, col, value.text, fmt.hidden)
    elif isinstance(value, dt.date):  # datetime too
        number_format = DATETIME_FORMAT if _has_time(value) else NUM_FORMATS[DATE]
        ws.write_datetime(row, col, value, fmt.get(num_format=number_format))
    elif isinstance(value, bool):
        ws.write_string(row, col, "Ja" if value else "Nei", fmt.cell(TEXT, wrap))
    elif isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return  # a missing figure is an empty cell, as in the pages' «–»
        number = float(Decimal(repr(value)) / 100) if kind == PERCENT else value
        ws.write_number(row, col, number, fmt.cell(kind, wrap))
    else:
        ws.write_string(row, col, str(value), fmt.cell(TEXT, wrap))


def _has_time(value: dt.date) -> bool:
    return isinstance(value, dt.datetime) and value.time() != dt.time()


def _column_widths(table: ReportTable) -> list[int]:
    """Per column: the longest header or rendered value, plus room for the filter button."""
    widths = []
    for col, column in enumerate(table.columns):
        values = (row[col] for row in table.rows if col < len(row))
        longest = max([len(column.name) + 3, *(len(_rendered(v, column.kind)) + 1 for v in values)])
        widths.append(_clamp(longest, MIN_WIDTH, MAX_WIDTH))
    return widths


def _rendered(value: Cell, kind: str) -> str:
    """The value roughly as Excel will show it, for measuring."""
    if value is None:
        return ""
    if isinstance(value, Hidden):
        return value.text
    if isinstance(value, dt.date) and _has_time(value):
        return "00.00.0000 00:00"
    if isinstance(value, dt.date):
        return "00.00.0000"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if kind == PERCENT:
            return fmt_percent(value)
        if kind == PP:
            return fmt_pp(value)
        return fmt_number(value, 0 if kind == INT else 1)
    return max(str(value).splitlines() or [""], key=len)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))
